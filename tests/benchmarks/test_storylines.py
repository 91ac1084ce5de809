"""The storylines benchmark on a made-up Timeline17-layout folder (the real one needs
../shared and runs apart): its scoring helpers and one whole run."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from tests.conftest import REPO

sys.path.insert(0, str(REPO / "benchmarks"))

from storylines import changed_members, main, topic_storylines

BRIDGE = (
    "The Korvane Bridge in Ostrel collapsed into the Ostra river, injuring four people."
    " Divers from the Ostrel fire brigade searched the Ostra for a missing van driver.",
    "An inquiry into the Korvane Bridge collapse in Ostrel heard that inspectors had found"
    " cracks in the piers of the Korvane Bridge two years before it fell into the Ostra.",
)
BANK = (
    "The Central Bank of Varnia raised its main interest rate by a quarter point, governor"
    " Mikael Strand said, citing inflation of 4.1 percent in Varnia.",
)


def test_topic_storylines_and_changed_members() -> None:
    gold = ["a", "a", "a", "b"]
    assert topic_storylines(gold, ["x", "x", "y", "y"]) == {"a": ("x", 2 / 3), "b": ("y", 1.0)}
    ids = ["1", "2", "3", "4"]
    assert changed_members(ids, ["x", "x", "y", "z"], ["p", "p", "q", "r"]) == 0
    assert changed_members(ids, ["x", "x", "y", "z"], ["p", "q", "q", "r"]) == 3


def test_a_whole_run(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # One subject followed by two outlets (two folders, one gold storyline), another alone.
    for folder, texts, days in (
        ("korvane_courier", BRIDGE[:1], ("2025-02-03",)),
        ("korvane_today", BRIDGE[1:], ("2025-03-11",)),
        ("rates_today", BANK, ("2025-03-20",)),
    ):
        (tmp_path / folder).mkdir()
        rows = [
            {"id": str(k), "time": day, "text": text}
            for k, (text, day) in enumerate(zip(texts, days, strict=True))
        ]
        (tmp_path / folder / "articles.jsonl").write_text(
            "".join(json.dumps(r) + "\n" for r in rows)
        )
    # The bridge subject has a reference timeline: its first article's day and text.
    reference = [[["2025-02-03", [BRIDGE[0]]]]]
    (tmp_path / "korvane_courier" / "timelines.jsonl").write_text(json.dumps(reference[0]) + "\n")
    assert main(["--data", str(tmp_path), "--no-analyze"]) == 0
    out = capsys.readouterr().out.splitlines()
    metrics = json.loads(out[-1])
    assert metrics["articles"] == 3 and metrics["rejected"] == 0
    assert metrics["b3_f1"] == 1.0 and metrics["storylines"] == 2
    assert metrics["rebuild_differs"] == 0
    # The storyline's timeline, from the mixed store, holds the reference's day.
    assert metrics["e2e_date_f1"] > 0 and 0 < metrics["e2e_ar1_f"] <= 1
    assert {"b3_precision", "b3_recall", "baseline_b3_f1", "ingest_s"} <= metrics.keys()
