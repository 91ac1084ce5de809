"""The web load benchmark end to end on a tiny made-up Timeline17-layout folder."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from web_corpus import detokenize, generated

TOPICS = {
    "flood_wire": (
        "The river Marren rose two metres overnight , officials said .\n"
        "Residents of Holloway Cross were moved to the school -LRB- about 300 people -RRB- .\n"
        "`` We saw the water come in fast , '' said a council spokesman .\n"
        "Crews worked through the night to shore up the barrier .\n"
        "The council said the barrier had been inspected in 2023 ."
    ),
    "strike_post": (
        "Workers at the Aldwick plant walked out on Monday over pay .\n"
        "The union said talks with the management had failed .\n"
        "The company said it had offered a rise of 4 % .\n"
        "Pickets gathered at the gates before dawn .\n"
        "Talks are expected to resume later this week ."
    ),
}


def fake_t17(folder: Path) -> Path:
    for topic, text in TOPICS.items():
        (folder / topic).mkdir(parents=True)
        rows = [
            {"id": str(day), "time": f"2025-03-{10 + day:02d}", "text": text} for day in range(6)
        ]
        (folder / topic / "articles.jsonl").write_text(
            "".join(json.dumps(row) + "\n" for row in rows)
        )
    return folder


def test_detokenize_undoes_ptb_tokens() -> None:
    assert detokenize("`` We saw it , '' he said -LRB- twice -RRB- .") == (
        '"We saw it," he said (twice).'
    )
    assert detokenize("It is n't 4 % of BP 's cost .") == "It isn't 4% of BP's cost."


def test_generated_articles_recombine_the_folder(tmp_path: Path) -> None:
    rows = list(generated(30, data=fake_t17(tmp_path / "t17")))
    assert len(rows) == 30 and len({r["url"] for r in rows}) == 30
    assert all(r["text"] and r["title"] and r["outlet"] and r["published"] for r in rows)


@pytest.mark.slow
def test_web_load_runs_and_ends_with_its_json(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import web_load

    code = web_load.main(
        ["--articles", "40", "--requests", "6", "--connections", "2", "--ingest-articles", "8",
         "--analyze-newest", "2", "--data", str(fake_t17(tmp_path / "t17")),
         "--work", str(tmp_path / "work")]
    )  # fmt: skip
    assert code == 0
    last = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert last["errors"] == 0 and last["articles"] >= 30
    for key in ("stories_rps", "report_p99_ms", "search_p99_ms"):
        assert last[key] > 0
