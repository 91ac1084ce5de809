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

import os
from collections.abc import Iterable, Iterator
from functools import partial
from typing import TYPE_CHECKING

from newsweave.analyze.batches import ArticleInput, batches
from newsweave.pipeline.pool import OrderedPool
from newsweave.records import Analysis, AnalysisFailure

if TYPE_CHECKING:
    from newsweave.analyze.analyzer import Analyzer


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
    with OrderedPool(workers, initializer=_start_worker) as pool:
        yield from pool.map_batches(
            partial(_analyze_batch, time_limit_s=time_limit_s),
            batches(items),
            died=_worker_died,
            ahead=BATCHES_PER_WORKER,
        )


def _worker_died(item: ArticleInput) -> AnalysisFailure:
    """An article whose own task killed its worker process."""
    return AnalysisFailure(item[0], "analysis-error", "the analysis worker process died")


_analyzer: Analyzer | None = None


def _start_worker() -> None:
    """Load the model once per worker, with one BLAS thread (the workers are the
    parallelism)."""
    global _analyzer
    from newsweave.analyze.analyzer import Analyzer
    from newsweave.analyze.nlp import one_blas_thread

    one_blas_thread()  # for the worker's whole life
    _analyzer = Analyzer()


def _analyze_batch(batch: list[ArticleInput], *, time_limit_s: float) -> list[Result]:
    assert _analyzer is not None, "worker not started"
    return list(_analyzer.analyze_within(batch, time_limit_s))
