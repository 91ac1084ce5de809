"""Browsing queries over a grouped store: lookups by many ids in chunks, story heads."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsweave.ingest.files import iter_input_files
from newsweave.pipeline.job import run_ingest_job
from newsweave.store import browsing
from newsweave.store.db import Store
from tests.conftest import generated_coverage


@pytest.fixture
def grouped(tmp_path: Path, db_path: Path) -> Path:
    import json

    corpus = tmp_path / "in.jsonl"
    corpus.write_text("".join(json.dumps(r) + "\n" for r in generated_coverage(60)))
    with Store(db_path) as store:
        run_ingest_job(store, list(iter_input_files([str(corpus)])), analyze=False)
    return db_path


def test_lookups_by_many_ids_are_chunked_without_changing_results(
    grouped: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with Store(grouped, readonly=True) as store:
        ids = [a.id for a in store.iter_articles()]
        whole = (
            browsing.articles_by_id(store, ids),
            browsing.story_ids_of(store, ids),
            sorted(browsing.links_among(store, ids), key=lambda k: k.article_id),
        )
        monkeypatch.setattr(browsing, "IDS_PER_QUERY", 7)
        chunked = (
            browsing.articles_by_id(store, ids),
            browsing.story_ids_of(store, ids),
            sorted(browsing.links_among(store, ids), key=lambda k: k.article_id),
        )
    assert chunked == whole
    assert len(whole[0]) == len(ids) and len(whole[1]) == len(ids) and whole[2]


def test_story_heads_are_the_stories_without_members(grouped: Path) -> None:
    with Store(grouped, readonly=True) as store:
        heads = browsing.list_story_heads(store, browsing.Listing(limit=10))
        stories = browsing.list_stories(store, browsing.Listing(limit=10))
    assert heads.total == stories.total > 10
    for head, story in zip(heads.items, stories.items, strict=True):
        assert (head.id, head.title, head.start, head.end, head.outlets) == (
            story.id, story.title, story.start, story.end, story.outlets,
        )  # fmt: skip
        assert head.article_count == len(story.article_ids)
