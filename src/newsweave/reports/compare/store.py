"""A stored subject's outlet comparison: its articles, analyses and copies read
through the store's read side, handed to :func:`.comparison.compared_facts`."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from newsweave.analyze.sentences import sentences_of_text
from newsweave.reports.compare.comparison import (
    ComparedFacts,
    Comparison,
    compared_facts,
    with_sourcing,
)
from newsweave.reports.compare.facts import ComparedArticle
from newsweave.reports.reads import ArticleRead, article_reads, derived
from newsweave.store.queries import StoreReader


def compare_subject(
    reader: StoreReader,
    subject_id: str,
    label: str,
    article_ids: Sequence[str],
    *,
    sides: Mapping[str, str] | None = None,
) -> Comparison:
    """The comparison of the articles ``article_ids`` (a story's or a storyline's).

    Articles in another language are left out (nothing to compare their words with);
    a syndicated copy counts with its original. An article stored without analysis is
    split into sentences here and compared without names, dates or quotes."""

    def found() -> ComparedFacts:
        copy_of = {
            link.article_id: link.original_id for link in reader.duplicate_links_among(article_ids)
        }
        articles = [
            _compared(read, copy_of.get(read.id))
            for read in article_reads(reader, article_ids, missing_ok=True)
            if _english(read.article.language)
        ]
        return compared_facts(articles)

    # A storyline's comparison is made of its stories': the part the sides do not
    # change is made once per set of articles (within a reads scope).
    facts = derived(("compared facts", tuple(article_ids)), found)
    return with_sourcing(subject_id, label, facts, sides=sides)


def story_comparison(
    reader: StoreReader, story_id: str, *, sides: Mapping[str, str] | None = None
) -> Comparison:
    """The comparison of the story or storyline ``story_id`` (an id or an unambiguous
    prefix)."""
    from newsweave.reports.report import subject_of

    subject = subject_of(reader, story_id)
    return compare_subject(reader, subject.id, subject.label, subject.article_ids, sides=sides)


def _english(language: str | None) -> bool:
    # The analyzer's rule: no language detected counts as English (it analyses those).
    return language is None or language.lower().split("-")[0] in ("en", "")


def _compared(read: ArticleRead, copy_of: str | None) -> ComparedArticle:
    article, analysis = read.article, read.analysis
    return ComparedArticle(
        id=read.id,
        outlet=article.outlet or "unknown outlet",
        published=article.published,
        text=read.text,
        sentences=analysis.sentences
        if analysis
        else derived(("sentences", read.id), lambda: sentences_of_text(read.text)),
        entities=analysis.entities if analysis else (),
        times=analysis.times if analysis else (),
        quotes=analysis.quotes if analysis else (),
        copy_of=copy_of,
    )
