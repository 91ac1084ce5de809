"""Which sentences say what happened on a day.

The candidates for a day are the sentences that mention it and the leading sentences
(with no day of their own) of the articles published on it or the day after, since a
report of the next morning leads with what happened the day before. What the day is
about is the terms both groups share, each group weighted equally (DATEWISE's
"PM-Mean"); the candidates near that, above the knee of their similarities, are kept,
and from them sentences are taken one at a time so that together they stay closest to
the kept candidates' centroid.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np
from numpy.typing import NDArray
from scipy import sparse

from newsweave.reports.timeline.dates import SentenceRef
from newsweave.reports.timeline.records import TimelineArticle
from newsweave.reports.timeline.space import SentenceSpace

Vector = NDArray[np.float64]


@dataclass(frozen=True, slots=True)
class SentenceWeights:
    """How candidates are gathered and chosen (tuned on Timeline17 dev)."""

    lead: int = 5  # the first lead+1 sentences of an article count as its lead
    days_after: int = 1  # a lead speaks for its publication day and this many before it
    min_words: int = 5  # shorter sentences are scraps, not events
    repeat: float = 0.8  # cosine at or above which a sentence repeats one already chosen


def leads_by_day(
    articles: Sequence[TimelineArticle],
    days_of: Sequence[dict[int, tuple[date, ...]]],
    weights: SentenceWeights,
) -> dict[date, list[SentenceRef]]:
    """The undated leading sentences of each dated article, under its publication day
    and the ``days_after`` days before it."""
    by_day: dict[date, list[SentenceRef]] = {}
    for a, article in enumerate(articles):
        if article.published is None:
            continue
        for s in range(min(weights.lead + 1, len(article.sentences))):
            if s in days_of[a]:
                continue
            for back in range(weights.days_after + 1):
                by_day.setdefault(article.published - timedelta(days=back), []).append((a, s))
    return by_day


def choose_sentences(
    mentions: Sequence[SentenceRef],
    leads: Sequence[SentenceRef],
    space: SentenceSpace,
    count: int,
    usable: Callable[[SentenceRef], bool],
    weights: SentenceWeights,
) -> list[SentenceRef]:
    """Up to ``count`` sentences for one day, best first; ``usable`` says whether a
    sentence may be shown. A sentence repeating one chosen (with the same figures) is
    passed over: it is shown as another carrier of that one."""
    vectors = space.vectors
    candidates = _near_the_day(mentions, leads, vectors)
    candidates = [ref for ref in dict.fromkeys(candidates) if usable(ref)]
    if not candidates:
        return []
    matrix = vectors(candidates)
    centroid = _unit(np.asarray(matrix.sum(axis=0)).ravel())
    # Cosine of (chosen + candidate) with the centroid, kept sparse: a day of a long
    # storyline has thousands of candidates over a vocabulary of tens of thousands.
    toward = matrix @ centroid
    length = np.asarray(matrix.multiply(matrix).sum(axis=1)).ravel()
    chosen: list[int] = []
    total = np.zeros(matrix.shape[1])
    remaining = list(range(len(candidates)))
    while remaining and len(chosen) < count:
        squared = length[remaining] + 2 * (matrix[remaining] @ total) + total @ total
        norms = np.sqrt(np.maximum(squared, 0.0))
        norms[norms == 0.0] = 1.0
        scores = (toward[remaining] + total @ centroid) / norms
        picked = False
        for k in np.argsort(-scores, kind="stable"):
            index = remaining[int(k)]
            if space.repeats(candidates[index], [candidates[c] for c in chosen], weights.repeat):
                continue
            chosen.append(index)
            total = total + matrix[index].toarray().ravel()
            remaining = [r for r in remaining if r != index]
            picked = True
            break
        if not picked:
            break
    return [candidates[i] for i in chosen]


def _near_the_day(
    mentions: Sequence[SentenceRef],
    leads: Sequence[SentenceRef],
    vectors: Callable[[Sequence[SentenceRef]], sparse.csr_matrix],
) -> list[SentenceRef]:
    """The candidates close to what both the mentions and the leads say (all of them
    when only one group exists or none stands out)."""
    if not mentions or not leads:
        return [*mentions, *leads]
    mention_rows, lead_rows = vectors(mentions), vectors(leads)
    mention_sum = np.asarray(mention_rows.sum(axis=0)).ravel()
    lead_sum = np.asarray(lead_rows.sum(axis=0)).ravel()
    shared = (mention_sum > 0) & (lead_sum > 0)
    day = np.where(shared, mention_sum / len(mentions) + lead_sum / len(leads), 0.0)
    if not shared.any():
        return [*mentions, *leads]
    refs = [*mentions, *leads]
    similarity = np.concatenate([mention_rows @ _unit(day), lead_rows @ _unit(day)])
    threshold = similarity[_knee(np.sort(similarity)[::-1])]
    kept = [ref for ref, sim in zip(refs, similarity, strict=True) if sim > 0 and sim > threshold]
    return kept or refs


def _knee(values: Vector) -> int:
    """Index of the point of a descending curve farthest from the line joining its
    ends (where it stops falling fast)."""
    if len(values) < 3:
        return len(values) - 1
    points = np.column_stack([np.arange(len(values), dtype=float), values])
    line = points[-1] - points[0]
    line = line / np.linalg.norm(line)
    offsets = points - points[0]
    along = offsets @ line
    distance = np.linalg.norm(offsets - np.outer(along, line), axis=1)
    return int(np.argmax(distance))


def _unit(vector: Vector) -> Vector:
    norm = float(np.linalg.norm(vector))
    return vector / norm if norm > 0.0 else vector
