"""One RawDocument to one Article: choose the extractor, then merge in container metadata.

Metadata a container states outright (a JSONL ``title``, a feed item's ``published``)
beats what an extractor infers from the page, and a URL's domain is the last resort
for the outlet.
"""

from __future__ import annotations

from datetime import UTC, datetime

from newsweave.errors import RejectedInput
from newsweave.extract import Extraction
from newsweave.extract.furniture import FurnitureModel
from newsweave.extract.html.extractor import extract_html
from newsweave.extract.language import detect_language
from newsweave.extract.meta import outlet_from_url, parse_date_text
from newsweave.extract.text.cleaner import clean_text_dump
from newsweave.ingest.decode import decode_bytes
from newsweave.limits import MAX_ARTICLE_CHARS, cap_text, check_deadline
from newsweave.records import PARAGRAPH_SEPARATOR, Article, DroppedBlock, RawDocument


def extract_document(
    raw: RawDocument,
    *,
    furniture: FurnitureModel | None = None,
    cleaned: Extraction | None = None,
) -> Article:
    """Extract an article or raise RejectedInput (no text, not HTML, too large, ...).

    Whatever the input format, the article's text is cut at MAX_ARTICLE_CHARS and the
    cut recorded among its dropped blocks (reason ``too-long``); a text dump is cut to
    that size before it is cleaned, so the cleaner's work is bounded too. ``cleaned``:
    a text dump's cleaning as ``clean_text_dump`` with ``furniture`` gives it, already
    done (see ``extract.learned``).
    """
    cuts: list[DroppedBlock] = []
    if raw.format == "html":
        found = extract_html(raw.content, url=raw.url)
    else:
        dump, cut = cap_text(decode_bytes(raw.content))
        cuts += [cut] if cut else []
        found = cleaned if cleaned is not None else clean_text_dump(dump, furniture=furniture)
    check_deadline()
    paragraphs, cut = _capped(tuple(p for p in found.paragraphs if p.strip()))
    cuts += [cut] if cut else []
    if not paragraphs:
        raise RejectedInput("no-text", "no article text found (page furniture only?)")
    return _article(raw, found, paragraphs, tuple(cuts))


def _capped(paragraphs: tuple[str, ...]) -> tuple[tuple[str, ...], DroppedBlock | None]:
    text = PARAGRAPH_SEPARATOR.join(paragraphs)
    if len(text) <= MAX_ARTICLE_CHARS:
        return paragraphs, None
    kept, cut = cap_text(text)
    return tuple(p.strip() for p in kept.split(PARAGRAPH_SEPARATOR) if p.strip()), cut


def _article(
    raw: RawDocument, found: Extraction, paragraphs: tuple[str, ...], cuts: tuple[DroppedBlock, ...]
) -> Article:
    hints = raw.hints
    text = "\n".join(paragraphs)
    return Article(
        raw_id=raw.id,
        source=raw.source,
        paragraphs=paragraphs,
        title=hints.get("title") or found.title,
        outlet=hints.get("outlet")
        or found.outlet
        or (outlet_from_url(raw.url) if raw.url else None),
        published=_hint_date(hints.get("published")) or _aware(found.published),
        author=hints.get("author") or found.author,
        language=hints.get("language") or found.language or detect_language(text),
        url=raw.url,
        dropped=found.dropped + cuts,
    )


def _url_outlet(url: str | None) -> str | None:
    return outlet_from_url(url) if url else None


def _aware(value: datetime | None) -> datetime | None:
    """Stored dates all carry a zone; a page's zoneless date is read as UTC."""
    return value.replace(tzinfo=UTC) if value is not None and value.tzinfo is None else value


def _hint_date(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        parsed: datetime | None = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        parsed = parse_date_text(value)
    return _aware(parsed)
