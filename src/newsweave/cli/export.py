"""``newsweave export``: stored records as JSONL, CSV or Parquet."""

from __future__ import annotations

from collections.abc import Callable

import click

from newsweave.cli.app import F, cli, db_option, err
from newsweave.export import (
    EXPORT_FORMATS,
    export_articles,
    export_quotes,
    export_stories,
    export_storylines,
)
from newsweave.store.db import Store


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
    speaker_name (resolved), anonymous, cue, kind (direct|mixed|indirect), start, end,
    antecedent (what a "he" or "the spokesman" speaker was resolved to) and its offsets."""
    _export(db_path, fmt, output, "quotes", export_quotes)


@export.command("stories")
@export_options
def export_stories_cmd(db_path: str, fmt: str, output: str | None) -> None:
    """Export stories: id, title, label, storyline_id, article_ids, start, end, outlets,
    article_count."""
    _export(db_path, fmt, output, "stories", export_stories)


@export.command("storylines")
@export_options
def export_storylines_cmd(db_path: str, fmt: str, output: str | None) -> None:
    """Export storylines: id, label, story_ids, article_ids, start, end, outlets,
    story_count, article_count."""
    _export(db_path, fmt, output, "storylines", export_storylines)
