"""Read queries for browsing storylines a page at a time, newest first, filtered like
stories (an outlet, a date range)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import datetime

from newsweave.records import Storyline
from newsweave.store.browsing import (
    FIRST_PAGE,
    ListedTable,
    Listing,
    Page,
    grouped,
    listed_page,
    listed_rows,
)
from newsweave.store.migrations import has_table
from newsweave.store.queries import StoreReader

STORYLINES = ListedTable(
    source="storylines l",
    columns="l.id, l.label, l.start, l.end, l.outlets",
    start="l.start",
    end="l.end",
    # A storyline's outlets are {outlet: number of its stories}.
    outlet_match="EXISTS (SELECT 1 FROM json_each(l.outlets) o WHERE o.key = ?)",
    order="l.end DESC NULLS LAST, l.article_count DESC, l.id",
)


def list_storylines(reader: StoreReader, listing: Listing = FIRST_PAGE) -> Page[Storyline]:
    """Storylines, newest first (by their last article's date; undated ones last), that
    ``listing.outlet`` covered and whose span overlaps ``listing.dates``, with their
    stories (oldest first) and articles (oldest first). A store from before storylines
    has none."""
    if not has_table(reader.conn, "storylines"):
        return listed_page([], 0, listing)
    rows, total = listed_rows(reader, STORYLINES, listing)
    ids = [row["id"] for row in rows]
    stories, articles = _stories_of(reader, ids), _articles_of(reader, ids)
    items = [
        Storyline(
            id=row["id"],
            label=row["label"],
            story_ids=stories.get(row["id"], ()),
            article_ids=articles.get(row["id"], ()),
            start=_moment(row["start"]),
            end=_moment(row["end"]),
            outlets=tuple(sorted(json.loads(row["outlets"]))),
        )
        for row in rows
    ]
    return listed_page(items, total, listing)


def _stories_of(reader: StoreReader, ids: Sequence[str]) -> dict[str, tuple[str, ...]]:
    """Each storyline's story ids, oldest first (as ``get_storyline`` orders them)."""
    if not ids:
        return {}
    rows = reader.conn.execute(
        f"SELECT storyline_id, id FROM stories WHERE storyline_id IN ({_marks(ids)})"
        " ORDER BY julianday(start) IS NULL, julianday(start), id",
        list(ids),
    )
    return grouped(rows)


def _articles_of(reader: StoreReader, ids: Sequence[str]) -> dict[str, tuple[str, ...]]:
    """Each storyline's article ids, oldest first (as ``get_storyline`` orders them)."""
    if not ids:
        return {}
    rows = reader.conn.execute(
        "SELECT s.storyline_id, m.article_id FROM stories s"
        " JOIN story_members m ON m.story_id = s.id JOIN articles a ON a.id = m.article_id"
        f" WHERE s.storyline_id IN ({_marks(ids)})"
        " ORDER BY a.published IS NULL, julianday(a.published), a.seq",
        list(ids),
    )
    return grouped(rows)


def _marks(ids: Sequence[str]) -> str:
    return ",".join("?" * len(ids))


def _moment(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value else None
