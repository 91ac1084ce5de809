"""Commands that write: ingest, analyze, regroup."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager

import click

from newsweave.cli.app import (
    Advance,
    cli,
    db_option,
    err,
    out,
    progress_bar,
    time_limit_option,
    workers_option,
)
from newsweave.store.db import Store

# A run with fewer inputs than this finishes before a bar would help.
PROGRESS_MIN_FILES = 20


@cli.command()
@click.argument("paths", nargs=-1, required=True, metavar="PATH...")
@db_option
@time_limit_option(
    "Give up on one document after this long, in any step (hostile HTML, runaway "
    "text); an article whose analysis runs out of time is listed by `newsweave analyze`."
)
@click.option(
    "--analyze/--no-analyze",
    default=True,
    show_default=True,
    help="Analyze new articles (sentences, entities, dates, quotes) after ingesting.",
)
@click.option(
    "--embeddings/--no-embeddings",
    default=False,
    show_default=True,
    help="Blend MiniLM sentence embeddings into story grouping (the optional "
    "'embeddings' extra; slower, helps on loosely worded coverage).",
)
@workers_option
def ingest(
    paths: tuple[str, ...],
    db_path: str,
    time_limit: float,
    analyze: bool,
    embeddings: bool,
    workers: int | None,
) -> None:
    """Read files, folders (recursively) or - (stdin) into the store.

    Formats are detected by content: HTML (also .gz), text dumps, JSONL (url, html,
    text, title, published, outlet), WARC (.warc/.warc.gz) and RSS/Atom feeds whose
    items carry the article. Inputs already stored are skipped, so an interrupted run
    can simply be repeated. Exits 1 if any input was rejected (see `newsweave rejects`).
    An article whose analysis fails (e.g. runs out of time) stays stored, unanalyzed: it
    is named on stderr and counted in the summary, and retried only by
    `newsweave analyze --retry-failed`.
    """
    from newsweave.ingest.files import iter_input_files
    from newsweave.pipeline.job import run_ingest_job

    files = list(iter_input_files(paths))
    if embeddings:
        from newsweave.stories.embeddings import require_available

        require_available()  # fail before ingesting, not after

    @contextmanager
    def progress(name: str, total: int | None) -> Iterator[Advance]:
        show = name != "ingest" or len(files) >= PROGRESS_MIN_FILES
        with progress_bar(name, total, show=show) as advance:
            yield advance

    with Store(db_path) as store:
        job = run_ingest_job(
            store,
            files,
            analyze=analyze,
            embeddings=embeddings,
            time_limit_s=time_limit,
            progress=progress,
            workers=workers,
        )
    report = job.ingest
    for rejection in report.rejections:
        err.print(
            f"[yellow]rejected[/] {rejection.source}: {rejection.reason} ({rejection.detail})",
            markup=True,
        )
    for skipped in report.skipped:
        err.print(f"[dim]skipped[/] {skipped.source}: {skipped.detail}", markup=True)
    summary = f"{report.new} new, {report.duplicate} duplicate, {report.rejected} rejected"
    for failure in job.analysis_failures:
        err.print(
            f"[yellow]not analyzed[/] {failure.article_id}: {failure.reason} ({failure.detail})",
            markup=True,
        )
    for grouping_failure in job.grouping_failures:
        err.print(
            f"[yellow]not grouped[/] {grouping_failure.article_id}: {grouping_failure.reason}"
            f" ({grouping_failure.detail})",
            markup=True,
        )
    if report.skipped:
        summary += f", {len(report.skipped)} skipped (not regular files)"
    if job.analyzed:
        summary += f"; {job.analyzed} analyzed"
    if job.analysis_failures:
        summary += f"; {len(job.analysis_failures)} not analyzed (see `newsweave analyze`)"
    if job.grouping_failures:
        summary += f"; {len(job.grouping_failures)} not grouped (`newsweave regroup` retries)"
    if job.grouped:
        summary += f"; {job.grouped} grouped into stories (see `newsweave stories`)"
    out.print(f"{summary} → {db_path}")
    if not report.ok:
        sys.exit(1)


@cli.command()
@db_option
@click.option(
    "--retry-failed",
    is_flag=True,
    help="Also analyze again the articles whose analysis failed before.",
)
@time_limit_option("Give up on one article's analysis after this long.")
@workers_option
def analyze(db_path: str, retry_failed: bool, time_limit: float, workers: int | None) -> None:
    """Analyze stored articles that have no analysis yet: sentences, named entities
    (mentions of one entity tied together), time expressions resolved against the
    publication date, and quotes (direct, mixed, reported) with their speakers.

    Each article gets the per-document time limit. One whose analysis fails
    (reason `timeout` or `analysis-error`) stays stored without an analysis and is
    not tried again by later runs, only with --retry-failed (or by a new version of
    newsweave); every such article still pending is listed at the end."""
    from newsweave.pipeline.analyze import analyze_new_articles

    with Store(db_path) as store:
        with progress_bar("analyze") as advance:
            done = analyze_new_articles(
                store,
                on_article=advance,
                retry_failed=retry_failed,
                time_limit_s=time_limit,
                workers=workers,
            )
        failures = store.analysis_failures()
    out.print(f"{done} articles analyzed" if done else "nothing new to analyze")
    for failure in failures:
        err.print(
            f"[yellow]not analyzed[/] {failure.article_id} ({failure.source}): "
            f"{failure.reason} ({failure.detail}); retry with --retry-failed",
            markup=True,
        )


@cli.command()
@db_option
@click.option(
    "--embeddings/--no-embeddings",
    default=False,
    show_default=True,
    help="Blend MiniLM sentence embeddings into the grouping (the 'embeddings' extra).",
)
def regroup(db_path: str, embeddings: bool) -> None:
    """Link duplicates and group every stored article into stories again.

    Grouping is incremental: each article is compared once, when it arrives, with the
    version and settings of that run. After an upgrade, or to turn embeddings on for
    articles already grouped, this redoes it all; articles and analyses stay. A story's
    id comes from the article that started it, so ids can change. If interrupted, the
    next ingest or regroup finishes the job."""
    from newsweave.pipeline.group import regroup_all

    if embeddings:
        from newsweave.stories.embeddings import require_available

        require_available()
    with Store(db_path) as store:
        with progress_bar("regroup") as advance:
            done = regroup_all(store, on_article=advance, embeddings=embeddings)
        stories = store.count_stories()
    out.print(f"{done} articles regrouped into {stories} stories → {db_path}")
