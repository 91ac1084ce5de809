"""The command line as a user meets it: help, exit codes, one-line errors, exports."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import html_page, write_mixed_corpus


def run(*args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "newsweave", *args],
        input=stdin.decode() if stdin is not None else None,
        capture_output=True,
        text=True,
        timeout=300,
    )


@pytest.fixture(scope="module")
def filled_db(tmp_path_factory: pytest.TempPathFactory) -> str:
    folder = tmp_path_factory.mktemp("corpus")
    write_mixed_corpus(folder / "in")
    (folder / "in" / "broken.jsonl").write_text("{nope\n")
    db = str(folder / "cli.db")
    result = run("ingest", str(folder / "in"), "--db", db)
    assert result.returncode == 1, result.stderr  # one input was rejected
    assert "4 new, 0 duplicate, 1 rejected" in result.stdout
    assert "broken.jsonl#0: bad-json" in result.stderr
    return db


def test_help_lists_commands() -> None:
    result = run("--help")
    assert result.returncode == 0
    for command in ("ingest", "export", "show", "search", "rejects", "articles", "storylines"):
        assert command in result.stdout


def test_ingest_help_names_formats() -> None:
    result = run("ingest", "--help")
    assert result.returncode == 0
    assert "WARC" in result.stdout and "JSONL" in result.stdout


def test_export_jsonl_fields(filled_db: str) -> None:
    result = run("export", "articles", "--db", filled_db)
    assert result.returncode == 0, result.stderr
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(rows) == 4
    for row in rows:
        assert {
            "id",
            "source",
            "url",
            "outlet",
            "title",
            "published",
            "author",
            "language",
            "text",
        } <= row.keys()
    wire = next(r for r in rows if r["outlet"] == "Northern Wire")
    assert wire["source"].endswith("wire.jsonl#0")
    assert wire["published"] == "2025-03-11T07:00:00+00:00"
    assert "\n\n" in wire["text"]


def test_storylines_listed_and_exported(filled_db: str) -> None:
    stories = [
        json.loads(x) for x in run("export", "stories", "--db", filled_db).stdout.split("\n") if x
    ]
    result = run("export", "storylines", "--db", filled_db)
    assert result.returncode == 0, result.stderr
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert lines and all(
        {"id", "label", "story_ids", "article_ids", "start", "end", "outlets"} <= row.keys()
        for row in lines
    )
    # Every story is in exactly one storyline, and has a label.
    by_id = {row["id"]: row for row in lines}
    for story in stories:
        assert story["label"] and story["id"] in by_id[story["storyline_id"]]["story_ids"]
        assert set(story["article_ids"]) <= set(by_id[story["storyline_id"]]["article_ids"])
    assert sorted(s for row in lines for s in row["story_ids"]) == sorted(s["id"] for s in stories)
    listed = run("storylines", "--db", filled_db)
    assert listed.returncode == 0, listed.stderr
    for row in lines:
        assert row["id"][:16] in listed.stdout
    assert "label" in run("stories", "--db", filled_db).stdout


def test_export_csv_and_parquet(filled_db: str, tmp_path: Path) -> None:
    result = run("export", "articles", "--format", "csv", "--db", filled_db)
    assert result.returncode == 0, result.stderr
    assert len(list(csv.DictReader(io.StringIO(result.stdout)))) == 4
    target = tmp_path / "a.parquet"
    result = run("export", "articles", "--format", "parquet", "-o", str(target), "--db", filled_db)
    assert result.returncode == 0, result.stderr
    import pyarrow.parquet as pq

    assert pq.read_table(target).num_rows == 4
    result = run("export", "articles", "--format", "parquet", "--db", filled_db)
    assert result.returncode == 2 and "give --output" in result.stderr


def test_search_show_rejects(filled_db: str) -> None:
    result = run("search", "barrier", "--db", filled_db)
    assert result.returncode == 0 and "Barrier review ordered" in result.stdout
    article_id = json.loads(run("export", "articles", "--db", filled_db).stdout.splitlines()[0])[
        "id"
    ]
    shown = run("show", article_id[:8], "--db", filled_db, "--dropped")
    assert shown.returncode == 0 and "Holloway Cross" in shown.stdout
    rejected = run("rejects", "--db", filled_db)
    assert "bad-json" in rejected.stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("show", "ffff0000"), "no article with id ffff0000"),  # unknown id
        (("show", "not-an-id"), "not an article id"),  # malformed id
        (
            (
                "search",
                "AND AND (",
            ),
            "bad search query",
        ),  # FTS syntax error
    ],
)
def test_errors_are_one_line(filled_db: str, args: tuple[str, ...], message: str) -> None:
    result = run(*args, "--db", filled_db)
    assert result.returncode == 2
    assert message in result.stderr
    assert "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_missing_database_is_one_line(tmp_path: Path) -> None:
    result = run("articles", "--db", str(tmp_path / "none.db"))
    assert result.returncode == 2 and "no database at" in result.stderr


def test_stdin_ingest(tmp_path: Path) -> None:
    db = str(tmp_path / "stdin.db")
    result = run("ingest", "-", "--db", db, stdin=html_page().encode())
    assert result.returncode == 0, result.stderr
    assert "1 new" in result.stdout


def test_repeating_an_ingest_killed_before_grouping_groups_then_regroup_redoes_it(
    tmp_path: Path,
) -> None:
    from newsweave.pipeline.ingest import ingest_paths
    from newsweave.store.db import Store

    folder = tmp_path / "in"
    write_mixed_corpus(folder)
    db = str(tmp_path / "killed.db")
    with Store(db) as store:  # what a run killed after storing, before grouping, leaves
        ingest_paths(store, [str(folder)])
    result = run("stories", "--db", db)
    assert "no stories yet" in result.stdout
    result = run("ingest", str(folder), "--db", db, "--no-analyze")
    assert result.returncode == 0, result.stderr
    assert "0 new, 4 duplicate" in result.stdout and "4 grouped into stories" in result.stdout
    listed = run("stories", "--db", db).stdout
    result = run("regroup", "--db", db)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("4 articles regrouped into ")
    assert run("stories", "--db", db).stdout == listed  # same articles, same settings


def unwrapped(text: str) -> str:
    """Without whitespace: rich wraps long lines (and paths) at the terminal width."""
    return "".join(text.split())


# Runs the CLI, then reports the process's peak resident memory (VmHWM: ru_maxrss
# would count the pytest process this one was forked from) on stderr. The address-space
# cap turns a runaway read into a quick MemoryError, not a swamped machine.
PEAK_MEMORY_SCRIPT = """
import re, resource, sys
resource.setrlimit(resource.RLIMIT_AS, (4 << 30, 4 << 30))
from newsweave.cli import main
try:
    main(sys.argv[1:])
finally:
    with open("/proc/self/status") as status:
        peak = re.search(r"VmHWM:\\s+(\\d+) kB", status.read())
    print("peak-rss-kib", peak.group(1) if peak else 0, file=sys.stderr)
"""


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="needs Linux /proc")
@pytest.mark.timeout(120)
def test_named_device_is_refused_quickly_with_bounded_memory(tmp_path: Path) -> None:
    db = tmp_path / "db.sqlite"
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            PEAK_MEMORY_SCRIPT,
            "ingest",
            "/dev/zero",
            "--db",
            str(db),
            "--no-analyze",
        ],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 1, result.stderr
    assert unwrapped("/dev/zero: not-a-file") in unwrapped(result.stderr)
    assert "0 new, 0 duplicate, 1 rejected" in result.stdout
    peak_kib = int(result.stderr.split("peak-rss-kib")[1].split()[0])
    assert 0 < peak_kib < 400 * 1024  # what importing newsweave takes, nothing read


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="needs /dev/zero")
@pytest.mark.timeout(120)
def test_fifo_and_device_inside_a_folder_are_skipped_not_failed(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "page.html").write_text(html_page())
    os.mkfifo(folder / "pipe.html")
    (folder / "zero.txt").symlink_to("/dev/zero")
    result = run("ingest", str(folder), "--db", str(tmp_path / "db.sqlite"), "--no-analyze")
    assert result.returncode == 0, result.stderr
    assert "1 new, 0 duplicate, 0 rejected, 2 skipped" in result.stdout
    stderr = unwrapped(result.stderr)
    assert unwrapped("pipe.html: a FIFO (named pipe), not a regular file") in stderr
    assert unwrapped("zero.txt: a character device, not a regular file") in stderr


@pytest.mark.timeout(120)
def test_named_fifo_is_rejected_not_waited_on(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pipe.html")
    result = run("ingest", str(tmp_path / "pipe.html"), "--db", str(tmp_path / "db.sqlite"))
    assert result.returncode == 1, result.stderr
    assert unwrapped("pipe.html: not-a-file") in unwrapped(result.stderr)
