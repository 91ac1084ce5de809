"""Made-up articles for timeline tests, split and dated the way the analysis does
(sentences over a blank tokenizer, time expressions resolved against publication)."""

from __future__ import annotations

from datetime import date, datetime

from newsweave.analyze.sentences import sentences_of_text
from newsweave.analyze.timex.finder import find_times
from newsweave.reports.timeline.records import TimelineArticle


def dated_article(
    article_id: str, outlet: str, published: date | None, *sentences: str
) -> TimelineArticle:
    """An article of ``sentences`` (one paragraph each) published on ``published``."""
    text = "\n\n".join(sentences)
    split = sentences_of_text(text)
    anchor = datetime(published.year, published.month, published.day) if published else None
    return TimelineArticle(
        id=article_id,
        outlet=outlet,
        published=published,
        text=text,
        sentences=split,
        times=find_times(text, split, anchor),
    )
