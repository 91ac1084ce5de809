"""Timelines of stored stories: read through the store, with or without a stored
analysis, other languages left out."""

from __future__ import annotations

from datetime import date

import pytest

from newsweave.errors import StoreError
from newsweave.pipeline.analyze import analyze_new_articles
from newsweave.pipeline.group import group_new_articles
from newsweave.pipeline.ingest import ingest_paths
from newsweave.records import Story
from newsweave.reports.timeline.subject import story_timeline, subject_timeline
from newsweave.store.db import Store
from tests.conftest import write_footbridge_story


@pytest.fixture(scope="module", params=[True, False], ids=["analyzed", "not-analyzed"])
def footbridge_store(
    tmp_path_factory: pytest.TempPathFactory, request: pytest.FixtureRequest
) -> Store:
    folder = tmp_path_factory.mktemp("timeline")
    store = Store(folder / "timeline.db")
    ingest_paths(store, [str(write_footbridge_story(folder / "in"))])
    if request.param:
        analyze_new_articles(store)
    group_new_articles(store)
    return store


def _story(store: Store) -> Story:
    return next(story for story in store.iter_stories() if "Northern Wire" in story.outlets)


def test_a_stored_story_has_its_days_and_traceable_sentences(footbridge_store: Store) -> None:
    story = _story(footbridge_store)
    timeline = story_timeline(footbridge_store, story.id[:12])
    assert timeline.id == story.id and timeline.label == story.title
    days = [entry.day for entry in timeline.entries]
    assert days[:2] == [date(2025, 6, 3), date(2025, 6, 4)]
    collapse = timeline.entries[0]
    assert any("collapsed" in s.text for s in collapse.sentences)
    for entry in timeline.entries:
        for sentence in entry.sentences:
            for carrier in sentence.carriers:
                article = footbridge_store.get_article(carrier.article_id)
                assert article.outlet == carrier.outlet
                assert article.language in (None, "en")
                text = article.text[carrier.start : carrier.end]
                if carrier.article_id == sentence.article_id:
                    assert text == sentence.text
    assert timeline.undated == ()


def test_the_wire_copy_is_one_entry_with_both_outlets(footbridge_store: Store) -> None:
    timeline = story_timeline(footbridge_store, _story(footbridge_store).id, sentences=3)
    collapse = timeline.entries[0]
    wire = [s for s in collapse.sentences if "Northern Wire" in s.outlets]
    assert wire and "Porthmere Evening Post" in wire[0].outlets


def test_any_set_of_stored_articles(footbridge_store: Store) -> None:
    story = _story(footbridge_store)
    radio = [
        a for a in story.article_ids if footbridge_store.get_article(a).outlet == "Valley Radio"
    ]
    timeline = subject_timeline(footbridge_store, "line-1", "Radio only", radio, dates=1)
    assert timeline.id == "line-1" and timeline.label == "Radio only"
    assert [entry.day for entry in timeline.entries] == [date(2025, 6, 4)]
    assert {s.article_id for e in timeline.entries for s in e.sentences} == set(radio)


def test_an_unknown_story_is_a_store_error(footbridge_store: Store) -> None:
    with pytest.raises(StoreError):
        story_timeline(footbridge_store, "ffffffffffff")


def test_story_timeline_reads_nothing_else(footbridge_store: Store) -> None:
    # A timeline is a read: the store is unchanged by it.
    before = footbridge_store.count_articles(), footbridge_store.count_stories()
    story_timeline(footbridge_store, _story(footbridge_store).id)
    assert (footbridge_store.count_articles(), footbridge_store.count_stories()) == before
