"""The digest benchmark on a tiny made-up Timeline17-layout folder: conversion (bad
lines counted, not fatal), the stages from an empty store, the second run, the JSON."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from tests.conftest import REPO, generated_coverage

sys.path.insert(0, str(REPO / "benchmarks"))


def _timeline17(folder: Path, count: int) -> Path:
    rows = generated_coverage(count, seed=4)
    for topic in ("flood_herald", "flood_courier"):
        lines = [
            json.dumps({"id": str(i), "time": r.get("published", "")[:10], "text": r["text"]})
            for i, r in enumerate(rows[: count // 2] if "herald" in topic else rows[count // 2 :])
        ]
        (folder / topic).mkdir(parents=True)
        (folder / topic / "articles.jsonl").write_text("\n".join([*lines, "{not json"]) + "\n")
    return folder


def test_conversion_keeps_dates_and_outlets_and_counts_bad_lines(tmp_path: Path) -> None:
    import digest

    data = _timeline17(tmp_path / "t17", 10)
    assert digest.is_timeline17(data)
    written, bad = digest.convert_timeline17(data, tmp_path / "inputs")
    assert (written, bad) == (10, 2)
    first = json.loads((tmp_path / "inputs" / "flood_courier.jsonl").read_text().splitlines()[0])
    assert first["outlet"] == "courier" and set(first) <= {"outlet", "text", "published"}


@pytest.mark.slow
def test_benchmark_prints_stage_times_and_a_second_run(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import digest

    data = _timeline17(tmp_path / "t17", 12)
    argv = ["digest.py", "--data", str(data), "--workers", "1", "--work", str(tmp_path / "w")]
    monkeypatch.setattr(sys, "argv", argv)
    digest.main()
    lines = capsys.readouterr().out.strip().splitlines()
    result = json.loads(lines[-1])
    assert result["articles"] > 0 and result["bad_lines"] == 2
    for key in ("total_s", "analysis_s", "peak_rss_mb", "second_run_s"):
        assert result[key] > 0, key
    assert "reports_s" in result
    assert result["ingest_extract_cpu_s"] > 0 and result["analysis_cpu_s"] > 0
    assert any(line.startswith("second run") for line in lines)
    # Every span the stored reports quote is its article's text at its offsets.
    assert result["quoted_spans"] > 0 and result["untraceable"] == 0
