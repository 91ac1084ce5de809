"""Read queries over the stored quotes: who said what, one speaker across stories, and
each outlet's sourcing (how often it quotes named or anonymous sources, directly or
in reported speech).

A speaker is keyed by the resolved name when there is one, else by the words the
article used ("a senior official"), compared without regard to case: so one person
and one anonymous-source description each gather their statements across stories.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from newsweave.rows import quote_row
from newsweave.store.browsing import Page
from newsweave.store.queries import StoreReader

SPEAKER_KEY = "coalesce(q.speaker_name, q.speaker)"
# Quote kinds counted as direct speech: a mixed quote carries quotation marks too.
DIRECT_KINDS = ("direct", "mixed")
_SOURCING_COLUMNS = (
    f"sum(q.anonymous = 0 AND {SPEAKER_KEY} IS NOT NULL), sum(q.anonymous = 1),"
    " sum(q.kind IN ('direct', 'mixed')), sum(q.kind = 'indirect')"
)
_QUOTES = (
    " FROM quotes q JOIN articles a ON a.id = q.article_id"
    " LEFT JOIN story_members m ON m.article_id = q.article_id"
)


@dataclass(frozen=True, slots=True)
class Sourcing:
    """Quote counts: ``named`` and ``anonymous`` speakers (a quote with no speaker found
    counts as neither); ``direct`` (direct or mixed) and ``reported`` speech."""

    named: int = 0
    anonymous: int = 0
    direct: int = 0
    reported: int = 0


@dataclass(frozen=True, slots=True)
class SpeakerCount:
    name: str
    anonymous: bool
    quotes: int
    articles: int
    stories: int
    outlets: int


@dataclass(frozen=True, slots=True)
class OutletProfile:
    outlet: str
    articles: int
    stories: int
    first: str | None  # ISO date of its earliest and latest dated article
    last: str | None
    sourcing: Sourcing


def list_quotes(
    reader: StoreReader,
    *,
    speaker: str | None = None,
    article_id: str | None = None,
    outlet: str | None = None,
    limit: int = 50,
    offset: int = 0,
) -> Page[dict[str, Any]]:
    """Stored quotes (oldest article first) as :func:`newsweave.rows.quote_row` dicts
    with the article's ``title``, ``published`` and ``story_id`` added."""
    where: list[str] = []
    args: list[object] = []
    if speaker is not None:
        where.append(f"{SPEAKER_KEY} = ? COLLATE NOCASE")
        args.append(speaker)
    if article_id is not None:
        where.append("q.article_id = ?")
        args.append(article_id)
    if outlet is not None:
        where.append("a.outlet = ?")
        args.append(outlet)
    condition = f" WHERE {' AND '.join(where)}" if where else ""
    total = reader.conn.execute(f"SELECT count(*){_QUOTES}{condition}", args).fetchone()[0]
    rows = reader.conn.execute(
        f"SELECT q.*, a.outlet, a.title, a.published, m.story_id{_QUOTES}{condition}"
        " ORDER BY a.published NULLS LAST, a.seq, q.start LIMIT ? OFFSET ?",
        [*args, limit, offset],
    ).fetchall()
    items = tuple(
        quote_row(row["article_id"], row["outlet"], dict(row))
        | {"title": row["title"], "published": row["published"], "story_id": row["story_id"]}
        for row in rows
    )
    return Page(items, int(total), limit, offset)


def list_speakers(
    reader: StoreReader, *, name_contains: str | None = None, limit: int = 50, offset: int = 0
) -> Page[SpeakerCount]:
    """Speakers with how much they said and where, the most quoted first."""
    where = f"WHERE {SPEAKER_KEY} IS NOT NULL"
    args: list[object] = []
    if name_contains:
        where += f" AND instr(lower({SPEAKER_KEY}), lower(?)) > 0"
        args.append(name_contains)
    grouped = f"{_QUOTES} {where} GROUP BY {SPEAKER_KEY} COLLATE NOCASE"
    total = reader.conn.execute(f"SELECT count(*) FROM (SELECT 1{grouped})", args).fetchone()[0]
    rows = reader.conn.execute(
        f"SELECT min({SPEAKER_KEY}), max(q.anonymous), count(*), count(DISTINCT q.article_id),"
        f" count(DISTINCT m.story_id), count(DISTINCT a.outlet){grouped}"
        " ORDER BY count(*) DESC, 1 LIMIT ? OFFSET ?",
        [*args, limit, offset],
    ).fetchall()
    items = tuple(SpeakerCount(r[0], bool(r[1]), r[2], r[3], r[4], r[5]) for r in rows)
    return Page(items, int(total), limit, offset)


def outlet_profiles(reader: StoreReader) -> list[OutletProfile]:
    """Every outlet with an article: counts of articles and stories, its dated span
    and its sourcing, the outlet with most articles first."""
    conn = reader.conn
    articles = conn.execute(
        "SELECT outlet, count(*), min(substr(published, 1, 10)), max(substr(published, 1, 10))"
        " FROM articles WHERE outlet IS NOT NULL GROUP BY outlet"
    ).fetchall()
    stories = dict(
        conn.execute(
            "SELECT a.outlet, count(DISTINCT m.story_id) FROM story_members m"
            " JOIN articles a ON a.id = m.article_id GROUP BY a.outlet"
        ).fetchall()
    )
    sourcing = {
        row[0]: Sourcing(*(int(n or 0) for n in row[1:]))
        for row in conn.execute(
            f"SELECT a.outlet, {_SOURCING_COLUMNS} FROM quotes q"
            " JOIN articles a ON a.id = q.article_id GROUP BY a.outlet"
        )
    }
    profiles = [
        OutletProfile(row[0], row[1], stories.get(row[0], 0), row[2], row[3],
                      sourcing.get(row[0], Sourcing()))
        for row in articles
    ]  # fmt: skip
    return sorted(profiles, key=lambda p: (-p.articles, p.outlet))


def sourcing_by_month(reader: StoreReader, outlet: str) -> list[tuple[str, Sourcing]]:
    """An outlet's sourcing per month of publication ("YYYY-MM"; "undated" last)."""
    rows = reader.conn.execute(
        f"SELECT coalesce(substr(a.published, 1, 7), 'undated') AS month, {_SOURCING_COLUMNS}"
        " FROM quotes q JOIN articles a ON a.id = q.article_id WHERE a.outlet = ?"
        " GROUP BY month ORDER BY month = 'undated', month",
        (outlet,),
    ).fetchall()
    return [(row[0], Sourcing(*(int(n or 0) for n in row[1:]))) for row in rows]
