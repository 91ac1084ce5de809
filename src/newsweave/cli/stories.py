"""Commands that list what grouping found: stories and duplicates."""

from __future__ import annotations

from datetime import datetime

from rich.table import Table

from newsweave.cli.app import cli, db_option, out
from newsweave.store.db import Store


@cli.command()
@db_option
def stories(db_path: str) -> None:
    """List stories: title (the most central headline), date span, outlets, articles.

    Syndicated copies and exact duplicates are counted once; the outlets that ran
    them are listed."""
    with Store(db_path, readonly=True) as store:
        rows = list(store.iter_stories())
        copies = {link.article_id: link for link in store.duplicate_links()}
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
