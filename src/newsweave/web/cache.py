"""Recently made bodies the store does not hold, kept by what they were made from.

A story's summary takes tens of milliseconds of CPU and is not stored; a report made
on demand (missing or out of date in the store) takes tens to hundreds, and reaches
the store only after the keeper's thread writes it, or never on a read-only server
or while an ingest keeps the store locked. A report the store holds is read from it,
not kept here. A body is kept under a key naming everything it depends on (for a
summary the story id, its member article ids and the parameters; for a report its
stored key, which also changes when an article is analysed again), so the cache is
never stale, only cold."""

from __future__ import annotations

import json
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any

# Report bodies kept at most (a large story's JSON is some tens of kB).
DEFAULT_ENTRIES = 512


class ReportCache:
    def __init__(self, entries: int = DEFAULT_ENTRIES) -> None:
        self.entries = entries
        self._bodies: OrderedDict[Hashable, bytes] = OrderedDict()
        self._lock = threading.Lock()

    def body(self, key: Hashable, make: Callable[[], Any]) -> bytes:
        """The JSON body kept under ``key``, or ``make()``'s, serialised and kept."""
        return self.bytes_of(key, lambda: json.dumps(make(), ensure_ascii=False).encode("utf-8"))

    def bytes_of(self, key: Hashable, make: Callable[[], bytes]) -> bytes:
        """The body kept under ``key``, or ``make()``'s (already serialised), kept."""
        with self._lock:
            found = self._bodies.get(key)
            if found is not None:
                self._bodies.move_to_end(key)
                return found
        # Made outside the lock: two requests for one cold story may both make it,
        # which costs time once, rather than every other story waiting meanwhile.
        body = make()
        with self._lock:
            self._bodies[key] = body
            while len(self._bodies) > self.entries:
                self._bodies.popitem(last=False)
        return body
