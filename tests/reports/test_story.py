"""Summaries of stored stories: read through the store, copies once, other languages
left out and said so."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsweave.errors import StoreError
from newsweave.pipeline.analyze import analyze_new_articles
from newsweave.pipeline.group import group_new_articles
from newsweave.pipeline.ingest import ingest_paths
from newsweave.records import Story
from newsweave.reports.story import story_summary
from newsweave.store.db import Store
from tests.conftest import write_footbridge_story


def _store(folder: Path, *, analyze: bool) -> Store:
    store = Store(folder / "story.db")
    ingest_paths(store, [str(write_footbridge_story(folder / "in"))])
    if analyze:
        analyze_new_articles(store)
    group_new_articles(store)
    return store


@pytest.fixture(scope="module", params=[True, False], ids=["analyzed", "not-analyzed"])
def footbridge_store(
    tmp_path_factory: pytest.TempPathFactory, request: pytest.FixtureRequest
) -> Store:
    return _store(tmp_path_factory.mktemp("footbridge"), analyze=request.param)


def _story_of(store: Store, outlet: str) -> Story:
    return next(story for story in store.iter_stories() if outlet in story.outlets)


def test_a_stored_story_is_summarised_from_every_outlet(footbridge_store: Store) -> None:
    story = _story_of(footbridge_store, "Northern Wire")
    summary = story_summary(footbridge_store, story.id[:12], sentences=4)
    assert summary.id == story.id and summary.label == story.title
    assert len(summary.sentences) == 4
    assert {s.outlet for s in summary.sentences} == {
        "Northern Wire",
        "Aldwick Courier",
        "Valley Radio",
    }
    for sentence in summary.sentences:
        article = footbridge_store.get_article(sentence.article_id)
        assert article.text[sentence.start : sentence.end] == sentence.text
        assert article.outlet == sentence.outlet


def test_the_syndicated_copy_counts_once(footbridge_store: Store) -> None:
    story = _story_of(footbridge_store, "Northern Wire")
    summary = story_summary(footbridge_store, story.id, sentences=8)
    by_outlet = {footbridge_store.get_article(a).outlet: a for a in story.article_ids}
    texts = [s.text for s in summary.sentences]
    assert len(texts) == len(set(texts))
    wire = [s for s in summary.sentences if s.outlet == "Northern Wire"]
    assert wire and all(s.also_in == (by_outlet["Porthmere Evening Post"],) for s in wire)
    # What the copy adds of its own may appear, under the copy's outlet.
    for sentence in summary.sentences:
        if sentence.outlet == "Porthmere Evening Post":
            assert sentence.text.startswith("Porthmere commuters")


def test_an_article_in_another_language_is_left_out_and_said_so(
    footbridge_store: Store,
) -> None:
    story = _story_of(footbridge_store, "Lorntal Tagblatt")
    summary = story_summary(footbridge_store, story.id)
    assert summary.sentences == ()
    assert [(left.outlet, left.reason) for left in summary.left_out] == [
        ("Lorntal Tagblatt", "language")
    ]


def test_stories_are_found_by_prefix_with_or_without_the_story_prefix(
    footbridge_store: Store,
) -> None:
    story = _story_of(footbridge_store, "Northern Wire")
    assert footbridge_store.get_story(story.id) == story
    assert footbridge_store.get_story(story.id.removeprefix("story-")[:6]) == story
    with pytest.raises(StoreError, match="no story"):
        footbridge_store.get_story("story-000000000000")
    with pytest.raises(StoreError, match="not a story id"):
        footbridge_store.get_story("'; DROP TABLE stories")
    with pytest.raises(StoreError, match="ambiguous"):
        footbridge_store.get_story("story-")
