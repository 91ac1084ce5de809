"""The store's read side: every query that pages, reports, exports and the CLI use.

Reading never changes the database, so a reader may hold its own read-only
connection (one per request in a web app) while the pipeline's writer works: WAL
mode lets both go on at once. :class:`~newsweave.store.db.Store`, the writer, reads
through the same methods.
"""

from __future__ import annotations

import json
import sqlite3
import zlib
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal

from newsweave.errors import AmbiguousId, BadQuery, StoreError, UnknownId
from newsweave.records import PARAGRAPH_SEPARATOR, Analysis, Article, DroppedBlock, Rejection
from newsweave.rows import quote_row
from newsweave.store.migrations import has_search_index
from newsweave.store.subjects import SubjectQueries, prefix_range

StoredStatus = Literal["article", "duplicate", "rejected"]


@dataclass(frozen=True, slots=True)
class StoredRejection:
    source: str
    reason: str
    detail: str
    created_at: str


@dataclass(frozen=True, slots=True)
class StoredAnalysisFailure:
    """An article whose analysis failed (see ``newsweave analyze --retry-failed``)."""

    article_id: str
    source: str
    version: str
    reason: str
    detail: str
    failed_at: str


@dataclass(frozen=True, slots=True)
class StoredLink:
    """A stored duplicate link: ``article_id`` is a copy of ``original_id``."""

    article_id: str
    original_id: str
    kind: str
    similarity: float


@dataclass(frozen=True, slots=True)
class StoredGroupingFailure:
    article_id: str
    source: str
    reason: str
    detail: str
    failed_at: str


class StoreReader(SubjectQueries):
    """Queries over one SQLite connection; see the module docstring."""

    conn: sqlite3.Connection

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

    def count_articles(self) -> int:
        return int(self.conn.execute("SELECT count(*) FROM articles").fetchone()[0])

    def integrity_problems(self) -> list[str]:
        """What SQLite's integrity check finds wrong with the file (nothing: [])."""
        rows = self.conn.execute("PRAGMA integrity_check").fetchall()
        return [str(row[0]) for row in rows if row[0] != "ok"]

    def iter_articles(self, *, since_seq: int = 0) -> Iterator[Article]:
        cursor = self.conn.execute(
            "SELECT * FROM articles WHERE seq > ? ORDER BY seq", (since_seq,)
        )
        for row in cursor:
            yield article_from_row(row)

    def get_article(self, id_prefix: str) -> Article:
        """An article by id or unambiguous id prefix."""
        if not id_prefix or not all(c in "0123456789abcdef" for c in id_prefix.lower()):
            raise BadQuery(f"not an article id: {id_prefix!r}")
        # A range, not LIKE: LIKE ignores case, so it cannot use the id index and reads
        # every article (40 ms at 10,000 articles, per lookup).
        rows = self.conn.execute(
            "SELECT * FROM articles WHERE id >= ? AND id < ? LIMIT 2",
            prefix_range(id_prefix.lower()),
        ).fetchall()
        if not rows:
            raise UnknownId(f"no article with id {id_prefix}")
        if len(rows) > 1:
            raise AmbiguousId(f"id prefix {id_prefix} is ambiguous; give more characters")
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
            if not is_query_error(exc):
                raise  # the store's trouble (locked, damaged, interrupted), not the query's
            raise search_error(self.conn, query, exc) from exc
        return [(article_from_row(r), r["snip"]) for r in rows]

    def rejections(self) -> list[StoredRejection]:
        rows = self.conn.execute(
            "SELECT source, reason, detail, created_at FROM rejections ORDER BY id"
        )
        return [StoredRejection(r[0], r[1], r[2], r[3]) for r in rows]

    def analysis_failures(self) -> list[StoredAnalysisFailure]:
        """Articles whose analysis failed and has not succeeded since, in ingest order."""
        rows = self.conn.execute(
            "SELECT f.article_id, a.source, f.version, f.reason, f.detail, f.failed_at"
            " FROM analysis_failures f JOIN articles a ON a.id = f.article_id ORDER BY a.seq"
        )
        return [StoredAnalysisFailure(*r) for r in rows]

    def grouping_failures(self) -> list[StoredGroupingFailure]:
        """Articles left out of stories because grouping them failed, in ingest order."""
        rows = self.conn.execute(
            "SELECT g.article_id, a.source, g.reason, g.detail, g.failed_at"
            " FROM grouping_failures g JOIN articles a ON a.id = g.article_id ORDER BY a.seq"
        )
        return [StoredGroupingFailure(*r) for r in rows]

    def recent_text_dumps(self, outlet: str, limit: int) -> list[bytes]:
        """The raw bytes of an outlet's latest ``limit`` stored text dumps, newest first
        (what furniture is learned from); a damaged one is left out."""
        rows = self.conn.execute(
            "SELECT r.content FROM raw_documents r JOIN articles a ON a.id = r.article_id"
            " WHERE r.format = 'text' AND a.outlet = ? ORDER BY a.seq DESC LIMIT ?",
            (outlet, limit),
        ).fetchall()
        found = []
        for row in rows:
            try:
                found.append(zlib.decompress(row[0]))
            except zlib.error:
                continue
        return found

    def duplicate_links(self) -> list[StoredLink]:
        rows = self.conn.execute(
            "SELECT article_id, original_id, kind, similarity FROM duplicate_links"
        ).fetchall()
        return [StoredLink(r[0], r[1], r[2], r[3]) for r in rows]

    def articles_by_id(self, ids: Sequence[str]) -> list[Article]:
        """The articles with exactly these ids, in the order given (an id not stored is
        left out): one query for a report over many articles, where ``get_article``
        matches a prefix per call."""
        found: dict[str, Article] = {}
        for start in range(0, len(ids), 500):  # SQLite's bound on parameters
            chunk = list(ids[start : start + 500])
            marks = ",".join("?" * len(chunk))
            rows = self.conn.execute(f"SELECT * FROM articles WHERE id IN ({marks})", chunk)
            found.update((row["id"], article_from_row(row)) for row in rows)
        return [found[i] for i in ids if i in found]

    def duplicate_links_among(self, ids: Sequence[str]) -> list[StoredLink]:
        """The duplicate links whose copy and original are both among ``ids``."""
        from newsweave.store.report_reads import links_touching  # it reads through this class

        wanted = set(ids)
        return [
            link
            for link in links_touching(self, ids)
            if link.article_id in wanted and link.original_id in wanted
        ]

    def get_analysis(self, article: Article) -> Analysis | None:
        from newsweave.store.analysis_rows import analysis_from_json

        row = self.conn.execute(
            "SELECT data FROM analyses WHERE article_id = ?", (article.id,)
        ).fetchone()
        return None if row is None else analysis_from_json(article.id, article.text, row["data"])

    def iter_quote_rows(self) -> Iterator[dict[str, Any]]:
        """Every stored quote as a :func:`newsweave.rows.quote_row`, in article order."""
        rows = self.conn.execute(
            "SELECT q.*, a.outlet FROM quotes q JOIN articles a ON a.id = q.article_id"
            " ORDER BY a.seq, q.start"
        )
        for row in rows:
            yield quote_row(row["article_id"], row["outlet"], dict(row))


# Words in SQLite's message when a failed statement's cause is the store or the
# connection rather than what was asked (a search query's syntax).
_STORE_TROUBLE = ("interrupted", "locked", "busy", "malformed", "disk", "not a database")


def is_query_error(exc: sqlite3.OperationalError) -> bool:
    """Whether a failed MATCH was the query's fault (its FTS5 syntax)."""
    message = str(exc).lower()
    return not any(words in message for words in _STORE_TROUBLE)


def search_error(conn: sqlite3.Connection, query: str, exc: sqlite3.OperationalError) -> StoreError:
    """What a failed full-text search means: a missing index (the store's to repair)
    or a query FTS5 cannot parse (:class:`BadQuery`, with the syntax to use)."""
    if not has_search_index(conn):
        return StoreError(
            "the store's full-text index is missing: run `newsweave analyze` on"
            " this store once to rebuild it"
        )
    return BadQuery(
        f'bad search query {query!r}: {exc} (FTS5 syntax: words, "exact phrases",'
        " AND, OR, NOT, prefix*; put words with other punctuation in double quotes)"
    )


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
