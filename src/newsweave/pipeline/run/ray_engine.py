"""The Ray engine: the shard passes as Ray Data ``map_batches`` over an actor pool.

Each actor makes one ``ShardWorker`` (spaCy loads once per actor) and takes a shard at
a time; the per-document time limit holds inside it as in any process (a deadline in a
context variable, checked by every step's loops, and SIGALRM where the actor runs in
its main thread). Results stream back to the driver, which writes each shard's part
with its completion marker as it arrives: the output folder is on the driver's
machine, the inputs wherever the workers can read them (a shared disk, S3, GCS).

Ray is imported here only: the local engine needs none of it.
"""

from __future__ import annotations

import logging
import pickle
from collections.abc import Iterator, Sequence
from typing import Any

from newsweave.errors import ConfigError
from newsweave.pipeline.run.worker import RunSettings, ShardJob, ShardResult, ShardWorker


class ShardActor:
    """A Ray Data callable class: a batch of pickled jobs in, pickled results out."""

    def __init__(self, settings: RunSettings) -> None:
        self.worker = ShardWorker(settings)

    def __call__(self, batch: dict[str, Any]) -> dict[str, list[bytes]]:
        results = [self.worker.run(pickle.loads(job)) for job in batch["job"]]
        return {"result": [pickle.dumps(r, protocol=pickle.HIGHEST_PROTOCOL) for r in results]}


class RayEngine:
    name = "ray"

    def __init__(self, address: str | None = None, workers: int | None = None) -> None:
        try:
            import ray
        except ImportError as exc:
            raise ConfigError(
                "the ray engine needs Ray: pip install 'newsweave[ray]' (or use --engine local)"
            ) from exc
        self._ray = ray
        self._started = False
        if not ray.is_initialized():
            try:
                ray.init(
                    address=address,
                    log_to_driver=False,
                    include_dashboard=False,
                    logging_level=logging.WARNING,
                )
            except (ConnectionError, RuntimeError, ValueError) as exc:
                raise ConfigError(
                    f"could not join the Ray cluster at {address or 'RAY_ADDRESS'}: {exc};"
                    " start one with `ray start --head`, or leave --address out for a local Ray"
                ) from exc
            self._started = True
        cpus = int(ray.cluster_resources().get("CPU", 1))  # type: ignore[no-untyped-call]
        self.workers = max(1, workers or cpus)

    def map_shards(self, jobs: Sequence[ShardJob], settings: RunSettings) -> Iterator[ShardResult]:
        if not jobs:
            return
        import ray.data

        context = ray.data.DataContext.get_current()
        context.enable_progress_bars = False
        items = [{"job": pickle.dumps(job, protocol=pickle.HIGHEST_PROTOCOL)} for job in jobs]
        # One block per shard, so shards spread over the actors as they free up.
        dataset = ray.data.from_items(items, override_num_blocks=len(items)).map_batches(
            ShardActor,
            fn_constructor_kwargs={"settings": settings},
            batch_size=1,
            compute=ray.data.ActorPoolStrategy(size=min(self.workers, len(items))),
            num_cpus=1,
        )
        for row in dataset.iter_rows():
            result = pickle.loads(row["result"])
            assert isinstance(result, ShardResult)
            yield result

    def close(self) -> None:
        if self._started:
            self._ray.shutdown()
