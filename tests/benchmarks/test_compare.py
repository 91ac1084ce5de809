"""The comparison benchmark on made-up NeuS-shaped lines: it reads them, scores a bad
line as unreadable instead of crashing, writes its sample and ends on one JSON line
(the benchmark itself needs ../shared and runs apart)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from compare import main

LINE = {
    "id": "made-up-0",
    "articles": [
        {
            "title": "Dam breach in Brask",
            "text": "About 1,200 residents fled their homes in Brask on Tuesday after the"
            " river Orm burst its banks, according to the mayor's office.",
        },
        {
            "title": "Brask evacuated",
            "text": "Nearly 2,000 people were evacuated from Brask on Tuesday as the Orm"
            " flooded the town, the regional fire service said.",
        },
        {"title": "Orm floods", "text": "Rescue boats searched the flooded streets of Brask."},
    ],
}


def test_the_benchmark_runs_on_neus_shaped_lines(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = tmp_path / "neus.jsonl"
    data.write_text(json.dumps(LINE) + "\nnot json\n", encoding="utf-8")
    sample = tmp_path / "out" / "sample.md"
    main(["--data", str(data), "--sample", str(sample)])
    metrics = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert metrics["stories"] == 1 and metrics["unreadable"] == 1
    assert metrics["number_conflicts"] == 1
    assert "1,200 vs 2,000" in sample.read_text(encoding="utf-8")
    assert "1,200 vs 2,000" in (tmp_path / "out" / "compare_conflicts.md").read_text("utf-8")
