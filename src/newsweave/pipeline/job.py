"""The ingest job: its steps, in order, over one store.

``newsweave ingest`` and the Python API both run this; a killed job is finished by
running it again, since every step works only on what is not done yet (stored inputs
are skipped, analyzed articles are not analyzed again, grouped ones not regrouped).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING

from newsweave.ingest.files import SkippedEntry
from newsweave.pipeline.ingest import (
    DEFAULT_TIME_LIMIT,
    IngestReport,
    ingest_contents,
    ingest_paths,
)
from newsweave.records import AnalysisFailure, GroupingFailure
from newsweave.store.db import Store

if TYPE_CHECKING:
    from newsweave.pipeline.report import ReportStepResult

Advance = Callable[..., None]
# A step's progress display: (step name, number of items or None) -> a context that
# yields the callback to call once per item done.
StepProgress = Callable[[str, int | None], AbstractContextManager[Advance]]


@contextmanager
def no_progress(_name: str, _total: int | None) -> Iterator[Advance]:
    yield lambda *_args: None


@dataclass(frozen=True, slots=True)
class JobReport:
    ingest: IngestReport
    analyzed: int
    grouped: int
    # Articles whose analysis failed in this run (stored, with their reasons).
    analysis_failures: tuple[AnalysisFailure, ...] = ()
    # Articles whose grouping ran out of time in this run (stored, in no story).
    grouping_failures: tuple[GroupingFailure, ...] = ()
    # The report step's counts; None when it did not run.
    reports: ReportStepResult | None = None


def run_ingest_job(
    store: Store,
    files: Sequence[str | SkippedEntry],
    *,
    analyze: bool = True,
    embeddings: bool = False,
    time_limit_s: float = DEFAULT_TIME_LIMIT,
    progress: StepProgress = no_progress,
    workers: int | None = None,
    reports: bool = True,
) -> JobReport:
    """Ingest ``files`` (files, folders or ``-``), then analyze and group what is new,
    and (with ``reports`` and ``analyze``) make the reports of the stories and
    storylines that changed.

    Analysis and grouping run even when nothing new was stored: a run killed while
    analyzing or grouping left stored articles that repeating the job finishes.
    ``workers``: processes extracting, analysing and grouping (see ``ingest_paths``,
    ``analyze_new_articles`` and ``group_new_articles``; None: one per core when there
    is enough to do, 1: this process only).
    """
    with progress("ingest", len(files)) as advance:
        report = ingest_paths(
            store, files, time_limit_s=time_limit_s, on_file=advance, workers=workers
        )
    job = _analyze_and_group(
        store, report, analyze=analyze, embeddings=embeddings, time_limit_s=time_limit_s,
        progress=progress, workers=workers,
    )  # fmt: skip
    if not (analyze and reports):
        return job  # reports of unanalysed articles would be made again once analysed
    from dataclasses import replace

    from newsweave.pipeline.report import report_changed_subjects

    made = report_changed_subjects(store, workers=workers, progress=progress)
    return replace(job, reports=made)


def run_contents_job(
    store: Store,
    contents: Sequence[tuple[str, bytes]],
    *,
    analyze: bool = True,
    time_limit_s: float = DEFAULT_TIME_LIMIT,
) -> JobReport:
    """The same job over inputs held in memory, as (source name, bytes): what a web
    upload goes through, with the same formats, rejections and limits as files. No
    report step: a server makes (and stores) a report when it is first asked for."""
    report = ingest_contents(store, contents, time_limit_s=time_limit_s)
    return _analyze_and_group(
        store, report, analyze=analyze, embeddings=False, time_limit_s=time_limit_s,
        progress=no_progress, workers=1,  # an upload is small: no worker processes
    )  # fmt: skip


def _analyze_and_group(
    store: Store,
    report: IngestReport,
    *,
    analyze: bool,
    embeddings: bool,
    time_limit_s: float,
    progress: StepProgress,
    workers: int | None,
) -> JobReport:
    from newsweave.pipeline.analyze import analyze_new_articles
    from newsweave.pipeline.group import group_new_articles

    analyzed = 0
    failures: list[AnalysisFailure] = []
    grouping_failures: list[GroupingFailure] = []
    if analyze:
        with progress("analyze", None) as advance:
            analyzed = analyze_new_articles(
                store,
                on_article=advance,
                on_failure=failures.append,
                time_limit_s=time_limit_s,
                workers=workers,
            )
    with progress("group", None) as advance:
        grouped = group_new_articles(
            store,
            on_article=advance,
            embeddings=embeddings,
            analyzed_only=analyze,
            time_limit_s=time_limit_s,
            on_failure=grouping_failures.append,
            workers=workers,
        )
    return JobReport(report, analyzed, grouped, tuple(failures), tuple(grouping_failures))
