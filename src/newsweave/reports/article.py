"""One article as a page shows it: its paragraphs cut into pieces at quotes, entities,
time expressions and sentence starts (so each quote is marked with its speaker, each
entity and date with its kind, and each sentence can be linked to), the blocks the
cleaner removed, and its copies or original.

:func:`article_view` reads the store; :func:`segment_paragraphs` is pure.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from itertools import pairwise
from typing import Any, Protocol

from newsweave.records import PARAGRAPH_SEPARATOR, Article, Entity, Quote, TimeExpr
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


@dataclass(frozen=True, slots=True)
class Marked:
    """A stretch of the text shown with a CSS class: an entity or a time expression."""

    start: int
    end: int
    css: str  # e.g. "ent ent-person" or "time"
    title: str  # what a hover says: the entity's kind, the date a time resolves to


def marked_spans(entities: Iterable[Entity], times: Iterable[TimeExpr]) -> list[Marked]:
    """Entities and time expressions as marks; an entity overlapping a time expression
    gives way (the date says more), and marks never overlap one another."""
    spans = [
        Marked(t.start, t.end, "time", t.value.isoformat() if t.value else "time (unresolved)")
        for t in times
    ]
    spans += [
        Marked(e.start, e.end, f"ent ent-{e.label.lower()}", f"{e.label}: {e.cluster or e.text}")
        for e in entities
    ]
    # Kept marks are disjoint and in text order, so their ends rise with their starts:
    # a new span overlaps one iff the last kept mark starting before its end reaches
    # past its start (a bisection, where checking every kept mark was quadratic).
    kept: list[Marked] = []
    kept_starts: list[int] = []
    for span in spans:  # times first: they win an overlap
        if span.start >= span.end:
            continue
        at = bisect_left(kept_starts, span.end)
        if at and kept[at - 1].end > span.start:
            continue
        kept.insert(at, span)
        kept_starts.insert(at, span.start)
    return kept


def segment_paragraphs(
    paragraphs: Sequence[str],
    quotes: Sequence[Quote],
    sentence_starts: Iterable[int],
    marks: Sequence[Marked] = (),
) -> list[list[dict[str, Any]]]:
    """Each paragraph as pieces ``{"text", "start", "quote", "anchor", "quote_end",
    "mark"}``: ``quote`` is the index into ``quotes`` covering the piece (or None),
    ``anchor`` says a sentence or quote starts there, ``quote_end`` that its quote ends
    with it, ``mark`` the :class:`Marked` covering it (or None; ``marks`` must not
    overlap). Offsets are into the article text (paragraphs joined by one blank line)."""
    starts = set(sentence_starts) | {q.start for q in quotes}
    spans: list[_Span] = [*quotes, *marks]
    # Every offset a piece may start or end at, sorted: a paragraph takes its share
    # by bisection.
    points = sorted(starts.union(*((s.start, s.end) for s in spans)))
    quote_at = _first_covering(quotes)
    mark_at = _first_covering(marks)
    result = []
    offset = 0
    for paragraph in paragraphs:
        end = offset + len(paragraph)
        inside = points[bisect_right(points, offset) : bisect_left(points, end)]
        pieces = []
        for a, b in pairwise(sorted({offset, end, *inside})):
            covering = quote_at(a)
            mark_index = mark_at(a)
            mark = None if mark_index is None else marks[mark_index]
            pieces.append(
                {
                    "text": paragraph[a - offset : b - offset],
                    "start": a,
                    "quote": covering,
                    "anchor": a in starts,
                    "quote_end": covering is not None and quotes[covering].end <= b,
                    "mark": None if mark is None else {"css": mark.css, "title": mark.title},
                }
            )
        result.append(pieces)
        offset = end + len(PARAGRAPH_SEPARATOR)
    return result


class _Span(Protocol):
    @property
    def start(self) -> int: ...
    @property
    def end(self) -> int: ...


def _first_covering(spans: Sequence[_Span]) -> Callable[[int], int | None]:
    """A lookup: the index of the first of ``spans`` (in their order) covering a text
    offset, or None. Spans that never overlap (quotes as kept, marks) are found by
    bisection; any others by trying each in turn."""
    order = sorted(range(len(spans)), key=lambda i: spans[i].start)
    if any(spans[i].end > spans[j].start for i, j in pairwise(order)):
        return lambda at: next((i for i, s in enumerate(spans) if s.start <= at < s.end), None)
    # Each span ends before the next one starts, so only the last span starting at
    # or before an offset can cover it, and at most one does.
    starts = [spans[i].start for i in order]

    def covering(at: int) -> int | None:
        last = bisect_right(starts, at) - 1
        if last >= 0 and at < spans[order[last]].end:
            return order[last]
        return None

    return covering


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
    marks = marked_spans(analysis.entities, analysis.times) if analysis else []
    if links is None:
        links = links_touching(reader, [article.id])
    return _header(article) | {
        "source": article.source,
        "paragraphs": segment_paragraphs(article.paragraphs, quotes, sentence_starts, marks),
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
