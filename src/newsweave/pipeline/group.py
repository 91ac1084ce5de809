"""The grouping step: duplicate links and stories for every article not yet grouped.

Each article's records are committed together, so a killed run continues where it
stopped.
"""

from __future__ import annotations

import functools
import itertools
import logging
from collections.abc import Callable, Iterable, Iterator
from typing import TYPE_CHECKING, Concatenate, ParamSpec, TypeVar

from newsweave.records import Article
from newsweave.store.db import Store
from newsweave.store.locks import holding

if TYPE_CHECKING:
    from newsweave.stories.features import FloatVector

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
) -> int:
    """Link duplicates and put every ungrouped article into a story; returns how many.

    The duplicate index and the grouper are rebuilt from their stored per-article rows
    (linear, nothing compared again), then only new articles are added. Each article's
    records are committed together, so a killed run continues where it stopped.
    With ``embeddings``, each new article also gets a MiniLM embedding of its title and
    lead, stored with its features and blended into its similarities (the optional
    ``embeddings`` extra; raises ConfigError when it is not installed).
    """
    from newsweave.dedup.index import DuplicateIndex
    from newsweave.store import stories as story_rows
    from newsweave.stories.features import StoryDoc
    from newsweave.stories.grouper import StoryGrouper

    pending = story_rows.articles_to_group(store)
    first = next(pending, None)
    if first is None:
        return 0
    duplicates = DuplicateIndex.from_rows(*story_rows.dedup_rows(store))
    grouper = StoryGrouper.from_rows(*story_rows.grouper_rows(store))
    ungrouped = itertools.chain([first], pending)
    articles: Iterable[tuple[Article, FloatVector | None]] = (
        _with_embeddings(ungrouped) if embeddings else ((a, None) for a in ungrouped)
    )
    stories: set[str] = set()
    done = 0
    for article, embedding in articles:
        record = duplicates.make_record(article.id, article.text, article.outlet)
        link = duplicates.add_record(record)
        doc = StoryDoc(
            article_id=article.id,
            title=article.title or "",
            text=article.text,
            published=article.published,
            outlet=article.outlet,
            entities=story_rows.entity_names(store, article.id),
            embedding=embedding,
            duplicate_of=None if link is None else link.original_id,
        )
        assignment = grouper.add(doc)
        story = grouper.story(assignment.story_id)
        changed = tuple(grouper.story(story_id) for story_id in assignment.changed)
        story_rows.save_grouping(
            store,
            record,
            link,
            assignment.features,
            story,
            assignment.merged,
            assignment.moved,
            changed,
        )
        stories.add(story.id)
        stories.update(assignment.changed)
        stories.difference_update(absorbed for absorbed, _ in assignment.merged)
        done += 1
        if on_article:
            on_article(article.id)
    log.info("grouped %d articles into %d stories", done, len(stories))
    return done


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


def _with_embeddings(
    articles: Iterable[Article],
) -> Iterator[tuple[Article, FloatVector | None]]:
    """Pair each article with the embedding of its title and text, a batch at a time."""
    from newsweave.stories.embeddings import MiniLM, embedding_input

    model = MiniLM()
    iterator = iter(articles)
    while batch := list(itertools.islice(iterator, EMBEDDING_BATCH)):
        vectors = model.encode([embedding_input(a.title, a.text) for a in batch])
        yield from zip(batch, vectors, strict=True)
