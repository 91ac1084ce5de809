"""The analysis step: every stored article without a current analysis gets one.

Runs over what the store holds, so it picks up where a killed run stopped; spaCy is
loaded only when there is something to analyse.
"""

from __future__ import annotations

import itertools
import logging
from collections.abc import Callable

from newsweave.analyze import ANALYSIS_VERSION
from newsweave.store.analyses import articles_to_analyze, save_analysis
from newsweave.store.db import Store

log = logging.getLogger(__name__)


def analyze_new_articles(store: Store, *, on_article: Callable[[str], None] | None = None) -> int:
    """Analyse every article without a current analysis; returns how many were done."""
    pending = articles_to_analyze(store, ANALYSIS_VERSION)
    first = next(pending, None)
    if first is None:
        return 0
    from newsweave.analyze.analyzer import Analyzer  # spaCy loads only when needed

    analyzer = Analyzer()
    items = ((a.id, a.text, a.published, a.language) for a in itertools.chain([first], pending))
    done = 0
    for analysis in analyzer.analyze_many(items):
        save_analysis(store, analysis, ANALYSIS_VERSION)
        done += 1
        if on_article:
            on_article(analysis.article_id)
    log.info("analysed %d articles", done)
    return done
