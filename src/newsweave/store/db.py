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
import zlib
from datetime import UTC, datetime
from pathlib import Path
from types import TracebackType

from newsweave.errors import StoreError
from newsweave.records import Article, RawDocument, Rejection
from newsweave.store.migrations import migrate
from newsweave.store.queries import StoredStatus, StoreReader

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
        if readonly and not Path(self.path).exists():
            raise StoreError(f"no database at {self.path} (run `newsweave ingest` first)")
        try:
            if readonly:
                uri = f"{Path(self.path).resolve().as_uri()}?mode=ro"
                self.conn = sqlite3.connect(uri, uri=True, check_same_thread=False)
            else:
                Path(self.path).parent.mkdir(parents=True, exist_ok=True)
                self.conn = sqlite3.connect(self.path, isolation_level=None)
            self.conn.row_factory = sqlite3.Row
            self.conn.execute("PRAGMA busy_timeout = 10000")
            if not readonly:
                self.conn.execute("PRAGMA journal_mode = WAL")
                # NORMAL in WAL mode: a power cut may lose the last commits, never corrupt.
                self.conn.execute("PRAGMA synchronous = NORMAL")
                self.conn.execute("PRAGMA foreign_keys = ON")
                migrate(self.conn)
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"cannot open database {self.path}: {exc}") from exc

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
        return _Transaction(self.conn)


class _Transaction:
    """BEGIN IMMEDIATE … COMMIT, rolled back on any error (the one-writer rule)."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn

    def __enter__(self) -> sqlite3.Connection:
        self.conn.execute("BEGIN IMMEDIATE")
        return self.conn

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.conn.execute("ROLLBACK" if exc_type else "COMMIT")
