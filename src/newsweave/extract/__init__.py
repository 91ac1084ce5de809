"""Extraction: raw HTML or text dumps in, clean body paragraphs and metadata out."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from newsweave.records import DroppedBlock


@dataclass(frozen=True, slots=True)
class Extraction:
    """What an extractor found in one document; the pipeline turns it into an Article.

    ``published`` is None when the document does not say: a date is never invented.
    ``dropped`` keeps every left-out block with its reason, for audit and for
    learning an outlet's recurring furniture.
    """

    paragraphs: tuple[str, ...]
    title: str | None = None
    outlet: str | None = None
    published: datetime | None = None
    author: str | None = None
    language: str | None = None
    dropped: tuple[DroppedBlock, ...] = ()
