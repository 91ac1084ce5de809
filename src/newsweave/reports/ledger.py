"""The quote ledger of a subject (a story or a storyline): who said what, across outlets.

Speakers are ranked by how much they are quoted, each under one name across articles
and outlets (``ledger_speakers``), with their role and side as the text gives them
(``ledger_roles``); each statement is listed once with the outlets, dates and articles
that carry it, the same words in several outlets merged (``ledger_statements``).
Anonymous sources are kept apart from named ones, grouped by their description and
counted per outlet. Everything here works on plain records: ``ledger_store`` reads
them from a store, ``ledger_render`` turns a ledger into JSON or Markdown.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import datetime

from newsweave.records import Entity, Quote


@dataclass(frozen=True, slots=True)
class LedgerArticle:
    """One article of the subject, with its quotes and named entities."""

    id: str
    outlet: str
    published: datetime | None
    text: str
    quotes: tuple[Quote, ...]
    entities: tuple[Entity, ...] = ()


@dataclass(frozen=True, slots=True)
class Carrier:
    """Where a statement appears: the quote's offsets in one article."""

    article_id: str
    outlet: str
    published: datetime | None
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Statement:
    text: str
    kind: str  # direct | mixed | reported
    cue: str | None
    carriers: tuple[Carrier, ...]

    @property
    def outlets(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(c.outlet for c in self.carriers))


@dataclass(frozen=True, slots=True)
class Side:
    """Whose side a speaker is on, only as far as the text says."""

    country: str | None = None
    camp: str | None = None  # government | opposition
    organisation: str | None = None

    def __bool__(self) -> bool:
        return bool(self.country or self.camp or self.organisation)


@dataclass(frozen=True, slots=True)
class LedgerSpeaker:
    name: str
    role: str | None
    side: Side
    anonymous: bool
    statements: tuple[Statement, ...]
    forms: tuple[str, ...]  # the speaker as the articles write it, most used first

    @property
    def by_outlet(self) -> dict[str, int]:
        """Statements carried per outlet."""
        counts: Counter[str] = Counter()
        for statement in self.statements:
            counts.update(statement.outlets)
        return dict(sorted(counts.items()))


@dataclass(frozen=True, slots=True)
class Ledger:
    id: str
    label: str
    speakers: tuple[LedgerSpeaker, ...]  # named, most quoted first; then anonymous
    unattributed: int  # quotes with no speaker

    @property
    def anonymous_by_outlet(self) -> dict[str, dict[str, int]]:
        """Per outlet: anonymous sources quoted, and their statements."""
        sources: Counter[str] = Counter()
        statements: Counter[str] = Counter()
        for speaker in self.speakers:
            if speaker.anonymous:
                counts = speaker.by_outlet
                sources.update(counts.keys())
                statements.update(counts)
        return {o: {"sources": sources[o], "statements": statements[o]} for o in sorted(sources)}


def build_ledger(subject_id: str, label: str, articles: list[LedgerArticle]) -> Ledger:
    """The ledger of ``articles`` (any order; carriers are listed by date)."""
    from newsweave.reports.ledger_roles import role_and_side
    from newsweave.reports.ledger_speakers import group_speakers
    from newsweave.reports.ledger_statements import merge_statements

    groups, unattributed = group_speakers(articles)
    speakers = []
    for group in groups:
        statements = merge_statements(group.said)
        role, side = role_and_side(group)
        speakers.append(
            LedgerSpeaker(
                name=group.name,
                role=role,
                side=side,
                anonymous=group.anonymous,
                statements=tuple(statements),
                forms=tuple(group.forms()),
            )
        )
    speakers.sort(
        key=lambda s: (
            s.anonymous,
            -len(s.statements),
            -sum(len(st.carriers) for st in s.statements),
            s.name.casefold(),
        )
    )
    return Ledger(subject_id, label, tuple(speakers), unattributed)


def speakers_matching(ledger: Ledger, wanted: str) -> Ledger:
    """The ledger cut to the speakers whose name, or a form the articles write them in,
    contains ``wanted`` (case aside)."""
    needle = wanted.casefold().strip()
    kept = tuple(
        s
        for s in ledger.speakers
        if needle in s.name.casefold()
        or any(needle in f.casefold() for f in s.forms if f.casefold() not in _PRONOUNS)
    )
    return Ledger(ledger.id, ledger.label, kept, 0)


_PRONOUNS = frozenset({"he", "she", "they", "it", "we", "i", "you"})
