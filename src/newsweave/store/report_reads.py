"""Read-side queries the reports and the digest need over a set of articles: the
duplicate links among them, which analyzer version read each one, and the stored
reports.

Functions over a :class:`~newsweave.store.queries.StoreReader` (its connection), so a
read-only connection per request works as well as the writer's.
"""

from __future__ import annotations

import sqlite3
import zlib
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

from newsweave.records import Analysis, Article
from newsweave.store.analysis_rows import analysis_from_json
from newsweave.store.queries import StoredLink, StoreReader, article_from_row

# SQLite allows 32,766 bound parameters; batches stay far below.
_BATCH = 500


def _batches(ids: Iterable[str]) -> Iterator[Sequence[str]]:
    unique = sorted(set(ids))
    for at in range(0, len(unique), _BATCH):
        yield unique[at : at + _BATCH]


def links_touching(reader: StoreReader, article_ids: Iterable[str]) -> list[StoredLink]:
    """Duplicate links whose copy or original is one of ``article_ids``, each once."""
    found: dict[str, StoredLink] = {}
    for batch in _batches(article_ids):
        marks = ",".join("?" * len(batch))
        rows = reader.conn.execute(
            "SELECT article_id, original_id, kind, similarity FROM duplicate_links"
            f" WHERE article_id IN ({marks}) OR original_id IN ({marks})",
            (*batch, *batch),
        ).fetchall()
        for row in rows:
            found[row[0]] = StoredLink(row[0], row[1], row[2], row[3])
    return sorted(found.values(), key=lambda link: (link.original_id, link.article_id))


def articles_with_analyses(
    reader: StoreReader, article_ids: Iterable[str]
) -> list[tuple[str, Article, Analysis | None]]:
    """(stored id, article, its analysis or None) of each stored article among
    ``article_ids`` (exact ids), in no particular order: one query per batch, where
    ``get_article`` and ``get_analysis`` take two per article."""
    found = []
    for batch in _batches(article_ids):
        marks = ",".join("?" * len(batch))
        rows = reader.conn.execute(
            "SELECT a.*, an.data AS analysis_data FROM articles a"
            f" LEFT JOIN analyses an ON an.article_id = a.id WHERE a.id IN ({marks})",
            batch,
        )
        for row in rows:
            article = article_from_row(row)
            data = row["analysis_data"]
            analysis = None if data is None else analysis_from_json(row["id"], article.text, data)
            found.append((row["id"], article, analysis))
    return found


def analysis_versions(reader: StoreReader, article_ids: Iterable[str]) -> dict[str, str]:
    """The analyzer version of each analysed article among ``article_ids``."""
    versions: dict[str, str] = {}
    for batch in _batches(article_ids):
        marks = ",".join("?" * len(batch))
        rows = reader.conn.execute(
            f"SELECT article_id, version FROM analyses WHERE article_id IN ({marks})", batch
        ).fetchall()
        versions.update({row[0]: row[1] for row in rows})
    return versions


def all_article_ids(reader: StoreReader) -> list[str]:
    """Every stored article's id, in ingest order (without loading their text)."""
    return [row[0] for row in reader.conn.execute("SELECT id FROM articles ORDER BY seq")]


def analysis_stamps(
    reader: StoreReader, article_ids: Iterable[str] | None = None
) -> dict[str, tuple[str, str]]:
    """(analyzer version, when analysed) of each analysed article among ``article_ids``
    (every analysed article when None): what changes when an article is analysed again."""
    query = "SELECT article_id, version, analysed_at FROM analyses"
    if article_ids is None:
        return {row[0]: (row[1], row[2]) for row in reader.conn.execute(query)}
    stamps: dict[str, tuple[str, str]] = {}
    for batch in _batches(article_ids):
        marks = ",".join("?" * len(batch))
        rows = reader.conn.execute(f"{query} WHERE article_id IN ({marks})", batch)
        stamps.update({row[0]: (row[1], row[2]) for row in rows})
    return stamps


@dataclass(frozen=True, slots=True)
class StoredReport:
    subject_id: str
    kind: str
    key: str
    body: bytes  # the report's JSON, UTF-8


def stored_report(reader: StoreReader, subject_id: str) -> StoredReport | None:
    """The stored report of ``subject_id`` (an exact id), or None; None too in a store
    from before reports were stored (a read-only reader does not migrate)."""
    try:
        row = reader.conn.execute(
            "SELECT subject_id, kind, key, body FROM reports WHERE subject_id = ?",
            (subject_id,),
        ).fetchone()
    except sqlite3.OperationalError as exc:
        if "no such table" in str(exc):
            return None
        raise
    if row is None:
        return None
    return StoredReport(row[0], row[1], row[2], zlib.decompress(row[3]))


def stored_report_keys(reader: StoreReader) -> dict[str, str]:
    """The key of every stored report, by subject id."""
    return {row[0]: row[1] for row in reader.conn.execute("SELECT subject_id, key FROM reports")}
