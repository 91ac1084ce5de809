"""Grouping a first batch in bulk leaves exactly the rows, stories and grouping state the
article-by-article path leaves, and later runs continue from it the same way."""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

import pytest

from newsweave.limits import check_deadline
from newsweave.pipeline.group import group_new_articles
from newsweave.pipeline.ingest import ingest_paths
from newsweave.store.db import Store
from tests.conftest import generated_coverage

# Every table the grouping writes, with the columns that must match (not timestamps),
# in a stable order.
TABLES = {
    "dedup_records": "article_id, seq, data",
    "duplicate_links": "article_id, original_id, kind, similarity",
    "story_features": "article_id, seq, data",
    "story_members": "article_id, story_id",
    "stories": "id, title, start, end, outlets, article_count",
    "grouping_terms": "id, key, df",
    "grouping_postings": "term, seq",
    "grouping_edges": "target, sim, seq",
    "grouping_articles": "seq, article_id, story_id, copy_of, span_first, span_last",
    "grouping_meta": "name, value",
    "dedup_bands": "key, seq",
    "dedup_signatures": "seq, article_id, n_shingles, signature",
    "dedup_hashes": "text_hash, article_id",
    "grouping_failures": "article_id, reason",
}


def _tables(store: Store) -> dict[str, list[tuple[Any, ...]]]:
    found = {
        table: sorted(tuple(r) for r in store.conn.execute(f"SELECT {columns} FROM {table}"))
        for table, columns in TABLES.items()
    }
    # A story's outlet counts are a JSON object: the same counts in any key order.
    found["grouping_stories"] = sorted(
        (r[0], r[1], r[2], json.loads(r[3]))
        for r in store.conn.execute("SELECT story_id, start, end, outlets FROM grouping_stories")
    )
    return found


def _write(folder: Path, name: str, rows: list[dict[str, str]]) -> str:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text("\n".join(json.dumps(r) for r in rows))
    return str(path)


def _grouped(db: Path, inputs: list[str], bulk: bool) -> dict[str, list[tuple[Any, ...]]]:
    with Store(db) as store:
        for path in inputs:
            ingest_paths(store, [path])
            group_new_articles(store, bulk=bulk)
        return _tables(store)


def test_bulk_grouping_writes_what_grouping_one_by_one_writes(tmp_path: Path) -> None:
    rows = generated_coverage(300, seed=11)
    first = _write(tmp_path / "in", "first.jsonl", rows[:240])
    later = _write(tmp_path / "in", "later.jsonl", rows[240:])
    one_by_one = _grouped(tmp_path / "incremental.sqlite", [first, later], bulk=False)
    in_bulk = _grouped(tmp_path / "bulk.sqlite", [first, later], bulk=True)
    # The corpus exercises what the rows record: copies, merges into few stories.
    assert one_by_one["duplicate_links"] and len(one_by_one["story_members"]) > 250
    assert 10 < len(one_by_one["stories"]) < 200
    assert any(r[3] is not None for r in one_by_one["grouping_articles"])  # near-copies
    for table, expected in one_by_one.items():
        assert in_bulk[table] == expected, table


def test_bulk_is_used_only_into_a_store_with_nothing_grouped(tmp_path: Path) -> None:
    from newsweave.pipeline import bulk

    rows = generated_coverage(60, seed=3)
    first = _write(tmp_path / "in", "first.jsonl", rows[:40])
    later = _write(tmp_path / "in", "later.jsonl", rows[40:])
    with Store(tmp_path / "db.sqlite") as store:
        ingest_paths(store, [first])
        calls: list[int] = []
        real = bulk.group_in_bulk

        def counted(*args: Any, **kwargs: Any) -> int:
            calls.append(1)
            return real(*args, **kwargs)

        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(bulk, "group_in_bulk", counted)
            assert group_new_articles(store) == 40  # fewer than BULK_MIN_ARTICLES
            assert calls == []
            ingest_paths(store, [later])
            assert group_new_articles(store, bulk=True) == 20  # the store has stories
            assert calls == []


def test_an_article_out_of_time_in_bulk_is_recorded_and_left_out_as_one_by_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from newsweave.stories.grouper import core

    rows = generated_coverage(40, seed=5)
    slow_title = rows[17]["title"]
    real = core.feature_counts

    def slow_features(doc: Any, **kwargs: Any) -> Any:
        if doc.title == slow_title:
            while True:  # a long loop that checks its deadline, as the real ones do
                time.sleep(0.01)
                check_deadline()
        return real(doc, **kwargs)

    monkeypatch.setattr(core, "feature_counts", slow_features)
    path = _write(tmp_path / "in", "all.jsonl", rows)
    results = {}
    for bulk in (False, True):
        failures: list[Any] = []
        with Store(tmp_path / f"{bulk}.sqlite") as store:
            ingest_paths(store, [path])
            articles = list(store.iter_articles())
            slow = [a.id for a in articles if a.title == slow_title]
            done = group_new_articles(
                store, bulk=bulk, time_limit_s=0.2, on_failure=failures.append
            )
            assert done == len(articles) - len(slow)
            assert sorted(f.article_id for f in failures) == sorted(slow)
            results[bulk] = _tables(store)
    assert results[True] == results[False]
