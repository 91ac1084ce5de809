"""The ``newsweave`` command group and what its commands share: the console, the
``--db`` option, progress bars.

Commands live in small modules beside this one (ingest, browse, stories, export),
each a thin wrapper over importable functions. Heavy libraries (spaCy, trafilatura,
scikit-learn) are imported inside the commands that need them, so ``newsweave
--help`` and the read-only commands start fast.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

import click
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from newsweave import __version__
from newsweave.limits import DEFAULT_TIME_LIMIT_S
from newsweave.store.db import DB_ENV, DEFAULT_DB

F = TypeVar("F", bound=Callable[..., Any])
Advance = Callable[..., None]

# Piped output is read by programs and wide terminals: don't wrap tables at 80 columns.
out = Console(highlight=False, width=None if sys.stdout.isatty() else 200)
# soft_wrap: an error or rejection is one line however long, for grep and for logs.
err = Console(stderr=True, highlight=False, soft_wrap=True)


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


def workers_option(func: F) -> F:
    """``--workers N``: the worker processes of ``ingest``, ``analyze`` and ``digest``."""
    return click.option(
        "--workers",
        type=click.IntRange(min=1),
        default=None,
        metavar="N",
        help="Processes extracting, analysing and grouping articles and making reports and "
        "pages (default: one per core "
        "when there is enough work to repay starting them; 1: no worker processes).",
    )(func)


def time_limit_option(help_text: str) -> Callable[[F], F]:
    """``--time-limit SECONDS`` (the per-document limit), with what it limits in this
    command as its help."""
    return click.option(
        "--time-limit",
        default=DEFAULT_TIME_LIMIT_S,
        show_default=True,
        metavar="SECONDS",
        help=help_text,
    )


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


@contextmanager
def progress_bar(name: str, total: int | None = None, *, show: bool = True) -> Iterator[Advance]:
    """A transient bar on stderr for one stage (only on a terminal); yields the
    callback that advances it by one."""
    with Progress(
        TextColumn(f"[bold]{name}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=err,
        transient=True,
        disable=not (show and err.is_terminal),
    ) as progress:
        task = progress.add_task(name, total=total)
        yield lambda *_args: progress.advance(task)
