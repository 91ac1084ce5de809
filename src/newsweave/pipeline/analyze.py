"""The analysis step: every stored article without a current analysis gets one.

Runs over what the store holds, so it picks up where a killed run stopped; spaCy is
loaded only when there is something to analyze. Each article is analyzed within the
per-document time limit; one that runs out of time (or fails) is recorded as an
analysis failure with its reason and left out of later runs, unless they retry
failures (``newsweave analyze --retry-failed``) or a new analyzer version runs.

With more than one worker the model runs in worker processes (``pipeline.workers``),
one per core by default, with results equal to one process's; this process alone
writes the store.
"""

from __future__ import annotations

import itertools
import logging
from collections.abc import Callable, Iterator

from newsweave.analyze import ANALYSIS_VERSION
from newsweave.analyze.batches import ArticleInput
from newsweave.limits import DEFAULT_TIME_LIMIT_S
from newsweave.pipeline.workers import WORKER_MIN_ARTICLES, analyze_in_workers, default_workers
from newsweave.records import Analysis, AnalysisFailure
from newsweave.store.analyses import articles_to_analyze, save_analysis, save_analysis_failure
from newsweave.store.db import Store

log = logging.getLogger(__name__)


def analyze_new_articles(
    store: Store,
    *,
    on_article: Callable[[str], None] | None = None,
    on_failure: Callable[[AnalysisFailure], None] | None = None,
    time_limit_s: float = DEFAULT_TIME_LIMIT_S,
    retry_failed: bool = False,
    workers: int | None = None,
) -> int:
    """Analyze every article without a current analysis; returns how many were done.

    Failures are recorded in the store and passed to ``on_failure``; ``on_article`` is
    called for every article tried, analyzed or not. ``workers``: processes running
    the model (1: this one); None: one per core, when there are enough articles to
    repay starting them (``WORKER_MIN_ARTICLES``), else this process.
    """
    pending = articles_to_analyze(store, ANALYSIS_VERSION, retry_failed=retry_failed)
    head = list(itertools.islice(pending, WORKER_MIN_ARTICLES))
    if not head:
        return 0
    if workers is None:
        workers = default_workers() if len(head) >= WORKER_MIN_ARTICLES else 1
    items = ((a.id, a.text, a.published, a.language) for a in itertools.chain(head, pending))
    if workers > 1:
        results = analyze_in_workers(items, workers=workers, time_limit_s=time_limit_s)
    else:
        results = _in_process(items, time_limit_s)
    return _save_results(store, results, on_article, on_failure)


def _in_process(
    items: Iterator[ArticleInput], time_limit_s: float
) -> Iterator[Analysis | AnalysisFailure]:
    from newsweave.analyze.analyzer import Analyzer  # spaCy loads only when needed
    from newsweave.analyze.nlp import one_blas_thread

    with one_blas_thread():  # as in a worker: the same numbers, no spinning threads
        yield from Analyzer().analyze_within(items, time_limit_s)


def _save_results(
    store: Store,
    results: Iterator[Analysis | AnalysisFailure],
    on_article: Callable[[str], None] | None,
    on_failure: Callable[[AnalysisFailure], None] | None,
) -> int:
    done = failed = 0
    for result in results:
        if isinstance(result, AnalysisFailure):
            save_analysis_failure(store, result, ANALYSIS_VERSION)
            failed += 1
            log.warning(
                "analysis of %s failed: %s (%s)", result.article_id, result.reason, result.detail
            )
            if on_failure:
                on_failure(result)
        else:
            save_analysis(store, result, ANALYSIS_VERSION)
            done += 1
        if on_article:
            on_article(result.article_id)
    log.info("analyzed %d articles, %d failed", done, failed)
    return done
