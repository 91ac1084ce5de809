"""Candidate retrieval and pair similarity: which earlier articles a new one is
compared with, how similar they are, and which of them become its edges."""

from __future__ import annotations

import heapq
import math
from collections.abc import Sequence
from datetime import datetime

import numpy as np

from newsweave.stories.features import FloatVector
from newsweave.stories.grouper.config import GrouperConfig
from newsweave.stories.grouper.state import DateMarks, GroupingState, sort_key
from newsweave.stories.index import (
    FloatArray,
    IdArray,
    SparseCounts,
    cosine_many,
    rank_candidates,
)


class Scorer:
    def __init__(self, config: GrouperConfig, state: GroupingState) -> None:
        self.config = config
        self.state = state

    def candidates(self, sparse: SparseCounts, weights: FloatArray, order: IdArray) -> list[int]:
        """Articles sharing the most weight of the new article's ``query_keys``
        strongest features, reading only recent postings."""
        cfg = self.config
        query = order[: cfg.query_keys]
        feature_ids = [int(i) for i in sparse.ids[query]]
        feature_weights = [float(w) for w in weights[query]]
        chunks, kept = [], []
        postings = self.state.recent_postings(feature_ids)
        for chunk, weight in zip(postings, feature_weights, strict=True):
            if len(chunk):
                chunks.append(chunk)
                kept.append(weight)
        return rank_candidates(chunks, kept, cfg.candidates)

    def similarity(
        self,
        numbers: Sequence[int],
        sparse: SparseCounts,
        weights: FloatArray,
        published: datetime | None,
        embedding: FloatVector | None,
        marks: DateMarks,
    ) -> tuple[list[float], list[float]]:
        """Similarity of the new article to each of ``numbers``, rounded as stored so a
        rebuilt grouper sees the same edges, and the plain TF-IDF cosines under it."""
        if not numbers:
            return [], []
        others = [self.state.article(n) for n in numbers]
        cosines = cosine_many(sparse.ids, weights, [o.counts for o in others], self.state)
        sims = self.blend(cosines, embedding, [o.embedding for o in others])
        factors = np.asarray(
            [
                self.time_factor(published, when)
                * self.marks_factor(marks, o.marks, both_dated=None not in (published, when))
                for o, when in zip(
                    others, [self.date_near(n, published) for n in numbers], strict=True
                )
            ],
            dtype=np.float64,
        )
        rounded: list[float] = np.round(sims * factors, 6).tolist()
        return rounded, cosines.tolist()

    def edges(self, numbers: Sequence[int], sims: Sequence[float]) -> list[tuple[int, float]]:
        """The new article's edges, strongest first: the ``neighbours`` candidates with
        the highest similarity less ``hub_penalty`` times their hubness (ties: the most
        recent), each with its plain similarity."""
        cfg = self.config
        positive = [(n, s) for n, s in zip(numbers, sims, strict=True) if s > 0.0]
        if cfg.hub_penalty > 0.0:
            positive.sort(key=lambda e: (-(e[1] - cfg.hub_penalty * self.hubness(e[0])), -e[0]))
        edges = positive[: cfg.neighbours]
        edges.sort(key=lambda e: (-e[1], -e[0]))
        return edges

    def hubness(self, number: int) -> float:
        """The mean of the article's ``hub_neighbours`` strongest edges either way, a
        missing edge counting as 0."""
        k = self.config.hub_neighbours
        later = [-s for s, _ in self.state.later(number)[:k]]  # stored strongest first
        return sum(heapq.nlargest(k, [*self.state.earlier(number).values(), *later])) / k

    def marks_factor(self, a: DateMarks, b: DateMarks, *, both_dated: bool) -> float:
        """The conflict factors of every kind of mark both texts name, none in common.
        Days of the week and months count only when an article is undated: with both
        dates known the time factor says when, and a story's reports a few days apart
        name different days ("Wednesday's breach", "on Friday, the inquiry")."""
        cfg = self.config
        kinds = [(a.years, b.years, cfg.year_conflict)]
        if not both_dated:
            kinds += [
                (a.weekdays, b.weekdays, cfg.weekday_conflict),
                (a.months, b.months, cfg.month_conflict),
            ]
        factor = 1.0
        for mine, theirs, conflict in kinds:
            if mine and theirs and not mine & theirs:
                factor *= conflict
        return factor

    def blend(
        self,
        sims: FloatArray,
        embedding: FloatVector | None,
        others: Sequence[FloatVector | None],
    ) -> FloatArray:
        """Mix in embedding cosine for the pairs where both sides have an embedding."""
        a = self.config.embedding_weight
        if embedding is None or a <= 0.0:
            return sims
        have = [i for i, other in enumerate(others) if other is not None]
        if not have:
            return sims
        matrix = np.stack([others[i] for i in have]).astype(np.float32)  # type: ignore[misc]
        norms = np.maximum(np.linalg.norm(matrix, axis=1), 1e-12)
        cos = (matrix @ embedding) / norms
        floor = self.config.embedding_floor
        scaled = np.clip((cos - floor) / (1.0 - floor), 0.0, 1.0)
        blended = sims.astype(np.float64)  # a copy: the caller's array stays as it was
        blended[have] = (1.0 - a) * sims[have] + a * scaled
        return blended

    def date_near(self, number: int, published: datetime | None) -> datetime | None:
        """The date of article ``number``, or for a node with copies, the date in their
        span nearest to ``published``: a story re-run for months as copies of one node
        is as recent as its latest copy."""
        span = self.state.copy_span(number)
        if span is None or published is None:
            return self.state.article(number).published
        first, last = span
        when = sort_key(published)
        return first if when < sort_key(first) else last if when > sort_key(last) else published

    def time_factor(self, a: datetime | None, b: datetime | None) -> float:
        if a is None or b is None:
            return 1.0
        if (a.tzinfo is None) != (b.tzinfo is None):
            a, b = a.replace(tzinfo=None), b.replace(tzinfo=None)
        days = abs((a - b).total_seconds()) / 86400.0
        grace = self.config.time_grace_days
        if days < grace:
            return 1.0 + self.config.same_time_bonus * (1.0 - days / grace)
        return math.exp(-(days - grace) / self.config.time_scale_days)


def strongest_first(numbers: Sequence[int], sims: Sequence[float]) -> tuple[list[int], list[float]]:
    """Candidates ranked by similarity, strongest first (ties: the most recent)."""
    ranked = sorted(zip(sims, numbers, strict=True), key=lambda p: (-p[0], -p[1]))
    return [n for _, n in ranked], [s for s, _ in ranked]
