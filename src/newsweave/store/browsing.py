"""Read queries for browsing: stories and articles a page at a time, full-text search,
and the links between articles and their stories and copies.

Every listing returns a :class:`Page`: the items asked for and how many match in all,
so a client can page with ``limit`` and ``offset``.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Generic, TypeVar

from newsweave.records import Article, Story
from newsweave.store.queries import (
    StoreReader,
    article_from_row,
    is_query_error,
    search_error,
)
from newsweave.store.report_reads import links_touching

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Page(Generic[T]):
    items: tuple[T, ...]
    total: int
    limit: int
    offset: int


@dataclass(frozen=True, slots=True)
class DateRange:
    """Inclusive days; either end may be open."""

    since: date | None = None
    until: date | None = None


@dataclass(frozen=True, slots=True)
class SearchHit:
    article: Article
    snippet: str
    story_id: str | None


def date_clauses(start_col: str, end_col: str, dates: DateRange) -> tuple[list[str], list[str]]:
    """SQL conditions (and parameters) for a span [start_col, end_col] overlapping
    ``dates``. Stored dates are ISO 8601 strings, so they compare as text."""
    where: list[str] = []
    params: list[str] = []
    if dates.since is not None:
        where.append(f"{end_col} >= ?")
        params.append(dates.since.isoformat())
    if dates.until is not None:
        where.append(f"{start_col} < ?")
        params.append((dates.until + timedelta(days=1)).isoformat())
    return where, params


@dataclass(frozen=True, slots=True)
class Listing:
    """One page of a listing of stories, articles or storylines: those ``outlet``
    covered whose span overlaps ``dates``, ``limit`` of them from ``offset``."""

    outlet: str | None = None
    dates: DateRange = DateRange()
    limit: int = 50
    offset: int = 0


# Everything, the first page.
FIRST_PAGE = Listing()


@dataclass(frozen=True, slots=True)
class ListedTable:
    """How one table is listed: ``source`` is the table with its alias, ``start`` and
    ``end`` its span's columns, ``outlet_match`` a condition on one outlet parameter."""

    source: str
    columns: str
    start: str
    end: str
    outlet_match: str
    order: str


def listed_rows(
    reader: StoreReader, table: ListedTable, listing: Listing
) -> tuple[list[sqlite3.Row], int]:
    """The rows of ``table`` on the page ``listing`` asks for, and how many match in all."""
    where, params = date_clauses(table.start, table.end, listing.dates)
    args: list[object] = list(params)
    if listing.outlet is not None:
        where.append(table.outlet_match)
        args.append(listing.outlet)
    condition = f" WHERE {' AND '.join(where)}" if where else ""
    count = f"SELECT count(*) FROM {table.source}{condition}"
    total = reader.conn.execute(count, args).fetchone()[0]
    rows = reader.conn.execute(
        f"SELECT {table.columns} FROM {table.source}{condition}"
        f" ORDER BY {table.order} LIMIT ? OFFSET ?",
        [*args, listing.limit, listing.offset],
    ).fetchall()
    return rows, int(total)


def listed_page(items: Sequence[T], total: int, listing: Listing) -> Page[T]:
    return Page(tuple(items), total, listing.limit, listing.offset)


@dataclass(frozen=True, slots=True)
class StoryHead:
    """What a listing shows of a story: a :class:`Story` without its member ids."""

    id: str
    title: str
    start: datetime | None
    end: datetime | None
    outlets: tuple[str, ...]
    article_count: int
    storyline_id: str | None = None


STORIES = ListedTable(
    source="stories s",
    columns="*",
    start="s.start",
    end="s.end",
    outlet_match="EXISTS (SELECT 1 FROM json_each(s.outlets) o WHERE o.value = ?)",
    order="s.end DESC NULLS LAST, s.article_count DESC, s.id",
)


def list_story_heads(reader: StoreReader, listing: Listing = FIRST_PAGE) -> Page[StoryHead]:
    """Stories, newest first (by their last article's date; undated ones last), that
    ``listing.outlet`` covered and whose span overlaps ``listing.dates``."""
    rows, total = listed_rows(reader, STORIES, listing)
    # sqlite3.Row's `in` looks at values: the column names are its keys().
    has_storylines = bool(rows) and "storyline_id" in rows[0].keys()  # noqa: SIM118
    heads = [
        StoryHead(
            id=row["id"],
            title=row["title"],
            start=datetime.fromisoformat(row["start"]) if row["start"] else None,
            end=datetime.fromisoformat(row["end"]) if row["end"] else None,
            outlets=tuple(json.loads(row["outlets"])),
            article_count=row["article_count"],
            # A store read before storylines (readers do not migrate) has no such column.
            storyline_id=row["storyline_id"] if has_storylines else None,
        )
        for row in rows
    ]
    return listed_page(heads, total, listing)


def list_stories(reader: StoreReader, listing: Listing = FIRST_PAGE) -> Page[Story]:
    """:func:`list_story_heads` with each story's member article ids, oldest first."""
    heads = list_story_heads(reader, listing)
    members = _members(reader, [head.id for head in heads.items])
    stories = [
        Story(
            h.id,
            h.title,
            members.get(h.id, ()),
            h.start,
            h.end,
            h.outlets,
            storyline_id=h.storyline_id,
        )
        for h in heads.items
    ]
    return listed_page(stories, heads.total, listing)


def _members(reader: StoreReader, story_ids: Sequence[str]) -> dict[str, tuple[str, ...]]:
    """Member article ids of each story, oldest first, in one query."""
    if not story_ids:
        return {}
    marks = ",".join("?" * len(story_ids))
    rows = reader.conn.execute(
        "SELECT m.story_id, m.article_id FROM story_members m"
        f" JOIN articles a ON a.id = m.article_id WHERE m.story_id IN ({marks})"
        " ORDER BY a.published, a.seq",
        list(story_ids),
    )
    return grouped(rows)


def grouped(pairs: Iterable[tuple[str, str]]) -> dict[str, tuple[str, ...]]:
    """(owner id, member id) pairs as each owner's member ids, in the pairs' order."""
    found: dict[str, list[str]] = {}
    for owner, member in pairs:
        found.setdefault(owner, []).append(member)
    return {key: tuple(ids) for key, ids in found.items()}


ARTICLES = ListedTable(
    source="articles a",
    columns="*",
    start="a.published",
    end="a.published",
    outlet_match="a.outlet = ?",
    order="a.published DESC NULLS LAST, a.seq DESC",
)


def list_articles(reader: StoreReader, listing: Listing = FIRST_PAGE) -> Page[Article]:
    """Articles, newest first (undated ones last, in ingest order)."""
    rows, total = listed_rows(reader, ARTICLES, listing)
    return listed_page([article_from_row(r) for r in rows], total, listing)


def search_articles(
    reader: StoreReader,
    query: str,
    *,
    outlet: str | None = None,
    limit: int = 20,
    offset: int = 0,
) -> Page[SearchHit]:
    """Articles matching an FTS5 ``query``, best first, with a snippet marking the
    matched words in [brackets] and the story each belongs to. A query FTS5 cannot
    parse raises :class:`BadQuery` with the syntax to use."""
    # The page's rows are ranked in the index alone, then only they are joined with
    # their articles and given snippets: ranking all matches after the join, as one
    # query would, reads every matching article (2.3 times slower for a common word).
    matches = "FROM articles_fts WHERE articles_fts MATCH :q"
    if outlet is not None:
        matches = (
            "FROM articles_fts JOIN articles o ON o.seq = articles_fts.rowid"
            " WHERE articles_fts MATCH :q AND o.outlet = :outlet"
        )
    ranked = (
        f"SELECT articles_fts.rowid {matches}"
        " ORDER BY bm25(articles_fts, 5.0, 1.0) LIMIT :limit OFFSET :offset"
    )
    args = {"q": query, "outlet": outlet, "limit": limit, "offset": offset}
    try:
        total = reader.conn.execute(f"SELECT count(*) {matches}", args).fetchone()[0]
        rows = reader.conn.execute(
            "SELECT a.*, snippet(articles_fts, 1, '[', ']', ' … ', 12) AS snip,"
            " (SELECT story_id FROM story_members m WHERE m.article_id = a.id) AS story_id"
            " FROM articles_fts JOIN articles a ON a.seq = articles_fts.rowid"
            f" WHERE articles_fts MATCH :q AND articles_fts.rowid IN ({ranked})"
            " ORDER BY bm25(articles_fts, 5.0, 1.0)",
            args,
        ).fetchall()
    except sqlite3.OperationalError as exc:
        if not is_query_error(exc):
            raise
        raise search_error(reader.conn, query, exc) from exc
    hits = tuple(SearchHit(article_from_row(r), r["snip"], r["story_id"]) for r in rows)
    return Page(hits, int(total), limit, offset)


# Ids bound in one ``IN (...)``: far below SQLite's limit on variables, however large
# a story grows (a long-running one holds tens of thousands of articles).
IDS_PER_QUERY = 500


def _chunks(ids: Sequence[str]) -> list[Sequence[str]]:
    return [ids[i : i + IDS_PER_QUERY] for i in range(0, len(ids), IDS_PER_QUERY)]


def story_ids_of(reader: StoreReader, article_ids: Sequence[str]) -> dict[str, str]:
    """The story each of ``article_ids`` belongs to (articles in none are left out)."""
    found: dict[str, str] = {}
    for chunk in _chunks(article_ids):
        marks = ",".join("?" * len(chunk))
        rows = reader.conn.execute(
            f"SELECT article_id, story_id FROM story_members WHERE article_id IN ({marks})",
            list(chunk),
        )
        found.update((row[0], row[1]) for row in rows)
    return found


def articles_by_id(reader: StoreReader, article_ids: Sequence[str]) -> dict[str, Article]:
    """The stored articles among ``article_ids``, by id."""
    found: dict[str, Article] = {}
    for chunk in _chunks(article_ids):
        marks = ",".join("?" * len(chunk))
        rows = reader.conn.execute(f"SELECT * FROM articles WHERE id IN ({marks})", list(chunk))
        found.update((row["id"], article_from_row(row)) for row in rows)
    return found


def outlet_names(reader: StoreReader) -> list[str]:
    """Every outlet with a stored article, alphabetically (read from the outlet index)."""
    rows = reader.conn.execute(
        "SELECT DISTINCT outlet FROM articles WHERE outlet IS NOT NULL ORDER BY outlet"
    )
    return [row[0] for row in rows]


# The duplicate links touching a set of articles: the report reads' query serves the
# API too (one query, sorted by original).
links_among = links_touching
