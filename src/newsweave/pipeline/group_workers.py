"""What grouping can compute of each article before its turn, in worker processes.

The grouper and the duplicate index decide one article at a time, each decision
depending on every earlier one: they stay in the main process. What they are given of
an article does not depend on the others: its StoryDoc (entity names read from the
store), its feature counts and its duplicate record (normalised-text hash, shingles,
MinHash signature, figures; only the record's sequence number depends on the index).
A worker process, reading the store read-only, computes those within the
per-document time limit while the main process places the articles before, and the
main process takes them in order; the decisions and rows are those of one process.
"""

from __future__ import annotations

import dataclasses
import functools
import itertools
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from newsweave.errors import LimitExceeded
from newsweave.limits import time_limit
from newsweave.pipeline.pool import OrderedPool
from newsweave.records import Article, GroupingFailure
from newsweave.store.db import Store

if TYPE_CHECKING:
    from newsweave.dedup.index import DuplicateIndex, DuplicateRecord
    from newsweave.stories.features import StoryDoc

# Articles per task: a round trip per few dozen keeps the worker ahead at little cost.
CHUNK = 16
# Chunks a worker may be ahead of the grouper: far enough that neither waits for the
# other when the machine is busy and each gets the CPU in turns.
CHUNKS_AHEAD = 32
# Articles this process prepares itself first, grouping them while a worker starts
# (~1 s: spawning, imports, opening the store).
HERE_FIRST = 96


@dataclass(frozen=True, slots=True)
class Prepared:
    """One article as grouping takes it: its doc (with its feature counts when made
    ahead) and its duplicate record when made ahead (sequence number 0: the index
    numbers it when adding it), else None (made when its turn comes)."""

    doc: StoryDoc
    record: DuplicateRecord | None = None


def prepared_in(
    pool: OrderedPool, store: Store, articles: Iterable[Article], time_limit_s: float
) -> Iterator[Prepared | GroupingFailure]:
    """Per article, in order: what ``pool``'s workers (started on ``store``, see
    ``grouping_pool``) made of it, or the failure that made it impossible. The first
    ``HERE_FIRST`` are left to this process (they are grouped while the workers start)."""
    from newsweave.pipeline.group import story_doc

    iterator = iter(articles)
    first = list(itertools.islice(iterator, HERE_FIRST))
    task = functools.partial(_prepare, time_limit_s=time_limit_s)
    later = pool.map(task, iterator, chunk=CHUNK, died=_died, ahead=CHUNKS_AHEAD)
    for article in first:
        yield Prepared(story_doc(store, article, None))
    yield from later


def grouping_pool(store: Store, workers: int) -> OrderedPool:
    return OrderedPool(workers, initializer=_start_worker, initargs=(store.path,))


_reader: Store | None = None
_index: DuplicateIndex | None = None


def _start_worker(path: str) -> None:
    global _reader, _index
    from newsweave.dedup.index import DuplicateIndex

    _reader = Store(path, readonly=True)
    _index = DuplicateIndex()  # never added to: it only makes records


def _prepare(articles: list[Article], *, time_limit_s: float) -> list[Prepared | GroupingFailure]:
    from newsweave.pipeline.group import story_doc
    from newsweave.stories.features import count_ahead
    from newsweave.stories.grouper import GrouperConfig

    assert _reader is not None and _index is not None, "worker not started"
    config = GrouperConfig()
    prepared: list[Prepared | GroupingFailure] = []
    for article in articles:
        doc = story_doc(_reader, article, None)
        try:
            with time_limit(time_limit_s):
                doc = count_ahead(
                    doc, title_boost=config.title_boost, max_features=config.max_features
                )
                record = _index.make_record(doc.article_id, doc.text, doc.outlet)
        except LimitExceeded as exc:
            prepared.append(GroupingFailure(article.id, exc.reason, exc.detail))
            continue
        prepared.append(Prepared(doc, record))
    return prepared


def _died(article: Article) -> GroupingFailure:
    return GroupingFailure(article.id, "grouping-error", "the grouping worker process died")


def numbered(record: DuplicateRecord, seq: int) -> DuplicateRecord:
    """``record`` (made ahead, numbered 0) with the sequence number the index gives."""
    return dataclasses.replace(record, seq=seq)
