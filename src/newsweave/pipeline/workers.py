"""Analysis on every core: batches of articles analysed in worker processes.

The NER model is nearly all of the analysis time and holds the GIL, so threads would
not help: each worker process loads the model once and analyses whole batches, cut by
``newsweave.analyze.batches`` exactly as one process cuts them, so every article is
analysed in the same company and the results equal those of one process. Each worker
runs the articles of a batch under the per-document time limit (its own alarm and
deadline, in its main thread) and sends back an Analysis or an AnalysisFailure per
article; only the main process writes the store, in input order, so a killed run
loses at most the batches in flight.

A worker that dies (killed, out of memory, a crash in native code) takes its batch
with it: the batches in flight are then analysed again one article per task in a
fresh pool, and an article whose own task kills a worker again is recorded as an
analysis failure, reason ``analysis-error``.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import signal
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import TYPE_CHECKING

from newsweave.analyze.batches import ArticleInput, batches
from newsweave.records import Analysis, AnalysisFailure

if TYPE_CHECKING:
    from newsweave.analyze.analyzer import Analyzer

log = logging.getLogger(__name__)

Result = Analysis | AnalysisFailure
# Below this many articles to analyse, starting workers (each loads spaCy, ~2 s) costs
# more than the second core saves, unless a number of workers was asked for.
WORKER_MIN_ARTICLES = 64
# Batches queued per worker: enough that a worker never waits for the main process.
BATCHES_PER_WORKER = 2


def default_workers() -> int:
    """One worker per core the process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not Linux
        return max(1, os.cpu_count() or 1)


def analyze_in_workers(
    items: Iterable[ArticleInput], *, workers: int, time_limit_s: float
) -> Iterator[Result]:
    """Analyses (or failures) of ``items``, in input order, from ``workers`` processes."""
    pool = _new_pool(workers)
    in_flight: deque[tuple[list[ArticleInput], Future[list[Result]]]] = deque()
    try:
        for batch in batches(items):
            in_flight.append((batch, pool.submit(_analyze_batch, batch, time_limit_s)))
            while len(in_flight) >= workers * BATCHES_PER_WORKER:
                results, pool = _collect(in_flight, pool, workers, time_limit_s)
                yield from results
        while in_flight:
            results, pool = _collect(in_flight, pool, workers, time_limit_s)
            yield from results
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _collect(
    in_flight: deque[tuple[list[ArticleInput], Future[list[Result]]]],
    pool: ProcessPoolExecutor,
    workers: int,
    time_limit_s: float,
) -> tuple[list[Result], ProcessPoolExecutor]:
    """The results of the oldest batch in flight, and the pool to go on with: after a
    worker died, a new one with every batch in flight analysed again article by article."""
    _, future = in_flight[0]
    try:
        results = future.result()
        in_flight.popleft()
        return results, pool
    except BrokenProcessPool:
        log.warning("an analysis worker died; analysing its articles again one by one")
    pool.shutdown(wait=True, cancel_futures=True)
    pending = [item for batch, _ in in_flight for item in batch]
    in_flight.clear()
    pool = _new_pool(workers)
    results = []
    for item in pending:
        result, pool = _alone(item, pool, workers, time_limit_s)
        results.append(result)
    return results, pool


def _alone(
    item: ArticleInput, pool: ProcessPoolExecutor, workers: int, time_limit_s: float
) -> tuple[Result, ProcessPoolExecutor]:
    """One article in a task of its own; a failure if even that kills its worker (the
    pool to go on with is then a new one)."""
    try:
        (result,) = pool.submit(_analyze_batch, [item], time_limit_s).result()
        return result, pool
    except BrokenProcessPool:
        pool.shutdown(wait=True, cancel_futures=True)
        failure = AnalysisFailure(item[0], "analysis-error", "the analysis worker process died")
        return failure, _new_pool(workers)


def _new_pool(workers: int) -> ProcessPoolExecutor:
    # spawn, not fork: the main process may hold threads (a progress bar's) and an open
    # SQLite connection, neither of which survives a fork safely.
    return ProcessPoolExecutor(
        max_workers=workers,
        mp_context=multiprocessing.get_context("spawn"),
        initializer=_start_worker,
    )


_analyzer: Analyzer | None = None


def _start_worker() -> None:
    """Load the model once per worker, with one BLAS thread (the workers are the
    parallelism); Ctrl-C is the main process's to handle, which ends the workers."""
    global _analyzer
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    from newsweave.analyze.analyzer import Analyzer
    from newsweave.analyze.nlp import one_blas_thread

    one_blas_thread()  # for the worker's whole life
    _analyzer = Analyzer()


def _analyze_batch(batch: list[ArticleInput], time_limit_s: float) -> list[Result]:
    assert _analyzer is not None, "worker not started"
    return list(_analyzer.analyze_within(batch, time_limit_s))
