"""What the run tests share: a local Ray (started once for the module that asks for it,
shut down after), runs of the example corpus, and the results of a run as sets."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq
import pytest

from newsweave.pipeline.run import RunReport, run
from tests.conftest import EXAMPLES


@pytest.fixture(scope="module")
def ray_cluster() -> Iterator[str]:
    """A local Ray of two CPUs; yields its address (for a second driver to join)."""
    ray = pytest.importorskip("ray", reason="Ray not installed (the 'ray' extra)")
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False)
    try:
        yield str(ray.get_runtime_context().gcs_address)
    finally:
        ray.shutdown()


@pytest.fixture(scope="session")
def example_local_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, RunReport]:
    """The example corpus through the local engine (shared: spaCy loads once)."""
    output = tmp_path_factory.mktemp("example-local")
    return output, run([str(EXAMPLES / "corpus")], str(output))


def table(output: Path, name: str) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = pq.read_table(output / f"{name}.parquet").to_pylist()
    return rows


def run_results(output: Path) -> dict[str, Any]:
    """Articles (id -> content), rejections, duplicate links, stories (member sets,
    with titles) and storylines (ids, labels, stories) of a run, comparable between
    runs and with a store."""
    return {
        "articles": {
            r["id"]: (r["title"], r["text"], r["published"], r["outlet"], r["url"])
            for r in table(output, "articles")
        },
        "rejections": {(r["source"], r["reason"]) for r in table(output, "rejections")},
        "duplicates": {
            (r["article_id"], r["original_id"], r["kind"]) for r in table(output, "duplicates")
        },
        "stories": {
            (frozenset(json.loads(r["article_ids"])), r["title"]) for r in table(output, "stories")
        },
        "storylines": {
            (r["id"], r["label"], tuple(json.loads(r["story_ids"])))
            for r in table(output, "storylines")
        },
        "quotes": len(table(output, "quotes")),
        "entity_mentions": len(table(output, "entity_mentions")),
    }


def store_results(db: Path) -> dict[str, Any]:
    """The same sets, from a store (as ``newsweave ingest`` or ``load`` left it)."""
    from newsweave.store.db import Store

    with Store(db) as store:
        return {
            "articles": {
                a.id: (
                    a.title,
                    a.text,
                    a.published.isoformat() if a.published else None,
                    a.outlet,
                    a.url,
                )
                for a in store.iter_articles()
            },
            "rejections": {(r.source, r.reason) for r in store.rejections()},
            "duplicates": {(d.article_id, d.original_id, d.kind) for d in store.duplicate_links()},
            "stories": {(frozenset(s.article_ids), s.title) for s in store.iter_stories()},
            "storylines": {(s.id, s.label, s.story_ids) for s in store.iter_storylines()},
            "quotes": len(list(store.iter_quote_rows())),
        }


def ingested(inputs: list[str], db: Path) -> dict[str, Any]:
    """What ``newsweave ingest`` makes of ``inputs`` in a new store."""
    from newsweave.pipeline.job import run_ingest_job
    from newsweave.store.db import Store

    with Store(db) as store:
        run_ingest_job(store, inputs)
    return store_results(db)
