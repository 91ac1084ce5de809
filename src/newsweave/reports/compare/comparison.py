"""One subject's outlet comparison from plain records (no store): its facts in a fact ×
outlet matrix, what only one outlet reports, where accounts conflict, and each
outlet's sourcing."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from newsweave.reports.compare.clashes import NUMBER_CLOSE, pair_clashes
from newsweave.reports.compare.conflicts import Conflict, gather
from newsweave.reports.compare.denials import denial_clashes
from newsweave.reports.compare.facts import Claim, ComparedArticle, claims_of
from newsweave.reports.compare.matching import KEEP, ClaimSimilarity, group_facts
from newsweave.reports.compare.sourcing import SourcingProfile, sourcing_profiles


@dataclass(frozen=True, slots=True)
class Place:
    """Where an outlet reports a fact: ``article_id``'s text at [start, end)."""

    article_id: str
    start: int
    end: int
    text: str


@dataclass(frozen=True, slots=True)
class Fact:
    text: str  # the fact as its earliest account words it
    outlets: Mapping[str, tuple[Place, ...]]


@dataclass(frozen=True, slots=True)
class Comparison:
    id: str
    label: str
    outlets: tuple[str, ...]
    facts: tuple[Fact, ...]  # those most outlets report first
    conflicts: tuple[Conflict, ...]
    sourcing: Mapping[str, SourcingProfile]

    @property
    def only_one_outlet(self) -> tuple[int, ...]:
        """Indexes of the facts one outlet reports and no other (when there are two
        outlets or more to compare)."""
        if len(self.outlets) < 2:
            return ()
        return tuple(k for k, f in enumerate(self.facts) if len(f.outlets) == 1)

    @property
    def every_outlet(self) -> tuple[int, ...]:
        """Indexes of the facts every outlet reports."""
        if len(self.outlets) < 2:
            return ()
        return tuple(k for k, f in enumerate(self.facts) if len(f.outlets) == len(self.outlets))


@dataclass(frozen=True, slots=True)
class ComparedFacts:
    """What a comparison finds whatever side each source is on (its sourcing aside)."""

    articles: tuple[ComparedArticle, ...]  # by date
    outlets: tuple[str, ...]
    facts: tuple[Fact, ...]
    conflicts: tuple[Conflict, ...]


def compare_articles(
    subject_id: str,
    label: str,
    articles: Sequence[ComparedArticle],
    *,
    sides: Mapping[str, str] | None = None,
) -> Comparison:
    """Compare the outlets of ``articles`` (one story's or storyline's). ``sides`` maps
    a source (resolved name, or an anonymous source's description) to its side; see
    :mod:`newsweave.reports.compare.sourcing` for what is used without it."""
    return with_sourcing(subject_id, label, compared_facts(articles), sides=sides)


def compared_facts(articles: Sequence[ComparedArticle]) -> ComparedFacts:
    """The facts and conflicts of ``articles``: the part of their comparison that
    ``sides`` do not change."""
    ordered = sorted(
        articles, key=lambda a: (a.published is None, a.published.timestamp() if a.published else 0)
    )
    claims = claims_of(ordered)
    similarity = ClaimSimilarity(claims, floor=min(KEEP, NUMBER_CLOSE))
    groups = group_facts(claims, similarity)
    facts = sorted(
        (_fact([claims[k] for k in group]) for group in groups),
        key=lambda f: -len(f.outlets),
    )
    clashes = [*pair_clashes(claims, similarity), *denial_clashes(claims)]
    conflicts = gather(clashes, claims, similarity)
    return ComparedFacts(tuple(ordered), _outlets(ordered, claims), tuple(facts), tuple(conflicts))


def with_sourcing(
    subject_id: str, label: str, found: ComparedFacts, *, sides: Mapping[str, str] | None = None
) -> Comparison:
    """The comparison of ``found``'s articles, with each outlet's sourcing by ``sides``."""
    return Comparison(
        id=subject_id,
        label=label,
        outlets=found.outlets,
        facts=found.facts,
        conflicts=found.conflicts,
        sourcing=sourcing_profiles(found.articles, sides),
    )


def _fact(claims: Sequence[Claim]) -> Fact:
    outlets: dict[str, list[Place]] = {}
    for claim in claims:
        place = Place(claim.article.id, claim.start, claim.end, claim.text)
        outlets.setdefault(claim.outlet, []).append(place)
    return Fact(claims[0].text, {o: tuple(p) for o, p in outlets.items()})


def _outlets(articles: Sequence[ComparedArticle], claims: Sequence[Claim]) -> tuple[str, ...]:
    """Outlets with reporting of their own: one that only runs a copy of another's
    article counts with that outlet, not as one more."""
    own = {a.outlet for a in articles if a.copy_of is None}
    return tuple(sorted(own | {c.outlet for c in claims}))


def merge_comparisons(subject_id: str, label: str, comparisons: Sequence[Comparison]) -> Comparison:
    """A storyline's comparison from its stories' (in the storyline's order): facts and
    conflicts are matched within one event, where accounts of one fact meet, so the
    work grows with the storyline rather than with its square; each outlet's sourcing
    is summed over the stories (a source quoted in two stories counts in each)."""
    facts = sorted(
        (fact for comparison in comparisons for fact in comparison.facts),
        key=lambda f: -len(f.outlets),
    )
    sourcing: dict[str, SourcingProfile] = {}
    for comparison in comparisons:
        for outlet, profile in comparison.sourcing.items():
            sourcing[outlet] = _summed(sourcing.get(outlet), profile)
    return Comparison(
        id=subject_id,
        label=label,
        outlets=tuple(sorted({o for c in comparisons for o in c.outlets})),
        facts=tuple(facts),
        conflicts=tuple(conflict for c in comparisons for conflict in c.conflicts),
        sourcing=dict(sorted(sourcing.items())),
    )


def _summed(one: SourcingProfile | None, other: SourcingProfile) -> SourcingProfile:
    if one is None:
        return other
    sides = dict(one.sides)
    for side, count in other.sides.items():
        sides[side] = sides.get(side, 0) + count
    return SourcingProfile(
        outlet=one.outlet,
        named=one.named + other.named,
        anonymous=one.anonymous + other.anonymous,
        direct=one.direct + other.direct,
        reported=one.reported + other.reported,
        sides=dict(sorted(sides.items())),
    )
