"""The ledger benchmark on made-up NeuS-shaped lines (the real run needs ../shared and
runs apart): it counts merges, scores a story it cannot read as empty, and ends with
one JSON line."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from tests.conftest import REPO

sys.path.insert(0, str(REPO / "benchmarks"))

from ledger import main

STORY = {
    "id": "made-up-0",
    "articles": [
        {
            "title": "Kessing mayor closes north quay",
            "text": "Mayor Ivo Brandt closed the north quay in Kessing on Monday."
            ' "Nobody works on that quay until the crane is safe," Mr Brandt said.',
        },
        {
            "title": "Kessing quay shut after crane scare",
            "text": "The north quay in Kessing was closed on Monday."
            ' "Nobody works on that quay until the crane is safe," said Mayor Ivo Brandt.',
        },
        {"title": "Crane scare", "text": "A crane tilted in Kessing harbour on Monday."},
    ],
}


def test_benchmark_counts_merges_and_ends_with_json(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = tmp_path / "neus.jsonl"
    empty = {"id": "made-up-1", "articles": [{"title": "", "text": ""}]}
    data.write_text(json.dumps(STORY) + "\n" + json.dumps(empty) + "\n", encoding="utf-8")
    sample = tmp_path / "sample.md"
    assert main(["--data", str(data), "--out", str(sample), "--sample", "5"]) == 0
    lines = capsys.readouterr().out.strip().splitlines()
    metrics = json.loads(lines[-1])
    assert metrics["stories"] == 2
    assert metrics["statements_merged"] == 1  # one statement, two outlets
    assert metrics["speakers_merged"] == 1  # "Mr Brandt" and "Mayor Ivo Brandt"
    assert metrics["baseline_statements_merged"] == 1
    assert isinstance(metrics["conflicts"], int)  # counted by the outlet comparison
    text = sample.read_text(encoding="utf-8")
    assert text.count("## Who said what") == 2 and "Ivo Brandt" in text
