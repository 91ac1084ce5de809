"""Timelines of stored articles: a story's, or any set's (a storyline's), read through
the store's read side and handed to :func:`newsweave.reports.timeline.build.build_timeline`."""

from __future__ import annotations

from collections.abc import Sequence

from newsweave.analyze.sentences import sentences_of_text
from newsweave.analyze.timex.finder import find_times
from newsweave.records import Analysis, Article
from newsweave.reports import TIMELINE_DATES, TIMELINE_SENTENCES
from newsweave.reports.reads import article_reads, derived
from newsweave.reports.timeline.build import build_timeline
from newsweave.reports.timeline.records import Timeline, TimelineArticle
from newsweave.store.queries import StoreReader


def subject_timeline(
    reader: StoreReader,
    subject_id: str,
    label: str,
    article_ids: Sequence[str],
    dates: int | None = None,
    sentences: int | None = None,
) -> Timeline:
    """The timeline of the stored articles ``article_ids`` (a story's or a storyline's).

    Articles in another language are left out: their time expressions were not read."""
    articles = [
        _timeline_article(read.article, read.id, read.text, read.analysis)
        for read in article_reads(reader, article_ids)
        if _english(read.article.language)
    ]
    return build_timeline(
        subject_id,
        label,
        articles,
        dates=dates or TIMELINE_DATES,
        sentences=sentences or TIMELINE_SENTENCES,
    )


def story_timeline(
    reader: StoreReader, story_id: str, dates: int | None = None, sentences: int | None = None
) -> Timeline:
    """The timeline of the story or storyline ``story_id`` (an id or an unambiguous
    prefix of one)."""
    from newsweave.reports.report import subject_of

    subject = subject_of(reader, story_id)
    return subject_timeline(
        reader, subject.id, subject.label, subject.article_ids, dates, sentences
    )


def timeline_article(reader: StoreReader, article: Article) -> TimelineArticle:
    """An article with its stored sentences and time expressions; one stored without
    an analysis (``--no-analyze``) is split and dated here as the analyzer would."""
    return _timeline_article(article, article.id, article.text, reader.get_analysis(article))


def _timeline_article(
    article: Article, article_id: str, text: str, analysis: Analysis | None
) -> TimelineArticle:
    if analysis is not None:
        sentences, times = analysis.sentences, analysis.times
    else:
        sentences = derived(("sentences", article_id), lambda: sentences_of_text(text))
        times = find_times(text, sentences, article.published)
    return TimelineArticle(
        id=article_id,
        outlet=article.outlet or "unknown outlet",
        published=article.published.date() if article.published is not None else None,
        text=text,
        sentences=sentences,
        times=times,
    )


def _english(language: str | None) -> bool:
    # The analyzer's rule: no language detected counts as English (it analyses those).
    return language is None or language.lower().split("-")[0] in ("en", "")
