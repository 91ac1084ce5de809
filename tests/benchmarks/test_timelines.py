"""The timeline benchmark end to end on a made-up topic in the Timeline17 layout (the
benchmark itself needs ../shared and runs apart)."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from timelines import Reference, Scores, load_references, run

ARTICLES = [
    {
        "id": "1",
        "time": "2025-06-10",
        "text": "The Alder footbridge in Kessing collapsed on Tuesday , injuring four people ."
        " \nEngineers said the middle span had rusted through .",
    },
    {
        "id": "2",
        "time": "2025-06-11",
        "text": "Four people were hurt yesterday when the Alder footbridge collapsed in"
        " Kessing . \nThe council will meet on Thursday to discuss a replacement .",
    },
    {
        "id": "3",
        "time": "2025-06-13",
        "text": "The Kessing council voted yesterday to replace the Alder footbridge ."
        " \nA new bridge could open next spring , the council said .",
    },
    {"id": "4", "time": "2025-06-13", "text": ""},  # no text: rejected by the ingest
]
REFERENCE = [
    ["2025-06-10", ["The Alder footbridge collapses , injuring four people ."]],
    ["2025-06-12", ["The council votes to replace the footbridge ."]],
]


@pytest.fixture
def data(tmp_path: Path) -> Path:
    topic = tmp_path / "data" / "alder_wire"
    topic.mkdir(parents=True)
    (topic / "articles.jsonl").write_text(
        "".join(json.dumps(a) + "\n" for a in ARTICLES), encoding="utf-8"
    )
    (topic / "timelines.jsonl").write_text(json.dumps(REFERENCE) + "\n", encoding="utf-8")
    (topic / "keywords.json").write_text('["alder"]', encoding="utf-8")
    return tmp_path / "data"


def test_references_load_with_their_span_and_length(data: Path) -> None:
    (reference,) = load_references(data / "alder_wire")
    assert reference.span == (date(2025, 6, 10), date(2025, 6, 12))
    assert reference.sentences_per_day == 1


def test_scores_average_precision_and_recall_before_f() -> None:
    scores = Scores()
    scores.add({"rouge_1": (1.0, 0.0), "rouge_2": (0.0, 0.0), "date": (1.0, 1.0)})
    scores.add({"rouge_1": (0.0, 1.0), "rouge_2": (0.0, 0.0), "date": (0.5, 0.5)})
    assert scores.f("rouge_1") == pytest.approx(0.5)  # from P = R = 0.5, not mean of F (0)
    assert scores.f("rouge_2") == 0.0
    assert scores.f("date") == pytest.approx(0.75)
    assert Reference({date(2025, 1, 1): ["a", "b"], date(2025, 1, 2): ["c"]}).sentences_per_day == 2


def test_a_run_scores_both_systems_and_ends_with_the_json_line(
    data: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    run([data / "alder_wire"], tmp_path / "cache")
    lines = capsys.readouterr().out.strip().splitlines()
    metrics = json.loads(lines[-1])
    for key in (
        "ar1_f",
        "ar2_f",
        "date_f1",
        "baseline_ar1_f",
        "baseline_ar2_f",
        "baseline_date_f1",
    ):
        assert 0.0 <= metrics[key] <= 1.0
    assert metrics["date_f1"] == pytest.approx(1.0)  # the collapse and the vote
    assert metrics["ar1_f"] > 0.2
    assert metrics["ingest_rejected"] == 1 and metrics["rejected"] == 0
    assert any(line.startswith("alder_wire") for line in lines)
    # The analysed store is kept in the cache and reused by the next run.
    assert (tmp_path / "cache" / "alder_wire.db").is_file()
