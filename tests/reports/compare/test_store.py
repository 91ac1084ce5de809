"""Comparisons of stored stories: read through the store, with or without analysis."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsweave.pipeline.analyze import analyze_new_articles
from newsweave.pipeline.group import group_new_articles
from newsweave.pipeline.ingest import ingest_paths
from newsweave.reports.compare.store import compare_subject, story_comparison
from newsweave.store.db import Store
from tests.conftest import write_footbridge_story


@pytest.fixture(scope="module", params=[True, False], ids=["analyzed", "not-analyzed"])
def footbridge(tmp_path_factory: pytest.TempPathFactory, request: pytest.FixtureRequest) -> Store:
    folder: Path = tmp_path_factory.mktemp("compare-store")
    store = Store(folder / "story.db")
    ingest_paths(store, [str(write_footbridge_story(folder / "in"))])
    if request.param:
        analyze_new_articles(store)
    group_new_articles(store)
    return store


def test_a_stored_story_is_compared_copies_once_other_languages_left_out(
    footbridge: Store,
) -> None:
    story = next(s for s in footbridge.iter_stories() if "Northern Wire" in s.outlets)
    comparison = story_comparison(footbridge, story.id[:12])
    assert comparison.id == story.id and comparison.label == story.title
    # The Porthmere Evening Post runs the wire report with one line of its own: it is
    # an outlet for that line only; the German report is left out.
    assert "Lorntal Tagblatt" not in comparison.outlets
    for fact in comparison.facts:
        for outlet, places in fact.outlets.items():
            for place in places:
                article = footbridge.get_article(place.article_id)
                assert article.outlet == outlet
                assert article.text[place.start : place.end] == place.text
    post = [f for f in comparison.facts if "Porthmere Evening Post" in f.outlets]
    assert [f.text for f in post] == [
        "Porthmere commuters who used the footbridge were told to take the ferry instead."
    ]


def test_the_subject_wrapper_takes_any_article_ids(footbridge: Store) -> None:
    story = next(s for s in footbridge.iter_stories() if "Northern Wire" in s.outlets)
    first = story.article_ids[:1]
    comparison = compare_subject(footbridge, "subject-1", "One article", first)
    assert comparison.id == "subject-1"
    assert len(comparison.outlets) == 1 and comparison.only_one_outlet == ()
