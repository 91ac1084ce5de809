"""Ingest and bulk grouping with worker processes store exactly the rows one process
stores (the same articles, rejections, duplicate links and stories, in the same
order), a small batch never starts a worker, a worker that dies costs only its
document, and a run stopped midway is finished by the next without loss or
duplicates."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from newsweave.pipeline import ingest
from newsweave.pipeline.group import group_new_articles
from newsweave.pipeline.group_workers import HERE_FIRST
from newsweave.pipeline.ingest import ingest_paths
from newsweave.pipeline.pool import OrderedPool
from newsweave.store.db import Store
from tests.conftest import BODY, EXAMPLES, generated_coverage

pytestmark = pytest.mark.slow  # each parallel run starts worker processes (~1 s)

SITE_LINE = "Tidewater Bulletin readers may report loose moorings on the harbour form"

# What ingest stores, in storage order, without timestamps.
INGEST_ROWS = {
    "articles": "SELECT seq, id, raw_id, source, url, outlet, title, published, author,"
    " language, text, dropped FROM articles ORDER BY seq",
    "raw_documents": "SELECT rowid, id, source, format, status, article_id, size"
    " FROM raw_documents ORDER BY rowid",
    "rejections": "SELECT source, reason, detail, raw_id FROM rejections ORDER BY source",
}
GROUPING_ROWS = {
    "duplicate_links": "SELECT article_id, original_id, kind, similarity FROM duplicate_links"
    " ORDER BY article_id",
    "dedup_records": "SELECT article_id, seq, data FROM dedup_records ORDER BY article_id",
    "story_features": "SELECT article_id, seq, data FROM story_features ORDER BY article_id",
    "story_members": "SELECT article_id, story_id FROM story_members ORDER BY article_id",
    "stories": "SELECT id, title, start, end, outlets, article_count FROM stories ORDER BY id",
    "storylines": "SELECT id, seq, label, start, end, story_count, article_count, profile"
    " FROM storylines ORDER BY id",
    "storyline_stories": "SELECT * FROM storyline_stories ORDER BY 1, 2",
    "grouping_articles": "SELECT seq, article_id, story_id, copy_of FROM grouping_articles"
    " ORDER BY seq",
    "grouping_failures": "SELECT article_id, reason FROM grouping_failures ORDER BY 1",
}


def _rows(db: Path, queries: dict[str, str]) -> dict[str, list[tuple[Any, ...]]]:
    with Store(db, readonly=True) as store:
        return {name: [tuple(r) for r in store.conn.execute(q)] for name, q in queries.items()}


def _dump(i: int) -> str:
    """A harbour notice as a scraper saves it; most carry the site's own line."""
    lines = [
        f"Dredging reaches berth {i} as the spring tides ease",
        f"The harbour master said berth {i} would take deeper hulls by the end of the month,"
        " once the silt bar had been cleared.",
        BODY[i % len(BODY)],
    ]
    if i % 3:
        lines.insert(2, SITE_LINE)
    return "\n".join(lines)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example corpus (HTML, text, feeds), text dumps of one site in two folders,
    a JSONL file with a bad line, and a file named twice."""
    folder = tmp_path_factory.mktemp("corpus")
    shutil.copytree(EXAMPLES / "corpus", folder / "examples")
    for i in range(14):
        site = folder / ("bulletin" if i < 9 else "bulletin-archive")
        site.mkdir(exist_ok=True)
        (site / f"notice-{i:02d}.txt").write_text(_dump(i), encoding="utf-8")
    rows = [json.dumps(r) for r in generated_coverage(30, seed=4)]
    rows.insert(5, "{not json")
    (folder / "wire.jsonl").write_text("\n".join(rows), encoding="utf-8")
    return folder


@pytest.fixture
def small_batches(monkeypatch: pytest.MonkeyPatch) -> None:
    """Batches and windows of a few documents, so that a small corpus goes through
    several of each, workers from the first."""
    monkeypatch.setattr(ingest, "WORKER_MIN_DOCUMENTS", 2)
    monkeypatch.setattr(ingest, "DOCUMENT_WINDOW", 5)
    monkeypatch.setattr(ingest, "TEXT_DUMP_BATCH", 6)


def _ingested(db: Path, corpus: Path, workers: int) -> ingest.IngestReport:
    paths = [str(corpus), str(corpus / "wire.jsonl")]
    with Store(db) as store:
        return ingest_paths(store, paths, workers=workers)


def _submits(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Counts the chunks given to worker processes."""
    submitted: list[int] = []
    real = OrderedPool._submit

    def counted(self: OrderedPool, task: Any, batch: list[Any]) -> Any:
        submitted.append(len(batch))
        return real(self, task, batch)

    monkeypatch.setattr(OrderedPool, "_submit", counted)
    return submitted


@pytest.mark.usefixtures("small_batches")
def test_ingest_in_workers_stores_what_one_process_stores(
    tmp_path: Path, corpus: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    alone = _ingested(tmp_path / "one.db", corpus, workers=1)
    submitted = _submits(monkeypatch)
    parallel = _ingested(tmp_path / "two.db", corpus, workers=2)
    assert sum(submitted) >= alone.new  # every document went through the workers
    expected = _rows(tmp_path / "one.db", INGEST_ROWS)
    assert _rows(tmp_path / "two.db", INGEST_ROWS) == expected
    assert (parallel.new, parallel.duplicate, parallel.rejected) == (
        alone.new,
        alone.duplicate,
        alone.rejected,
    )
    assert parallel.new_article_ids == alone.new_article_ids
    # The corpus exercises what matters: learned furniture, a bad line, a file twice.
    learned = [a for a in expected["articles"] if "learned-furniture" in a[-1]]
    assert learned and all(SITE_LINE not in a[10] for a in learned)
    assert any(r[1] == "bad-json" for r in expected["rejections"])
    assert alone.duplicate >= 30


def test_a_small_batch_is_extracted_and_grouped_without_workers(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    submitted = _submits(monkeypatch)
    folder = tmp_path / "in"
    folder.mkdir()
    rows = generated_coverage(40, seed=8)
    (folder / "new.jsonl").write_text("\n".join(json.dumps(r) for r in rows))
    with Store(tmp_path / "db.sqlite") as store:
        assert ingest_paths(store, [str(folder), str(EXAMPLES / "corpus")]).new > 40
        assert group_new_articles(store, bulk=True) > 40
    assert submitted == []


def test_bulk_grouping_in_workers_stores_what_one_process_stores(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    submitted = _submits(monkeypatch)
    folder = tmp_path / "in"
    folder.mkdir()
    rows = generated_coverage(260, seed=13)
    (folder / "coverage.jsonl").write_text("\n".join(json.dumps(r) for r in rows))
    found = {}
    for name, workers in (("one", 1), ("two", 2)):
        with Store(tmp_path / f"{name}.db") as store:
            stored = ingest_paths(store, [str(folder)], workers=1).new
            assert stored > 200  # enough for bulk grouping, and its workers
            assert group_new_articles(store, workers=workers) == stored
        found[name] = _rows(tmp_path / f"{name}.db", GROUPING_ROWS)
        # The first are prepared here while the worker starts, the rest by the worker.
        assert sum(submitted) == (0 if workers == 1 else stored - HERE_FIRST)
    assert found["one"]["duplicate_links"] and 10 < len(found["one"]["stories"]) < 200
    assert found["two"] == found["one"]


def _exit_on_poison(items: list[str]) -> list[str]:
    """A task that kills its worker on the item "poison", as a crash in native code would."""
    if "poison" in items:
        os._exit(3)
    return [item.upper() for item in items]


def test_a_worker_that_dies_costs_only_the_item_that_killed_it() -> None:
    items = ["a", "b", "poison", "c", "d", "e", "f"]
    with OrderedPool(2) as pool:
        done = list(pool.map(_exit_on_poison, items, chunk=2, died=lambda item: f"died: {item}"))
    assert done == ["A", "B", "died: poison", "C", "D", "E", "F"]


class Stopped(Exception):
    """Stands for the run being killed."""


@pytest.mark.usefixtures("small_batches")
def test_a_run_stopped_while_writing_is_finished_by_the_next(
    tmp_path: Path, corpus: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _ingested(tmp_path / "whole.db", corpus, workers=1)
    real = Store.add_document
    written: list[int] = []

    def stopping(self: Store, *args: Any) -> Any:
        if len(written) == 20:
            raise Stopped
        written.append(1)
        return real(self, *args)

    with monkeypatch.context() as patch:
        patch.setattr(Store, "add_document", stopping)
        with pytest.raises(Stopped):
            _ingested(tmp_path / "stopped.db", corpus, workers=2)
    again = _ingested(tmp_path / "stopped.db", corpus, workers=2)
    assert again.new > 0
    whole = _rows(tmp_path / "whole.db", INGEST_ROWS)
    finished = _rows(tmp_path / "stopped.db", INGEST_ROWS)
    # The same documents and articles, each once (stored in another order).
    for name in ("articles", "raw_documents"):
        assert sorted(r[1:] for r in finished[name]) == sorted(r[1:] for r in whole[name])
    assert finished["rejections"] == whole["rejections"]


ORPHAN_SCRIPT = """
import sys, time
from newsweave.pipeline.pool import OrderedPool

if __name__ == "__main__":
    pool = OrderedPool(2)
    assert list(pool.map(sorted, [3, 1, 2, 5], chunk=2, died=repr)) == [1, 3, 2, 5]
    print(" ".join(str(pid) for pid in pool._pool._processes), flush=True)
    time.sleep(600)
"""


def test_workers_end_when_the_main_process_is_killed(tmp_path: Path) -> None:
    script = tmp_path / "orphan.py"
    script.write_text(ORPHAN_SCRIPT)
    env = dict(os.environ, PYTHONPATH=str(Path(ingest.__file__).parents[2]))
    proc = subprocess.Popen(
        [sys.executable, str(script)], stdout=subprocess.PIPE, text=True, env=env
    )
    assert proc.stdout is not None
    workers = [int(pid) for pid in proc.stdout.readline().split()]
    assert len(workers) == 2
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline and any(_alive(pid) for pid in workers):
        time.sleep(0.1)
    assert not any(_alive(pid) for pid in workers)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # A worker that ended is a zombie until init reaps it: that counts as ended.
    status = Path(f"/proc/{pid}/status")
    return not (status.exists() and "State:\tZ" in status.read_text())
