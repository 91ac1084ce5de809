"""The SQLite store: the boundary between the pipeline and its readers (CLI, web, API).

One connection writes (the pipeline's); readers open their own. WAL mode lets them
read while an ingest runs. Each input is committed in one transaction with its
article or rejection, so a killed run leaves only whole inputs behind and a re-run
skips exactly those.
"""

from __future__ import annotations

import json
import os
import sqlite3
import time
import zlib
from datetime import UTC, datetime
from pathlib import Path
from types import TracebackType

from newsweave.errors import StoreError
from newsweave.records import Article, RawDocument, Rejection
from newsweave.store.migrations import migrate
from newsweave.store.queries import StoredStatus, StoreReader
from newsweave.store.schema_migrations import MIGRATIONS

DEFAULT_DB = "newsweave.db"
DB_ENV = "NEWSWEAVE_DB"


def default_db_path() -> str:
    return os.environ.get(DB_ENV) or DEFAULT_DB


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


class Store(StoreReader):
    """A newsweave database: the read side (:class:`StoreReader`) and the one writer.
    Use as a context manager, or call ``close()``."""

    def __init__(self, path: str | Path, *, readonly: bool = False) -> None:
        self.path = str(path)
        if Path(self.path).is_dir():
            raise StoreError(
                f"--db {self.path} is a folder: give a database file,"
                f" e.g. {Path(self.path) / DEFAULT_DB}"
            )
        if readonly and not Path(self.path).exists():
            raise StoreError(f"no database at {self.path} (run `newsweave ingest` first)")
        try:
            self.conn = _connect_waiting(self.path, readonly=readonly)
        except sqlite3.DatabaseError as exc:
            raise store_error(self.path, exc) from exc
        except OSError as exc:  # the folder for a new store cannot be made
            raise StoreError(
                f"cannot create a database at {self.path}: {exc.strerror}"
                " (choose another --db path)"
            ) from exc

    def __enter__(self) -> Store:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def close(self) -> None:
        self.conn.close()

    # -- writing -------------------------------------------------------------

    def add_document(
        self, raw: RawDocument, result: Article | Rejection
    ) -> tuple[StoredStatus, str | None]:
        """Store one input and what became of it, atomically.

        Returns the status and the article id (the existing one when the same article
        already came from another input: that input is recorded as a duplicate).
        """
        with self.transaction():
            if isinstance(result, Rejection):
                self._insert_raw(raw, "rejected", None)
                self._upsert_rejection(result)
                return "rejected", None
            existing = self.conn.execute(
                "SELECT id FROM articles WHERE id = ?", (result.id,)
            ).fetchone()
            status: StoredStatus = "duplicate" if existing else "article"
            self._insert_raw(raw, status, result.id)
            if not existing:
                self._insert_article(result)
            self.conn.execute("DELETE FROM rejections WHERE source = ?", (raw.source,))
            return status, result.id

    def add_rejection(self, rejection: Rejection) -> None:
        with self.transaction():
            self._upsert_rejection(rejection)

    def _insert_raw(self, raw: RawDocument, status: StoredStatus, article_id: str | None) -> None:
        self.conn.execute(
            "INSERT INTO raw_documents (id, source, format, url, fetched_at, hints, content,"
            " size, status, article_id, ingested_at) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
            (
                raw.id,
                raw.source,
                raw.format,
                raw.url,
                raw.fetched_at.isoformat() if raw.fetched_at else None,
                json.dumps(dict(raw.hints), ensure_ascii=False),
                zlib.compress(raw.content, 6),
                len(raw.content),
                status,
                article_id,
                _now(),
            ),
        )

    def _insert_article(self, article: Article) -> None:
        self.conn.execute(
            "INSERT INTO articles (id, raw_id, source, url, outlet, title, published, author,"
            " language, text, dropped, ingested_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
            (
                article.id,
                article.raw_id,
                article.source,
                article.url,
                article.outlet,
                article.title,
                article.published.isoformat() if article.published else None,
                article.author,
                article.language,
                article.text,
                json.dumps([[d.text, d.reason] for d in article.dropped], ensure_ascii=False),
                _now(),
            ),
        )

    def _upsert_rejection(self, rejection: Rejection) -> None:
        self.conn.execute(
            "INSERT INTO rejections (source, reason, detail, raw_id, created_at)"
            " VALUES (?,?,?,?,?) ON CONFLICT (source, reason) DO UPDATE SET"
            " detail = excluded.detail, raw_id = excluded.raw_id, created_at = excluded.created_at",
            (rejection.source, rejection.reason, rejection.detail, rejection.raw_id, _now()),
        )

    def transaction(self) -> _Transaction:
        return _Transaction(self.conn, self.path)


# How long opening waits while another process sets a new store up or migrates it.
OPEN_WAIT_S = 30.0


def _connect_waiting(path: str, *, readonly: bool) -> sqlite3.Connection:
    """``_connect``, tried again while the store is locked. Two processes opening a new
    store at once can both hold a read lock and want a write lock (WAL switch,
    migrations); SQLite then fails one of them at once with "database is locked"
    rather than letting it wait, so the wait happens here."""
    deadline = time.monotonic() + OPEN_WAIT_S
    pause = 0.02
    while True:
        try:
            return _connect(path, readonly=readonly)
        except sqlite3.OperationalError as exc:
            locked = "locked" in str(exc) or "busy" in str(exc)
            if not locked or time.monotonic() + pause > deadline:
                raise
        time.sleep(pause)
        pause = min(pause * 2, 0.5)


def _connect(path: str, *, readonly: bool) -> sqlite3.Connection:
    """Open, check that the file is a newsweave store this version can use, and (for
    writing) bring its schema up to date and prove it writable, so the mistakes a user
    can make with ``--db`` surface here, as one clear error, not in some later query."""
    if readonly:
        uri = f"{Path(path).resolve().as_uri()}?mode=ro"
        conn = sqlite3.connect(uri, uri=True, check_same_thread=False)
    else:
        Path(path).parent.mkdir(parents=True, exist_ok=True)
        conn = sqlite3.connect(path, isolation_level=None)
    try:
        conn.row_factory = sqlite3.Row
        conn.execute("PRAGMA busy_timeout = 10000")
        version = int(conn.execute("PRAGMA user_version").fetchone()[0])  # reads the header
        _check_schema(conn, path, version, readonly=readonly)
        if not readonly:
            conn.execute("PRAGMA journal_mode = WAL")
            # NORMAL in WAL mode: a power cut may lose the last commits, never corrupt.
            conn.execute("PRAGMA synchronous = NORMAL")
            conn.execute("PRAGMA foreign_keys = ON")
            migrate(conn)
            # A read-only file opens without complaint; the first write would fail,
            # after the inputs were read. Rewriting the version in a rolled-back
            # transaction finds out now.
            conn.execute("BEGIN IMMEDIATE")
            try:
                conn.execute(f"PRAGMA user_version = {len(MIGRATIONS)}")
            finally:
                conn.execute("ROLLBACK")
    except BaseException:
        conn.close()
        raise
    return conn


def _check_schema(conn: sqlite3.Connection, path: str, version: int, *, readonly: bool) -> None:
    if version > len(MIGRATIONS):
        raise StoreError(
            f"{path} was written by a newer newsweave (schema {version}, this one knows"
            f" {len(MIGRATIONS)}): upgrade newsweave to use it"
        )
    if version == 0 and conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]:
        raise StoreError(
            f"{path} is an SQLite database but not a newsweave store: give --db a file"
            " `newsweave ingest` made, or a new path"
        )
    # Reading needs no upgrade (later migrations add tables; the ones readers use
    # exist since the first), so an older store is read as it is; an empty one is not
    # a store yet.
    if readonly and version == 0:
        raise StoreError(f"{path} is an empty database: run `newsweave ingest` into it first")


# What SQLite says when the cause is the file, the disk or another program, not a bug:
# (words in its message, what to tell the user).
_USER_CAUSES = (
    ("not a database", "{path} is not a newsweave store (not an SQLite database): give --db"
     " a file `newsweave ingest` made, or a new path"),
    ("readonly", "cannot write to {path}: it or its folder is read-only; make both writable"
     " (commands that only read, like `newsweave articles`, work as it is)"),
    ("unable to open", "cannot open {path}: check that its folder exists and is writable"),
    ("disk is full", "the disk holding {path} is full: free some space and run again"),
    ("locked", "{path} is busy: another program holds a write lock on it; try again"
     " when it finishes"),
    ("disk i/o error", "cannot read or write {path} (disk I/O error): check the disk and"
     " that its folder is writable"),
    ("malformed", "{path} is damaged (database disk image is malformed): restore it from"
     " a backup, or ingest into a new store"),
)  # fmt: skip


def store_error(path: str, exc: sqlite3.Error) -> StoreError:
    """The error to report for an SQLite failure on the store at ``path``: one line
    saying what to do when a user can fix the cause, else the SQLite message."""
    message = str(exc).lower()
    for words, advice in _USER_CAUSES:
        if words in message:
            return StoreError(advice.format(path=path))
    return StoreError(f"cannot use database {path}: {exc}")


class _Transaction:
    """BEGIN IMMEDIATE … COMMIT, rolled back on any error (the one-writer rule)."""

    def __init__(self, conn: sqlite3.Connection, path: str) -> None:
        self.conn = conn
        self.path = path

    def __enter__(self) -> sqlite3.Connection:
        try:
            self.conn.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as exc:
            raise store_error(self.path, exc) from exc
        return self.conn

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if exc_type is None:
            self.conn.execute("COMMIT")
        elif self.conn.in_transaction:  # SQLite rolls back by itself on some errors
            self.conn.execute("ROLLBACK")
        # The disk filling up, or the file turning read-only, mid-run is the user's to fix.
        if isinstance(exc, sqlite3.OperationalError) and _is_user_cause(exc):
            raise store_error(self.path, exc) from exc


def _is_user_cause(exc: sqlite3.Error) -> bool:
    message = str(exc).lower()
    return any(words in message for words, _ in _USER_CAUSES)
