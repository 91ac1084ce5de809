"""One article as a page shows it: its paragraphs cut into pieces at quotes and
sentence starts (so each quote is marked with its speaker and each sentence can be
linked to), the blocks the cleaner removed, and its copies or original.

:func:`article_view` reads the store; :func:`segment_paragraphs` is pure.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from itertools import pairwise
from typing import Any

from newsweave.records import PARAGRAPH_SEPARATOR, Article, Quote
from newsweave.rows import iso
from newsweave.store.queries import StoredLink, StoreReader
from newsweave.store.report_reads import links_touching

# Speakers get one of this many colour classes (spk-0 ... spk-7) in order of appearance.
SPEAKER_COLOURS = 8


def speaker_label(quote: Quote) -> str:
    name = quote.speaker_name or quote.speaker
    if quote.anonymous:
        return f"anonymous: {quote.speaker or name or 'unnamed source'}"
    return name or "unattributed"


def kept_quotes(quotes: Iterable[Quote], text_length: int) -> list[Quote]:
    """Quotes in text order, dropping any that overlaps one kept before it or lies
    outside the text (a mark cannot nest inside another)."""
    kept: list[Quote] = []
    for quote in sorted(quotes, key=lambda q: (q.start, -q.end)):
        if 0 <= quote.start < quote.end <= text_length and (
            not kept or quote.start >= kept[-1].end
        ):
            kept.append(quote)
    return kept


def segment_paragraphs(
    paragraphs: Sequence[str], quotes: Sequence[Quote], sentence_starts: Iterable[int]
) -> list[list[dict[str, Any]]]:
    """Each paragraph as pieces ``{"text", "start", "quote", "anchor", "quote_end"}``:
    ``quote`` is the index into ``quotes`` covering the piece (or None), ``anchor``
    says a sentence or quote starts there, ``quote_end`` that its quote ends with it.
    Offsets are into the article text (paragraphs joined by one blank line)."""
    starts = set(sentence_starts) | {q.start for q in quotes}
    result = []
    offset = 0
    for paragraph in paragraphs:
        end = offset + len(paragraph)
        cuts = {offset, end}
        cuts.update(s for s in starts if offset < s < end)
        for quote in quotes:
            cuts.update(b for b in (quote.start, quote.end) if offset < b < end)
        points = sorted(cuts)
        pieces = []
        for a, b in pairwise(points):
            covering = next((i for i, q in enumerate(quotes) if q.start <= a < q.end), None)
            pieces.append(
                {
                    "text": paragraph[a - offset : b - offset],
                    "start": a,
                    "quote": covering,
                    "anchor": a in starts,
                    "quote_end": covering is not None and quotes[covering].end <= b,
                }
            )
        result.append(pieces)
        offset = end + len(PARAGRAPH_SEPARATOR)
    return result


def quote_rows(quotes: Sequence[Quote]) -> list[dict[str, Any]]:
    colour_of: dict[str, int] = {}
    rows = []
    for quote in quotes:
        speaker = speaker_label(quote)
        colour = colour_of.setdefault(speaker, len(colour_of) % SPEAKER_COLOURS)
        rows.append(
            {
                "speaker": speaker,
                "colour": colour,
                "kind": quote.kind,
                "cue": quote.cue,
                "anonymous": quote.anonymous,
                "start": quote.start,
                "end": quote.end,
                "text": quote.text,
            }
        )
    return rows


def article_view(
    reader: StoreReader,
    article_id: str,
    *,
    story: Mapping[str, Any] | None = None,
    links: Sequence[StoredLink] | None = None,
) -> dict[str, Any]:
    """What an article page shows. ``story`` (``{"id", "label"}``) is the story it
    belongs to; ``links`` the duplicate links touching it (read when not given)."""
    article = reader.get_article(article_id)
    analysis = reader.get_analysis(article)
    quotes = kept_quotes(analysis.quotes if analysis else (), len(article.text))
    sentence_starts = [s.start for s in analysis.sentences] if analysis else []
    if links is None:
        links = links_touching(reader, [article.id])
    return _header(article) | {
        "source": article.source,
        "paragraphs": segment_paragraphs(article.paragraphs, quotes, sentence_starts),
        "quotes": quote_rows(quotes),
        "analysed": analysis is not None,
        "dropped": [{"text": d.text, "reason": d.reason} for d in article.dropped],
        "story": dict(story) if story else None,
        "copy_of": next(
            (_link(reader, k.original_id, k) for k in links if k.article_id == article.id), None
        ),
        "copies": [_link(reader, k.article_id, k) for k in links if k.original_id == article.id],
    }


def _header(article: Article) -> dict[str, Any]:
    return {
        "id": article.id,
        "title": article.title,
        "outlet": article.outlet,
        "published": iso(article.published),
        "author": article.author,
        "language": article.language,
        "url": article.url,
    }


def _link(reader: StoreReader, other_id: str, link: StoredLink) -> dict[str, Any]:
    return _header(reader.get_article(other_id)) | {
        "kind": link.kind,
        "similarity": round(link.similarity, 3),
    }
