"""Report sections in the shapes the timeline, quotes and compare sections give
(the preamble's JSON contract), written by hand so the renderers are tested before
those sections are built from a store. Offsets point into made-up article texts."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from newsweave.reports.ledger import LedgerArticle

HERALD, COURIER, WIRE = "The Holloway Herald", "Valley Courier", "Northern Wire"


def sample_sections() -> dict[str, Any]:
    return {
        "timeline": {
            "id": "story-abc",
            "label": "Marren barrier fails",
            "entries": [
                {
                    "date": "2025-03-11",
                    "sentences": [
                        {
                            "text": "Flood barriers on the Marren gave way early on Tuesday.",
                            "article_id": "a1",
                            "start": 0,
                            "end": 55,
                            "outlets": [HERALD, COURIER, WIRE],
                        }
                    ],
                },
                {
                    "date": "2025-03-12",
                    "sentences": [
                        {
                            "text": "The council ordered a review of the barrier.",
                            "article_id": "a2",
                            "start": 10,
                            "end": 54,
                            "outlets": [COURIER],
                        }
                    ],
                },
                {
                    "date": "2025-03",
                    "sentences": [
                        {
                            "text": "Repairs are due to finish in March.",
                            "article_id": "a3",
                            "start": 0,
                            "end": 35,
                            "outlets": [HERALD, WIRE],
                        }
                    ],
                },
            ],
            "undated": ["a4"],
        },
        "quotes": {
            "id": "story-abc",
            "speakers": [
                {
                    "name": "Ingrid Vale",
                    "role": "flood response lead",
                    "side": "county",
                    "anonymous": False,
                    "statements": [
                        {
                            "text": "We saw the river rise faster than any model predicted",
                            "kind": "direct",
                            "cue": "said",
                            "articles": [
                                {
                                    "article_id": "a1",
                                    "outlet": HERALD,
                                    "published": "2025-03-11T08:30:00+00:00",
                                    "start": 120,
                                    "end": 173,
                                }
                            ],
                        }
                    ],
                }
            ],
        },
        "compare": {
            "id": "story-abc",
            "outlets": [COURIER, HERALD, WIRE],
            "facts": [
                {
                    "text": "The barrier failed early on Tuesday.",
                    "outlets": {
                        HERALD: [{"article_id": "a1", "start": 0, "end": 36}],
                        COURIER: [{"article_id": "a2", "start": 0, "end": 30}],
                    },
                },
                {
                    "text": "Sirens sounded minutes before the failure.",
                    "outlets": {WIRE: [{"article_id": "a3", "start": 5, "end": 47}]},
                },
            ],
            "only_one_outlet": [1],
            "conflicts": [
                {
                    "kind": "number",
                    "about": "people evacuated",
                    "sides": [
                        {
                            "text": "1,200 residents were evacuated",
                            "outlet": HERALD,
                            "article_id": "a1",
                            "source": "officials",
                            "start": 200,
                            "end": 230,
                        },
                        {
                            "text": "2,000 people were moved out",
                            "outlet": COURIER,
                            "article_id": "a2",
                            "source": "police",
                            "start": 90,
                            "end": 117,
                        },
                    ],
                }
            ],
            "sourcing": {
                HERALD: {
                    "named": 4,
                    "anonymous": 1,
                    "direct": 3,
                    "reported": 2,
                    "sides": {"county": 3, "residents": 1},
                },
                COURIER: {"named": 2, "anonymous": 3, "direct": 1, "reported": 4, "sides": {}},
                WIRE: {"named": 1, "anonymous": 0, "direct": 0, "reported": 1, "sides": {}},
            },
        },
    }


@pytest.fixture
def sections() -> dict[str, Any]:
    return sample_sections()


@pytest.fixture(scope="module")
def footbridge_db(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, str]:
    """The footbridge story ingested; its database and the id of its English story."""
    from newsweave.pipeline.job import run_ingest_job
    from newsweave.store.db import Store
    from tests.conftest import write_footbridge_story

    folder = tmp_path_factory.mktemp("report")
    db = str(folder / "report.db")
    with Store(db) as store:
        run_ingest_job(store, [str(write_footbridge_story(folder / "in"))])
        story = next(s for s in store.iter_stories() if "Northern Wire" in s.outlets)
    return db, story.id


LedgerInput = Callable[[list[tuple[str, str, str]]], list["LedgerArticle"]]


@pytest.fixture(scope="session")
def ledger_articles() -> LedgerInput:
    """``(outlet, ISO date, text)`` triples -> analysed LedgerArticles (ids a1, a2...)."""
    from newsweave.analyze.analyzer import Analyzer
    from newsweave.reports.ledger import LedgerArticle

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
