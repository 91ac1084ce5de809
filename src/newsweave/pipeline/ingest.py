"""The ingest job: inputs → raw documents → articles, each stored as it is made.

Each input is committed on its own, so a killed run loses at most the input in hand,
and a re-run recognises every stored input by its id and skips it.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from newsweave.errors import LimitExceeded, RejectedInput
from newsweave.extract import Extraction
from newsweave.extract.document import extract_document
from newsweave.extract.furniture import FurnitureModel
from newsweave.extract.learned import learn_outlet_furniture
from newsweave.ingest.files import SkippedEntry, iter_input_files, read_bytes, read_input
from newsweave.limits import DEFAULT_TIME_LIMIT_S, time_limit
from newsweave.records import Article, RawDocument, Rejection
from newsweave.store.db import Store

log = logging.getLogger(__name__)

DEFAULT_TIME_LIMIT = DEFAULT_TIME_LIMIT_S
# Text dumps held back at most, to learn furniture from (bounds memory on huge runs).
TEXT_DUMP_BATCH = 2000


@dataclass
class IngestReport:
    """What one ingest run did. ``duplicate`` counts inputs stored before (this run or
    an earlier one) and inputs whose article was already there under another source.
    ``skipped`` lists what a folder held that is not a regular file (FIFOs, devices):
    reported, not read, and no reason for the run to fail."""

    new: int = 0
    duplicate: int = 0
    rejected: int = 0
    new_article_ids: list[str] = field(default_factory=list)
    rejections: list[Rejection] = field(default_factory=list)
    skipped: list[SkippedEntry] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.rejected == 0


def ingest_paths(
    store: Store,
    paths: Iterable[str | SkippedEntry],
    *,
    time_limit_s: float = DEFAULT_TIME_LIMIT,
    on_file: Callable[[str], None] | None = None,
) -> IngestReport:
    """Ingest files, folders or ``-``; every input ends stored, skipped or rejected."""
    report = IngestReport()
    text_dumps: list[RawDocument] = []
    for source in iter_input_files(paths):
        if isinstance(source, SkippedEntry):
            report.skipped.append(source)
            log.info("skipped %s: %s", source.source, source.detail)
            if on_file:
                on_file(source.source)
            continue
        _ingest_items(store, read_input(source), report, text_dumps, time_limit_s)
        if on_file:
            on_file(source)
    _ingest_text_dumps(store, text_dumps, report, time_limit_s)
    return report


def ingest_contents(
    store: Store,
    contents: Iterable[tuple[str, bytes]],
    *,
    time_limit_s: float = DEFAULT_TIME_LIMIT,
) -> IngestReport:
    """Ingest inputs held in memory, as (source name, bytes) — uploads to a server —
    exactly as files of that name and content would be."""
    report = IngestReport()
    text_dumps: list[RawDocument] = []
    for source, data in contents:
        _ingest_items(store, read_bytes(data, source), report, text_dumps, time_limit_s)
    _ingest_text_dumps(store, text_dumps, report, time_limit_s)
    return report


def _ingest_items(
    store: Store,
    items: Iterable[RawDocument | Rejection],
    report: IngestReport,
    text_dumps: list[RawDocument],
    time_limit_s: float,
) -> None:
    for item in items:
        if isinstance(item, Rejection):
            store.add_rejection(item)
            _count_rejection(report, item)
        elif item.format == "text" and store.raw_status(item.id) is None:
            # Text dumps wait, so an outlet's recurring furniture can be learned
            # from all of its dumps before any of them is cleaned.
            text_dumps.append(item)
            if len(text_dumps) >= TEXT_DUMP_BATCH:
                _ingest_text_dumps(store, text_dumps, report, time_limit_s)
                text_dumps.clear()
        else:
            ingest_document(store, item, report, time_limit_s=time_limit_s)


def _ingest_text_dumps(
    store: Store, dumps: list[RawDocument], report: IngestReport, time_limit_s: float
) -> None:
    unchanged: dict[str, Extraction] = {}
    models = learn_outlet_furniture(store, dumps, time_limit_s=time_limit_s, unchanged=unchanged)
    for raw in dumps:
        ingest_document(
            store,
            raw,
            report,
            time_limit_s=time_limit_s,
            furniture=models.get(raw.id),
            cleaned=unchanged.pop(raw.id, None),
        )


def ingest_document(
    store: Store,
    raw: RawDocument,
    report: IngestReport,
    *,
    time_limit_s: float,
    furniture: FurnitureModel | None = None,
    cleaned: Extraction | None = None,
) -> None:
    previous = store.raw_status(raw.id)
    if previous == "rejected":
        # Stored and rejected before: still a failed input, so the exit code says so.
        earlier = store.rejection_of(raw.id)
        _count_rejection(report, earlier or Rejection(raw.source, "rejected", "earlier run"))
        return
    if previous is not None:
        report.duplicate += 1
        return
    result = extract_within(raw, time_limit_s=time_limit_s, furniture=furniture, cleaned=cleaned)
    status, article_id = store.add_document(raw, result)
    if status == "rejected":
        assert isinstance(result, Rejection)
        _count_rejection(report, result)
    elif status == "duplicate":
        report.duplicate += 1
    else:
        report.new += 1
        assert article_id is not None
        report.new_article_ids.append(article_id)


def extract_within(
    raw: RawDocument,
    *,
    time_limit_s: float,
    furniture: FurnitureModel | None = None,
    cleaned: Extraction | None = None,
) -> Article | Rejection:
    """One document's article, or its rejection with the reason, within the time limit
    (in any process: ingest, or a worker of a distributed run)."""
    try:
        with time_limit(time_limit_s):
            return extract_document(raw, furniture=furniture, cleaned=cleaned)
    except (RejectedInput, LimitExceeded) as exc:
        return Rejection(raw.source, exc.reason, exc.detail, raw.id)
    except Exception as exc:  # an extractor bug must not end the run: record it
        log.exception("extraction failed for %s", raw.source)
        return Rejection(raw.source, "extract-error", f"{type(exc).__name__}: {exc}", raw.id)


def _count_rejection(report: IngestReport, rejection: Rejection) -> None:
    report.rejected += 1
    report.rejections.append(rejection)
    log.info("rejected %s: %s (%s)", rejection.source, rejection.reason, rejection.detail)
