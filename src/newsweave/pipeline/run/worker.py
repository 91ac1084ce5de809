"""The per-document steps of a run, for one shard at a time: read, filter, extract,
analyse, MinHash. The same code runs in the local engine's process and in each Ray
actor (which loads spaCy once, when it makes its worker).

A shard goes through in two passes when it holds text dumps: the first does every
other document and samples the dumps; once every shard is sampled, the furniture
models are learned from all the samples (as ingest learns them from all its dumps) and
the second pass extracts the dumps with them.
"""

from __future__ import annotations

import json
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from newsweave.extract.furniture import FurnitureModel
from newsweave.extract.learned import sample_dump
from newsweave.limits import DEFAULT_TIME_LIMIT_S, time_limit
from newsweave.pipeline.ingest import extract_within
from newsweave.pipeline.run import rows
from newsweave.pipeline.run.filters import RunFilters
from newsweave.pipeline.run.plan import Shard, read_shard
from newsweave.pipeline.run.tables import Rows, empty_rows
from newsweave.records import AnalysisFailure, Article, RawDocument, Rejection

if TYPE_CHECKING:
    from newsweave.pipeline.run.output import RunOutput

# Articles to analyse, by id, in input order.
_Pending = dict[str, tuple[rows.Order, Article]]


# The per-document steps timed (CPU seconds); "read" is the rest: reading, sniffing,
# filters, sampling text dumps and making rows.
STEPS = ("read", "extract", "analyze", "minhash")


@dataclass(frozen=True, slots=True)
class RunSettings:
    filters: RunFilters = field(default_factory=RunFilters)
    time_limit_s: float = DEFAULT_TIME_LIMIT_S
    analyze: bool = True


@dataclass(frozen=True, slots=True)
class ShardJob:
    """One pass over one shard: ``models`` (raw id -> model) for the text-dump pass;
    ``output``: where the worker writes the part (None: it returns the rows)."""

    shard: Shard
    part: str
    models: Mapping[str, FurnitureModel | None] | None = None
    output: RunOutput | None = None


@dataclass(frozen=True, slots=True)
class ShardResult:
    job: ShardJob
    rows: Rows  # empty when the worker wrote them to the job's output
    seconds: dict[str, float]  # CPU seconds of this worker per step, and wall seconds


class ShardWorker:
    """Runs the per-document steps over shards; holds the analyser between them."""

    def __init__(self, settings: RunSettings) -> None:
        from newsweave.dedup.index import DuplicateIndex

        self.settings = settings
        self._signer = DuplicateIndex()  # only its make_record: the index is corpus-wide
        self._analyzer = None
        self.seconds = dict.fromkeys(STEPS, 0.0)
        if settings.analyze:
            from newsweave.analyze.analyzer import Analyzer

            self._analyzer = Analyzer()

    def run(self, job: ShardJob) -> ShardResult:
        self.seconds = dict.fromkeys(STEPS, 0.0)
        wall, cpu = time.perf_counter(), time.process_time()
        if job.models is None:
            rows_ = self.first_pass(job.shard)
        else:
            rows_ = self.dumps_pass(job.shard, job.models)
        self.seconds["cpu"] = time.process_time() - cpu
        self.seconds["read"] = self.seconds["cpu"] - sum(self.seconds[s] for s in STEPS[1:])
        if job.output is not None:
            job.output.write_part(job.shard, job.part, rows_)
            rows_ = {}
        self.seconds["wall"] = time.perf_counter() - wall
        return ShardResult(job, rows_, self.seconds)

    def first_pass(self, shard: Shard) -> Rows:
        """Every document of the shard but its text dumps, which are sampled."""
        out = empty_rows()
        pending: _Pending = {}
        for number, item in enumerate(read_shard(shard.path)):
            order = (shard.number, number)
            if isinstance(item, Rejection):
                out["rejections"].append(rows.rejection_row(item, order))
            elif item.format == "text":
                if not self._filtered_raw(item, order, out):
                    sampled = sample_dump(item, time_limit_s=self.settings.time_limit_s)
                    if sampled is not None:
                        out["dump_samples"].append(rows.sample_row(sampled[0], order))
                    else:  # unreadable: extraction rejects it with the reason
                        self._extract(item, order, None, out, pending)
            elif not self._filtered_raw(item, order, out):
                self._extract(item, order, None, out, pending)
        self._per_article(pending, out)
        return out

    def dumps_pass(self, shard: Shard, models: Mapping[str, FurnitureModel | None]) -> Rows:
        """The shard's sampled text dumps (the keys of ``models``), extracted with the
        furniture models learned from the whole run's samples (None: too few dumps of
        its outlet to learn from)."""
        out = empty_rows()
        pending: _Pending = {}
        for number, item in enumerate(read_shard(shard.path)):
            if isinstance(item, RawDocument) and item.id in models:
                order = (shard.number, number)
                self._extract(item, order, models[item.id], out, pending)
        self._per_article(pending, out)
        return out

    def _filtered_raw(self, raw: RawDocument, order: rows.Order, out: Rows) -> bool:
        reason = self.settings.filters.raw_reason(raw)
        if reason is not None:
            out["filtered"].append(_filtered_row(raw, reason, order))
        return reason is not None

    def _extract(
        self,
        raw: RawDocument,
        order: rows.Order,
        furniture: FurnitureModel | None,
        out: Rows,
        pending: _Pending,
    ) -> None:
        started = time.process_time()
        result = extract_within(raw, time_limit_s=self.settings.time_limit_s, furniture=furniture)
        self.seconds["extract"] += time.process_time() - started
        out["inputs"].append(rows.input_row(raw, result, order))
        if isinstance(result, Rejection):
            out["rejections"].append(rows.rejection_row(result, order))
            return
        reason = self.settings.filters.article_reason(result, raw)
        if reason is not None:
            out["filtered"].append(_filtered_row(raw, reason, order))
            return
        out["articles"].append(rows.article_row(result, order))
        pending.setdefault(result.id, (order, result))  # a repeat in the shard: analysed once

    def _per_article(self, pending: _Pending, out: Rows) -> None:
        """Analysis (batched, as the analyser prefers) and MinHash of the kept articles,
        each within the per-document time limit."""
        limit = self.settings.time_limit_s
        started = time.process_time()
        if self._analyzer is not None and pending:
            from newsweave.analyze.nlp import one_blas_thread

            items = ((a.id, a.text, a.published, a.language) for _, a in pending.values())
            # One BLAS thread, as ingest's analysis runs (the same numbers); the actors,
            # one per CPU, are the parallelism.
            with one_blas_thread():
                results = list(self._analyzer.analyze_within(items, limit))
            for result in results:
                order = pending[result.article_id][0]
                if isinstance(result, AnalysisFailure):
                    out["failures"].append(
                        _failure_row(
                            result.article_id, "analyze", result.reason, result.detail, order
                        )
                    )
                else:
                    for table, found in rows.analysis_rows(result, order).items():
                        out[table].extend(found)
        self.seconds["analyze"] += time.process_time() - started
        started = time.process_time()
        for order, article in pending.values():
            try:
                with time_limit(limit):
                    record = self._signer.make_record(article.id, article.text, article.outlet)
            except Exception as exc:  # a timeout, or a bug: out of stories
                reason = getattr(exc, "reason", "minhash-error")
                out["failures"].append(_failure_row(article.id, "group", reason, str(exc), order))
                continue
            out["minhash"].append(
                {
                    "article_id": article.id,
                    "data": json.dumps(record.to_row()),
                    "shard": order[0],
                    "record": order[1],
                }
            )
        self.seconds["minhash"] += time.process_time() - started


def _filtered_row(
    raw: RawDocument, reason: tuple[str, str], order: rows.Order
) -> dict[str, object]:
    return {
        "source": raw.source,
        "raw_id": raw.id,
        "reason": reason[0],
        "detail": reason[1],
        "shard": order[0],
        "record": order[1],
    }


def _failure_row(
    article_id: str, step: str, reason: str, detail: str, order: rows.Order
) -> dict[str, object]:
    return {
        "article_id": article_id,
        "step": step,
        "reason": reason,
        "detail": detail,
        "shard": order[0],
        "record": order[1],
    }
