"""The local engine: the shard passes one after another in this process."""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from newsweave.pipeline.run.worker import RunSettings, ShardJob, ShardResult, ShardWorker


class LocalEngine:
    name = "local"

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
