"""Stages that run over what the store holds, each only on what it has not seen yet.

Ingest stores articles; these stages then bring the derived records up to date:
language analysis (sentences, entities, times, quotes) for every article that lacks
an analysis by the current analyser version.
"""

from __future__ import annotations

import itertools
import logging
from collections.abc import Callable

from newsweave.store.analyses import articles_to_analyse, save_analysis
from newsweave.store.db import Store

log = logging.getLogger(__name__)

# Bump when the analysis output changes, so stored analyses are redone on next run.
ANALYSIS_VERSION = "1"


def analyse_new_articles(
    store: Store, *, on_article: Callable[[str], None] | None = None
) -> int:
    """Analyse every article without a current analysis; returns how many were done."""
    from newsweave.analyze.pipeline import Analyzer  # spaCy loads only when needed

    pending = articles_to_analyse(store, ANALYSIS_VERSION)
    first = next(pending, None)
    if first is None:
        return 0
    analyzer = Analyzer()
    items = (
        (a.id, a.text, a.published, a.language) for a in itertools.chain([first], pending)
    )
    done = 0
    for analysis in analyzer.analyze_many(items):
        save_analysis(store, analysis, ANALYSIS_VERSION)
        done += 1
        if on_article:
            on_article(analysis.article_id)
    log.info("analysed %d articles", done)
    return done
