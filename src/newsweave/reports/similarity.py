"""Every pairwise similarity of a story's candidate sentences, computed once.

Selection compares each sentence with every other many times over (copies, support,
news of the day, redundancy), so the comparisons are two sparse matrix products up
front: TF-IDF cosine (what a sentence says, weighted by how telling its words are) and
plain shared-word cosine (whether two sentences are versions of one another: the words
every version shares are the story's own, which TF-IDF weighs down the most).
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence

import numpy as np
from numpy.typing import NDArray
from scipy import sparse

Matrix = NDArray[np.float64]


class Similarities:
    """Similarities of sentences given as stemmed content terms, row i = sentence i."""

    def __init__(self, sentences: Sequence[Sequence[str]]) -> None:
        frequency: Counter[str] = Counter()
        for terms in sentences:
            frequency.update(set(terms))
        total = len(sentences)
        self.columns = {term: k for k, term in enumerate(frequency)}
        self.idf = np.array(
            [math.log((1 + total) / (1 + df)) + 1.0 for df in frequency.values()], dtype=float
        )
        self.weighted = _unit_rows(self._matrix(sentences, binary=False))
        binary = _unit_rows(self._matrix(sentences, binary=True))
        self.cosine: Matrix = (self.weighted @ self.weighted.T).toarray()
        self.overlap: Matrix = (binary @ binary.T).toarray()

    def similarity_to(self, terms: Sequence[str], rows: Sequence[int] | None = None) -> Matrix:
        """Cosine of each sentence (or each of ``rows``) with one bag of terms."""
        vector = self._matrix([terms], binary=False)
        vector = _unit_rows(vector)
        scores: Matrix = (self.weighted @ vector.T).toarray().ravel()
        return scores if rows is None else scores[list(rows)]

    def centroid_similarity(self, rows: Sequence[int]) -> Matrix:
        """Cosine of each of ``rows`` with their centroid (what they say taken together)."""
        chosen = self.weighted[list(rows)]
        centroid = np.asarray(chosen.sum(axis=0)).ravel()
        norm = float(np.linalg.norm(centroid))
        if norm == 0.0:
            return np.zeros(len(rows))
        result: Matrix = chosen @ (centroid / norm)
        return np.asarray(result).ravel()

    def _matrix(self, sentences: Sequence[Sequence[str]], *, binary: bool) -> sparse.csr_matrix:
        data: list[float] = []
        indices: list[int] = []
        indptr = [0]
        for terms in sentences:
            for term, count in Counter(t for t in terms if t in self.columns).items():
                column = self.columns[term]
                weight = 1.0 if binary else (1.0 + math.log(count)) * self.idf[column]
                data.append(weight)
                indices.append(column)
            indptr.append(len(indices))
        shape = (len(sentences), len(self.columns))
        return sparse.csr_matrix((data, indices, indptr), shape=shape, dtype=float)


def _unit_rows(matrix: sparse.csr_matrix) -> sparse.csr_matrix:
    norms = np.sqrt(np.asarray(matrix.multiply(matrix).sum(axis=1)).ravel())
    norms[norms == 0.0] = 1.0
    scaled: sparse.csr_matrix = sparse.diags(1.0 / norms) @ matrix
    return scaled.tocsr()
