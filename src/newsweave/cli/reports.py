"""Commands that report on a story: ``summary``, ``timeline``."""

from __future__ import annotations

import json

import click

from newsweave.cli.app import cli, db_option
from newsweave.reports import (
    STORY_SENTENCES,
    STORYLINE_SENTENCES,
    TIMELINE_DATES,
    TIMELINE_SENTENCES,
)
from newsweave.store.db import Store


@cli.command()
@click.argument("story_id", metavar="ID")
@db_option
@click.option(
    "-n",
    "--sentences",
    type=click.IntRange(min=1),
    default=None,
    help=f"How many sentences [default: {STORY_SENTENCES} for a story,"
    f" {STORYLINE_SENTENCES} for a storyline].",
)
@click.option("--format", "fmt", type=click.Choice(["md", "json"]), default="md", show_default=True)
def summary(story_id: str, db_path: str, sentences: int | None, fmt: str) -> None:
    """A story or storyline in a few sentences, drawn from all the outlets that covered
    it (ID or a unique prefix of it, as `newsweave stories` and `storylines` list them).

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


@cli.command()
@click.argument("story_id", metavar="ID")
@db_option
@click.option(
    "--dates",
    type=click.IntRange(min=1),
    default=TIMELINE_DATES,
    show_default=True,
    help="How many dates, the most reported first.",
)
@click.option(
    "--sentences",
    type=click.IntRange(min=1),
    default=TIMELINE_SENTENCES,
    show_default=True,
    help="Sentences per date.",
)
@click.option("--format", "fmt", type=click.Choice(["md", "json"]), default="md", show_default=True)
def timeline(story_id: str, db_path: str, dates: int, sentences: int, fmt: str) -> None:
    """A story's dated events (ID or a unique prefix of it, as `newsweave stories` lists
    them): the days its articles report on, each with what happened on it.

    Days come from the dates the articles state or imply ("yesterday" in a report of
    the 25th is the 24th) and from publication dates; each sentence is an article's own,
    with every outlet carrying it. Articles with no publication date are listed as
    undated."""
    from newsweave.reports.timeline.render import timeline_json, timeline_markdown
    from newsweave.reports.timeline.subject import story_timeline

    with Store(db_path, readonly=True) as store:
        result = story_timeline(store, story_id, dates, sentences)
    if fmt == "json":
        click.echo(json.dumps(timeline_json(result), ensure_ascii=False, indent=2))
    else:
        click.echo(timeline_markdown(result), nl=False)
