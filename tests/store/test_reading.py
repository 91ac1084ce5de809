"""Read sessions for a server: bounded in time, and a clear error for every store
that cannot answer."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from newsweave.errors import StoreError
from newsweave.store.db import Store
from newsweave.store.reading import ReadSession, StoreBusy, session_error

COUNT_TO_MILLIONS = (
    "WITH RECURSIVE c(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM c WHERE n < 50000000)"
    " SELECT count(*) FROM c"
)


@pytest.fixture
def store(db_path: Path) -> Path:
    with Store(db_path):
        pass
    return db_path


def test_a_statement_past_the_time_limit_is_interrupted(store: Path) -> None:
    with ReadSession(str(store), time_limit_s=0.05, busy_timeout_s=0.1) as session:
        with pytest.raises(sqlite3.OperationalError, match="interrupted") as caught:
            session.conn.execute(COUNT_TO_MILLIONS).fetchone()
        error = session_error(str(store), caught.value, 0.05)
    assert isinstance(error, StoreBusy) and "longer than 0.05 s" in str(error)


def test_a_locked_store_is_busy(store: Path) -> None:
    holder = sqlite3.connect(store, isolation_level=None)
    holder.execute("PRAGMA locking_mode = EXCLUSIVE")
    holder.execute("BEGIN EXCLUSIVE")
    holder.execute("CREATE TABLE held (x)")
    try:
        with pytest.raises(StoreBusy, match="locked"):
            ReadSession(str(store), time_limit_s=5, busy_timeout_s=0.1)
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    with ReadSession(str(store), time_limit_s=5, busy_timeout_s=0.1) as session:
        assert session.count_articles() == 0


def test_missing_and_foreign_files_say_what_they_are(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="no database"):
        ReadSession(str(tmp_path / "none.db"), time_limit_s=5, busy_timeout_s=0.1)
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"not sqlite " * 500)
    with pytest.raises(StoreError, match="not a newsweave store"):
        ReadSession(str(junk), time_limit_s=5, busy_timeout_s=0.1)


def test_a_session_never_writes(store: Path) -> None:
    session = ReadSession(str(store), time_limit_s=5, busy_timeout_s=0.1)
    with session, pytest.raises(sqlite3.OperationalError, match="readonly"):
        session.conn.execute("CREATE TABLE t (x)")
