"""Typed records that flow between the pipeline stages.

Every record is a frozen dataclass. Ids are content hashes, so running the same
input twice yields the same ids and the store never holds a thing twice. Every span
is a pair of character offsets into the text of the article it belongs to
(``Article.text``: paragraphs joined by one blank line).
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Literal

PARAGRAPH_SEPARATOR = "\n\n"


def content_id(*parts: str | bytes, length: int = 16) -> str:
    """A stable hex id for some content: the first ``length`` hex digits of SHA-256."""
    digest = hashlib.sha256()
    for part in parts:
        digest.update(part.encode("utf-8") if isinstance(part, str) else part)
        digest.update(b"\x1f")  # unit separator: ("ab","c") and ("a","bc") differ
    return digest.hexdigest()[:length]


InputFormat = Literal["html", "text", "jsonl", "warc", "feed"]


@dataclass(frozen=True, slots=True)
class RawDocument:
    """One document as it arrived, before any extraction.

    ``source`` names where it came from: a file path, ``-`` for stdin, or a URL, plus
    ``#N`` for the N-th record of a multi-record file (JSONL line, WARC record, feed
    item). ``hints`` carries metadata the container already gave (a JSONL ``title``,
    a feed item's ``published``), which extraction prefers over guessing.
    """

    content: bytes
    source: str
    format: InputFormat
    url: str | None = None
    fetched_at: datetime | None = None
    hints: Mapping[str, str] = field(default_factory=dict)

    @property
    def id(self) -> str:
        # The source is part of the id: the same bytes from two places are two
        # inputs (both recorded), while re-ingesting one place is a no-op.
        return content_id(self.source, self.content)


@dataclass(frozen=True, slots=True)
class DroppedBlock:
    """A piece of the input that extraction left out, and why (kept for audit)."""

    text: str
    reason: str


@dataclass(frozen=True, slots=True)
class Article:
    """A clean news article: body paragraphs and metadata, nothing else."""

    raw_id: str
    source: str
    paragraphs: tuple[str, ...]
    title: str | None = None
    outlet: str | None = None
    published: datetime | None = None
    author: str | None = None
    language: str | None = None
    url: str | None = None
    dropped: tuple[DroppedBlock, ...] = ()

    @property
    def text(self) -> str:
        return PARAGRAPH_SEPARATOR.join(self.paragraphs)

    @property
    def id(self) -> str:
        # Identity is what the article says and who said it, so a re-extraction
        # that yields the same article keeps its id.
        return content_id(self.outlet or "", self.title or "", self.text)


@dataclass(frozen=True, slots=True)
class Rejection:
    """An input the pipeline refused, with a machine-readable reason code."""

    source: str
    reason: str
    detail: str
    raw_id: str | None = None


@dataclass(frozen=True, slots=True)
class Span:
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Sentence:
    start: int
    end: int
    text: str


@dataclass(frozen=True, slots=True)
class Entity:
    """A named-entity mention; mentions of one entity in an article share ``cluster``."""

    start: int
    end: int
    text: str
    label: str
    cluster: str  # canonical name of the entity this mention refers to


Granularity = Literal["day", "month", "year", "week", "unknown"]


@dataclass(frozen=True, slots=True)
class TimeExpr:
    """A time expression; ``value`` is None when it cannot be resolved, never guessed."""

    start: int
    end: int
    text: str
    value: date | None
    granularity: Granularity
    relative: bool
    sentence: int  # index into the article's sentences


QuoteKind = Literal["direct", "mixed", "indirect"]


@dataclass(frozen=True, slots=True)
class Quote:
    """Who said what: content, speaker and cue, each with offsets into the text."""

    start: int
    end: int
    text: str
    kind: QuoteKind
    speaker: str | None
    speaker_name: str | None
    anonymous: bool
    cue: str | None
    speaker_span: Span | None = None
    cue_span: Span | None = None
    # What a pronoun or definite-role speaker ("he", "the spokesman") was resolved to:
    # the earlier mention as written and its offsets. It is what ties "he said" to an
    # anonymous role ("Mr Blair's official spokesman"), whose speaker_name is None.
    antecedent: str | None = None
    antecedent_span: Span | None = None


@dataclass(frozen=True, slots=True)
class Analysis:
    """What language analysis found in one article."""

    article_id: str
    language: str
    sentences: tuple[Sentence, ...]
    entities: tuple[Entity, ...]
    times: tuple[TimeExpr, ...]
    quotes: tuple[Quote, ...]


@dataclass(frozen=True, slots=True)
class AnalysisFailure:
    """An article whose analysis hit a per-document limit or failed, with a stable
    ``reason`` (``timeout``, ``analysis-error``); recorded so that later runs do not
    try it again unless asked (``newsweave analyze --retry-failed``)."""

    article_id: str
    reason: str
    detail: str


@dataclass(frozen=True, slots=True)
class GroupingFailure:
    """An article whose grouping (duplicate signature, story features, clustering) ran
    past the per-document time limit (``reason``: ``timeout``); left out of stories and
    not tried again until ``newsweave regroup``."""

    article_id: str
    reason: str
    detail: str


@dataclass(frozen=True, slots=True)
class Story:
    """An event over a few days: its articles, central headline (``title``, empty when
    none has one), date span and outlets. ``label`` is what to call it (the headline, or
    the lead of its central article) and ``storyline_id`` the storyline it belongs to,
    both set by the storyline step (empty and None until then)."""

    id: str
    title: str
    article_ids: tuple[str, ...]
    start: datetime | None
    end: datetime | None
    outlets: tuple[str, ...]
    label: str = ""
    storyline_id: str | None = None


@dataclass(frozen=True, slots=True)
class Storyline:
    """A developing subject over weeks or months: its stories, oldest first, and their
    articles; ``label`` is the label of its most reported story."""

    id: str
    label: str
    story_ids: tuple[str, ...]
    article_ids: tuple[str, ...]
    start: datetime | None
    end: datetime | None
    outlets: tuple[str, ...]
