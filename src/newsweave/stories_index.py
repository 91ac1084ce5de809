"""Incremental TF-IDF space and inverted index behind the story grouper.

Document frequencies grow with every article; weights are always computed with the
frequencies of the moment, from the raw counts each article keeps (as numpy arrays,
so 100k articles fit in a few hundred MB). The inverted index maps a feature to the
articles that listed it among their salient keys; a lookup reads only the most recent
``postings_cap`` entries of each list, which keeps the cost of one query flat however
large the corpus grows.
"""

from __future__ import annotations

import heapq
import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from newsweave.stories_features import ENTITY, WORD

_YEAR = re.compile(r"(?:19|20)\d\d")

FloatArray = npt.NDArray[np.float64]
IdArray = npt.NDArray[np.int64]


@dataclass(frozen=True, slots=True)
class SparseCounts:
    """An article's features as sorted feature ids and boosted log-tf values."""

    ids: IdArray
    tf: FloatArray


EMPTY_COUNTS = SparseCounts(np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float64))


def add_counts(a: SparseCounts, b: SparseCounts) -> SparseCounts:
    """Feature-wise sum of two sparse count vectors (ids stay sorted)."""
    ids, inverse = np.unique(np.concatenate([a.ids, b.ids]), return_inverse=True)
    tf = np.bincount(inverse, weights=np.concatenate([a.tf, b.tf]), minlength=len(ids))
    return SparseCounts(ids.astype(np.int64), tf.astype(np.float64))


class FeatureSpace:
    """Vocabulary and document frequencies, grown one article at a time."""

    def __init__(self, entity_boost: float) -> None:
        self.entity_boost = entity_boost
        self.vocab: dict[str, int] = {}
        self.keys: list[str] = []
        self._df = np.zeros(1024, dtype=np.int64)
        self._is_entity = np.zeros(1024, dtype=bool)
        self._is_year = np.zeros(1024, dtype=bool)
        self.n_docs = 0

    def add_document(self, counts: Sequence[tuple[str, int]]) -> SparseCounts:
        """Count one new document in the frequencies; return its sparse counts."""
        ids = np.fromiter((self._id(key) for key, _ in counts), dtype=np.int64, count=len(counts))
        tf = np.fromiter(
            (1.0 + math.log(c) for _, c in counts), dtype=np.float64, count=len(counts)
        )
        self._df[ids] += 1
        self.n_docs += 1
        tf[self._is_entity[ids]] *= self.entity_boost
        order = np.argsort(ids)
        return SparseCounts(ids[order], tf[order])

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
            self._is_year = np.concatenate([self._is_year, np.zeros_like(self._is_year)])
        self._is_entity[new_id] = key.startswith(ENTITY)
        self._is_year[new_id] = (
            key.startswith(WORD) and _YEAR.fullmatch(key[len(WORD) :]) is not None
        )
        return new_id

    def years(self, ids: IdArray) -> set[int]:
        """The feature ids among ``ids`` that are years (e.g. "w:2013")."""
        return set(ids[self._is_year[ids]].tolist())

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


def cosine_many(
    query_ids: IdArray,
    query_weights: FloatArray,
    others: Sequence[SparseCounts],
    space: FeatureSpace,
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


class InvertedIndex:
    """Feature id -> article numbers (in arrival order) that listed it as salient."""

    def __init__(self, postings_cap: int) -> None:
        self.postings_cap = postings_cap
        self._postings: dict[int, list[int]] = {}

    def add(self, article: int, feature_ids: Iterable[int]) -> None:
        for feature in feature_ids:
            self._postings.setdefault(feature, []).append(article)

    def candidates(
        self, feature_ids: Sequence[int], feature_weights: Sequence[float], limit: int
    ) -> list[int]:
        """Articles sharing the most query weight, reading only recent postings."""
        score: dict[int, float] = {}
        for feature, weight in zip(feature_ids, feature_weights, strict=True):
            for article in self._postings.get(feature, ())[-self.postings_cap :]:
                score[article] = score.get(article, 0.0) + weight
        # A partial selection, not a full sort: with full postings the candidate pool
        # holds thousands of articles and sorting it was the largest per-article cost.
        ranked = heapq.nsmallest(limit, score.items(), key=lambda kv: (-kv[1], kv[0]))
        return [article for article, _ in ranked]
