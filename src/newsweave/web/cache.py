"""Recently made report bodies, kept by what they were made from.

A story's summary (and, once wired, its full report) takes tens to hundreds of
milliseconds of CPU; the same story is opened again and again. A body is kept under a
key naming everything it depends on (the story id and its member article ids, the
parameters), so a story that gains an article gets a new key and is made afresh: the
cache is never stale, only cold."""

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
        with self._lock:
            found = self._bodies.get(key)
            if found is not None:
                self._bodies.move_to_end(key)
                return found
        # Made outside the lock: two requests for one cold story may both make it,
        # which costs time once, rather than every other story waiting meanwhile.
        body = json.dumps(make(), ensure_ascii=False).encode("utf-8")
        with self._lock:
            self._bodies[key] = body
            while len(self._bodies) > self.entries:
                self._bodies.popitem(last=False)
        return body
