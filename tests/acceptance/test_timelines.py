"""Timelines of the seeds and of the example corpus read as intended: the BBC report's
events under its day, the undated Independent article listed as undated, the Halvard
dam breach day by day over 12-14 March 2025."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from newsweave.pipeline.analyze import analyze_new_articles
from newsweave.pipeline.group import group_new_articles
from newsweave.pipeline.ingest import ingest_paths
from newsweave.reports.timeline.records import Timeline
from newsweave.reports.timeline.subject import story_timeline
from newsweave.store.db import Store
from tests.conftest import EXAMPLES, SHARED

SEEDS = SHARED / "seeds"
EXPECTED: dict[str, Any] = json.loads((EXAMPLES / "expected.json").read_text(encoding="utf-8"))


def _stored(folder: Path, inputs: Path) -> Store:
    store = Store(folder / "timeline.db")
    ingest_paths(store, [str(inputs)])
    analyze_new_articles(store)
    group_new_articles(store)
    return store


def _assert_traceable(store: Store, timeline: Timeline) -> None:
    for entry in timeline.entries:
        for sentence in entry.sentences:
            article = store.get_article(sentence.article_id)
            assert article.text[sentence.start : sentence.end] == sentence.text
            for carrier in sentence.carriers:
                other = store.get_article(carrier.article_id)
                assert other.outlet == carrier.outlet
                assert other.text[carrier.start : carrier.end].strip()


@pytest.mark.shared
@pytest.mark.skipif(not SEEDS.is_dir(), reason=f"seed articles not found at {SEEDS}")
def test_seed_timeline(tmp_path: Path) -> None:
    with _stored(tmp_path, SEEDS) as store:
        (story,) = list(store.iter_stories())
        timeline = story_timeline(store, story.id)
        outlet_of = {a: store.get_article(a).outlet for a in story.article_ids}
        _assert_traceable(store, timeline)
    independent = [a for a, outlet in outlet_of.items() if outlet == "The Independent"]
    assert list(timeline.undated) == independent
    days = [entry.day for entry in timeline.entries]
    assert days == [date(2007, 1, 24)]
    (entry,) = timeline.entries
    assert {s.outlet for s in entry.sentences} == {"BBC News"}
    assert any("ambassador" in s.text for s in entry.sentences)


@pytest.fixture(scope="module")
def examples_store(tmp_path_factory: pytest.TempPathFactory) -> Store:
    return _stored(tmp_path_factory.mktemp("examples-timeline"), EXAMPLES / "corpus")


def _story_of(store: Store, intended: str) -> str:
    file_of = {
        article.id: Path(source).relative_to(EXAMPLES).as_posix()
        for article in store.iter_articles()
        for source in store.sources_of(article.id)
    }
    story_of_file = {case["file"]: case["story"] for case in EXPECTED["articles"]}
    return next(
        story.id
        for story in store.iter_stories()
        if {story_of_file[file_of[a]] for a in story.article_ids} == {intended}
    )


def test_dam_breach_timeline_runs_over_12_to_14_march(examples_store: Store) -> None:
    timeline = story_timeline(examples_store, _story_of(examples_store, "main"))
    _assert_traceable(examples_store, timeline)
    by_day = {entry.day: " ".join(s.text for s in entry.sentences) for entry in timeline.entries}
    assert {date(2025, 3, 12), date(2025, 3, 13), date(2025, 3, 14)} <= set(by_day)
    # Before the breach only the days the reports date themselves: the lake's level.
    assert all(day >= date(2025, 3, 10) for day in by_day), sorted(by_day)
    assert "evacuated" in by_day[date(2025, 3, 12)] or "homes" in by_day[date(2025, 3, 12)]
    assert "inquiry" in by_day[date(2025, 3, 14)]
    outlets = {o for entry in timeline.entries for s in entry.sentences for o in s.outlets}
    assert len(outlets) >= 3
    assert timeline.undated == ()


def test_the_spillway_collapse_is_its_own_timeline(examples_store: Store) -> None:
    timeline = story_timeline(examples_store, _story_of(examples_store, "other-event"))
    _assert_traceable(examples_store, timeline)
    days = {entry.day for entry in timeline.entries}
    assert date(2024, 9, 16) in days
    assert all(day.year == 2024 for day in days)
