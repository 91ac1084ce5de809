"""The ``newsweave`` command: thin wrappers over importable functions.

Every command reads or writes the store named by ``--db`` (or NEWSWEAVE_DB, or
./newsweave.db). Errors print as one line; NEWSWEAVE_DEBUG=1 shows the traceback.
"""

from __future__ import annotations

import logging
import os
import sys
from collections.abc import Callable
from datetime import datetime
from typing import Any, TypeVar

import click
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from newsweave import __version__
from newsweave.errors import NewsweaveError
from newsweave.export import EXPORT_FORMATS, export_articles, export_quotes, export_stories
from newsweave.ingest.files import iter_input_files
from newsweave.pipeline import ingest_paths
from newsweave.store.db import DB_ENV, DEFAULT_DB, Store

F = TypeVar("F", bound=Callable[..., Any])

# Piped output is read by programs and wide terminals: don't wrap tables at 80 columns.
out = Console(highlight=False, width=None if sys.stdout.isatty() else 200)
err = Console(stderr=True, highlight=False)

# A run with fewer inputs than this finishes before a bar would help.
PROGRESS_MIN_FILES = 20


def db_option(func: F) -> F:
    return click.option(
        "--db",
        "db_path",
        envvar=DB_ENV,
        default=DEFAULT_DB,
        show_default=True,
        metavar="FILE",
        help=f"SQLite database (also ${DB_ENV}).",
    )(func)


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, prog_name="newsweave")
@click.option("-v", "--verbose", is_flag=True, help="Log each rejection and stage to stderr.")
def cli(verbose: bool) -> None:
    """newsweave: raw news coverage in; clean articles, stories, timelines, quotes out.

    \b
    Start with:  newsweave ingest FOLDER      (HTML, text dumps, JSONL, WARC, RSS/Atom)
    Then:        newsweave search QUERY | show ID | export articles | rejects
    """
    logging.basicConfig(
        level=logging.INFO if verbose else logging.WARNING,
        format="%(levelname)s %(name)s: %(message)s",
    )


@cli.command()
@click.argument("paths", nargs=-1, required=True, metavar="PATH...")
@db_option
@click.option(
    "--time-limit",
    default=60.0,
    show_default=True,
    metavar="SECONDS",
    help="Give up on one document after this long (hostile HTML).",
)
@click.option(
    "--analyze/--no-analyze",
    default=True,
    show_default=True,
    help="Analyse new articles (sentences, entities, dates, quotes) after ingesting.",
)
@click.option(
    "--embeddings/--no-embeddings",
    default=False,
    show_default=True,
    help="Blend MiniLM sentence embeddings into story grouping (the optional "
    "'embeddings' extra; slower, helps on loosely worded coverage).",
)
def ingest(
    paths: tuple[str, ...], db_path: str, time_limit: float, analyze: bool, embeddings: bool
) -> None:
    """Read files, folders (recursively) or - (stdin) into the store.

    Formats are detected by content: HTML (also .gz), text dumps, JSONL (url, html,
    text, title, published, outlet), WARC (.warc/.warc.gz) and RSS/Atom feeds whose
    items carry the article. Inputs already stored are skipped, so an interrupted run
    can simply be repeated. Exits 1 if any input was rejected (see `newsweave rejects`).
    """
    files = list(iter_input_files(paths))
    if embeddings:
        from newsweave.embeddings import require_available

        require_available()  # fail before ingesting, not after
    with Store(db_path) as store:
        show_bar = err.is_terminal and len(files) >= PROGRESS_MIN_FILES
        with Progress(
            TextColumn("[bold]ingest"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            console=err,
            transient=True,
            disable=not show_bar,
        ) as progress:
            task = progress.add_task("ingest", total=len(files))
            report = ingest_paths(
                store,
                files,
                time_limit_s=time_limit,
                on_file=lambda _source: progress.advance(task),
            )
        # Not only when something is new: a run killed while analysing or grouping
        # left stored articles that repeating the ingest (all duplicates now) finishes.
        analysed = _run_stage(store, "analyse") if analyze else 0
        grouped = _run_stage(store, "group", embeddings=embeddings)
    for rejection in report.rejections:
        err.print(
            f"[yellow]rejected[/] {rejection.source}: {rejection.reason} ({rejection.detail})",
            markup=True,
        )
    summary = f"{report.new} new, {report.duplicate} duplicate, {report.rejected} rejected"
    if analysed:
        summary += f"; {analysed} analysed"
    if grouped:
        summary += f"; {grouped} grouped into stories (see `newsweave stories`)"
    out.print(f"{summary} → {db_path}")
    if not report.ok:
        sys.exit(1)


def _run_stage(store: Store, name: str, **options: bool) -> int:
    from newsweave.stages import analyse_new_articles, group_new_articles, regroup_all

    stages: dict[str, Callable[..., int]] = {
        "analyse": analyse_new_articles,
        "group": group_new_articles,
        "regroup": regroup_all,
    }
    stage = stages[name]
    with Progress(
        TextColumn(f"[bold]{name}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=err,
        transient=True,
        disable=not err.is_terminal,
    ) as progress:
        task = progress.add_task(name, total=None)
        return stage(store, on_article=lambda _id: progress.advance(task), **options)


@cli.command()
@db_option
def analyze(db_path: str) -> None:
    """Analyse stored articles that have no analysis yet: sentences, named entities
    (mentions of one entity tied together), time expressions resolved against the
    publication date, and quotes (direct, mixed, reported) with their speakers."""
    with Store(db_path) as store:
        done = _run_stage(store, "analyse")
    out.print(f"{done} articles analysed" if done else "nothing new to analyse")


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
    if embeddings:
        from newsweave.embeddings import require_available

        require_available()
    with Store(db_path) as store:
        done = _run_stage(store, "regroup", embeddings=embeddings)
        stories = store.conn.execute("SELECT COUNT(*) FROM stories").fetchone()[0]
    out.print(f"{done} articles regrouped into {stories} stories → {db_path}")


@cli.group()
def export() -> None:
    """Write stored records as JSONL, CSV or Parquet."""


def export_options(func: F) -> F:
    """The options every ``export`` subcommand takes, besides --db."""
    func = click.option(
        "-o", "--output", metavar="FILE", help="Write here instead of stdout (Parquet needs it)."
    )(func)
    func = click.option(
        "--format", "fmt", type=click.Choice(EXPORT_FORMATS), default="jsonl", show_default=True
    )(func)
    return db_option(func)


def _export(
    db_path: str, fmt: str, output: str | None, noun: str, write: Callable[..., int]
) -> None:
    with Store(db_path, readonly=True) as store:
        count = write(store, fmt, output)
    if output:
        err.print(f"{count} {noun} → {output}")


@export.command("articles")
@export_options
def export_articles_cmd(db_path: str, fmt: str, output: str | None) -> None:
    """Export clean articles: id, source, url, outlet, title, published, author,
    language, text (paragraphs separated by blank lines)."""
    _export(db_path, fmt, output, "articles", export_articles)


@export.command("quotes")
@export_options
def export_quotes_cmd(db_path: str, fmt: str, output: str | None) -> None:
    """Export the quote ledger: article_id, outlet, text, speaker (as written),
    speaker_name (resolved), anonymous, cue, kind (direct|mixed|indirect), start, end."""
    _export(db_path, fmt, output, "quotes", export_quotes)


@export.command("stories")
@export_options
def export_stories_cmd(db_path: str, fmt: str, output: str | None) -> None:
    """Export stories: id, title, article_ids, start, end, outlets, article_count."""
    _export(db_path, fmt, output, "stories", export_stories)


@cli.command()
@db_option
def stories(db_path: str) -> None:
    """List stories: title (the most central headline), date span, outlets, articles.

    Syndicated copies and exact duplicates are counted once; the outlets that ran
    them are listed."""
    from newsweave.store.stories import duplicate_links, iter_stories

    with Store(db_path, readonly=True) as store:
        rows = list(iter_stories(store))
        copies = {link.article_id: link for link in duplicate_links(store)}
    if not rows:
        out.print("no stories yet (ingest some articles)")
        return
    table = Table("id", "title", "span", "articles", "outlets")
    for story in rows:
        unique = sum(1 for a in story.article_ids if a not in copies)
        count = f"{unique}" + (
            f" (+{len(story.article_ids) - unique} copies)"
            if unique < len(story.article_ids)
            else ""
        )
        table.add_row(
            story.id[:10],
            story.title,
            _span(story.start, story.end),
            count,
            ", ".join(story.outlets),
        )
    out.print(table)


def _span(start: datetime | None, end: datetime | None) -> str:
    if start is None or end is None:
        return "undated"
    first, last = start.date().isoformat(), end.date().isoformat()
    return first if first == last else f"{first} → {last}"


@cli.command()
@db_option
def duplicates(db_path: str) -> None:
    """List exact and near duplicates (syndicated copies) with their originals."""
    from newsweave.store.stories import duplicate_links

    with Store(db_path, readonly=True) as store:
        links = duplicate_links(store)
        if not links:
            out.print("no duplicates found")
            return
        table = Table("copy", "copy outlet", "original", "original outlet", "kind", "similarity")
        for link in links:
            copy, original = store.get_article(link.article_id), store.get_article(link.original_id)
            table.add_row(
                link.article_id[:10],
                copy.outlet or "",
                link.original_id[:10],
                original.outlet or "",
                link.kind,
                f"{link.similarity:.2f}",
            )
    out.print(table)


@cli.command()
@click.argument("article_id", metavar="ID")
@db_option
@click.option("--dropped", is_flag=True, help="Also list what extraction left out, and why.")
def show(article_id: str, db_path: str, dropped: bool) -> None:
    """Show one article (ID or a unique prefix of it)."""
    with Store(db_path, readonly=True) as store:
        article = store.get_article(article_id)
        sources = store.sources_of(article.id)
    out.print(f"[bold]{article.title or '(untitled)'}[/]", markup=True)
    published = article.published.isoformat() if article.published else "date unknown"
    out.print(
        f"{article.outlet or 'outlet unknown'} · {published} · {article.author or 'no byline'}"
    )
    out.print(f"id {article.id} · language {article.language or '?'} · {article.url or ''}")
    for source in sources:
        out.print(f"source {source}")
    out.print()
    for paragraph in article.paragraphs:
        out.print(paragraph, markup=False)
        out.print()
    if dropped:
        out.print(f"[dim]{len(article.dropped)} blocks left out:[/]", markup=True)
        for block in article.dropped:
            out.print(f"  [{block.reason}] {block.text[:120]}", markup=False)


@cli.command()
@click.argument("query", nargs=-1, required=True)
@db_option
@click.option("-n", "--limit", default=20, show_default=True, help="Most results to show.")
def search(query: tuple[str, ...], db_path: str, limit: int) -> None:
    """Full-text search over titles and article text (SQLite FTS5 syntax:
    words, "exact phrases", OR, NOT, prefix*)."""
    with Store(db_path, readonly=True) as store:
        hits = store.search(" ".join(query), limit=limit)
    if not hits:
        out.print("no matches")
        return
    table = Table("id", "outlet", "title", "snippet", show_lines=False)
    for article, snippet in hits:
        table.add_row(article.id[:10], article.outlet or "", article.title or "", snippet)
    out.print(table)


@cli.command()
@db_option
@click.option("-n", "--limit", default=0, help="Show at most this many (0: all).")
def articles(db_path: str, limit: int) -> None:
    """List stored articles: id, outlet, date, words, title."""
    with Store(db_path, readonly=True) as store:
        table = Table("id", "outlet", "published", "words", "title", "author")
        for count, article in enumerate(store.iter_articles(), start=1):
            table.add_row(
                article.id[:10],
                article.outlet or "",
                article.published.date().isoformat() if article.published else "",
                str(len(article.text.split())),
                article.title or "",
                article.author or "",
            )
            if limit and count >= limit:
                break
    out.print(table if table.row_count else "no articles stored")


@cli.command()
@db_option
def rejects(db_path: str) -> None:
    """List every rejected input with its reason."""
    with Store(db_path, readonly=True) as store:
        rows = store.rejections()
    if not rows:
        out.print("no rejected inputs")
        return
    table = Table("source", "reason", "detail", "when")
    for row in rows:
        table.add_row(row.source, row.reason, row.detail, row.created_at)
    out.print(table)


def main(argv: list[str] | None = None) -> None:
    """Entry point: one clear line for every error a user can cause."""
    try:
        cli.main(args=argv, prog_name="newsweave", standalone_mode=False)
    except click.exceptions.Abort:
        err.print("newsweave: aborted")
        sys.exit(130)
    except click.ClickException as exc:
        exc.show()
        sys.exit(exc.exit_code)
    except NewsweaveError as exc:
        err.print(f"newsweave: error: {exc}", markup=False)
        sys.exit(2)
    except BrokenPipeError:
        sys.exit(0)  # output piped into head(1) and friends
    except Exception as exc:
        if os.environ.get("NEWSWEAVE_DEBUG"):
            raise
        err.print(
            f"newsweave: internal error: {type(exc).__name__}: {exc}"
            " (set NEWSWEAVE_DEBUG=1 for the traceback)",
            markup=False,
        )
        sys.exit(3)
