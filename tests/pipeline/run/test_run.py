"""``newsweave run`` with the local engine: the same results as ``newsweave ingest``,
filters, resuming from completed shards, ``newsweave load`` into a store."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest

from newsweave.cli import main
from newsweave.errors import NewsweaveError
from newsweave.pipeline.run import RunFilters, RunReport, run
from newsweave.pipeline.run.output import MARKER
from tests.conftest import EXAMPLES, html_page, warc_bytes
from tests.pipeline.run.conftest import ingested, run_results, store_results, table


def test_local_run_gives_what_ingest_stores(
    example_local_run: tuple[Path, RunReport], tmp_path: Path
) -> None:
    output, report = example_local_run
    got = run_results(output)
    expected = ingested([str(EXAMPLES / "corpus")], tmp_path / "ingest.db")
    assert len(got["articles"]) == 15 and report.counts["stories"] == 3
    for key in ("articles", "rejections", "duplicates", "stories", "storylines", "quotes"):
        assert got[key] == expected[key], key
    assert report.ok


def test_load_puts_the_run_in_a_store(
    example_local_run: tuple[Path, RunReport], tmp_path: Path
) -> None:
    from newsweave.pipeline.job import run_ingest_job

    output, _ = example_local_run
    db = tmp_path / "loaded.db"
    main(["load", str(output), "--db", str(db)])
    loaded = store_results(db)
    from newsweave.store.db import Store

    with Store(db) as store:  # the loaded stories are placed in storylines, as ingest does
        expected_lines = {frozenset(line.story_ids) for line in store.iter_storylines()}
    # ... which the run's storylines table holds: ``loaded`` below has them.
    with Store(tmp_path / "ingest.db") as reference:
        run_ingest_job(reference, [str(EXAMPLES / "corpus")])
        assert {frozenset(line.story_ids) for line in reference.iter_storylines()} == expected_lines
    assert expected_lines
    assert loaded == {k: v for k, v in run_results(output).items() if k != "entity_mentions"}
    main(["load", str(output), "--db", str(db)])  # twice: nothing stored twice
    assert store_results(db) == loaded
    # The reports read the loaded stories, and a later ingest groups into them.

    page = tmp_path / "late.html"
    page.write_text(html_page(), encoding="utf-8")
    with Store(db) as store:
        job = run_ingest_job(store, [str(page)])
        assert job.grouped == 1 and store.count_stories() == 4


def test_text_dumps_learn_furniture_across_shards(tmp_path: Path) -> None:
    """Each dump is its own shard, yet the furniture of their outlet is learned from all
    of them, as ingest learns it."""
    corpus = tmp_path / "dumps"
    corpus.mkdir()
    for number in range(4):
        (corpus / f"dump-{number}.txt").write_text(_dump(number), encoding="utf-8")
    run([str(corpus)], str(tmp_path / "out"), analyze=False)
    got = run_results(tmp_path / "out")
    expected = ingested([str(corpus)], tmp_path / "ingest.db")
    assert got["articles"] == expected["articles"] and len(got["articles"]) == 4
    assert not any("Sign up for the Marren Weekly" in a[1] for a in got["articles"].values())


def _dump(number: int) -> str:
    places = ("Holloway Cross", "Quay Street", "Aldwick", "Porthmere")
    place = places[number]
    return "\n".join(
        [
            "Marren Weekly",
            "Home | News | Sport | Weather",
            f"Council publishes report on {place} drainage",
            f"The county council published its review of drainage works in {place} on"
            f" Monday, {number + 2} weeks after residents asked for it.",
            f"Engineers found that {number + 3} culverts under {place} were partly blocked"
            " by silt and fallen branches.",
            "Sign up for the Marren Weekly newsletter and never miss a story",
            "Share this article",
        ]
    )


def _filter_corpus(folder: Path) -> Path:
    pages = [
        ("https://www.herald.example/a", html_page("Flood barrier fails", site="Herald")),
        (
            "https://news.other.example/b",
            html_page("Barrier review", site="Other", published="2025-03-20T08:00:00+00:00"),
        ),
        (
            "https://herald.example/c",
            html_page("Old flood inquiry", site="Herald", published="2024-01-05T08:00:00+00:00"),
        ),
    ]
    folder.mkdir()
    path = folder / "crawl.warc"
    path.write_bytes(warc_bytes([(url, doc.encode()) for url, doc in pages]))
    return path


def test_filters_leave_out_before_analysis(tmp_path: Path) -> None:
    warc = _filter_corpus(tmp_path / "in")
    filters = RunFilters(hosts=("herald.example",), since=date(2025, 3, 1), languages=("en",))
    report = run([str(warc)], str(tmp_path / "out"), filters=filters)
    titles = {a[0] for a in run_results(tmp_path / "out")["articles"].values()}
    assert titles == {"Flood barrier fails"}
    reasons = {r["reason"] for r in table(tmp_path / "out", "filtered")}
    assert reasons == {"host", "date"}
    assert report.counts["analyses"] == 1  # the filtered ones were never analysed


def test_a_stopped_run_restarts_from_its_completed_shards(tmp_path: Path) -> None:
    corpus = EXAMPLES / "corpus"
    first = run([str(corpus)], str(tmp_path / "out"), analyze=False)
    before = run_results(tmp_path / "out")
    shards = sorted(p for p in (tmp_path / "out" / "shards").iterdir() if p.is_dir())
    # As a kill leaves it: one shard written but unmarked, one cut off mid-write.
    (shards[0] / MARKER).unlink()
    (shards[1] / MARKER).unlink()
    cut = shards[1] / "articles.parquet"
    cut.write_bytes(cut.read_bytes()[:100])
    again = run([str(corpus)], str(tmp_path / "out"), analyze=False)
    assert again.shards_resumed == first.shards - 2
    assert run_results(tmp_path / "out") == before
    ids = [r["id"] for r in table(tmp_path / "out", "articles")]
    assert len(ids) == len(set(ids)) == 15
    with pytest.raises(NewsweaveError, match="other settings"):  # would mix two runs
        run([str(corpus)], str(tmp_path / "out"), filters=RunFilters(languages=("de",)))


def _cli(args: list[str]) -> int:
    try:
        main(args)
    except SystemExit as exc:
        return int(exc.code or 0)
    return 0


def test_cli_run_reports_rejections_and_user_errors(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    corpus = tmp_path / "in"
    corpus.mkdir()
    (corpus / "good.html").write_text(html_page(), encoding="utf-8")
    (corpus / "blob.bin").write_bytes(bytes(range(256)) * 40)
    args = ["run", "--input", str(corpus), "--output", str(tmp_path / "out"), "--no-analyze"]
    assert _cli(args) == 1  # one input rejected
    rejections: list[dict[str, Any]] = table(tmp_path / "out", "rejections")
    assert [r["source"] for r in rejections] == [str(corpus / "blob.bin")]
    assert "1 articles" in capsys.readouterr().out
    assert _cli([*args, "--since", "last week"]) == 2
    assert "YYYY-MM-DD" in capsys.readouterr().err


def test_inputs_through_a_filesystem_uri_read_as_local_paths(tmp_path: Path) -> None:
    """s3:// and gs:// inputs are read through pyarrow's filesystems; file:// goes the
    same way, so a folder and a glob of it give the same articles as the plain path."""
    corpus = EXAMPLES / "corpus" / "html"
    run([str(corpus)], str(tmp_path / "plain"), analyze=False)
    run([f"file://{corpus}/*.html"], str(tmp_path / "glob"), analyze=False)
    run([f"file://{corpus}"], str(tmp_path / "folder"), analyze=False)
    plain = {k: v[:4] for k, v in run_results(tmp_path / "plain")["articles"].items()}
    assert len(plain) == 7
    for other in ("glob", "folder"):
        found = run_results(tmp_path / other)
        assert {k: v[:4] for k, v in found["articles"].items()} == plain
        assert found["stories"] == run_results(tmp_path / "plain")["stories"]


def test_output_to_a_filesystem_uri(
    example_local_run: tuple[Path, RunReport], tmp_path: Path
) -> None:
    """--output takes a pyarrow filesystem URI (file:// here; s3:// and gs:// the same
    way): the parts, markers and tables go there, resume from there, and load from there."""
    output = tmp_path / "on-fs"
    report = run([str(EXAMPLES / "corpus")], f"file://{output}", analyze=False)
    assert list(output.glob(f"shards/*/{MARKER}")) and (output / "storylines.parquet").exists()
    again = run([str(EXAMPLES / "corpus")], f"file://{output}", analyze=False)
    assert again.shards_resumed == report.shards and again.counts == report.counts
    plain = run([str(EXAMPLES / "corpus")], str(tmp_path / "plain"), analyze=False)
    assert run_results(output) == run_results(tmp_path / "plain") and plain.counts == again.counts
    db = tmp_path / "from-uri.db"
    main(["load", f"file://{output}", "--db", str(db)])
    assert store_results(db)["stories"] == run_results(output)["stories"]
