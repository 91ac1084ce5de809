"""Commands that report on a story: ``summary``."""

from __future__ import annotations

import json

import click

from newsweave.cli.app import cli, db_option
from newsweave.reports import STORY_SENTENCES
from newsweave.store.db import Store


@cli.command()
@click.argument("story_id", metavar="ID")
@db_option
@click.option(
    "-n",
    "--sentences",
    type=click.IntRange(min=1),
    default=STORY_SENTENCES,
    show_default=True,
    help="How many sentences.",
)
@click.option("--format", "fmt", type=click.Choice(["md", "json"]), default="md", show_default=True)
def summary(story_id: str, db_path: str, sentences: int, fmt: str) -> None:
    """A story in a few sentences, drawn from all the outlets that covered it (ID or a
    unique prefix of it, as `newsweave stories` lists them).

    Each sentence is an article's own, with its outlet and character offsets;
    syndicated copies count once; articles in another language are left out."""
    from newsweave.reports.render import summary_json, summary_markdown
    from newsweave.reports.story import story_summary

    with Store(db_path, readonly=True) as store:
        result = story_summary(store, story_id, sentences=sentences)
    if fmt == "json":
        click.echo(json.dumps(summary_json(result), ensure_ascii=False, indent=2))
    else:
        click.echo(summary_markdown(result), nl=False)
