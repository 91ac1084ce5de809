"""A stored story's summary: its articles, sentences and copies, read through the
store's read side, handed to :func:`newsweave.reports.summary.summarize`."""

from __future__ import annotations

from collections.abc import Sequence

from newsweave.analyze.sentences import sentences_of_text
from newsweave.records import Sentence
from newsweave.reports import STORY_SENTENCES
from newsweave.reports.candidates import SourceArticle
from newsweave.reports.reads import ArticleRead, article_reads, derived
from newsweave.reports.summary import LeftOut, StorySummary
from newsweave.reports.summary import summarize as summarize_articles
from newsweave.store.queries import StoreReader
from newsweave.store.report_reads import links_touching


def story_summary(
    reader: StoreReader, story_id: str, *, sentences: int | None = None
) -> StorySummary:
    """The summary of the story or storyline ``story_id`` (an id or an unambiguous
    prefix of one), ``sentences`` long (None: the length for its kind)."""
    from newsweave.reports.report import subject_of, summary_length

    subject = subject_of(reader, story_id)
    length = sentences if sentences is not None else summary_length(subject.kind)
    return subject_summary(reader, subject.id, subject.label, subject.article_ids, sentences=length)


def subject_summary(
    reader: StoreReader,
    subject_id: str,
    label: str,
    article_ids: Sequence[str],
    *,
    sentences: int = STORY_SENTENCES,
) -> StorySummary:
    """The summary of a subject (a story or a storyline) made of ``article_ids``.

    Articles in another language are left out and listed as such; a syndicated copy
    counts once, with its original."""
    members = set(article_ids)
    copy_of = {
        link.article_id: link.original_id
        for link in links_touching(reader, members)
        if link.article_id in members and link.original_id in members
    }
    sources: list[SourceArticle] = []
    left_out: list[LeftOut] = []
    for read in article_reads(reader, article_ids):
        article = read.article
        if not _english(article.language):
            left_out.append(LeftOut(read.id, article.outlet or "", "language"))
            continue
        sources.append(_source(read, copy_of.get(read.id)))
    return summarize_articles(subject_id, label, sources, sentences=sentences, left_out=left_out)


def _english(language: str | None) -> bool:
    # The analyzer's rule: no language detected counts as English (it analyses those).
    return language is None or language.lower().split("-")[0] in ("en", "")


def _sentences(read: ArticleRead) -> tuple[Sentence, ...]:
    # An article stored with --no-analyze has no analysis yet: split it here, the
    # same way the analyzer would.
    if read.analysis is not None:
        return read.analysis.sentences
    return derived(("sentences", read.id), lambda: sentences_of_text(read.text))


def _source(read: ArticleRead, copy_of: str | None) -> SourceArticle:
    article = read.article
    return SourceArticle(
        id=read.id,
        outlet=article.outlet or "unknown outlet",
        published=article.published,
        text=read.text,
        sentences=_sentences(read),
        title=article.title or "",
        copy_of=copy_of,
    )
