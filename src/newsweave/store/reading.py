"""Short read sessions for a server: one read-only connection per request, bounded in time.

A web request must never hang on the store: a writer holding a lock, a query that
runs away or a damaged file each end the request with a :class:`StoreBusy` (or the
``StoreError`` saying what is wrong with the file), never a stuck thread. Time is
bounded twice: SQLite waits at most ``busy_timeout_s`` for a lock, and a progress
handler interrupts any statement still running when the session's time is up.
"""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path
from types import TracebackType

from newsweave.errors import StoreError
from newsweave.store.db import _check_schema, store_error
from newsweave.store.queries import StoreReader

# SQLite calls the progress handler every this many virtual machine instructions.
PROGRESS_STEPS = 1_000


class StoreBusy(StoreError):
    """The store could not answer in time: locked by a writer, or the request's time
    ran out. Trying again later may work."""

    reason = "busy"


class ReadSession(StoreReader):
    """A read-only view of the store for one request; use as a context manager."""

    def __init__(self, path: str, *, time_limit_s: float, busy_timeout_s: float) -> None:
        self.path = path
        self.time_limit_s = time_limit_s
        self._deadline = time.monotonic() + time_limit_s
        if not Path(path).is_file():
            raise StoreError(f"no database at {path} (run `newsweave ingest` first)")
        try:
            self.conn = _open(path, busy_timeout_s)
        except sqlite3.Error as exc:
            raise session_error(path, exc, time_limit_s) from exc
        self.conn.set_progress_handler(self._over_time, PROGRESS_STEPS)

    def _over_time(self) -> int:
        # Non-zero makes SQLite stop the statement with "interrupted".
        return 1 if time.monotonic() > self._deadline else 0

    def __enter__(self) -> ReadSession:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.conn.close()


def _open(path: str, busy_timeout_s: float) -> sqlite3.Connection:
    uri = f"{Path(path).resolve().as_uri()}?mode=ro"
    # check_same_thread off: a web framework may open the session in one worker thread
    # and use it in another; the session is still used by one request at a time.
    conn = sqlite3.connect(uri, uri=True, check_same_thread=False, timeout=busy_timeout_s)
    try:
        conn.row_factory = sqlite3.Row
        conn.execute(f"PRAGMA busy_timeout = {int(busy_timeout_s * 1000)}")
        version = int(conn.execute("PRAGMA user_version").fetchone()[0])
        _check_schema(conn, path, version, readonly=True)
    except BaseException:
        conn.close()
        raise
    return conn


def session_error(path: str, exc: sqlite3.Error, time_limit_s: float) -> StoreError:
    """What a failed statement of a read session means for the caller."""
    message = str(exc).lower()
    if "interrupted" in message:
        return StoreBusy(f"the store took longer than {time_limit_s:g} s to answer; try again")
    if "locked" in message or "busy" in message:
        return StoreBusy(f"{path} is locked by another program's write; try again shortly")
    return store_error(path, exc)
