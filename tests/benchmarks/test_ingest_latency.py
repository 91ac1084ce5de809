"""The ingest latency benchmark's store builder and timed runs, at a tiny size (needs the
development data in ../shared; skipped without it)."""

from __future__ import annotations

import sqlite3
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest

from tests.conftest import REPO, SHARED

DATA = SHARED / "data"
needs_data = pytest.mark.skipif(
    not (DATA / "summaries" / "neus").is_dir()
    or not (DATA / "stories" / "ecbplus").is_dir()
    or not (DATA / "quotes" / "polnear" / "dev").is_dir(),
    reason=f"development data (NeuS, ECB+, PolNeAR) not found under {DATA}",
)

# benchmarks/ is not a package: import its modules by path.
sys.path.insert(0, str(REPO / "benchmarks"))

SIZE = 30


def test_failed_run_is_recorded_not_raised(tmp_path: Path) -> None:
    import ingest_latency as bench

    env = bench.subprocess_env()
    run = bench.timed(["no-such-command"], env, tmp_path)
    assert run.code != 0
    assert run.problem.startswith(f"exit {run.code}: ")
    assert "no-such-command" in run.problem  # the tail of its stderr
    case = bench.Case("new", 1000, [run])
    now = datetime.now(UTC)
    stored = bench.BuiltStore(tmp_path, 1000, tmp_path / "x.db", tmp_path / "x.html", now)
    result = bench.summary(bench.Case("startup", None), [case], [stored])
    assert result["failures"] == 1
    assert "new_s_1k" not in result  # no successful run, no median
    assert "| exit" in bench.table(bench.Case("startup", None), [case], [stored])


@pytest.mark.shared
@pytest.mark.slow
@needs_data
def test_tiny_store_is_complete_and_both_cases_run(tmp_path: Path) -> None:
    import ingest_latency as bench

    built = bench.ensure_store(tmp_path / "stores", SIZE, rebuild=False)
    assert bench.store_counts(built.db) == {"articles": SIZE, "analyzed": SIZE, "grouped": SIZE}
    conn = sqlite3.connect(built.db)
    try:
        # Every article went through the grouping stage's records, and the stored input
        # file is one of the articles.
        for table in ("dedup_records", "story_features"):
            assert conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0] == SIZE
        assert conn.execute("SELECT count(*) FROM stories").fetchone()[0] >= 1
        sources = [r[0] for r in conn.execute("SELECT source FROM raw_documents")]
        assert str(built.stored_input) in sources
        # Each analysis holds the sentences the project's splitter found.
        with_sentences = conn.execute(
            "SELECT count(*) FROM analyses WHERE json_array_length(data, '$.sentences') > 0"
        ).fetchone()[0]
        assert with_sentences == SIZE
    finally:
        conn.close()
    # A second call reuses the cached store rather than building it again.
    again = bench.ensure_store(tmp_path / "stores", SIZE, rebuild=False)
    assert again.meta["built_at"] == built.meta["built_at"]

    startup, cases = bench.measure([built], 1, tmp_path / "runs", warmup=False)
    for case in [startup, *cases]:
        assert [r.problem for r in case.runs] == [""], case.name
        assert all(r.code == 0 for r in case.runs)
    result = bench.summary(startup, cases, [built])
    assert result["failures"] == 0
    assert set(result) >= {f"new_s_{SIZE}", f"dup_s_{SIZE}", "startup_s", "articles"}
    # The built store is untouched by the timed runs (each ran on a copy).
    assert bench.store_counts(built.db)["articles"] == SIZE
