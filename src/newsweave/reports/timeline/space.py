"""The sentences of a set of articles as TF-IDF rows, computed once per timeline."""

from __future__ import annotations

import re
from collections.abc import Sequence

import numpy as np
from scipy import sparse
from sklearn.feature_extraction.text import TfidfVectorizer

from newsweave.reports.timeline.dates import SentenceRef
from newsweave.reports.timeline.records import TimelineArticle

_WORD = re.compile(r"\w+")
_FIGURE = re.compile(r"\d+(?:[.,]\d+)*")


class SentenceSpace:
    """Unit TF-IDF rows (English stop words left out) for every sentence of
    ``articles``; a sentence with no content word has an all-zero row."""

    def __init__(self, articles: Sequence[TimelineArticle]) -> None:
        self.articles = articles
        self.refs: list[SentenceRef] = [
            (a, s) for a, article in enumerate(articles) for s in range(len(article.sentences))
        ]
        self.row = {ref: k for k, ref in enumerate(self.refs)}
        self._words: dict[SentenceRef, int] = {}
        texts = [self.text(ref) for ref in self.refs]
        vectorizer = TfidfVectorizer(stop_words="english", lowercase=True)
        try:
            self.matrix: sparse.csr_matrix = sparse.csr_matrix(vectorizer.fit_transform(texts))
        except ValueError:  # no content word at all (or no sentence)
            self.matrix = sparse.csr_matrix((len(texts), 1), dtype=float)

    def text(self, ref: SentenceRef) -> str:
        return self.articles[ref[0]].sentences[ref[1]].text

    def words(self, ref: SentenceRef) -> int:
        # Asked of every candidate of every day: counted once per sentence.
        count = self._words.get(ref)
        if count is None:
            count = self._words[ref] = len(_WORD.findall(self.text(ref)))
        return count

    def vectors(self, refs: Sequence[SentenceRef]) -> sparse.csr_matrix:
        rows: sparse.csr_matrix = self.matrix[[self.row[ref] for ref in refs]]
        return rows

    def repeats(self, ref: SentenceRef, chosen: Sequence[SentenceRef], limit: float) -> bool:
        """Whether ``ref`` says what one of ``chosen`` says (cosine at or above
        ``limit``) with the same figures."""
        if not chosen:
            return False
        similarity = (self.vectors(chosen) @ self.vectors([ref]).T).toarray().ravel()
        figures = _FIGURE.findall(self.text(ref))
        return any(
            score >= limit and _FIGURE.findall(self.text(other)) == figures
            for score, other in zip(similarity, chosen, strict=True)
        )

    def near_copies(self, ref: SentenceRef, limit: float) -> list[SentenceRef]:
        """Sentences of other articles saying the same thing with the same figures
        (cosine at or above ``limit``), the closest one per article; a sentence giving
        another count ("1,200 fled" against "2,000 fled") is a different report."""
        similarity = (self.matrix @ self.vectors([ref]).T).toarray().ravel()
        figures = _FIGURE.findall(self.text(ref))
        best: dict[int, tuple[float, SentenceRef]] = {}
        for k in np.flatnonzero(similarity >= limit):
            other = self.refs[int(k)]
            if other[0] == ref[0] or _FIGURE.findall(self.text(other)) != figures:
                continue
            score = float(similarity[k])
            if other[0] not in best or score > best[other[0]][0]:
                best[other[0]] = (score, other)
        return [found for _, found in sorted(best.values(), key=lambda item: item[1])]
