"""Greedy MMR selection with the summary's rules: no repeats, outlets balanced,
sentences that lean on the one before only after it, disputed counts only attributed
and beside the other version, questions and teasers last."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from datetime import date
from itertools import pairwise

import numpy as np
from numpy.typing import NDArray

from newsweave.reports.candidates import Candidate, SummaryWeights, candidate_day
from newsweave.reports.figures import Figure, conflicts, figures_in
from newsweave.reports.similarity import Similarities


def select(
    candidates: list[Candidate],
    sims: Similarities,
    weights: SummaryWeights,
    limit: int,
    concepts: dict[str, float],
) -> list[Candidate]:
    """Up to ``limit`` candidates, in the order they are taken."""
    covered: set[str] = set()
    total = sum(concepts.values()) or 1.0

    days: set[date | None] = set()

    def gain(c: Candidate) -> float:
        fresh = sum(concepts[k] for k in c.concepts - covered) / total
        news = weights.new_day * c.news * (candidate_day(c) not in days)
        return (
            c.score
            + news
            + weights.coverage * fresh
            - weights.overlap * _max_similarity(c, taken, sims)
        )

    outlets = {c.article.outlet for c in candidates}
    taken: list[Candidate] = []
    counts: Counter[str] = Counter()
    remaining = sorted(candidates, key=lambda c: -c.score)
    while remaining and len(taken) < limit:
        fresh = [c for c in remaining if _novel(c, taken, sims, weights.redundancy)]
        readable = [c for c in fresh if _antecedent_ok(c, taken) and _may_state(c)]
        if not readable:
            break
        # Questions and teasers are the last resort, whatever their words: they are
        # no news an outlet has to give.
        fit = [c for c in readable if not _asks(c)] or readable
        cap = _outlet_cap(len(taken) + 1, len(outlets))
        balanced = [c for c in fit if counts[c.article.outlet] < cap]
        best = max(balanced or fit, key=gain)
        step = [best]
        if not _answered(best, taken):
            rival = _rival(best, readable)
            if rival is None or len(taken) + 2 > limit:
                remaining = [c for c in fresh if c is not best]
                continue
            step.append(rival)
        for chosen in step:
            taken.append(chosen)
            counts[chosen.article.outlet] += 1
            covered.update(chosen.concepts)
            days.add(candidate_day(chosen))
        remaining = [c for c in fresh if all(c is not chosen for chosen in step)]
    return taken


def mark_disputes(candidates: Sequence[Candidate], sims: Similarities, closeness: float) -> None:
    """Find each candidate's counts, and which of them another outlet gives otherwise."""
    for candidate in candidates:
        candidate.figures = figures_in(candidate.sentence.text)
    counting = [c for c in candidates if c.figures]
    rows = np.array([c.index for c in counting], dtype=np.intp)
    for candidate in counting:
        candidate.disputed = _disputed(candidate, counting, rows, sims, closeness)


def _disputed(
    candidate: Candidate,
    candidates: Sequence[Candidate],
    rows: NDArray[np.intp],
    sims: Similarities,
    closeness: float,
) -> tuple[Figure, ...]:
    """The candidate's counts that a close sentence of another outlet gives otherwise
    (a value the candidate gives itself as well is a change it reports, not a dispute);
    ``rows`` are the ``candidates``' rows in ``sims``."""
    if not candidate.figures:
        return ()
    own = set(candidate.figures)
    mine = candidate.outlets
    close = np.flatnonzero(sims.cosine[candidate.index, rows] >= closeness)
    rivals = [
        theirs
        for other in (candidates[int(k)] for k in close)
        if other.outlets.isdisjoint(mine)
        for theirs in other.figures
        if theirs not in own
    ]
    return tuple(f for f in candidate.figures if any(conflicts(f, r) for r in rivals))


def _may_state(candidate: Candidate) -> bool:
    """A disputed count goes in only with who gave it."""
    return not candidate.disputed or candidate.traits.attributed


def _answered(candidate: Candidate, taken: Sequence[Candidate]) -> bool:
    """Every disputed count of the candidate has its other version in the summary."""
    return all(
        any(conflicts(figure, theirs) for t in taken for theirs in t.figures)
        for figure in candidate.disputed
    )


def _rival(candidate: Candidate, pool: Sequence[Candidate]) -> Candidate | None:
    """The best attributed sentence of another outlet giving another version."""
    rivals = [
        c
        for c in pool
        if c.outlets.isdisjoint(candidate.outlets)
        and c.traits.attributed
        and any(conflicts(f, g) for f in candidate.disputed for g in c.figures)
    ]
    return max(rivals, key=lambda c: c.score, default=None)


def concepts_of(terms: Sequence[str]) -> set[str]:
    return set(terms) | {f"{a} {b}" for a, b in pairwise(terms)}


def shared_concepts(candidates: Sequence[Candidate]) -> dict[str, float]:
    """Words and word pairs that two outlets or more use, weighted by how many do."""
    outlets: dict[str, set[str]] = defaultdict(set)
    for candidate in candidates:
        carried = candidate.outlets
        for concept in concepts_of(candidate.traits.terms):
            outlets[concept] |= carried
    return {k: float(len(v)) for k, v in outlets.items() if len(v) >= 2}


def _asks(candidate: Candidate) -> bool:
    return candidate.traits.question or candidate.traits.teaser


def _outlet_cap(size: int, outlets: int) -> int:
    """Most sentences one outlet may hold in a summary of ``size``: half, rounded down
    with three outlets or more, rounded up with two; one outlet holds them all."""
    if outlets <= 1:
        return size
    half = size // 2 if outlets >= 3 else (size + 1) // 2
    return max(1, half)


def _novel(
    candidate: Candidate, taken: Sequence[Candidate], sims: Similarities, threshold: float
) -> bool:
    """Not another version of a sentence taken. Judged on plain shared words, not
    TF-IDF: the words every outlet's version shares are the story's own words, which
    TF-IDF weighs down the most."""
    row = sims.overlap[candidate.index]
    return all(row[t.index] < threshold for t in taken)


def _antecedent_ok(candidate: Candidate, taken: Sequence[Candidate]) -> bool:
    """A sentence opening on "He", "This", "But"… goes in only after the sentence
    before it in its article (which the reading order then puts right before it)."""
    if not candidate.traits.dangling:
        return True
    return any(
        t.article.id == candidate.article.id and t.position == candidate.position - 1 for t in taken
    )


def _max_similarity(candidate: Candidate, taken: Sequence[Candidate], sims: Similarities) -> float:
    row = sims.cosine[candidate.index]
    return max((float(row[t.index]) for t in taken), default=0.0)
