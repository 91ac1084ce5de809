"""The ingest job end to end: formats, idempotence, bad input, and a killed run resumed."""

from __future__ import annotations

import gzip
import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from newsweave.pipeline.ingest import ingest_paths
from newsweave.store.db import Store
from tests.conftest import BODY, html_page, write_mixed_corpus


def test_every_format_becomes_an_article_and_reingest_stores_nothing(tmp_path: Path) -> None:
    expected = write_mixed_corpus(tmp_path / "in")
    with Store(tmp_path / "db.sqlite") as store:
        first = ingest_paths(store, [str(tmp_path / "in")])
        assert (first.new, first.duplicate, first.rejected) == (expected, 0, 0)
        again = ingest_paths(store, [str(tmp_path / "in")])
        assert (again.new, again.duplicate, again.rejected) == (0, expected, 0)
        assert store.count_articles() == expected
        titles = {a.title for a in store.iter_articles()}
    assert "Wire: flood at Holloway" in titles  # JSONL hints win
    assert "Aftermath of the Marren flood" in titles  # from the WARC record


def test_same_article_from_two_sources_is_stored_once(tmp_path: Path) -> None:
    (tmp_path / "a.html").write_text(html_page())
    (tmp_path / "copy-of-a.html").write_text(html_page())
    with Store(tmp_path / "db.sqlite") as store:
        report = ingest_paths(store, [str(tmp_path / "a.html"), str(tmp_path / "copy-of-a.html")])
        assert (report.new, report.duplicate) == (1, 1)
        (article,) = store.iter_articles()
        assert store.sources_of(article.id) == [
            str(tmp_path / "a.html"),
            str(tmp_path / "copy-of-a.html"),
        ]


def bad_inputs(folder: Path) -> dict[str, str | None]:
    """Hostile and broken inputs; value = expected rejection reason, None = must be handled."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "image.html").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    (folder / "empty.txt").write_bytes(b"")
    (folder / "cut.html.gz").write_bytes(gzip.compress(html_page().encode())[:-30])
    (folder / "cp1252.html").write_bytes(
        html_page(title="Café owner’s “flood” warning", charset="windows-1252").encode("cp1252")
    )
    (folder / "latin1.txt").write_bytes(
        ("Straße überflutet\n\n" + "\n\n".join(BODY)).encode("latin-1", "replace")
    )
    (folder / "utf16.html").write_bytes(html_page(title="Zürich flood barrier").encode("utf-16"))
    nested = "<html><body>" + "<div>" * 100_000 + "<p>deep</p>" + "</div>" * 100_000
    (folder / "nested.html").write_text(nested + "</body></html>")
    filler = "<p>" + "Holloway Cross flood filler sentence number. " * 40 + "</p>\n"
    (folder / "huge.html").write_text(
        html_page() + "<div>" + filler * (50_000_000 // len(filler)) + "</div>"
    )
    (folder / "mixed.jsonl").write_text(
        json.dumps({"text": "\n\n".join(BODY), "title": "Good line"}) + "\n{broken json\n"
    )
    return {
        "image.html": "binary",
        "empty.txt": "empty",
        "cut.html.gz": "truncated-gzip",
        "cp1252.html": None,
        "latin1.txt": None,
        "utf16.html": None,
        "nested.html": "any",
        "huge.html": "any",
        "mixed.jsonl#1": "bad-json",
        "mixed.jsonl#0": None,
    }


@pytest.mark.slow
def test_bad_inputs_are_rejected_with_reasons_and_nothing_stored_is_lost(tmp_path: Path) -> None:
    write_mixed_corpus(tmp_path / "good")
    expected = bad_inputs(tmp_path / "bad")
    with Store(tmp_path / "db.sqlite") as store:
        ingest_paths(store, [str(tmp_path / "good")])
        before = {a.id for a in store.iter_articles()}
        started = time.monotonic()
        report = ingest_paths(store, [str(tmp_path / "bad")], time_limit_s=20)
        assert time.monotonic() - started < 120
        reasons = {Path(r.source).name: r.reason for r in store.rejections()}
        titles = {a.title for a in store.iter_articles()}
        after = {a.id for a in store.iter_articles()}
    assert before <= after  # nothing stored before is lost
    assert not report.ok
    for name, reason in expected.items():
        if reason is None:
            assert name not in reasons, f"{name} should have been handled, got {reasons.get(name)}"
        elif reason != "any":
            assert reasons.get(name) == reason, name
    assert "Café owner’s “flood” warning" in titles
    assert "Zürich flood barrier" in titles
    assert "Good line" in titles


KILL_SCRIPT = """
import sys
from newsweave.cli import main
main(["ingest", sys.argv[1], "--db", sys.argv[2]])
"""


@pytest.mark.slow
def test_killed_ingest_resumes_without_loss_or_duplicates(tmp_path: Path) -> None:
    folder = tmp_path / "many"
    folder.mkdir()
    total = 150
    for i in range(total):
        paragraphs = (f"Report number {i} from the flood desk at Holloway Cross.", *BODY)
        (folder / f"page{i:03d}.html").write_text(html_page(f"Flood update {i}", paragraphs))
    db = tmp_path / "db.sqlite"
    proc = subprocess.Popen([sys.executable, "-c", KILL_SCRIPT, str(folder), str(db)])
    deadline = time.monotonic() + 120
    stored = 0
    while time.monotonic() < deadline and proc.poll() is None:
        time.sleep(0.2)
        stored = _count(db)
        if stored >= 10:
            break
    assert proc.poll() is None, "ingest finished before it could be killed; make the corpus larger"
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    assert 0 < _count(db) < total
    resumed = subprocess.run(
        [sys.executable, "-c", KILL_SCRIPT, str(folder), str(db)],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert resumed.returncode == 0, resumed.stderr
    with sqlite3.connect(db) as conn:
        sources = [r[0] for r in conn.execute("SELECT source FROM raw_documents")]
        articles = conn.execute("SELECT count(*) FROM articles").fetchone()[0]
    assert len(sources) == len(set(sources)) == total
    assert articles == total


def _count(db: Path) -> int:
    if not db.exists():
        return 0
    try:
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=1) as conn:
            return int(conn.execute("SELECT count(*) FROM raw_documents").fetchone()[0])
    except sqlite3.Error:
        return 0


RECAP = (
    "The barrier was built in 1987 and last inspected in the spring of 2023, according to"
    " council records published last year."
)
ALERT_LINE = (
    "Holloway Cross residents can sign up for flood alerts through the council text service"
)
UNIQUE_BODY = (
    (
        "Emergency crews worked through the night to shore up the embankment, the county office"
        " said in a statement on its website."
    ),
    (
        "Schools across the district stayed closed while buses moved residents from low-lying"
        " streets to the sports hall."
    ),
    (
        "Farmers upstream reported fields under water for the first time since the barrier was"
        " raised, and asked for compensation."
    ),
    (
        "A second rescue team arrived from the coast shortly after dawn, bringing two boats and a"
        " mobile pump to clear the tunnels."
    ),
)


def chronicle_dump(i: int) -> str:
    """A text dump of the made-up Quay Chronicle: a site line no pattern knows sits in
    the body, and every dump repeats a recap sentence and a quote (body, not furniture)."""
    return "\n".join(
        [
            "The Quay Chronicle",
            "Home | Local | Weather",
            f"Flood update {i}: river levels {'rising' if i % 2 else 'falling'} in Holloway Cross",
            UNIQUE_BODY[i],
            BODY[2],
            ALERT_LINE,
            RECAP,
            "Most read this week",
        ]
    )


def test_furniture_learned_across_an_outlets_dumps_never_body(tmp_path: Path) -> None:
    from newsweave.extract.text.cleaner import clean_text_dump

    assert ALERT_LINE in clean_text_dump(chronicle_dump(0)).paragraphs  # alone it looks like body
    folder = tmp_path / "chronicle"
    folder.mkdir()
    for i in range(4):
        (folder / f"update{i}.txt").write_text(chronicle_dump(i))
    with Store(tmp_path / "db.sqlite") as store:
        assert ingest_paths(store, [str(folder)]).new == 4
        articles = list(store.iter_articles())
    for article in articles:
        assert ALERT_LINE not in article.text  # recurring site line: learned furniture
        assert RECAP in article.text and BODY[2] in article.text  # shared prose stays
        assert article.outlet == "The Quay Chronicle"
        assert article.title and article.title.startswith("Flood update")


@pytest.mark.timeout(60)
def test_folder_with_a_fifo_ingests_its_files_and_reports_the_fifo_skipped(
    tmp_path: Path,
) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "page.html").write_text(html_page())
    os.mkfifo(folder / "pipe.html")
    with Store(tmp_path / "db.sqlite") as store:
        report = ingest_paths(store, [str(folder)])
        assert store.rejections() == []
    assert (report.new, report.rejected, report.ok) == (1, 0, True)
    assert [(Path(s.source).name, s.reason) for s in report.skipped] == [
        ("pipe.html", "not-a-file")
    ]
