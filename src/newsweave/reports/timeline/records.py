"""The records a timeline is built from and made of."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from newsweave.records import Sentence, TimeExpr


@dataclass(frozen=True, slots=True)
class TimelineArticle:
    """One article as the timeline needs it: ``sentences`` and ``times`` index into
    ``text`` (the analysis' records); ``published`` is None for an undated article."""

    id: str
    outlet: str
    published: date | None
    text: str
    sentences: tuple[Sentence, ...]
    times: tuple[TimeExpr, ...]


@dataclass(frozen=True, slots=True)
class Carrier:
    """Where a sentence stands in one article: ``text[start:end]`` of ``article_id``."""

    article_id: str
    outlet: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class TimelineSentence:
    """One sentence of an entry, exactly ``text[start:end]`` of the article it names;
    ``carriers`` are every article carrying it (or a near-identical version of it),
    that article first."""

    text: str
    article_id: str
    outlet: str
    start: int
    end: int
    carriers: tuple[Carrier, ...]

    @property
    def outlets(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(c.outlet for c in self.carriers))


@dataclass(frozen=True, slots=True)
class TimelineEntry:
    day: date
    sentences: tuple[TimelineSentence, ...]


@dataclass(frozen=True, slots=True)
class Timeline:
    """Entries in date order; ``undated`` are the articles with no publication date."""

    id: str
    label: str
    entries: tuple[TimelineEntry, ...]
    undated: tuple[str, ...]
