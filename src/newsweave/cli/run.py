"""Commands for corpora beyond one store: run (local or on Ray, to Parquet) and load."""

from __future__ import annotations

import sys
from datetime import date

import click

from newsweave.cli.app import cli, db_option, err, out, time_limit_option
from newsweave.errors import NewsweaveError


def _day(value: str | None, option: str) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise NewsweaveError(f"{option} {value!r} is not a date: give YYYY-MM-DD") from None


@cli.command("run")
@click.option(
    "--input",
    "inputs",
    multiple=True,
    required=True,
    metavar="PATH_OR_GLOB",
    help="Files, folders, globs ('crawl/*.warc.gz') or s3:// / gs:// paths; repeatable.",
)
@click.option(
    "--output",
    required=True,
    metavar="DIR",
    help="Folder for the Parquet tables: a path, or file://, s3://, gs:// (workers write there).",
)
@click.option(
    "--engine",
    type=click.Choice(["local", "ray"]),
    default="local",
    show_default=True,
    help="local: this process; ray: a Ray cluster (the 'ray' extra).",
)
@click.option(
    "--address",
    default=None,
    metavar="ADDRESS",
    help="Ray cluster to join (default: RAY_ADDRESS, else a local Ray).",
)
@click.option("--workers", type=int, default=None, help="Ray actors (default: the cluster's CPUs).")
@click.option(
    "--host",
    "hosts",
    multiple=True,
    metavar="HOST",
    help="Keep only articles from this host or its subdomains; repeatable.",
)
@click.option(
    "--since", default=None, metavar="YYYY-MM-DD", help="Keep articles published on or after."
)
@click.option(
    "--until", default=None, metavar="YYYY-MM-DD", help="Keep articles published on or before."
)
@click.option(
    "--language",
    "languages",
    multiple=True,
    metavar="CODE",
    help="Keep articles in this language (ISO 639-1, e.g. en); repeatable.",
)
@time_limit_option("Give up on one document after this long, in any step.")
@click.option("--analyze/--no-analyze", default=True, show_default=True)
def run_command(
    inputs: tuple[str, ...],
    output: str,
    engine: str,
    address: str | None,
    workers: int | None,
    hosts: tuple[str, ...],
    since: str | None,
    until: str | None,
    languages: tuple[str, ...],
    time_limit: float,
    analyze: bool,
) -> None:
    """Run the pipeline over a corpus into Parquet tables in DIR.

    Per-document steps run shard by shard (one input file each); duplicates and stories
    are found over the whole corpus. A stopped run started again with the same
    --output skips the shards it finished. `newsweave load DIR` puts the result in a
    store. Exits 1 if any input was rejected (the rejections table says why).
    """
    from newsweave.pipeline.run import RunFilters, run

    filters = RunFilters(
        hosts=tuple(h.lower().removeprefix("www.") for h in hosts),
        since=_day(since, "--since"),
        until=_day(until, "--until"),
        languages=tuple(code.lower() for code in languages),
    )
    report = run(
        list(inputs),
        output,
        engine=engine,
        filters=filters,
        time_limit_s=time_limit,
        analyze=analyze,
        ray_address=address,
        workers=workers,
    )
    counts = report.counts
    out.print(
        f"{report.shards} shards ({report.shards_resumed} done before): "
        f"{counts.get('articles', 0)} articles, {counts.get('stories', 0)} stories, "
        f"{counts.get('duplicates', 0)} duplicates, {counts.get('filtered', 0)} filtered, "
        f"{counts.get('rejections', 0)} rejected, {counts.get('failures', 0)} failed steps "
        f"-> {output}"
    )
    for skipped in report.skipped:
        err.print(f"skipped {skipped}: not a regular file", markup=False)
    if not report.ok:
        sys.exit(1)


@cli.command("load")
@click.argument("directory", metavar="DIR")
@db_option
def load_command(directory: str, db_path: str) -> None:
    """Put a run's Parquet tables (from `newsweave run`) into a store, for the reports,
    the digest and the web app. Loading twice stores nothing twice."""
    from newsweave.pipeline.run.load import load_run
    from newsweave.store.db import Store

    with Store(db_path) as store:
        report = load_run(store, directory)
    how = "grouped with the store's stories" if report.regrouped else "stories as the run made them"
    out.print(f"loaded {report.inputs} inputs, {report.articles} new articles; {how} -> {db_path}")
