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
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from types import TracebackType
from typing import Literal

from newsweave.errors import StoreError
from newsweave.records import PARAGRAPH_SEPARATOR, Article, DroppedBlock, RawDocument, Rejection
from newsweave.store.migrations import migrate

DEFAULT_DB = "newsweave.db"
DB_ENV = "NEWSWEAVE_DB"

StoredStatus = Literal["article", "duplicate", "rejected"]


def default_db_path() -> str:
    return os.environ.get(DB_ENV) or DEFAULT_DB


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


@dataclass(frozen=True, slots=True)
class StoredRejection:
    source: str
    reason: str
    detail: str
    created_at: str


class Store:
    """A newsweave database. Use as a context manager, or call ``close()``."""

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

    def raw_status(self, raw_id: str) -> StoredStatus | None:
        """How a stored input ended, or None if it was never stored."""
        row = self.conn.execute(
            "SELECT status FROM raw_documents WHERE id = ?", (raw_id,)
        ).fetchone()
        return None if row is None else row["status"]

    def rejection_of(self, raw_id: str) -> Rejection | None:
        row = self.conn.execute(
            "SELECT source, reason, detail FROM rejections WHERE raw_id = ?", (raw_id,)
        ).fetchone()
        return None if row is None else Rejection(row[0], row[1], row[2], raw_id)

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

    # -- reading -------------------------------------------------------------

    def count_articles(self) -> int:
        return int(self.conn.execute("SELECT count(*) FROM articles").fetchone()[0])

    def iter_articles(self, *, since_seq: int = 0) -> Iterator[Article]:
        cursor = self.conn.execute(
            "SELECT * FROM articles WHERE seq > ? ORDER BY seq", (since_seq,)
        )
        for row in cursor:
            yield article_from_row(row)

    def get_article(self, id_prefix: str) -> Article:
        """An article by id or unambiguous id prefix."""
        if not id_prefix or not all(c in "0123456789abcdef" for c in id_prefix.lower()):
            raise StoreError(f"not an article id: {id_prefix!r}")
        rows = self.conn.execute(
            "SELECT * FROM articles WHERE id LIKE ? LIMIT 2", (id_prefix.lower() + "%",)
        ).fetchall()
        if not rows:
            raise StoreError(f"no article with id {id_prefix}")
        if len(rows) > 1:
            raise StoreError(f"id prefix {id_prefix} is ambiguous; give more characters")
        return article_from_row(rows[0])

    def raw_content(self, raw_id: str) -> bytes:
        row = self.conn.execute(
            "SELECT content FROM raw_documents WHERE id = ?", (raw_id,)
        ).fetchone()
        if row is None:
            raise StoreError(f"no raw document {raw_id}")
        return zlib.decompress(row["content"])

    def sources_of(self, article_id: str) -> list[str]:
        rows = self.conn.execute(
            "SELECT source FROM raw_documents WHERE article_id = ? ORDER BY ingested_at, source",
            (article_id,),
        )
        return [r["source"] for r in rows]

    def search(self, query: str, *, limit: int = 20) -> list[tuple[Article, str]]:
        """Full-text search; returns articles with a highlighted snippet, best first."""
        try:
            rows = self.conn.execute(
                "SELECT a.*, snippet(articles_fts, 1, '[', ']', ' … ', 12) AS snip"
                " FROM articles_fts JOIN articles a ON a.seq = articles_fts.rowid"
                " WHERE articles_fts MATCH ? ORDER BY bm25(articles_fts, 5.0, 1.0) LIMIT ?",
                (query, limit),
            ).fetchall()
        except sqlite3.OperationalError as exc:
            raise StoreError(f"bad search query {query!r}: {exc}") from exc
        return [(article_from_row(r), r["snip"]) for r in rows]

    def rejections(self) -> list[StoredRejection]:
        rows = self.conn.execute(
            "SELECT source, reason, detail, created_at FROM rejections ORDER BY id"
        )
        return [StoredRejection(r[0], r[1], r[2], r[3]) for r in rows]


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


def article_from_row(row: sqlite3.Row) -> Article:
    published = row["published"]
    return Article(
        raw_id=row["raw_id"],
        source=row["source"],
        paragraphs=tuple(row["text"].split(PARAGRAPH_SEPARATOR)) if row["text"] else (),
        title=row["title"],
        outlet=row["outlet"],
        published=datetime.fromisoformat(published) if published else None,
        author=row["author"],
        language=row["language"],
        url=row["url"],
        dropped=tuple(DroppedBlock(t, r) for t, r in json.loads(row["dropped"])),
    )
