"""Every mistake a user can make is one line, exit 2, saying what to do; exit 3 (an
internal error) is left for bugs."""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest

from newsweave.cli import main
from newsweave.pipeline.ingest import ingest_paths
from newsweave.store.db import Store
from tests.conftest import write_mixed_corpus

# (tmp_path, a filled store, monkeypatch) -> the command line to run
Setup = Callable[[Path, Path, pytest.MonkeyPatch], list[str]]


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("errors") / "in"
    write_mixed_corpus(folder)
    return folder


@pytest.fixture
def filled_db(tmp_path: Path, corpus: Path) -> Path:
    db = tmp_path / "filled.db"
    with Store(db) as store:
        ingest_paths(store, [str(corpus)])
    return db


def not_sqlite(tmp_path: Path) -> str:
    path = tmp_path / "notes.txt"
    path.write_text("these are my notes, not a database\n" * 20)
    return str(path)


def foreign_sqlite(tmp_path: Path) -> str:
    path = tmp_path / "other.db"
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE contacts (name TEXT)")
    return str(path)


def read_only(db: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    """The store made read-only. root ignores file modes, so when the tests run as
    root SQLite is also made to open it read-only, as it does for any other user."""
    db.chmod(0o444)
    if os.geteuid() == 0:
        connect = sqlite3.connect

        def connect_read_only(path: str, *args: object, **kwargs: object) -> sqlite3.Connection:
            if str(path) == str(db):
                return connect(f"{db.resolve().as_uri()}?mode=ro", *args, uri=True, **kwargs)  # type: ignore[arg-type]
            return connect(path, *args, **kwargs)  # type: ignore[arg-type]

        monkeypatch.setattr(sqlite3, "connect", connect_read_only)
    return str(db)


def without_search_index(db: Path) -> str:
    with sqlite3.connect(db) as conn:
        conn.execute("DROP TABLE articles_fts")
    return str(db)


def from_a_newer_version(db: Path) -> str:
    with sqlite3.connect(db) as conn:
        conn.execute("PRAGMA user_version = 999")
    return str(db)


CASES: list[tuple[str, Setup, str]] = [
    # export to a folder that does not exist: say to create it
    (
        "export-missing-folder",
        lambda t, db, _: ["export", "articles", "--db", str(db), "-o", str(t / "no" / "a.jsonl")],
        "does not exist; create it first",
    ),
    # the same for Parquet, which pyarrow writes
    (
        "export-parquet-missing-folder",
        lambda t, db, _: [
            "export",
            "articles",
            "--format",
            "parquet",
            "--db",
            str(db),
            "-o",
            str(t / "no" / "a.parquet"),
        ],
        "does not exist; create it first",
    ),
    # export onto a folder: ask for a file name
    (
        "export-to-folder",
        lambda t, db, _: ["export", "quotes", "--db", str(db), "-o", str(t)],
        "is a folder: give a file name",
    ),
    # every reading command on a file that is not SQLite at all
    *(
        (
            f"{command.replace(' ', '-')}-not-sqlite",
            (lambda t, _db, _m, command=command: [*command.split(), "--db", not_sqlite(t)]),
            "(not an SQLite database): give --db a file `newsweave ingest` made",
        )
        for command in (
            "articles",
            "search flood",
            "show abc123",
            "stories",
            "rejects",
            "duplicates",
            "export articles",
            "export stories",
        )
    ),
    # ingest into a file that is not SQLite: nothing is overwritten
    (
        "ingest-not-sqlite",
        lambda t, db, _: ["ingest", str(t), "--db", not_sqlite(t)],
        "not an SQLite database",
    ),
    # an SQLite database of some other program: not touched, not migrated
    (
        "ingest-foreign-sqlite",
        lambda t, db, _: ["ingest", str(t), "--db", foreign_sqlite(t)],
        "not a newsweave store: give --db a file `newsweave ingest` made, or a new path",
    ),
    # reading an empty file (made by `touch`): ingest first
    (
        "articles-empty-file",
        lambda t, _db, _: ["articles", "--db", str((t / "e.db", (t / "e.db").touch())[0])],
        "empty database: run `newsweave ingest` into it first",
    ),
    # --db naming a folder, reading ("disk I/O error" before)
    (
        "articles-db-folder",
        lambda t, _db, _: ["articles", "--db", str(t)],
        "is a folder: give a database file, e.g.",
    ),
    # --db naming a folder, writing
    (
        "ingest-db-folder",
        lambda t, _db, _: ["ingest", str(t), "--db", str(t)],
        "is a folder: give a database file, e.g.",
    ),
    # --db under a path that is a file, so no folder can be made for it
    (
        "ingest-db-under-a-file",
        lambda t, db, _: ["ingest", str(t), "--db", str(db / "sub" / "x.db")],
        "choose another --db path",
    ),
    # ingest into a read-only store: before any input is read
    (
        "ingest-read-only",
        lambda t, db, m: ["ingest", str(t), "--db", read_only(db, m)],
        "read-only; make both writable",
    ),
    # analyze (a writing command) on a read-only store
    (
        "analyze-read-only",
        lambda t, db, m: ["analyze", "--db", read_only(db, m)],
        "read-only; make both writable",
    ),
    # search in a store whose FTS table was dropped: not the query's fault
    (
        "search-no-index",
        lambda t, db, _: ["search", "flood", "--db", without_search_index(db)],
        "full-text index is missing: run `newsweave analyze`",
    ),
    # an FTS5 syntax error: the message shows the syntax
    (
        "search-bad-syntax",
        lambda t, db, _: ["search", "flood AND (", "--db", str(db)],
        "FTS5 syntax: words",
    ),
    # a store written by a newer newsweave (schema version ahead of this one)
    (
        "ingest-newer-store",
        lambda t, db, _: ["ingest", str(t), "--db", from_a_newer_version(db)],
        "upgrade newsweave to use it",
    ),
]


@pytest.mark.parametrize(("setup", "advice"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_user_error_is_one_line_with_exit_2(
    setup: Setup,
    advice: str,
    tmp_path: Path,
    filled_db: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.delenv("NEWSWEAVE_DEBUG", raising=False)
    args = setup(tmp_path, filled_db, monkeypatch)
    with pytest.raises(SystemExit) as exit_:
        main(args)
    err = capsys.readouterr().err
    assert exit_.value.code == 2, err
    assert err.count("\n") == 1 and err.startswith("newsweave: error: "), err
    assert advice in err
    assert "internal error" not in err


def test_missing_search_index_is_rebuilt_by_a_writing_command(filled_db: Path) -> None:
    without_search_index(filled_db)
    with Store(filled_db) as store:  # what `newsweave analyze` (or ingest) opens
        hits = store.search("barrier")
    assert hits and all("arrier" in snippet for _, snippet in hits)
