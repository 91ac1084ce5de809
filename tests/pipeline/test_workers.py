"""Analysis in worker processes: the same stored analyses as one process, failures
recorded as in one process, and a stopped run finished by the next without loss or
duplicates, even when a worker is killed mid-run."""

from __future__ import annotations

import json
import multiprocessing
import os
import signal
from pathlib import Path
from typing import Any

import pytest

from newsweave.pipeline.analyze import analyze_new_articles
from newsweave.pipeline.ingest import ingest_paths
from newsweave.records import AnalysisFailure
from newsweave.store.db import Store
from tests.conftest import EXAMPLES, generated_coverage

pytestmark = pytest.mark.slow  # each test starts two worker processes that load spaCy

# Enough articles for several model batches (32 each), so both workers get some.
ARTICLES = 80


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("corpus")
    rows = generated_coverage(ARTICLES, seed=21)
    (folder / "generated.jsonl").write_text("\n".join(json.dumps(r) for r in rows))
    return folder


def _ingested(db: Path, corpus: Path) -> Store:
    store = Store(db)
    ingest_paths(store, [str(corpus), str(EXAMPLES / "corpus")])
    return store


def _analyses(store: Store) -> dict[str, list[tuple[Any, ...]]]:
    queries = {
        "analyses": "SELECT article_id, version, language, data FROM analyses",
        "quotes": "SELECT article_id, start, end, text, kind, speaker, speaker_name,"
        " anonymous, cue FROM quotes",
        "entities": "SELECT article_id, cluster, label, mentions FROM entity_mentions",
        "failures": "SELECT article_id, reason FROM analysis_failures",
    }
    return {name: sorted(tuple(r) for r in store.conn.execute(q)) for name, q in queries.items()}


def test_two_workers_store_exactly_what_one_process_stores(tmp_path: Path, corpus: Path) -> None:
    results = {}
    for workers in (1, 2):
        with _ingested(tmp_path / f"{workers}.sqlite", corpus) as store:
            articles = len(list(store.iter_articles()))
            assert analyze_new_articles(store, workers=workers) == articles
            results[workers] = _analyses(store)
    assert articles > 2 * 32
    assert results[1]["quotes"] and results[1]["entities"]  # the analysis found things
    assert results[2] == results[1]


def test_failures_in_workers_are_recorded_and_retried_only_on_request(
    tmp_path: Path, corpus: Path
) -> None:
    failures: list[AnalysisFailure] = []
    with _ingested(tmp_path / "db.sqlite", corpus) as store:
        articles = {a.id for a in store.iter_articles()}
        done = analyze_new_articles(
            store, workers=2, time_limit_s=0.001, on_failure=failures.append
        )
        assert done == 0 and {f.article_id for f in failures} == articles
        assert {f.reason for f in store.analysis_failures()} == {"timeout"}
        assert analyze_new_articles(store, workers=2) == 0  # failed: not tried again
        assert analyze_new_articles(store, workers=2, retry_failed=True) == len(articles)
        assert store.analysis_failures() == []


class _Stop(Exception):
    pass


def test_a_stopped_run_is_finished_by_the_next_without_loss_or_duplicates(
    tmp_path: Path, corpus: Path
) -> None:
    with _ingested(tmp_path / "db.sqlite", corpus) as store:
        articles = len(list(store.iter_articles()))
        saved: list[str] = []

        def stop_after_some(article_id: str) -> None:
            saved.append(article_id)
            if len(saved) == 40:
                raise _Stop

        with pytest.raises(_Stop):
            analyze_new_articles(store, workers=2, on_article=stop_after_some)
        assert store.conn.execute("SELECT count(*) FROM analyses").fetchone()[0] == 40
        again: list[str] = []
        assert analyze_new_articles(store, workers=2, on_article=again.append) == articles - 40
        assert not set(again) & set(saved)
        assert store.conn.execute("SELECT count(*) FROM analyses").fetchone()[0] == articles
    assert not multiprocessing.active_children()  # the workers of both runs ended


def test_a_killed_worker_costs_no_article(tmp_path: Path, corpus: Path) -> None:
    with _ingested(tmp_path / "db.sqlite", corpus) as store:
        articles = len(list(store.iter_articles()))
        killed: list[int] = []

        def kill_a_worker(_article_id: str) -> None:
            workers = multiprocessing.active_children()
            if not killed and workers:
                killed.append(workers[0].pid or 0)
                os.kill(killed[0], signal.SIGKILL)

        failures: list[AnalysisFailure] = []
        done = analyze_new_articles(
            store, workers=2, on_article=kill_a_worker, on_failure=failures.append
        )
        assert killed and failures == []
        assert done == articles
        assert store.conn.execute("SELECT count(*) FROM analyses").fetchone()[0] == articles
