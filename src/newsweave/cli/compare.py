"""The ``compare`` command: where a story's outlets agree, differ and conflict."""

from __future__ import annotations

import json

import click

from newsweave.cli.app import cli, db_option
from newsweave.store.db import Store


@cli.command()
@click.argument("story_id", metavar="ID")
@db_option
@click.option("--format", "fmt", type=click.Choice(["md", "json"]), default="md", show_default=True)
def compare(story_id: str, db_path: str, fmt: str) -> None:
    """Compare the outlets that covered a story (ID or a unique prefix of it, as
    `newsweave stories` lists them): the facts each reports, what only one has, where
    their accounts conflict (both sides, with their sources, no verdict), and how each
    sources its reporting.

    Every sentence is an article's own, with its id and character offsets; syndicated
    copies count with their original; articles in another language are left out."""
    from newsweave.reports.compare.render import comparison_json, comparison_markdown
    from newsweave.reports.compare.store import story_comparison

    with Store(db_path, readonly=True) as store:
        result = story_comparison(store, story_id)
    if fmt == "json":
        click.echo(json.dumps(comparison_json(result), ensure_ascii=False, indent=2))
    else:
        click.echo(comparison_markdown(result), nl=False)
