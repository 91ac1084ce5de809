"""Two writers on one store at once: two ingests, two grouping runs, two analyzers."""

from __future__ import annotations

import os
import re
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from newsweave.store.db import Store
from newsweave.store.locks import holding, lock_holder
from tests.conftest import REPO, html_page

TOWNS = ("Ashford", "Brindle", "Corrow", "Dunmere", "Elsby", "Farrow")
TOPICS = (
    ("bridge", "The old rail bridge over the canal was closed after inspectors found cracks"),
    ("school", "Parents protested outside the primary school against the planned merger"),
    ("market", "Traders at the covered market said rents had doubled in two years"),
    ("library", "The reading room of the town library reopened after a year of repairs"),
)


def write_articles(folder: Path, outlet: str, count: int) -> None:
    """``count`` distinct articles from one outlet, a few on each made-up topic."""
    folder.mkdir(parents=True)
    for number in range(count):
        town = TOWNS[number % len(TOWNS)]
        topic, lead = TOPICS[number % len(TOPICS)]
        paragraphs = (
            f"{lead} in {town}, {outlet} reported on day {number + 1}.",
            f"Council officers in {town} said a decision on the {topic} was due within"
            f" {number + 2} weeks, and that residents would be asked for their views.",
            f'"We have heard the concerns about the {topic}," said councillor Mara'
            f' Quill of {town}. "Nothing will be decided before the consultation ends."',
        )
        page = html_page(
            f"{town} {topic}: decision due in {number + 2} weeks",
            paragraphs,
            site=outlet,
            published=f"2025-04-{number + 1:02d}T09:00:00+00:00",
        )
        (folder / f"{number:02d}.html").write_text(page, encoding="utf-8")


def start_ingest(folder: Path, db: Path, *extra: str) -> subprocess.Popen[str]:
    env = {**os.environ, "PYTHONPATH": str(REPO / "src")}
    return subprocess.Popen(
        [sys.executable, "-m", "newsweave", "ingest", str(folder), "--db", str(db), *extra],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )


@pytest.mark.slow
@pytest.mark.parametrize(
    "extra",
    [
        (),  # analysis on: both analyzers may take the same pending articles
        ("--no-analyze",),  # grouping starts at once: the race the issue reported
    ],
)
def test_two_ingests_at_once_both_succeed_and_group_each_article_once(
    tmp_path: Path, extra: tuple[str, ...]
) -> None:
    write_articles(tmp_path / "north", "North Ledger", 12)
    write_articles(tmp_path / "south", "South Courier", 12)
    db = tmp_path / "shared.db"  # made by whichever run opens it first
    runs = [start_ingest(tmp_path / name, db, *extra) for name in ("north", "south")]
    results = [(run.wait(timeout=300), *run.communicate()) for run in runs]
    for code, stdout, stderr in results:
        assert code == 0, stderr
        assert "12 new, 0 duplicate, 0 rejected" in stdout
        assert "internal error" not in stderr
    # Each article grouped by exactly one of the runs (a run that found nothing left to
    # group does not mention grouping).
    grouped = [re.search(r"(\d+) grouped", out) for _, out, _ in results]
    assert sum(int(found[1]) for found in grouped if found) == 24

    conn = sqlite3.connect(db)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    articles = {r[0] for r in conn.execute("SELECT id FROM articles")}
    assert len(articles) == 24
    members = [r[0] for r in conn.execute("SELECT article_id FROM story_members")]
    assert sorted(members) == sorted(articles)
    for table in ("dedup_records", "story_features"):
        assert conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0] == 24
    # Every story's row agrees with its members, and no member points to a lost story.
    counts = dict(
        conn.execute("SELECT story_id, count(*) FROM story_members GROUP BY story_id").fetchall()
    )
    assert dict(conn.execute("SELECT id, article_count FROM stories").fetchall()) == counts
    if not extra:
        assert conn.execute("SELECT count(*) FROM analyses").fetchone()[0] == 24
        # An article analyzed by both runs keeps one set of quotes, not two.
        repeated = conn.execute(
            "SELECT count(*) FROM (SELECT 1 FROM quotes GROUP BY article_id, start, end"
            " HAVING count(*) > 1)"
        ).fetchone()[0]
        assert repeated == 0
    assert conn.execute("SELECT count(*) FROM locks").fetchone()[0] == 0  # released


def test_grouping_lock_nests_through_one_store_and_is_released(db_path: Path) -> None:
    with Store(db_path) as store:
        with holding(store, "grouping"):
            held = lock_holder(store, "grouping")
            assert held is not None and held.pid == os.getpid()
            with holding(store, "grouping"):  # regroup_all calls group_new_articles
                assert lock_holder(store, "grouping") == held
            assert lock_holder(store, "grouping") == held
        assert lock_holder(store, "grouping") is None


def test_a_lock_left_by_a_dead_process_is_taken_over(db_path: Path) -> None:
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True, check=True)  # fmt: skip
    dead_pid = int(dead.stdout)
    with Store(db_path) as store:
        import socket

        with store.transaction() as conn:
            conn.execute(
                "INSERT INTO locks (name, owner, host, pid, acquired_at) VALUES (?,?,?,?,?)",
                ("grouping", "killed-run", socket.gethostname(), dead_pid, "2025-01-01"),
            )
        with holding(store, "grouping"):
            held = lock_holder(store, "grouping")
            assert held is not None and held.pid == os.getpid()
        assert lock_holder(store, "grouping") is None
