"""The grouping step: duplicate links and stories for every article not yet grouped.

Each article's records are committed together, so a killed run continues where it
stopped.
"""

from __future__ import annotations

import dataclasses
import functools
import itertools
import logging
from collections.abc import Callable, Iterable, Iterator
from typing import TYPE_CHECKING, Concatenate, ParamSpec, TypeVar

from newsweave.errors import LimitExceeded
from newsweave.limits import DEFAULT_TIME_LIMIT_S, time_limit
from newsweave.records import Article, GroupingFailure
from newsweave.store.db import Store
from newsweave.store.locks import holding

if TYPE_CHECKING:
    from newsweave.dedup.index import DuplicateIndex, DuplicateLink
    from newsweave.stories.features import FloatVector, StoryDoc
    from newsweave.stories.grouper import GrouperConfig, StoryAssignment, StoryGrouper

log = logging.getLogger(__name__)

P = ParamSpec("P")
R = TypeVar("R")


def one_run_at_a_time(
    step: Callable[Concatenate[Store, P], R],
) -> Callable[Concatenate[Store, P], R]:
    """Run ``step`` holding the store's grouping lock. Two processes grouping at once
    would both place the articles neither had grouped yet; with the lock, the second
    waits, then groups what the first left (usually its own new articles)."""

    @functools.wraps(step)
    def locked(store: Store, /, *args: P.args, **kwargs: P.kwargs) -> R:
        with holding(store, "grouping"):
            return step(store, *args, **kwargs)

    return locked


@one_run_at_a_time
def group_new_articles(
    store: Store,
    *,
    on_article: Callable[[str], None] | None = None,
    embeddings: bool = False,
    analyzed_only: bool = False,
    time_limit_s: float = DEFAULT_TIME_LIMIT_S,
    on_failure: Callable[[GroupingFailure], None] | None = None,
    bulk: bool | None = None,
    workers: int | None = None,
) -> int:
    """Link duplicates and put every ungrouped article into a story, then place the
    stories this created or changed in storylines; returns how many articles. With
    ``analyzed_only``, articles still waiting for analysis are left for later (see
    ``store.stories.articles_to_group``).

    Each article is grouped within ``time_limit_s``: one that runs out of time is rolled
    back, recorded as a grouping failure (passed to ``on_failure``) and left out of
    stories until a regroup; the run goes on with the next.

    The duplicate index and the grouper work on the store's grouping state, reading only
    the rows each new article touches, so an article costs the same however many are
    stored (a store from before that state existed gets it once, from its rows). Each
    article's records and state changes are committed together, so a killed run
    continues where it stopped. With ``embeddings``, each new article also gets a
    MiniLM embedding of its title and lead, stored with its features and blended into
    its similarities (the optional ``embeddings`` extra; raises ConfigError when it is
    not installed).

    Into a store with nothing grouped yet, a large batch (``pipeline.bulk``; with
    ``bulk`` True any batch, False none) is grouped in memory and written at once,
    with the same rows as a result. ``workers``: processes taking part in bulk grouping
    (1: this one only; None: one per core; see ``group_in_bulk``).
    """
    from newsweave.pipeline.bulk import BULK_MIN_ARTICLES, group_in_bulk
    from newsweave.pipeline.storylines import place_changed_stories
    from newsweave.pipeline.workers import default_workers
    from newsweave.store import stories as story_rows

    pending = story_rows.articles_to_group(store, analyzed_only=analyzed_only)
    head = list(itertools.islice(pending, BULK_MIN_ARTICLES))
    if not head:
        # A run killed while placing stories in storylines left some queued.
        place_changed_stories(store)
        return 0
    if (bulk or (bulk is None and len(head) >= BULK_MIN_ARTICLES)) and story_rows.nothing_grouped(
        store
    ):
        done = group_in_bulk(
            store,
            analyzed_only=analyzed_only,
            embeddings=embeddings,
            time_limit_s=time_limit_s,
            on_article=on_article,
            on_failure=on_failure,
            # A batch too small for bulk on its own is too small to repay workers.
            workers=(default_workers() if len(head) >= BULK_MIN_ARTICLES else 1)
            if workers is None
            else workers,
        )
        place_changed_stories(store)
        return done
    duplicates, grouper = open_grouping(store)
    ungrouped = itertools.chain(head, pending)
    articles: Iterable[tuple[Article, FloatVector | None]] = (
        with_embeddings(ungrouped) if embeddings else ((a, None) for a in ungrouped)
    )
    stories: set[str] = set()
    done = 0
    for article, embedding in articles:
        doc = story_doc(store, article, embedding)
        try:
            with time_limit(time_limit_s):
                _, assignment = group_one(store, duplicates, grouper, doc)
        except LimitExceeded as exc:
            # The transaction rolled back, but the state's per-run caches may hold half
            # of the article: start again from what the store holds.
            failure = GroupingFailure(article.id, exc.reason, exc.detail)
            story_rows.save_grouping_failure(store, failure.article_id, exc.reason, exc.detail)
            duplicates, grouper = open_grouping(store)
            if on_failure:
                on_failure(failure)
            continue
        stories.add(assignment.story_id)
        stories.update(assignment.changed)
        stories.difference_update(absorbed for absorbed, _ in assignment.merged)
        done += 1
        if on_article:
            on_article(article.id)
    log.info("grouped %d articles into %d stories", done, len(stories))
    place_changed_stories(store)
    return done


def story_doc(store: Store, article: Article, embedding: FloatVector | None) -> StoryDoc:
    """What the grouper is given of a stored article: its entity names when analyzed."""
    from newsweave.store.stories import entity_names
    from newsweave.stories.features import StoryDoc

    return StoryDoc(
        article_id=article.id,
        title=article.title or "",
        text=article.text,
        published=article.published,
        outlet=article.outlet,
        entities=entity_names(store, article.id),
        embedding=embedding,
    )


def group_one(
    store: Store, duplicates: DuplicateIndex, grouper: StoryGrouper, doc: StoryDoc
) -> tuple[DuplicateLink | None, StoryAssignment]:
    """Link one stored article to its duplicate original, if any, and group it (as a
    copy of that original when linked), committing its rows and the grouping state's
    changes in one transaction."""
    from newsweave.store.stories import write_grouping

    with store.transaction() as conn:
        record = duplicates.make_record(doc.article_id, doc.text, doc.outlet)
        link = duplicates.add_record(record)
        linked = dataclasses.replace(doc, duplicate_of=None if link is None else link.original_id)
        assignment = grouper.add(linked)
        story = grouper.story(assignment.story_id)
        changed = tuple(grouper.story(story_id) for story_id in assignment.changed)
        write_grouping(
            conn,
            record,
            link,
            assignment.features,
            story,
            assignment.merged,
            assignment.moved,
            changed,
        )
    return link, assignment


def open_grouping(
    store: Store, config: GrouperConfig | None = None
) -> tuple[DuplicateIndex, StoryGrouper]:
    """The duplicate index and the grouper (with ``config``, default the defaults) over
    the store's grouping state; for a store grouped before that state existed, first
    filled from its stored rows (once, in one transaction, comparing nothing again)."""
    from newsweave.store import grouping
    from newsweave.stories.grouper import GrouperConfig

    config = config or GrouperConfig()
    if not grouping.state_built(store.conn):
        log.info("building the grouping state from the stored rows (once)")
        with store.transaction():
            fill_grouping_state(store, config)
    return _opened(store, config)


def fill_grouping_state(store: Store, config: GrouperConfig | None = None) -> None:
    """Fill the grouping state tables from the stored grouping rows, comparing nothing
    again, in the caller's transaction."""
    from newsweave.store import grouping
    from newsweave.store import stories as story_rows
    from newsweave.stories.features import StoryFeatures
    from newsweave.stories.grouper import GrouperConfig

    config = config or GrouperConfig()
    grouping.clear_state(store.conn)
    duplicates, grouper = _opened(store, config)
    duplicates.restore(*story_rows.dedup_rows(store))
    features, story_of = story_rows.grouper_rows(store)
    for record in sorted(map(StoryFeatures.from_row, features), key=lambda r: r.seq):
        grouper.restore(record, story_of[record.article_id])
    grouping.mark_state_built(store.conn)


def _opened(store: Store, config: GrouperConfig) -> tuple[DuplicateIndex, StoryGrouper]:
    from newsweave.store import grouping
    from newsweave.store.dedup_state import StoredDuplicateIndex
    from newsweave.stories.grouper import StoryGrouper

    state = grouping.StoredGroupingState(
        store.conn,
        entity_boost=config.entity_boost,
        postings_cap=config.postings_cap,
        neighbours=config.neighbours,
    )
    return StoredDuplicateIndex(store.conn), StoryGrouper(config, state)


@one_run_at_a_time
def regroup_all(
    store: Store,
    *,
    on_article: Callable[[str], None] | None = None,
    embeddings: bool = False,
) -> int:
    """Drop every duplicate link and story and group all stored articles again; returns
    how many were grouped.

    Grouping is incremental: an article's edges are made once, when it arrives, by the
    version and settings of that run. After an upgrade, or to switch embeddings on for
    articles already grouped, this redoes them all. Articles and analyses are kept. If
    the run is killed, the articles not yet regrouped are grouped by the next ``ingest``
    or ``regroup``.
    """
    from newsweave.store.stories import clear_grouping

    clear_grouping(store)
    return group_new_articles(store, on_article=on_article, embeddings=embeddings)


EMBEDDING_BATCH = 32


def with_embeddings(
    articles: Iterable[Article],
) -> Iterator[tuple[Article, FloatVector | None]]:
    """Pair each article with the embedding of its title and text, a batch at a time."""
    from newsweave.stories.embeddings import MiniLM, embedding_input

    model = MiniLM()
    iterator = iter(articles)
    while batch := list(itertools.islice(iterator, EMBEDDING_BATCH)):
        vectors = model.encode([embedding_input(a.title, a.text) for a in batch])
        yield from zip(batch, vectors, strict=True)
