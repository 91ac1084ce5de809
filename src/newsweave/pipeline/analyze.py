"""The analysis step: every stored article without a current analysis gets one.

Runs over what the store holds, so it picks up where a killed run stopped; spaCy is
loaded only when there is something to analyze. Each article is analyzed within the
per-document time limit; one that runs out of time (or fails) is recorded as an
analysis failure with its reason and left out of later runs, unless they retry
failures (``newsweave analyze --retry-failed``) or a new analyzer version runs.
"""

from __future__ import annotations

import itertools
import logging
from collections.abc import Callable

from newsweave.analyze import ANALYSIS_VERSION
from newsweave.limits import DEFAULT_TIME_LIMIT_S
from newsweave.records import AnalysisFailure
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
) -> int:
    """Analyze every article without a current analysis; returns how many were done.

    Failures are recorded in the store and passed to ``on_failure``; ``on_article`` is
    called for every article tried, analyzed or not.
    """
    pending = articles_to_analyze(store, ANALYSIS_VERSION, retry_failed=retry_failed)
    first = next(pending, None)
    if first is None:
        return 0
    from newsweave.analyze.analyzer import Analyzer  # spaCy loads only when needed

    analyzer = Analyzer()
    items = ((a.id, a.text, a.published, a.language) for a in itertools.chain([first], pending))
    done = failed = 0
    for result in analyzer.analyze_within(items, time_limit_s):
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
