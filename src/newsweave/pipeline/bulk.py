"""Grouping a large first batch: in memory, then every row written at once.

The incremental path (``pipeline.group``) reads and writes the store's grouping state
for every article. When the store has nothing grouped yet (a first ingest, a regroup)
and many articles wait, the same duplicate index and grouper run over their in-memory
state (the reference the store-backed state equals), and the rows the incremental path
would have left are written in one transaction: each article's duplicate record and
link, story features and story now, and each story's record as of the last article
that changed it (its title was chosen with the frequencies of that moment); then the
state tables are filled from those rows, as for a store grouped before they existed.

A killed run has written nothing and is done again from the start. An article that
runs out of time is recorded as a grouping failure and the batch grouped again
without it (the in-memory state may hold half of it): the incremental path rolls such
an article back and goes on without it, which ends in the same rows.
"""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from newsweave.errors import LimitExceeded
from newsweave.limits import time_limit
from newsweave.pipeline.group_workers import Prepared, numbered
from newsweave.pipeline.pool import OrderedPool
from newsweave.records import Article, GroupingFailure, Story
from newsweave.store.db import Store

if TYPE_CHECKING:
    from newsweave.dedup.index import DuplicateLink, DuplicateRecord
    from newsweave.stories.features import FloatVector, StoryFeatures
    from newsweave.stories.grouper import StoryAssignment

log = logging.getLogger(__name__)

# Fewer waiting articles than this are grouped incrementally: below it the incremental
# path costs little, and it is the path every later run takes.
BULK_MIN_ARTICLES = 200


class RetryWithout(Exception):
    """An article ran out of time: it is recorded; group the batch again without it."""

    def __init__(self, failure: GroupingFailure) -> None:
        super().__init__(failure.article_id)
        self.failure = failure


@dataclass
class GroupedBatch:
    """The rows of the articles grouped so far, as the incremental path writes them."""

    records: list[DuplicateRecord] = field(default_factory=list)
    links: list[DuplicateLink] = field(default_factory=list)
    features: list[StoryFeatures] = field(default_factory=list)
    story_of: dict[str, str] = field(default_factory=dict)
    members: dict[str, set[str]] = field(default_factory=dict)
    stories: dict[str, Story] = field(default_factory=dict)

    def add(
        self,
        record: DuplicateRecord,
        link: DuplicateLink | None,
        assignment: StoryAssignment,
        stories: Iterable[Story],
    ) -> None:
        """One article's rows, its story's membership changes replayed in the order
        ``store.stories.write_grouping`` applies them: joins, merges, moves."""
        self.records.append(record)
        if link is not None:
            self.links.append(link)
        self.features.append(assignment.features)
        self._join(assignment.article_id, assignment.story_id)
        for absorbed, into in assignment.merged:
            for article_id in self.members.pop(absorbed, set()):
                self._join(article_id, into)
            self.stories.pop(absorbed, None)
        for article_id, story_id in assignment.moved:
            self._join(article_id, story_id)
        for story in stories:
            self.stories[story.id] = story

    def _join(self, article_id: str, story_id: str) -> None:
        previous = self.story_of.get(article_id)
        if previous is not None and previous != story_id and previous in self.members:
            self.members[previous].discard(article_id)
        self.story_of[article_id] = story_id
        self.members.setdefault(story_id, set()).add(article_id)


def group_in_memory(
    store: Store,
    articles: Iterable[Prepared | GroupingFailure],
    *,
    time_limit_s: float,
    on_article: Callable[[str], None] | None = None,
) -> GroupedBatch:
    """Group ``articles`` (in order) from nothing; raises RetryWithout (after recording
    the failure) when one runs out of time, here or where it was prepared."""
    from newsweave.dedup.index import DuplicateIndex
    from newsweave.store.stories import save_grouping_failure
    from newsweave.stories.grouper import GrouperConfig, StoryGrouper

    duplicates, grouper = DuplicateIndex(), StoryGrouper(GrouperConfig())
    batch = GroupedBatch()
    for item in articles:
        if isinstance(item, GroupingFailure):
            save_grouping_failure(store, item.article_id, item.reason, item.detail)
            raise RetryWithout(item)
        doc = item.doc
        try:
            with time_limit(time_limit_s):
                if item.record is None:
                    record = duplicates.make_record(doc.article_id, doc.text, doc.outlet)
                else:
                    record = numbered(item.record, len(duplicates))
                link = duplicates.add_record(record)
                original = None if link is None else link.original_id
                assignment = grouper.add(dataclasses.replace(doc, duplicate_of=original))
                ids = (assignment.story_id, *assignment.changed)
                stories = [grouper.story(story_id) for story_id in ids]
        except LimitExceeded as exc:
            failure = GroupingFailure(doc.article_id, exc.reason, exc.detail)
            save_grouping_failure(store, failure.article_id, exc.reason, exc.detail)
            raise RetryWithout(failure) from exc
        batch.add(record, link, assignment, stories)
        if on_article:
            on_article(doc.article_id)
    return batch


def group_in_bulk(
    store: Store,
    *,
    analyzed_only: bool,
    embeddings: bool,
    time_limit_s: float,
    on_article: Callable[[str], None] | None = None,
    on_failure: Callable[[GroupingFailure], None] | None = None,
    workers: int = 1,
) -> int:
    """Group every waiting article of a store with nothing grouped (see the module
    docstring) and write the rows and the state in one transaction; returns how many.

    ``workers`` > 1 (and no ``embeddings``): ``workers - 1`` processes prepare the
    articles (``pipeline.group_workers``) while this one groups them, with the same
    rows as a result; this process keeps a core for itself."""
    from newsweave.pipeline.group import fill_grouping_state
    from newsweave.pipeline.group_workers import grouping_pool
    from newsweave.store.stories import write_grouped_batch

    pool = grouping_pool(store, workers - 1) if workers > 1 and not embeddings else None
    try:
        batch = _grouped_batch(
            store, pool, analyzed_only, embeddings, time_limit_s, on_article, on_failure
        )
    finally:
        if pool is not None:
            pool.close()
    with store.transaction() as conn:
        write_grouped_batch(
            conn,
            batch.records,
            batch.links,
            batch.features,
            batch.story_of,
            list(batch.stories.values()),
        )
        fill_grouping_state(store)
    log.info(
        "grouped %d articles into %d stories (in bulk)", len(batch.features), len(batch.stories)
    )
    return len(batch.features)


def _grouped_batch(
    store: Store,
    pool: OrderedPool | None,
    analyzed_only: bool,
    embeddings: bool,
    time_limit_s: float,
    on_article: Callable[[str], None] | None,
    on_failure: Callable[[GroupingFailure], None] | None,
) -> GroupedBatch:
    """The waiting articles grouped in memory, again without each that runs out of time."""
    from newsweave.pipeline.group import story_doc, with_embeddings
    from newsweave.pipeline.group_workers import prepared_in
    from newsweave.store.stories import articles_to_group

    while True:
        pending = articles_to_group(store, analyzed_only=analyzed_only)
        prepared: Iterable[Prepared | GroupingFailure]
        if pool is not None:
            prepared = prepared_in(pool, store, pending, time_limit_s)
        else:
            articles: Iterable[tuple[Article, FloatVector | None]] = (
                with_embeddings(pending) if embeddings else ((a, None) for a in pending)
            )
            prepared = (Prepared(story_doc(store, a, vector)) for a, vector in articles)
        try:
            return group_in_memory(
                store, prepared, time_limit_s=time_limit_s, on_article=on_article
            )
        except RetryWithout as retry:
            if on_failure:
                on_failure(retry.failure)
