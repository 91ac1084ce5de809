"""Shared helpers for the report tests: invented articles analysed into ledger inputs."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

import pytest

from newsweave.reports.ledger import LedgerArticle

LedgerInput = Callable[[list[tuple[str, str, str]]], list[LedgerArticle]]


@pytest.fixture(scope="session")
def ledger_articles() -> LedgerInput:
    """``(outlet, ISO date, text)`` triples -> analysed LedgerArticles (ids a1, a2...)."""
    from newsweave.analyze.analyzer import Analyzer

    analyzer = Analyzer()

    def make(items: list[tuple[str, str, str]]) -> list[LedgerArticle]:
        articles = []
        for number, (outlet, day, text) in enumerate(items, start=1):
            published = datetime.fromisoformat(day).replace(tzinfo=UTC)
            analysis = analyzer.analyze(f"a{number}", text, published, "en")
            articles.append(
                LedgerArticle(
                    f"a{number}", outlet, published, text, analysis.quotes, analysis.entities
                )
            )
        return articles

    return make
