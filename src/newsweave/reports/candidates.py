"""The records selection works on: the articles given, how much each signal counts,
and the candidate sentences with what is known about each."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime

from newsweave.records import Sentence
from newsweave.reports.figures import Figure
from newsweave.reports.traits import SentenceTraits


@dataclass(frozen=True, slots=True)
class SourceArticle:
    """One article as the summariser needs it; ``sentences`` index into ``text``.

    ``copy_of`` names the article this one copies (a syndicated copy): its sentences
    are the original's, so they add no support to them."""

    id: str
    outlet: str
    published: datetime | None
    text: str
    sentences: tuple[Sentence, ...]
    title: str = ""
    copy_of: str | None = None


@dataclass(frozen=True, slots=True)
class SummaryWeights:
    """How much each signal counts (fitted on NeuS val; see benchmarks/summaries.py)."""

    support: float = 1.5
    headline: float = 1.5
    centroid: float = 0.4
    position: float = 0.35
    informative: float = 0.05
    question: float = 0.6
    teaser: float = 0.8
    unattributed_quote: float = 0.35
    emotive: float = 0.15
    first_person: float = 0.3
    coverage: float = 0.5  # share of the concepts two outlets or more share, not yet covered
    new_day: float = 0.5  # for news of a day no sentence taken comes from yet
    overlap: float = 0.5  # penalty per unit of cosine with the closest sentence taken
    redundancy: float = 0.5  # cosine at or above which a candidate repeats one taken
    copy: float = 0.85  # cosine at or above which two sentences are one (also_in)
    dispute: float = 0.15  # cosine from which two sentences' counts are one count's versions
    min_words: int = 5
    max_words: int = 70


@dataclass(slots=True)
class Candidate:
    """A sentence that may go into the summary, with every article that carries it."""

    article: SourceArticle
    order: int  # the article's place in reading order (by date, then as given)
    position: int  # the sentence's index in its article
    sentence: Sentence
    traits: SentenceTraits
    carriers: list[SourceArticle] = field(default_factory=list)
    index: int = 0  # its row in the story's Similarities
    concepts: set[str] = field(default_factory=set)
    figures: tuple[Figure, ...] = ()
    disputed: tuple[Figure, ...] = ()  # its counts another outlet gives differently
    news: float = 1.0  # how unlike anything reported on an earlier day
    score: float = 0.0
    # ``outlets`` as last worked out, with the number of carriers then (carriers are
    # only ever added): selection asks for them millions of times in a large story.
    _outlets: tuple[int, frozenset[str]] = field(
        default=(-1, frozenset()), repr=False, compare=False
    )

    @property
    def outlets(self) -> frozenset[str]:
        carriers, known = self._outlets
        if carriers != len(self.carriers):
            known = frozenset({self.article.outlet, *(a.outlet for a in self.carriers)})
            self._outlets = (len(self.carriers), known)
        return known


def reading_order(articles: Sequence[SourceArticle]) -> list[SourceArticle]:
    """Dated articles by date, undated after them; an original before its copies."""
    return sorted(
        articles,
        key=lambda a: (
            a.published is None,
            a.published.timestamp() if a.published else 0.0,
            a.copy_of is not None,
        ),
    )


def article_day(article: SourceArticle) -> date | None:
    return article.published.date() if article.published is not None else None


def candidate_day(candidate: Candidate) -> date | None:
    return article_day(candidate.article)
