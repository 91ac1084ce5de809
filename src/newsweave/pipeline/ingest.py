"""The ingest job: inputs → raw documents → articles, each stored as it is made.

Each input is committed on its own, so a killed run loses at most the inputs in hand
(text dumps waiting for their batch, documents waiting in the window extracted ahead
of their writes), and a re-run recognises every stored input by its id and skips it.
With more than one worker, extraction runs in worker processes (see ``_Ingest``).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

from newsweave.errors import LimitExceeded, RejectedInput
from newsweave.extract import Extraction
from newsweave.extract.document import extract_document
from newsweave.extract.furniture import FurnitureModel
from newsweave.extract.learned import cleaned_again, learn_outlet_furniture, learn_with_stored
from newsweave.ingest.files import SkippedEntry, iter_input_files, read_bytes, read_input
from newsweave.limits import DEFAULT_TIME_LIMIT_S, time_limit
from newsweave.pipeline.extract_workers import extracted_in, sampled_in
from newsweave.pipeline.pool import OrderedPool
from newsweave.pipeline.workers import default_workers
from newsweave.records import Article, RawDocument, Rejection
from newsweave.store.db import Store

log = logging.getLogger(__name__)

DEFAULT_TIME_LIMIT = DEFAULT_TIME_LIMIT_S
# Text dumps held back at most, to learn furniture from (bounds memory on huge runs).
TEXT_DUMP_BATCH = 2000
# Below this many documents to extract at once, starting worker processes (~1 s)
# costs more than the second core saves: a single new file stays in this process.
WORKER_MIN_DOCUMENTS = 64
# Documents other than text dumps held at most before being written, so that workers
# extract ahead of the writes.
DOCUMENT_WINDOW = 256


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
    workers: int | None = None,
) -> IngestReport:
    """Ingest files, folders or ``-``; every input ends stored, skipped or rejected.

    ``workers``: processes extracting (1: this one only; None: one per core). Workers
    start only for a batch of at least ``WORKER_MIN_DOCUMENTS`` documents to extract;
    this process alone writes the store, in input order, so the stored rows are the
    same with any number of workers."""
    report = IngestReport()
    with _Ingest(store, report, time_limit_s, workers) as run:
        for source in iter_input_files(paths):
            if isinstance(source, SkippedEntry):
                report.skipped.append(source)
                log.info("skipped %s: %s", source.source, source.detail)
                if on_file:
                    on_file(source.source)
                continue
            run.add_all(read_input(source))
            if on_file:
                on_file(source)
    return report


def ingest_contents(
    store: Store,
    contents: Iterable[tuple[str, bytes]],
    *,
    time_limit_s: float = DEFAULT_TIME_LIMIT,
) -> IngestReport:
    """Ingest inputs held in memory, as (source name, bytes) — uploads to a server —
    exactly as files of that name and content would be (in this process: an upload
    is small)."""
    report = IngestReport()
    with _Ingest(store, report, time_limit_s, workers=1) as run:
        for source, data in contents:
            run.add_all(read_bytes(data, source))
    return report


class _Ingest:
    """One ingest run: items are written in input order, except that text dumps wait
    (see ``add``). Other items wait too, in a window of ``DOCUMENT_WINDOW``, so that
    worker processes can extract them while this process writes; nothing is written
    out of order, so the window changes nothing stored."""

    def __init__(
        self, store: Store, report: IngestReport, time_limit_s: float, workers: int | None
    ) -> None:
        self.store = store
        self.report = report
        self.time_limit_s = time_limit_s
        count = default_workers() if workers is None else workers
        self.pool = OrderedPool(count) if count > 1 else None
        self.window: list[RawDocument | Rejection] = []
        self.text_dumps: list[RawDocument] = []

    def __enter__(self) -> _Ingest:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, *_exc: object) -> None:
        try:
            if exc_type is None:
                self._write_window()
                self._write_text_dumps()
        finally:
            if self.pool is not None:
                self.pool.close()

    def add_all(self, items: Iterable[RawDocument | Rejection]) -> None:
        for item in items:
            self.add(item)

    def add(self, item: RawDocument | Rejection) -> None:
        if (
            isinstance(item, RawDocument)
            and item.format == "text"
            and self.store.raw_status(item.id) is None
        ):
            # Text dumps wait, so an outlet's recurring furniture can be learned
            # from all of its dumps before any of them is cleaned.
            self.text_dumps.append(item)
            if len(self.text_dumps) >= TEXT_DUMP_BATCH:
                self._write_window()
                self._write_text_dumps()
            return
        self.window.append(item)
        if len(self.window) >= DOCUMENT_WINDOW:
            self._write_window()

    def _use_pool(self, documents: int) -> OrderedPool | None:
        """The pool, when it is running already or ``documents`` repay starting it."""
        if self.pool is not None and (self.pool.started or documents >= WORKER_MIN_DOCUMENTS):
            return self.pool
        return None

    def _write_window(self) -> None:
        window, self.window = self.window, []
        todo = {
            i: item
            for i, item in enumerate(window)
            if isinstance(item, RawDocument) and self.store.raw_status(item.id) is None
        }
        pool = self._use_pool(len(todo))
        results: Iterator[Article | Rejection] = iter(())
        if pool is not None:
            items = ((raw, None) for raw in todo.values())
            results = extracted_in(pool, items, self.time_limit_s)
        for i, item in enumerate(window):
            if isinstance(item, Rejection):
                self.store.add_rejection(item)
                _count_rejection(self.report, item)
                continue
            # A document stored meanwhile (named twice in one run) is found so here.
            ingest_document(
                self.store,
                item,
                self.report,
                time_limit_s=self.time_limit_s,
                extracted=next(results) if pool is not None and i in todo else None,
            )

    def _write_text_dumps(self) -> None:
        dumps, self.text_dumps = self.text_dumps, []
        if not dumps:
            return
        pool = self._use_pool(len(dumps))
        if pool is None:
            unchanged: dict[str, Extraction] = {}
            models = learn_outlet_furniture(
                self.store, dumps, time_limit_s=self.time_limit_s, unchanged=unchanged
            )
            for raw in dumps:
                ingest_document(
                    self.store,
                    raw,
                    self.report,
                    time_limit_s=self.time_limit_s,
                    furniture=models.get(raw.id),
                    cleaned=unchanged.pop(raw.id, None),
                )
            return
        # The same steps in workers: first passes (and extractions with them), models
        # learned here from all samples, the dumps they touch extracted again.
        firsts = list(sampled_in(pool, dumps, self.time_limit_s))
        models = learn_with_stored(self.store, [s for s, _ in firsts if s is not None])
        touched = [sample is not None and cleaned_again(models, sample) for sample, _ in firsts]
        again = extracted_in(
            pool,
            ((raw, models[raw.id]) for raw, redo in zip(dumps, touched, strict=True) if redo),
            self.time_limit_s,
        )
        for raw, (_, extracted), redo in zip(dumps, firsts, touched, strict=True):
            ingest_document(
                self.store,
                raw,
                self.report,
                time_limit_s=self.time_limit_s,
                extracted=next(again) if redo else extracted,
            )


def ingest_document(
    store: Store,
    raw: RawDocument,
    report: IngestReport,
    *,
    time_limit_s: float,
    furniture: FurnitureModel | None = None,
    cleaned: Extraction | None = None,
    extracted: Article | Rejection | None = None,
) -> None:
    """Store ``raw`` and its article or rejection (``extracted`` when a worker made it
    already), unless an earlier run or input stored it."""
    previous = store.raw_status(raw.id)
    if previous == "rejected":
        # Stored and rejected before: still a failed input, so the exit code says so.
        earlier = store.rejection_of(raw.id)
        _count_rejection(report, earlier or Rejection(raw.source, "rejected", "earlier run"))
        return
    if previous is not None:
        report.duplicate += 1
        return
    result = (
        extracted
        if extracted is not None
        else extract_within(raw, time_limit_s=time_limit_s, furniture=furniture, cleaned=cleaned)
    )
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
