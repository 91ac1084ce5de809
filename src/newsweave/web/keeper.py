"""Reports the server made on demand, stored in a thread of its own.

A report missing from the store (or out of date there) is made by the request that
asks for it and served at once; storing it needs the store's write lock, which an
ingest may hold, so the request hands it here rather than wait. One daemon thread
writes them, each in its own short transaction; when the queue is full or the store
stays locked, a report is simply not kept (the next request makes it again)."""

from __future__ import annotations

import logging
import queue
import threading

from newsweave.store.reports import put_report_if_free

log = logging.getLogger(__name__)

# Reports waiting to be stored at most, and how long the thread waits for the lock.
PENDING = 256
LOCK_WAIT_S = 5.0

Item = tuple[str, str, str, bytes]


class ReportKeeper:
    def __init__(self, db_path: str) -> None:
        self.db_path = db_path
        self._queue: queue.Queue[Item] = queue.Queue(maxsize=PENDING)
        self._thread: threading.Thread | None = None
        self._start = threading.Lock()

    def keep(self, subject_id: str, kind: str, key: str, body: bytes) -> bool:
        """Queue a report to be stored; False when the queue is full (it is dropped)."""
        with self._start:
            if self._thread is None:
                self._thread = threading.Thread(
                    target=self._write, name="report-keeper", daemon=True
                )
                self._thread.start()
        try:
            self._queue.put_nowait((subject_id, kind, key, body))
            return True
        except queue.Full:
            return False

    def wait(self) -> None:
        """Until every queued report was stored or given up (for tests and shutdown)."""
        self._queue.join()

    def _write(self) -> None:
        while True:
            subject_id, kind, key, body = self._queue.get()
            try:
                if not put_report_if_free(
                    self.db_path, subject_id, kind, key, body, wait_s=LOCK_WAIT_S
                ):
                    log.info("report of %s not stored: the store is busy", subject_id)
            finally:
                self._queue.task_done()
