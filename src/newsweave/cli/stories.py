"""Commands that list what grouping found: stories, storylines and duplicates."""

from __future__ import annotations

from datetime import datetime

from rich.table import Table

from newsweave.cli.app import cli, db_option, out
from newsweave.store.db import Store


@cli.command()
@db_option
def stories(db_path: str) -> None:
    """List stories: label (the most central headline, or for articles without one the
    lead of the most central article), date span, articles, outlets, storyline.

    Syndicated copies and exact duplicates are counted once; the outlets that ran
    them are listed."""
    with Store(db_path, readonly=True) as store:
        rows = list(store.iter_stories())
        copies = {link.article_id: link for link in store.duplicate_links()}
    if not rows:
        out.print("no stories yet (ingest some articles)")
        return
    table = Table("id", "label", "span", "articles", "outlets", "storyline")
    for story in rows:
        unique = sum(1 for a in story.article_ids if a not in copies)
        count = f"{unique}" + (
            f" (+{len(story.article_ids) - unique} copies)"
            if unique < len(story.article_ids)
            else ""
        )
        table.add_row(
            story.id[:10],
            story.label,
            _span(story.start, story.end),
            count,
            ", ".join(story.outlets),
            (story.storyline_id or "")[:16],
        )
    out.print(table)


@cli.command()
@db_option
def storylines(db_path: str) -> None:
    """List storylines, the developing subjects that chain stories over weeks or
    months: label, date span, stories, articles, outlets."""
    with Store(db_path, readonly=True) as store:
        rows = list(store.iter_storylines())
    if not rows:
        out.print("no storylines yet (ingest some articles)")
        return
    table = Table("id", "label", "span", "stories", "articles", "outlets")
    for line in rows:
        table.add_row(
            line.id[:16],
            line.label,
            _span(line.start, line.end),
            str(len(line.story_ids)),
            str(len(line.article_ids)),
            ", ".join(line.outlets),
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

    with Store(db_path, readonly=True) as store:
        links = store.duplicate_links()
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
