"""Pairs of claims that cannot both hold: different counts of one quantity, different
days for one event, different people for one act, opposite outcomes (:mod:`.denials`
finds a denial beside the claim it denies; :mod:`.conflicts` gathers pairs into
conflicts).

Precision comes first: a false conflict misleads a reader more than a missed one
costs. So every rule asks for two claims plainly about the same thing (close in
words, the same people where both name people) and a difference that allows no
reading under which both are true. Counts of articles published more than a day
and a half apart are not compared (a toll that rises is news, not a dispute); two
counts in one article conflict only when two different sources give them.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

from newsweave.reports.compare.facts import Claim
from newsweave.reports.compare.matching import ClaimSimilarity
from newsweave.reports.compare.numbers import Count, agree, disagree, figure_text, magnitude
from newsweave.reports.traits import stem, word_set

ConflictKind = Literal["number", "date", "name", "outcome", "denial"]

NUMBER_CLOSE = 0.15  # cosine from which two claims' counts may be counts of one thing
# Two counts in one article are two accounts only when two sources give them and they
# are told much alike (an article giving 78 cases in one place and 147 in another
# seldom counts one thing twice).
WITHIN_ARTICLE_CLOSE = 0.35
NEAR_SENTENCES = 3  # how far apart one article's two accounts of one thing may be
DATE_CLOSE = 0.5  # one event told with two days: everything else alike
NAME_SAME = 0.6  # share of words (names aside) two claims of one act have in common
OUTCOME_SAME = 0.5
SAME_TIME_HOURS = 36.0

# Words that say what a count counts, grouped where news uses them for one thing
# ("1,200 flee" and "2,000 evacuated" count the same people).
QUANTITIES = tuple(
    frozenset(stem(w) for w in word_set(group))
    for group in (
        "evacuated evacuation evacuate evacuees flee fled fleeing homes home displaced"
        " homeless leave shelter shelters",
        "killed kill dead died die death deaths toll fatalities lives bodies",
        "injured injuries wounded hurt hospital hospitalised hospitalized",
        "arrested arrests detained custody",
        "missing unaccounted",
        "cost costs spend spending budget price",
        "votes voted ballots",
    )
)
# Outcomes that exclude each other, as pairs of word groups.
OPPOSITES = tuple(
    (frozenset(stem(w) for w in word_set(a)), frozenset(stem(w) for w in word_set(b)))
    for a, b in (
        ("passed approved adopted", "rejected defeated failed"),
        ("won wins", "lost loses"),
        ("convicted guilty", "acquitted innocent"),
        ("dead died killed", "survived alive"),
    )
)


@dataclass(frozen=True, slots=True)
class Clash:
    """Two claims (by index) that cannot both hold; ``key`` says about what, so that
    clashes over one thing gather into one conflict."""

    kind: ConflictKind
    key: str
    left: int
    right: int
    versions: tuple[str, ...] = ()  # the values or days each side gives


def pair_clashes(claims: Sequence[Claim], similarity: ClaimSimilarity) -> list[Clash]:
    """Number, date, name and outcome clashes between close claims."""
    found: list[Clash] = []
    told: dict[str, list[Count]] = defaultdict(list)  # every count each article gives
    for claim in claims:
        told[claim.article.id].extend(claim.counts)
    for (i, j), cosine in similarity.pairs.items():
        left, right = claims[i], claims[j]
        if not _comparable(left, right):
            continue
        within = left.article.id == right.article.id
        if cosine >= (WITHIN_ARTICLE_CLOSE if within else NUMBER_CLOSE):
            # Keyed by the values too: every pair giving 1,200 against 2,000 people is
            # one dispute, however its accounts are worded.
            found.extend(
                Clash("number", f"{unit}: {' vs '.join(values)}", i, j, (label,))
                for unit, (values, label) in _count_clashes(left, right, told).items()
            )
        if cosine >= DATE_CLOSE and _date_clash(left, right):
            days = (left.dates[0].isoformat(), right.dates[0].isoformat())
            found.append(Clash("date", "when", i, j, days))
        name = _name_clash(left, right)
        if name:
            found.append(Clash("name", name, i, j))
        outcome = _outcome_clash(left, right) if cosine >= OUTCOME_SAME else None
        if outcome:
            found.append(Clash("outcome", outcome, i, j))
    return found


def _comparable(left: Claim, right: Claim) -> bool:
    """Two accounts that may be weighed against each other: from different outlets at
    about the same time, or from one article when it gives two different sources, near
    each other. (Two articles of one outlet giving two versions are an update: the
    later one corrects or adds to the earlier.)"""
    if left.article.id == right.article.id:
        near = abs(left.position - right.position) <= NEAR_SENTENCES
        return near and bool(left.source and right.source and left.source != right.source)
    if left.outlet == right.outlet:
        return False
    a, b = left.article.published, right.article.published
    if a is not None and b is not None and abs((a - b).total_seconds()) > SAME_TIME_HOURS * 3600:
        return False
    return not (left.people and right.people and not left.people & right.people)


def _count_clashes(
    left: Claim, right: Claim, told: Mapping[str, list[Count]]
) -> dict[str, tuple[tuple[str, ...], str]]:
    """By unit: the two values, and what the dispute is about in words."""
    units: dict[str, tuple[tuple[str, ...], str]] = {}
    if left.numbers > 1 or right.numbers > 1:
        return units  # a breakdown, a range, a change or a comparison: no single count
    for a in left.counts:
        for b in right.counts:
            if not disagree(a, b) or not same_quantity(a, b):
                continue
            if left.article.id == right.article.id and not _kinds(a) & _kinds(b):
                continue  # one article: only counts that say what they count alike
            if left.subjects and right.subjects and not left.subjects & right.subjects:
                continue  # cases in Mexico and cases in the US; Boeing's fine and Goldman's
            # An article giving both values (elsewhere too) reports a change, a plan or
            # a breakdown, not a dispute: "from 6 feet to 3", "100 million each".
            # (One article's two sources giving two counts is what a conflict within
            # one article is, so there the rule does not apply.)
            elsewhere = left.article.id != right.article.id
            if elsewhere and (
                any(agree(b, own) for own in told[left.article.id])
                or any(agree(a, own) for own in told[right.article.id])
            ):
                continue
            if left.dates and right.dates and not set(left.dates) & set(right.dates):
                continue  # counts for different days
            values = tuple(sorted((figure_text(a.value), figure_text(b.value)), key=magnitude))
            units[a.unit] = (values, f"how many {a.noun}: {' vs '.join(values)}")
    return units


def same_quantity(a: Count, b: Count) -> bool:
    """What the two count is one thing: told by a word of the same kind ("fled",
    "evacuated"), or, where one of them does not say what kind, by a word they share.
    Killed and injured are two things, whatever else the sentences share."""
    kinds_a, kinds_b = _kinds(a), _kinds(b)
    if kinds_a and kinds_b:
        return bool(kinds_a & kinds_b)
    return bool(a.context & b.context)


def _kinds(count: Count) -> set[int]:
    """The kinds of quantity the words after a count say, else those around it ("were
    killed and 17 people were injured": injured)."""
    for words in (count.following, count.context):
        kinds = {k for k, group in enumerate(QUANTITIES) if words & group}
        if kinds:
            return kinds
    return set()


def _date_clash(left: Claim, right: Claim) -> bool:
    """One day each, different, and neither article giving the other's day anywhere."""
    if len(set(left.dates)) != 1 or len(set(right.dates)) != 1 or left.dates == right.dates:
        return False
    return not (_article_days(left) & _article_days(right))


def _article_days(claim: Claim) -> set[object]:
    return {t.value for t in claim.article.times if t.value is not None}


def _name_clash(left: Claim, right: Claim) -> str | None:
    """One person each doing what reads as the same act, neither article knowing the
    other's person at all."""
    if len(left.people) != 1 or len(right.people) != 1 or left.people == right.people:
        return None
    if _known(left) & right.people or _known(right) & left.people:
        return None
    people = left.people | right.people
    if _overlap(_plain_terms(left, people), _plain_terms(right, people)) < NAME_SAME:
        return None
    return "who: " + " or ".join(sorted(p.title() for p in people))


def _known(claim: Claim) -> set[str]:
    return {e.cluster.lower().split()[-1] for e in claim.article.entities if e.cluster}


def _plain_terms(claim: Claim, names: Iterable[str]) -> set[str]:
    name_terms = {stem(n) for n in names}
    return {t for t in claim.terms if t not in name_terms}


def _outcome_clash(left: Claim, right: Claim) -> str | None:
    a, b = set(left.terms), set(right.terms)
    for first, second in OPPOSITES:
        for x, y in ((first, second), (second, first)):
            exclusive = a & x and b & y and not a & y and not b & x
            if exclusive and _overlap(a - x, b - y) >= OUTCOME_SAME:
                return "outcome: " + " or ".join(sorted((a & x) | (b & y)))
    return None


def _overlap(a: set[str], b: set[str]) -> float:
    return len(a & b) / len(a | b) if a | b else 0.0
