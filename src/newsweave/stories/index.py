"""Incremental TF-IDF space and inverted index behind the story grouper.

Document frequencies grow with every article; weights are always computed with the
frequencies of the moment, from the raw counts each article keeps (as numpy arrays,
so 100k articles fit in a few hundred MB). The inverted index maps a feature to the
articles that listed it among their salient keys; a lookup reads only the most recent
``postings_cap`` entries of each list, which keeps the cost of one query flat however
large the corpus grows.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Protocol

import numpy as np
import numpy.typing as npt

from newsweave.stories.features import (
    ENTITY,
    MONTH_MARK,
    WEEKDAY_MARK,
    YEAR_MARK,
    date_mark_kind,
)

FloatArray = npt.NDArray[np.float64]
IdArray = npt.NDArray[np.int64]


@dataclass(frozen=True, slots=True)
class SparseCounts:
    """An article's features as sorted feature ids and boosted log-tf values."""

    ids: IdArray
    tf: FloatArray


class FeatureSpace:
    """Vocabulary and document frequencies, grown one article at a time."""

    def __init__(self, entity_boost: float) -> None:
        self.entity_boost = entity_boost
        self.vocab: dict[str, int] = {}
        self.keys: list[str] = []
        self._df = np.zeros(1024, dtype=np.int64)
        self._is_entity = np.zeros(1024, dtype=bool)
        self._date_mark = np.zeros(1024, dtype=np.int8)  # a *_MARK kind, or 0
        self.n_docs = 0

    def add_document(self, counts: Sequence[tuple[str, int]]) -> SparseCounts:
        """Count one new document in the frequencies; return its sparse counts."""
        sparse = self.encode(counts)
        self.count(sparse, 1)
        return sparse

    def encode(self, counts: Sequence[tuple[str, int]]) -> SparseCounts:
        """The sparse counts of ``counts``, without counting them in the frequencies."""
        ids = np.fromiter((self._id(key) for key, _ in counts), dtype=np.int64, count=len(counts))
        tf = np.fromiter(
            (1.0 + math.log(c) for _, c in counts), dtype=np.float64, count=len(counts)
        )
        tf[self._is_entity[ids]] *= self.entity_boost
        order = np.argsort(ids)
        return SparseCounts(ids[order], tf[order])

    def count(self, sparse: SparseCounts, sign: int) -> None:
        """Count a document in the frequencies (``sign`` 1) or take it out again (-1)."""
        self._df[sparse.ids] += sign
        self.n_docs += sign

    def _id(self, key: str) -> int:
        found = self.vocab.get(key)
        if found is not None:
            return found
        new_id = len(self.keys)
        self.vocab[key] = new_id
        self.keys.append(key)
        if new_id >= len(self._df):
            self._df = np.concatenate([self._df, np.zeros_like(self._df)])
            self._is_entity = np.concatenate([self._is_entity, np.zeros_like(self._is_entity)])
            self._date_mark = np.concatenate([self._date_mark, np.zeros_like(self._date_mark)])
        self._is_entity[new_id] = key.startswith(ENTITY)
        self._date_mark[new_id] = date_mark_kind(key)
        return new_id

    def date_marks(self, ids: IdArray) -> tuple[frozenset[int], frozenset[int], frozenset[int]]:
        """The feature ids among ``ids`` that are years ("w:2013"), days of the week
        ("w:thursday") and months ("w:october")."""
        kinds = self._date_mark[ids]
        years, weekdays, months = (
            frozenset(ids[kinds == kind].tolist()) for kind in (YEAR_MARK, WEEKDAY_MARK, MONTH_MARK)
        )
        return years, weekdays, months

    def df(self, key: str) -> int:
        found = self.vocab.get(key)
        return 0 if found is None else int(self._df[found])

    def idf(self, ids: IdArray) -> FloatArray:
        result: FloatArray = np.log((self.n_docs + 1.0) / (self._df[ids] + 1.0)) + 1.0
        return result

    def weights(self, counts: SparseCounts) -> FloatArray:
        """L2-normalised TF-IDF weights of ``counts`` under the current frequencies."""
        weights: FloatArray = counts.tf * self.idf(counts.ids)
        norm = float(np.sqrt(weights @ weights))
        return weights / norm if norm > 0 else weights


class Frequencies(Protocol):
    def idf(self, ids: IdArray) -> FloatArray: ...


def cosine_many(
    query_ids: IdArray,
    query_weights: FloatArray,
    others: Sequence[SparseCounts],
    space: Frequencies,
) -> FloatArray:
    """Cosine of one query vector with many articles, in one vectorised pass."""
    if not others:
        return np.zeros(0)
    lengths = np.fromiter((len(o.ids) for o in others), dtype=np.int64, count=len(others))
    ids = np.concatenate([o.ids for o in others])
    weights = np.concatenate([o.tf for o in others]) * space.idf(ids)
    owner = np.repeat(np.arange(len(others)), lengths)
    norms = np.sqrt(np.bincount(owner, weights=weights * weights, minlength=len(others)))
    pos = np.minimum(np.searchsorted(query_ids, ids), len(query_ids) - 1)
    shared = query_ids[pos] == ids
    dots = np.bincount(
        owner[shared], weights=weights[shared] * query_weights[pos[shared]], minlength=len(others)
    )
    with np.errstate(divide="ignore", invalid="ignore"):
        result: FloatArray = np.where(norms > 0, dots / norms, 0.0)
    return result


class _Postings:
    """One feature's article numbers, in arrival order, in a growable numpy buffer.

    With a positive ``cap`` only the last ``cap`` entries are ever read, so the buffer
    is compacted (its last ``cap`` entries moved to the front) once it holds twice
    that many: amortised O(1) per append and memory bounded by ``2 * cap`` per feature.
    """

    __slots__ = ("buffer", "size")

    def __init__(self) -> None:
        self.buffer: IdArray = np.empty(2, dtype=np.int64)
        self.size = 0

    def append(self, article: int, cap: int) -> None:
        if self.size == len(self.buffer):
            if cap > 0 and self.size >= 2 * cap:
                self.buffer[:cap] = self.buffer[self.size - cap : self.size]
                self.size = cap
            else:
                grown = np.empty(2 * len(self.buffer), dtype=np.int64)
                grown[: self.size] = self.buffer[: self.size]
                self.buffer = grown
        self.buffer[self.size] = article
        self.size += 1

    def recent(self, cap: int) -> IdArray:
        # The same slice the list version took (``[-0:]`` being the whole list).
        return self.buffer[: self.size][-cap:]


class InvertedIndex:
    """Feature id -> article numbers (in arrival order) that listed it as salient."""

    def __init__(self, postings_cap: int) -> None:
        self.postings_cap = postings_cap
        self._postings: dict[int, _Postings] = {}

    def add(self, article: int, feature_ids: Iterable[int]) -> None:
        for feature in feature_ids:
            postings = self._postings.get(feature)
            if postings is None:
                postings = self._postings[feature] = _Postings()
            postings.append(article, self.postings_cap)

    def candidates(
        self, feature_ids: Sequence[int], feature_weights: Sequence[float], limit: int
    ) -> list[int]:
        """Articles sharing the most query weight, reading only recent postings.

        Ranked by total weight, ties to the larger (more recent) article number. Each article's
        total is summed feature by feature in query order (``np.bincount`` adds in
        input order), so the totals are bit-identical to a plain Python loop's.
        """
        if len(feature_ids) != len(feature_weights):
            raise ValueError("feature_ids and feature_weights differ in length")
        if limit <= 0:
            return []
        chunks: list[IdArray] = []
        weights: list[float] = []
        for feature, weight in zip(feature_ids, feature_weights, strict=True):
            postings = self._postings.get(feature)
            if postings is not None and postings.size:
                chunks.append(postings.recent(self.postings_cap))
                weights.append(weight)
        return rank_candidates(chunks, weights, limit)

    def recent(self, feature: int) -> IdArray:
        """The latest ``postings_cap`` articles listed under ``feature``, ascending."""
        postings = self._postings.get(feature)
        return NO_POSTINGS if postings is None else postings.recent(self.postings_cap)


NO_POSTINGS: IdArray = np.zeros(0, dtype=np.int64)


def rank_candidates(chunks: Sequence[IdArray], weights: Sequence[float], limit: int) -> list[int]:
    """The ``limit`` articles sharing the most query weight: ``chunks`` are the
    non-empty recent postings of the query's features, ``weights`` their weights."""
    if not chunks or limit <= 0:
        return []
    articles = np.concatenate(chunks)
    repeated = np.repeat(np.asarray(weights, dtype=np.float64), [len(c) for c in chunks])
    unique, score = _sum_by_article(articles, repeated)
    ranked: list[int] = _top_by_score(unique, score, limit).tolist()
    return ranked


def _sum_by_article(articles: IdArray, weights: FloatArray) -> tuple[IdArray, FloatArray]:
    """Distinct article numbers (ascending) and the sum of their weights, in input order."""
    low = int(articles.min())
    span = int(articles.max()) - low + 1
    if span <= 4 * len(articles) + 1024:
        # Recent postings cover a narrow range of numbers: count straight into it.
        offset = articles - low
        hits = np.bincount(offset, minlength=span)
        sums = np.bincount(offset, weights=weights, minlength=span)
        present = np.flatnonzero(hits)
        return np.asarray(present + low, dtype=np.int64), np.asarray(sums[present], np.float64)
    # A wide range (rare features reach far back): remap to a compact numbering;
    # bincount still adds each article's weights in input order.
    unique, compact = np.unique(articles, return_inverse=True)
    sums = np.bincount(compact, weights=weights, minlength=len(unique))
    return unique.astype(np.int64), np.asarray(sums, dtype=np.float64)


def _top_by_score(articles: IdArray, score: FloatArray, limit: int) -> IdArray:
    """The ``limit`` best of ``articles`` (ascending) by score, ties to the larger number."""
    if len(articles) > limit:
        # Keep everything scoring at least the limit-th best score (ties included),
        # so the exact ranking below sees every article that could make the cut.
        threshold = np.partition(score, len(score) - limit)[len(score) - limit]
        keep = np.flatnonzero(score >= threshold)
        articles, score = articles[keep], score[keep]
    # Stable sort on -score over the reversed arrays: equal scores go to the most recent
    # article. Copies of a running story tie; the oldest would be too old to count.
    articles, score = articles[::-1], score[::-1]
    ranked = np.argsort(-score, kind="stable")[:limit]
    result: IdArray = articles[ranked]
    return result
