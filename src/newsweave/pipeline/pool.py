"""Per-item work in worker processes, its results read back in input order.

Ingest's extraction and grouping's per-article features are pure functions of one
input each: worker processes compute them in chunks while the main process, which
alone writes the store, takes the results in input order, so the stored rows are the
ones a single process writes. Each task applies the per-document time limit itself
(a pool's tasks run in the worker's main thread, where the alarm works too).

A worker that dies (killed, out of memory, a crash in native code) takes its chunk
with it: the chunks in flight are then done again one item per task in a fresh pool,
and an item whose own task kills a worker again gets the caller's ``died`` result (a
rejection, a failure), so one bad input never ends the run.

Workers are spawned, not forked (the main process may hold threads, a progress bar's,
and an open SQLite connection, neither of which survives a fork safely), and only
when the first chunk is submitted: a pool that is never used costs nothing.
"""

from __future__ import annotations

import itertools
import logging
import multiprocessing
import os
import signal
import threading
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from types import TracebackType
from typing import TypeVar

log = logging.getLogger(__name__)

T = TypeVar("T")
R = TypeVar("R")

# Chunks queued per worker: enough that a worker never waits for the main process.
CHUNKS_PER_WORKER = 3


class OrderedPool:
    """``workers`` processes applying tasks to chunks of items; ``initializer(*initargs)``
    runs once in each worker."""

    def __init__(
        self,
        workers: int,
        *,
        initializer: Callable[..., None] | None = None,
        initargs: tuple[object, ...] = (),
    ) -> None:
        self.workers = workers
        self._initializer = initializer
        self._initargs = initargs
        self._pool: ProcessPoolExecutor | None = None

    def __enter__(self) -> OrderedPool:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None

    @property
    def started(self) -> bool:
        return self._pool is not None

    def map(
        self,
        task: Callable[[list[T]], list[R]],
        items: Iterable[T],
        *,
        chunk: int,
        died: Callable[[T], R],
        ahead: int = CHUNKS_PER_WORKER,
    ) -> Iterator[R]:
        """``task``'s results for ``items`` (one each), in input order. ``task`` is a
        module-level function (or a partial of one): it is pickled. ``died(item)``: the
        result of an item whose own task killed its worker. Up to ``ahead`` chunks per
        worker are in flight; the first are submitted at once (starting the workers),
        not when the first result is asked for."""
        iterator = iter(items)
        chunks = iter(lambda: list(itertools.islice(iterator, chunk)), [])
        return self.map_batches(task, chunks, died=died, ahead=ahead)

    def map_batches(
        self,
        task: Callable[[list[T]], list[R]],
        batches: Iterable[list[T]],
        *,
        died: Callable[[T], R],
        ahead: int = CHUNKS_PER_WORKER,
    ) -> Iterator[R]:
        """:meth:`map` over batches the caller cut (each a task; none empty)."""
        in_flight: deque[tuple[list[T], Future[list[R]]]] = deque()
        iterator = iter(batches)

        def fill() -> None:
            while (
                len(in_flight) < self.workers * ahead
                and (batch := next(iterator, None)) is not None
            ):
                in_flight.append((batch, self._submit(task, batch)))

        fill()
        return self._results(task, died, in_flight, fill)

    def _results(
        self,
        task: Callable[[list[T]], list[R]],
        died: Callable[[T], R],
        in_flight: deque[tuple[list[T], Future[list[R]]]],
        fill: Callable[[], None],
    ) -> Iterator[R]:
        while in_flight:
            results = self._collect(task, died, in_flight)
            fill()
            yield from results

    def _submit(self, task: Callable[[list[T]], list[R]], batch: list[T]) -> Future[list[R]]:
        if self._pool is None:
            self._pool = ProcessPoolExecutor(
                max_workers=self.workers,
                mp_context=multiprocessing.get_context("spawn"),
                initializer=_start_worker,
                initargs=(self._initializer, self._initargs),
            )
        return self._pool.submit(task, batch)

    def _collect(
        self,
        task: Callable[[list[T]], list[R]],
        died: Callable[[T], R],
        in_flight: deque[tuple[list[T], Future[list[R]]]],
    ) -> list[R]:
        """The results of the oldest chunk in flight; after a worker died, those of
        every chunk in flight, done again item by item in a new pool."""
        _, future = in_flight[0]
        try:
            results = future.result()
            in_flight.popleft()
            return results
        except BrokenProcessPool:
            log.warning("a worker process died; doing its items again one by one")
        pending = [item for batch, _ in in_flight for item in batch]
        in_flight.clear()
        self.close()
        return [self._alone(task, died, item) for item in pending]

    def _alone(self, task: Callable[[list[T]], list[R]], died: Callable[[T], R], item: T) -> R:
        try:
            (result,) = self._submit(task, [item]).result()
            return result
        except BrokenProcessPool:
            self.close()
            return died(item)


def _start_worker(initializer: Callable[..., None] | None, initargs: tuple[object, ...]) -> None:
    # Ctrl-C is the main process's to handle, which ends the workers.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _exit_with_parent()
    if initializer is not None:
        initializer(*initargs)


def _exit_with_parent() -> None:
    """End this worker when the main process ends without shutting the pool down
    (killed): the worker holds its task queue's pipe open itself, so it would wait
    for tasks forever."""
    parent = multiprocessing.parent_process()
    if parent is None:
        return

    def watch() -> None:
        parent.join()
        os._exit(1)

    threading.Thread(target=watch, name="parent-watch", daemon=True).start()
