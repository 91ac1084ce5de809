"""Reads scopes: inside one, each article and its analysis is read once and what is
derived from it kept; outside, nothing is kept."""

from __future__ import annotations

import pytest

from newsweave.errors import UnknownId
from newsweave.reports.reads import article_reads, derived, reads_scope
from newsweave.store.db import Store


def test_a_scope_reads_each_article_once(footbridge_db: tuple[str, str]) -> None:
    db, story_id = footbridge_db
    with Store(db, readonly=True) as store:
        ids = store.get_story(story_id).article_ids
        with reads_scope():
            first = article_reads(store, ids)
            again = article_reads(store, list(reversed(ids)))
        outside = article_reads(store, ids)
        for read in first:
            stored = store.get_article(read.id)
            assert read.article == stored
            assert read.text == stored.text
            assert read.analysis == store.get_analysis(stored)
    assert [r.id for r in first] == list(ids)
    assert [r.id for r in again] == list(reversed(ids))
    assert all(a is b for a, b in zip(first, reversed(again), strict=True))
    assert outside == first
    assert all(a is not b for a, b in zip(first, outside, strict=True))


def test_an_unknown_article_raises_unless_missing_is_allowed(
    footbridge_db: tuple[str, str],
) -> None:
    db, story_id = footbridge_db
    with Store(db, readonly=True) as store:
        known = store.get_story(story_id).article_ids[0]
        with pytest.raises(UnknownId):
            article_reads(store, [known, "0" * 64])
        found = article_reads(store, ["0" * 64, known], missing_ok=True)
    assert [read.id for read in found] == [known]


def test_derived_values_are_kept_in_a_scope_only() -> None:
    made: list[int] = []

    def make() -> int:
        made.append(len(made))
        return len(made)

    with reads_scope():
        assert derived(("count", "a"), make) == 1
        assert derived(("count", "a"), make) == 1
        assert derived(("count", "b"), make) == 2
        with reads_scope():  # an inner scope is the enclosing one
            assert derived(("count", "a"), make) == 1
    assert derived(("count", "a"), make) == 3
    assert derived(("count", "a"), make) == 4
