"""The local engine: the shard passes one after another in this process."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from typing import Any, TypeVar

import numpy as np

from newsweave.pipeline.run.worker import RunSettings, ShardJob, ShardResult, ShardWorker

In = TypeVar("In")
Out = TypeVar("Out")


class LocalEngine:
    name = "local"
    workers = 1
    task_cpu_seconds = 0.0  # its calls run in this process: in the driver's CPU

    def __init__(self) -> None:
        self._worker: ShardWorker | None = None
        self._settings: RunSettings | None = None

    def map_shards(self, jobs: Sequence[ShardJob], settings: RunSettings) -> Iterator[ShardResult]:
        if not jobs:
            return
        if self._worker is None or self._settings != settings:
            self._worker, self._settings = ShardWorker(settings), settings  # spaCy loads once
        for job in jobs:
            yield self._worker.run(job)

    def close(self) -> None:
        self._worker = None

    def map_calls(self, fn: Callable[[In], Out], items: Sequence[In]) -> list[Out]:
        return [fn(item) for item in items]

    def group_map(
        self, rows: dict[str, np.ndarray], by: str, fn: Callable[..., list[Out]], shared: Any
    ) -> list[Out]:
        """The groups one after another, in key order."""
        keys = rows[by]
        out: list[Out] = []
        for key in np.unique(keys).tolist():
            chosen = keys == key
            out.extend(fn({name: column[chosen] for name, column in rows.items()}, shared))
        return out
