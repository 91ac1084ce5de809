"""The main job: ``digest`` (ingest, analyse, group, and write a browsable site) and
``report`` (one story's report as Markdown, JSON or a one-file HTML page)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from newsweave.cli.app import (
    cli,
    db_option,
    err,
    out,
    progress_bar,
    time_limit_option,
    workers_option,
)
from newsweave.errors import NewsweaveError
from newsweave.store.db import Store


@cli.command()
@click.argument("paths", nargs=-1, required=True, metavar="PATH...")
@click.option(
    "-o",
    "--output",
    "out_dir",
    default="digest",
    show_default=True,
    metavar="DIR",
    help="Folder for the site (new, empty, or an earlier digest).",
)
@db_option
@time_limit_option("Give up on one document after this long, in any step.")
@workers_option
def digest(
    paths: tuple[str, ...], out_dir: str, db_path: str, time_limit: float, workers: int | None
) -> None:
    """Ingest PATH... (files, folders, -), analyse and group what is new, and write a
    static site to DIR: index.html listing the stories (newest first, with a filter
    box), a page per story (summary, charts, quotes, articles) and per article (clean
    text, quotes marked by speaker, what the cleaner removed). It opens from file://
    with no network. Run it again on a grown folder: only new inputs are analysed and
    only changed pages rewritten. Exits 1 if any input was rejected."""
    from newsweave.digest.site import build_digest
    from newsweave.ingest.files import iter_input_files
    from newsweave.pipeline.job import run_ingest_job

    files = list(iter_input_files(paths))
    with Store(db_path) as store:
        job = run_ingest_job(
            store, files, time_limit_s=time_limit, workers=workers, progress=progress_bar
        )
        result = build_digest(store, out_dir, progress=progress_bar, workers=workers)
    report = job.ingest
    for rejection in report.rejections:
        err.print(f"rejected {rejection.source}: {rejection.reason} ({rejection.detail})")
    out.print(
        f"{report.new} new, {report.duplicate} already stored, {report.rejected} rejected;"
        f" {_count(result.storylines, 'storyline', 'storylines')} and"
        f" {_count(result.stories, 'story', 'stories')} found in"
        f" {_count(result.articles, 'article', 'articles')};"
        f" {result.written} files written, {result.unchanged} unchanged, {result.removed} removed"
    )
    out.print(f"digest: {result.index.resolve()}", soft_wrap=True)
    if not report.ok:
        sys.exit(1)


def _count(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


@cli.command()
@click.argument("subject_id", metavar="ID")
@db_option
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["md", "json", "html"]),
    default="md",
    show_default=True,
)
@click.option("-o", "--output", "output", metavar="FILE", help="Write here instead of stdout.")
def report(subject_id: str, db_path: str, fmt: str, output: str | None) -> None:
    """A story's or storyline's report (ID or a unique prefix, as `newsweave stories`
    lists them): label, span, outlets, summary and every further section the store can
    give, and its articles with their syndicated copies listed under the original.
    Read from the store when current there (ingest and digest store them), else made.

    JSON is the one shape the HTML, the digest, the web app and scripts read; HTML
    is one self-contained page (styles inside, no script, no remote file)."""
    from newsweave.reports.report import subject_of
    from newsweave.reports.stored import current_report
    from newsweave.store.reports import put_report_if_free

    def keep(subject_id: str, kind: str, key: str, body: bytes) -> bool:
        # A stale or missing report is stored for next time when the store can take
        # it now (not read-only, not busy); either way it is printed.
        return put_report_if_free(db_path, subject_id, kind, key, body)

    with Store(db_path, readonly=True) as store:
        data = json.loads(current_report(store, subject_of(store, subject_id), keep=keep))
    if fmt == "json":
        text = json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    elif fmt == "html":
        from newsweave.reports.render.html import Links, render_report_html

        text = render_report_html(data, Links(article=None, index=None, inline_assets=True))
    else:
        from newsweave.reports.render.markdown import render_report_markdown

        text = render_report_markdown(data)
    if output is None:
        click.echo(text, nl=False)
        return
    target = Path(output)
    if not target.parent.is_dir():
        raise NewsweaveError(f"no folder {target.parent} for -o {output}: create it first")
    if target.is_dir():
        raise NewsweaveError(f"-o {output} is a folder: give a file name")
    target.write_text(text, encoding="utf-8")
