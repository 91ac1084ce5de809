"""``newsweave run``: the pipeline over a corpus, on one machine or a Ray cluster, to
Parquet tables (``load`` puts them in a store).

The per-document steps (read, filter, extract, analyse, MinHash) run shard by shard in
an engine (``local``: this process; ``ray``: an actor pool); the corpus-wide steps
(one copy of each article, duplicate links, stories, storylines) run over every shard's
rows in the canonical input order, their costly parts on the engine too (see
``corpus``). Both engines run the same code over the same rows, so they give the same
tables; a stopped run started again skips completed shards.
"""

from __future__ import annotations

import dataclasses
import json
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Protocol

from newsweave.extract.learned import learn_models
from newsweave.limits import DEFAULT_TIME_LIMIT_S
from newsweave.pipeline.run import corpus
from newsweave.pipeline.run.filters import RunFilters
from newsweave.pipeline.run.output import DUMPS, FIRST, RunOutput
from newsweave.pipeline.run.plan import Shard, plan_shards
from newsweave.pipeline.run.rows import sample_from_row
from newsweave.pipeline.run.worker import STEPS, RunSettings, ShardJob, ShardResult

ENGINES = ("local", "ray")

__all__ = ["ENGINES", "RunFilters", "RunReport", "run"]


class Engine(corpus.CorpusEngine, Protocol):
    name: str

    def map_shards(
        self, jobs: Sequence[ShardJob], settings: RunSettings
    ) -> Iterator[ShardResult]: ...

    def close(self) -> None: ...


@dataclass
class RunReport:
    shards: int = 0
    shards_resumed: int = 0  # parts found complete from an earlier run, not redone
    counts: dict[str, int] = field(default_factory=dict)  # rows per output table
    # CPU seconds of the per-document steps summed over workers (this run's shards
    # only), the driver's corpus step (``corpus``) and the corpus steps' calls made in
    # workers (``corpus_workers``; 0 for the local engine, whose calls are the
    # driver's), and wall seconds of each phase.
    cpu_seconds: dict[str, float] = field(default_factory=dict)
    wall_seconds: dict[str, float] = field(default_factory=dict)
    skipped: list[str] = field(default_factory=list)
    # The corpus steps' work: pairs verified, story blocks grouped.
    corpus_counts: dict[str, int] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return self.counts.get("rejections", 0) == 0


def run(
    inputs: Sequence[str],
    output: str,
    *,
    engine: str = "local",
    filters: RunFilters | None = None,
    time_limit_s: float = DEFAULT_TIME_LIMIT_S,
    analyze: bool = True,
    ray_address: str | None = None,
    workers: int | None = None,
    on_shard: Callable[[str], None] | None = None,
    corpus_settings: corpus.CorpusSettings | None = None,
) -> RunReport:
    """Run the pipeline over ``inputs`` (files, folders, globs, ``s3://``/``gs://``
    paths) with ``engine``, writing its tables to the folder ``output`` (a local path
    or a pyarrow filesystem URI: ``file://``, ``s3://``, ``gs://``)."""
    settings = RunSettings(filters or RunFilters(), time_limit_s, analyze)
    shards, skipped = plan_shards(inputs)
    out = RunOutput(output)
    out.prepare(json.dumps(dataclasses.asdict(settings), default=str, sort_keys=True))
    report = RunReport(shards=len(shards), skipped=[s.source for s in skipped])
    report.cpu_seconds = dict.fromkeys(STEPS, 0.0)
    runner = _engine(engine, ray_address, workers)
    try:
        started = time.perf_counter()
        first = [ShardJob(s, FIRST, output=out) for s in shards if not out.done(s, FIRST)]
        report.shards_resumed = len(shards) - len(first)
        _map(runner, first, settings, out, report, on_shard)
        report.wall_seconds["shards"] = time.perf_counter() - started
        started = time.perf_counter()
        _map(runner, _dump_jobs(shards, out), settings, out, report, None)
        report.wall_seconds["text_dumps"] = time.perf_counter() - started
        started, cpu = time.perf_counter(), time.process_time()
        tables = corpus.merge_parts(
            [(0, out.read_part(s, FIRST)) for s in shards]
            + [(1, out.read_part(s, DUMPS)) for s in shards]
        )
        report.wall_seconds["merge"] = time.perf_counter() - started
        steps: dict[str, float] = {}
        tables.update(
            corpus.group_articles(tables, runner, corpus_settings, steps, report.corpus_counts)
        )
        report.wall_seconds.update({f"corpus_{step}": s for step, s in steps.items()})
        report.cpu_seconds["corpus_workers"] = runner.task_cpu_seconds
    finally:
        runner.close()
    tables.pop("dump_samples")
    out.write_tables(tables)
    report.cpu_seconds["corpus"] = time.process_time() - cpu
    report.wall_seconds["corpus"] = time.perf_counter() - started
    report.counts = {name: len(rows) for name, rows in tables.items()}
    out.write_manifest(
        {
            "engine": engine,
            "inputs": list(inputs),
            "shards": len(shards),
            "filters": settings.filters,
            "counts": report.counts,
        }
    )
    return report


def _engine(name: str, ray_address: str | None, workers: int | None) -> Engine:
    if name == "local":
        from newsweave.pipeline.run.local import LocalEngine

        return LocalEngine()
    if name == "ray":
        from newsweave.pipeline.run.ray_engine import RayEngine

        return RayEngine(ray_address, workers)
    raise ValueError(f"unknown engine {name!r}: one of {', '.join(ENGINES)}")


def _map(
    runner: Engine,
    jobs: Sequence[ShardJob],
    settings: RunSettings,
    out: RunOutput,
    report: RunReport,
    on_shard: Callable[[str], None] | None,
) -> None:
    for result in runner.map_shards(jobs, settings):
        if result.rows:  # a job without an output: the worker gave its rows back
            out.write_part(result.job.shard, result.job.part, result.rows)
        for step in STEPS:
            report.cpu_seconds[step] += result.seconds[step]
        if on_shard:
            on_shard(result.job.shard.path)


def _dump_jobs(shards: Sequence[Shard], out: RunOutput) -> list[ShardJob]:
    """The text-dump pass of every shard with sampled dumps, with their furniture
    models learned from every shard's samples (as ingest learns from all its dumps)."""
    samples = {s: out.read_part(s, FIRST, ("dump_samples",))["dump_samples"] for s in shards}
    if not any(samples.values()):
        return []
    models = learn_models(sample_from_row(r) for rows in samples.values() for r in rows)
    return [
        ShardJob(shard, DUMPS, {r["raw_id"]: models.get(r["raw_id"]) for r in rows}, out)
        for shard, rows in samples.items()
        if rows and not out.done(shard, DUMPS)
    ]
