"""Sparse TF-IDF vectors over a story's sentences, as term → weight dicts."""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Sequence

Vector = dict[str, float]


def idf_of(documents: Sequence[tuple[str, ...]]) -> dict[str, float]:
    """Smoothed inverse document frequency, each sentence a document."""
    frequency: Counter[str] = Counter()
    for terms in documents:
        frequency.update(set(terms))
    total = len(documents)
    return {term: math.log((1 + total) / (1 + df)) + 1.0 for term, df in frequency.items()}


def tfidf(terms: Sequence[str], idf: dict[str, float]) -> Vector:
    """Unit-length log-TF × IDF vector of some terms."""
    counts = Counter(terms)
    vector = {t: (1.0 + math.log(n)) * idf.get(t, 1.0) for t, n in counts.items()}
    norm = math.sqrt(sum(v * v for v in vector.values()))
    return {t: v / norm for t, v in vector.items()} if norm else {}


def centroid_of(vectors: Sequence[Vector]) -> Vector:
    """The normalised sum: what the sentences say, taken together."""
    total: defaultdict[str, float] = defaultdict(float)
    for vector in vectors:
        for term, weight in vector.items():
            total[term] += weight
    norm = math.sqrt(sum(v * v for v in total.values()))
    return {t: v / norm for t, v in total.items()} if norm else {}


def cosine(left: Vector, right: Vector) -> float:
    """Cosine of two unit vectors (their dot product), iterating over the smaller."""
    if len(left) > len(right):
        left, right = right, left
    return sum(v * right.get(t, 0.0) for t, v in left.items())
