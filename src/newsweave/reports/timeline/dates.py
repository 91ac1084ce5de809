"""Which days a set of articles is about, best first.

A sentence's days are the day-precise values of the time expressions in it, as the
analysis resolved them against its article's publication day ("yesterday" in a report
of the 25th is the 24th); expressions it could not resolve (a relative one in an
undated article) have no value and give no day. A day ranks by how many sentences
mention it, how many articles do, and how many articles were published on it.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from newsweave.reports.timeline.records import TimelineArticle

# (article index, sentence index) in the articles given
SentenceRef = tuple[int, int]


@dataclass(frozen=True, slots=True)
class DateWeights:
    """How much each count adds to a day's score (tuned on Timeline17 dev; see
    benchmarks/timelines.py)."""

    # Sentences that mention the day: on Timeline17 dev counting them at all (even
    # 0.01 each, as a tie-break) lowers every score; one article repeating a day
    # is no sign of its weight.
    sentences: float = 0.0
    articles: float = 1.0  # articles that mention it
    published: float = 2.0  # articles published on it


def sentence_days(article: TimelineArticle) -> dict[int, tuple[date, ...]]:
    """The days each sentence of ``article`` mentions, in the order written."""
    found: dict[int, list[date]] = {}
    for expr in article.times:
        if expr.granularity != "day" or expr.value is None or expr.sentence < 0:
            continue
        days = found.setdefault(expr.sentence, [])
        if expr.value not in days:
            days.append(expr.value)
    return {index: tuple(days) for index, days in found.items()}


def mentions_by_day(
    articles: Sequence[TimelineArticle], days_of: Sequence[dict[int, tuple[date, ...]]]
) -> dict[date, list[SentenceRef]]:
    """Every sentence under the first day it mentions (the one it is most likely about:
    "on Tuesday, a week after the 3 May vote" reports Tuesday's news)."""
    by_day: dict[date, list[SentenceRef]] = {}
    for a, days in enumerate(days_of):
        for s in sorted(days):
            by_day.setdefault(days[s][0], []).append((a, s))
    return by_day


def rank_days(
    articles: Sequence[TimelineArticle],
    days_of: Sequence[dict[int, tuple[date, ...]]],
    weights: DateWeights | None = None,
    within: tuple[date, date] | None = None,
) -> list[date]:
    """Days by score, best first (an earlier day first on a tie); ``within`` keeps only
    the days in that inclusive range."""
    weights = weights or DateWeights()
    sentence_count: Counter[date] = Counter()
    article_count: Counter[date] = Counter()
    published_count: Counter[date] = Counter()
    for article, days in zip(articles, days_of, strict=True):
        mentioned = [day for sentence_days in days.values() for day in sentence_days]
        sentence_count.update(mentioned)
        article_count.update(set(mentioned))
        if article.published is not None:
            published_count[article.published] += 1
    scores = {
        day: weights.sentences * sentence_count[day]
        + weights.articles * article_count[day]
        + weights.published * published_count[day]
        for day in sentence_count.keys() | published_count.keys()
    }
    if within is not None:
        scores = {day: s for day, s in scores.items() if within[0] <= day <= within[1]}
    return sorted(
        (day for day, score in scores.items() if score > 0), key=lambda d: (-scores[d], d)
    )
