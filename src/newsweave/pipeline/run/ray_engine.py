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
import time
from collections.abc import Callable, Iterator, Sequence
from typing import Any, TypeVar

import numpy as np

from newsweave.errors import ConfigError
from newsweave.pipeline.run.worker import RunSettings, ShardJob, ShardResult, ShardWorker

In = TypeVar("In")
Out = TypeVar("Out")


class ShardActor:
    """A Ray Data callable class: a batch of pickled jobs in, pickled results out."""

    def __init__(self, settings: RunSettings) -> None:
        self.worker = ShardWorker(settings)

    def __call__(self, batch: dict[str, Any]) -> dict[str, list[bytes]]:
        results = [self.worker.run(pickle.loads(job)) for job in batch["job"]]
        return {"result": [pickle.dumps(r, protocol=pickle.HIGHEST_PROTOCOL) for r in results]}


class RayEngine:
    name = "ray"
    # Band-key rows (37 an article) above which the group-by is Ray Data's shuffle.
    data_groupby_rows = 4_000_000

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
        self.task_cpu_seconds = 0.0  # of the corpus steps' calls, in the workers

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

    def map_calls(self, fn: Callable[[In], Out], items: Sequence[In]) -> list[Out]:
        """One Ray task an item (a block of articles to group, say)."""
        if len(items) <= 1:
            return [fn(item) for item in items]  # nothing to spread: no shipping
        remote = self._ray.remote(num_cpus=1)(_timed_call)
        out = []
        for result, cpu in self._ray.get([remote.remote(fn, item) for item in items]):
            self.task_cpu_seconds += cpu
            out.append(result)
        return out

    def group_map(
        self, rows: dict[str, np.ndarray], by: str, fn: Callable[..., list[Out]], shared: Any
    ) -> list[Out]:
        """Each group of ``rows`` by column ``by`` to one call in a worker, ``shared``
        (put in the object store once) read there: a Ray Data group-by when there are
        more than ``data_groupby_rows`` rows, else a task a group (Ray Data's shuffle
        costs some seconds to start, more than the verification of a few thousand
        articles' bands)."""
        if not len(rows[by]):
            return []
        shared_ref = self._ray.put(shared)
        if len(rows[by]) > self.data_groupby_rows:
            return self._data_group_map(rows, by, fn, shared_ref)
        order = np.argsort(rows[by], kind="stable")
        keys = rows[by][order]
        bounds = np.flatnonzero(np.r_[True, keys[1:] != keys[:-1], True])
        remote = self._ray.remote(num_cpus=1)(_call_group)
        refs = [
            remote.remote(
                {name: column[order[start:stop]] for name, column in rows.items()}, fn, shared_ref
            )
            for start, stop in zip(bounds[:-1].tolist(), bounds[1:].tolist(), strict=True)
        ]
        out: list[Out] = []
        for result in self._ray.get(refs):
            out.extend(pickle.loads(result["result"][0]))
            self.task_cpu_seconds += float(result["cpu"][0])
        return out

    def _data_group_map(
        self, rows: dict[str, np.ndarray], by: str, fn: Callable[..., list[Out]], shared: Any
    ) -> list[Out]:
        import pyarrow as pa
        import ray.data

        ray.data.DataContext.get_current().enable_progress_bars = False
        table = pa.table({name: pa.array(column) for name, column in rows.items()})
        groups = len(np.unique(rows[by]))
        # As many partitions as groups (Ray's default, 200, is mostly empty tasks here).
        dataset = (
            ray.data.from_arrow(table)
            .groupby(by, num_partitions=groups)
            .map_groups(
                _call_group,  # type: ignore[arg-type]  # Ray's union of batch types
                fn_kwargs={"fn": fn, "shared": shared},
                batch_format="numpy",
            )
        )
        out: list[Out] = []
        for row in dataset.iter_rows():
            out.extend(pickle.loads(row["result"]))
            self.task_cpu_seconds += float(row["cpu"])
        return out

    def close(self) -> None:
        if self._started:
            self._ray.shutdown()


def _call_group(batch: dict[str, Any], fn: Callable[..., list[Any]], shared: Any) -> dict[str, Any]:
    import ray

    started = time.process_time()
    # A task's top-level object-ref arguments arrive resolved; Ray Data's fn_kwargs do not.
    found = fn(batch, ray.get(shared) if isinstance(shared, ray.ObjectRef) else shared)
    return {
        "result": [pickle.dumps(found, protocol=pickle.HIGHEST_PROTOCOL)],
        "cpu": [time.process_time() - started],
    }


def _timed_call(fn: Callable[[Any], Any], item: Any) -> tuple[Any, float]:
    """``fn(item)`` and the CPU seconds it took in its worker."""
    started = time.process_time()
    result = fn(item)
    return result, time.process_time() - started
