"""Articles for the comparison tests: made-up reports analysed by the real analyzer
(sentences, entities, time expressions, quotes), so the rules are tested on what they
will meet."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

import pytest

from newsweave.analyze.analyzer import Analyzer
from newsweave.reports.compare.facts import ComparedArticle

MakeArticle = Callable[..., ComparedArticle]

# Two outlets' reports of one flood, with two counts of the people who left.
HERALD = (
    "About 1,200 residents fled their homes in Brask on Tuesday after the river Orm burst"
    " its banks, according to the mayor's office.\n\n"
    "Rescue boats from three neighbouring towns joined the search for people still inside."
)
COURIER = (
    "Nearly 2,000 people were evacuated from Brask on Tuesday as the Orm flooded the town,"
    " the regional fire service said.\n\n"
    "The town's sports hall has been turned into a shelter with 300 camp beds."
)


@pytest.fixture(scope="session")
def analyzer() -> Analyzer:
    return Analyzer()


@pytest.fixture(scope="session")
def article(analyzer: Analyzer) -> MakeArticle:
    """``article(outlet, text, day=12, copy_of=None, id=None)``: one analysed article
    published on ``day`` March 2025 (None: undated)."""

    def make(
        outlet: str,
        text: str,
        day: int | None = 12,
        copy_of: str | None = None,
        id: str | None = None,
    ) -> ComparedArticle:
        published = datetime(2025, 3, day, 9, 0, tzinfo=UTC) if day else None
        article_id = id or f"{outlet.lower().replace(' ', '-')}-{day}-{abs(hash(text)) % 10**6}"
        analysis = analyzer.analyze(article_id, text, published, "en")
        return ComparedArticle(
            id=article_id,
            outlet=outlet,
            published=published,
            text=text,
            sentences=analysis.sentences,
            entities=analysis.entities,
            times=analysis.times,
            quotes=analysis.quotes,
            copy_of=copy_of,
        )

    return make
