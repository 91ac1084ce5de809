"""Named locks held as rows of the store, so one step runs in one process at a time.

SQLite's own lock covers one transaction; grouping commits article by article, and
two processes grouping at once would each place the same new articles. A lock row,
taken and released in short ``BEGIN IMMEDIATE`` transactions, spans the whole run.
A holder that died (killed, crashed) is noticed by its pid on this host and its lock
taken over; a holder on another host (a store on a network share) is waited for.
"""

from __future__ import annotations

import logging
import os
import secrets
import socket
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime

from newsweave.store.db import Store

log = logging.getLogger(__name__)

# How often a waiting process looks at the lock again.
POLL_SECONDS = 0.2


@dataclass(frozen=True, slots=True)
class LockHolder:
    owner: str
    host: str
    pid: int
    acquired_at: str


# Locks this process holds, by (store connection, lock name): taking a lock again
# through the same store (regroup_all calls group_new_articles) nests instead of
# waiting for itself.
_held: dict[tuple[int, str], int] = {}
# Owner strings of the locks this process holds, through any Store.
_owners: set[str] = set()


@contextmanager
def holding(store: Store, name: str) -> Iterator[None]:
    """Hold the lock ``name`` on ``store`` for the ``with`` block, waiting while a live
    process holds it. Re-entrant through the same Store."""
    key = (id(store.conn), name)
    if key in _held:
        _held[key] += 1
        try:
            yield
        finally:
            _held[key] -= 1
        return
    owner = f"{socket.gethostname()}:{os.getpid()}:{secrets.token_hex(8)}"
    _acquire(store, name, owner)
    _held[key] = 1
    _owners.add(owner)
    try:
        yield
    finally:
        del _held[key]
        _owners.discard(owner)
        with store.transaction() as conn:
            conn.execute("DELETE FROM locks WHERE name = ? AND owner = ?", (name, owner))


def lock_holder(store: Store, name: str) -> LockHolder | None:
    row = store.conn.execute(
        "SELECT owner, host, pid, acquired_at FROM locks WHERE name = ?", (name,)
    ).fetchone()
    return None if row is None else LockHolder(row[0], row[1], int(row[2]), row[3])


def _acquire(store: Store, name: str, owner: str) -> None:
    host, pid = socket.gethostname(), os.getpid()
    waited_for: str | None = None
    while True:
        with store.transaction() as conn:
            holder = lock_holder(store, name)
            if holder is None or _is_dead(holder, host):
                if holder is not None:
                    log.warning("taking over lock %r from dead process %d", name, holder.pid)
                conn.execute(
                    "INSERT OR REPLACE INTO locks (name, owner, host, pid, acquired_at)"
                    " VALUES (?,?,?,?,?)",
                    (name, owner, host, pid, datetime.now(UTC).isoformat(timespec="seconds")),
                )
                return
        if holder.owner != waited_for:
            log.info("waiting for process %d on %s to finish %s", holder.pid, holder.host, name)
            waited_for = holder.owner
        time.sleep(POLL_SECONDS)


def _is_dead(holder: LockHolder, host: str) -> bool:
    """Whether the holder's process is gone (only knowable on this host)."""
    if holder.host != host:
        return False
    if holder.pid == os.getpid():
        # Our pid: this process holds it through another Store, or an earlier process
        # with the same pid (a restarted container) died holding it.
        return holder.owner not in _owners
    try:
        os.kill(holder.pid, 0)
    except ProcessLookupError:
        return True
    except PermissionError:  # alive, another user's
        return False
    return False
