"""The quote ledger of a stored subject, read through the store's read side."""

from __future__ import annotations

from collections.abc import Sequence

from newsweave.reports.ledger import Ledger, LedgerArticle, build_ledger
from newsweave.reports.reads import article_reads
from newsweave.store.queries import StoreReader


def ledger(reader: StoreReader, subject_id: str, label: str, article_ids: Sequence[str]) -> Ledger:
    """The ledger of the articles ``article_ids`` of the subject ``subject_id`` (a story
    or a storyline). An article not analysed yet contributes no quotes."""
    articles = []
    for read in article_reads(reader, article_ids):
        article, analysis = read.article, read.analysis
        articles.append(
            LedgerArticle(
                id=read.id,
                outlet=article.outlet or "unknown outlet",
                published=article.published,
                text=read.text,
                quotes=analysis.quotes if analysis is not None else (),
                entities=analysis.entities if analysis is not None else (),
            )
        )
    return build_ledger(subject_id, label, articles)


def story_ledger(reader: StoreReader, story_id: str) -> Ledger:
    """The ledger of the story or storyline ``story_id`` (an id or an unambiguous
    prefix of one)."""
    from newsweave.reports.report import subject_of

    subject = subject_of(reader, story_id)
    return ledger(reader, subject.id, subject.label, subject.article_ids)
