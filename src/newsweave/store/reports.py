"""The write side of stored reports: one row per story or storyline, each written in a
transaction of its own, so a killed report step keeps every report it finished."""

from __future__ import annotations

import sqlite3
import zlib
from collections.abc import Iterable
from datetime import UTC, datetime
from pathlib import Path

from newsweave.store.db import Store

# How long storing a report made on demand waits for the write lock by default: the
# report is served either way, so a busy store only means it is not kept.
ON_DEMAND_WAIT_S = 0.5

_UPSERT = (
    "INSERT INTO reports (subject_id, kind, key, body, made_at) VALUES (?,?,?,?,?)"
    " ON CONFLICT (subject_id) DO UPDATE SET kind = excluded.kind, key = excluded.key,"
    " body = excluded.body, made_at = excluded.made_at"
)


def _row(subject_id: str, kind: str, key: str, body: bytes) -> tuple[str, str, str, bytes, str]:
    made_at = datetime.now(UTC).isoformat(timespec="seconds")
    return (subject_id, kind, key, zlib.compress(body, 6), made_at)


def put_report(store: Store, subject_id: str, kind: str, key: str, body: bytes) -> None:
    """Store (or replace) the report of ``subject_id``: ``body`` is its JSON, UTF-8."""
    with store.transaction() as conn:
        conn.execute(_UPSERT, _row(subject_id, kind, key, body))


def delete_reports(store: Store, subject_ids: Iterable[str]) -> int:
    """Delete the reports of subjects that no longer exist; returns how many."""
    ids = sorted(set(subject_ids))
    if not ids:
        return 0
    with store.transaction() as conn:
        conn.executemany("DELETE FROM reports WHERE subject_id = ?", [(i,) for i in ids])
    return len(ids)


def put_report_if_free(
    path: str,
    subject_id: str,
    kind: str,
    key: str,
    body: bytes,
    *,
    wait_s: float = ON_DEMAND_WAIT_S,
) -> bool:
    """Store a report made on demand (by a command or a server reading the store),
    waiting at most ``wait_s`` for a busy writer: False when the store stayed locked,
    is read-only or is from before reports were stored, which the caller may ignore."""
    if not Path(path).is_file():
        return False
    try:
        conn = sqlite3.connect(path, isolation_level=None, timeout=wait_s)
    except sqlite3.Error:
        return False
    try:
        conn.execute("BEGIN IMMEDIATE")
        conn.execute(_UPSERT, _row(subject_id, kind, key, body))
        conn.execute("COMMIT")
        return True
    except sqlite3.Error:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        return False
    finally:
        conn.close()
