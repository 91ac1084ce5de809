"""Extraction in worker processes: the tasks ``pipeline.ingest`` runs in an OrderedPool.

A text dump's first cleaning pass (its furniture sample) and its extraction with that
pass are done together in a worker: the models learned from all of a batch's samples
change only the dumps they touch (``extract.learned``), which are extracted again
with their model. Other documents are extracted in one step. Every step runs within
the per-document time limit, as in one process, and a document whose task kills its
worker becomes a rejection (``extract-error``).
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Iterator

from newsweave.extract.furniture import FurnitureModel
from newsweave.extract.learned import DumpSample, sample_dump
from newsweave.pipeline.pool import OrderedPool
from newsweave.records import Article, RawDocument, Rejection

Extracted = Article | Rejection
Sampled = tuple[DumpSample | None, Extracted]
ToExtract = tuple[RawDocument, FurnitureModel | None]
# Documents per task: small enough to spread a batch over the workers evenly, large
# enough that pickling and the round trip are a small part of a task.
CHUNK = 8


def sampled_in(
    pool: OrderedPool, dumps: Iterable[RawDocument], time_limit_s: float
) -> Iterator[Sampled]:
    """Per text dump, in order: its furniture sample and its extraction with its first
    cleaning pass (see ``_sample_and_extract``)."""
    task = functools.partial(_sample_and_extract, time_limit_s=time_limit_s)
    return pool.map(task, dumps, chunk=CHUNK, died=_sample_died)


def extracted_in(
    pool: OrderedPool, items: Iterable[ToExtract], time_limit_s: float
) -> Iterator[Extracted]:
    """Per (document, furniture model or None), in order: its article or rejection."""
    task = functools.partial(_extract, time_limit_s=time_limit_s)
    return pool.map(task, items, chunk=CHUNK, died=_extract_died)


def _sample_and_extract(raws: list[RawDocument], *, time_limit_s: float) -> list[Sampled]:
    """Per dump: its furniture sample (None when it cannot be read) and its extraction
    with its first pass, which stands unless a learned model touches the dump."""
    from newsweave.pipeline.ingest import extract_within

    results: list[Sampled] = []
    for raw in raws:
        sampled = sample_dump(raw, time_limit_s=time_limit_s)
        if sampled is None:  # extracted without a model, as in one process
            results.append((None, extract_within(raw, time_limit_s=time_limit_s)))
            continue
        sample, first_pass = sampled
        extracted = extract_within(raw, time_limit_s=time_limit_s, cleaned=first_pass)
        results.append((sample, extracted))
    return results


def _extract(items: list[ToExtract], *, time_limit_s: float) -> list[Extracted]:
    from newsweave.pipeline.ingest import extract_within

    return [
        extract_within(raw, time_limit_s=time_limit_s, furniture=furniture)
        for raw, furniture in items
    ]


def worker_died(raw: RawDocument) -> Rejection:
    return Rejection(raw.source, "extract-error", "the extraction worker process died", raw.id)


def _sample_died(raw: RawDocument) -> Sampled:
    return None, worker_died(raw)


def _extract_died(item: ToExtract) -> Extracted:
    return worker_died(item[0])
