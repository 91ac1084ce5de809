"""``newsweave quotes``: the quote ledger of a story."""

from __future__ import annotations

import json

import click

from newsweave.cli.app import cli, db_option
from newsweave.errors import NewsweaveError
from newsweave.store.db import Store


@cli.command()
@click.argument("story_id", metavar="ID")
@db_option
@click.option("--speaker", metavar="NAME", help="Only speakers whose name contains NAME.")
@click.option("--format", "fmt", type=click.Choice(["md", "json"]), default="md", show_default=True)
def quotes(story_id: str, db_path: str, speaker: str | None, fmt: str) -> None:
    """Who said what in a story, across its outlets (ID or a unique prefix of it, as
    `newsweave stories` lists them).

    Speakers are ranked by how much they are quoted, each under one name, with their
    role and side as the articles give them; each statement is listed once with every
    outlet and article carrying it. Anonymous sources come last, grouped by how they
    are described. `newsweave export quotes` gives every quote as a row instead."""
    from newsweave.reports.ledger import speakers_matching
    from newsweave.reports.ledger_render import ledger_json, ledger_markdown
    from newsweave.reports.ledger_store import story_ledger

    with Store(db_path, readonly=True) as store:
        result = story_ledger(store, story_id)
    if speaker is not None:
        result = speakers_matching(result, speaker)
        if not result.speakers:
            raise NewsweaveError(
                f"no speaker matching {speaker!r} in story {result.id}; run"
                f" `newsweave quotes {result.id}` to list its speakers"
            )
    if fmt == "json":
        click.echo(json.dumps(ledger_json(result), ensure_ascii=False, indent=2))
    else:
        click.echo(ledger_markdown(result), nl=False)
