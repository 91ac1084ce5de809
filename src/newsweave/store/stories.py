"""Reading and writing duplicate links and stories."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from newsweave.records import Article, Story
from newsweave.rows import iso
from newsweave.store.db import Store
from newsweave.store.queries import article_from_row

if TYPE_CHECKING:  # numpy, datasketch, sklearn: not for a run with nothing to group
    from newsweave.dedup.index import DuplicateLink, DuplicateRecord
    from newsweave.stories.features import StoryFeatures


PENDING_QUERY = (
    "SELECT a.id FROM articles_ungrouped u CROSS JOIN articles a ON a.id = u.article_id"
    " WHERE NOT EXISTS (SELECT 1 FROM grouping_failures g WHERE g.article_id = u.article_id)"
    " AND NOT (? AND EXISTS (SELECT 1 FROM articles_unanalyzed q"
    " WHERE q.article_id = u.article_id) AND NOT EXISTS (SELECT 1 FROM analysis_failures f"
    " WHERE f.article_id = u.article_id))"
    " ORDER BY a.published IS NULL, julianday(a.published), a.seq"
)


def articles_to_group(
    store: Store, *, analyzed_only: bool = False, page: int = 256
) -> Iterator[Article]:
    """Articles not yet in any story, oldest publication first (undated ones last, in
    arrival order), so the first-published copy of a syndicated piece is its original
    however the inputs were ordered. They are read from the queue of ungrouped articles
    (filled and emptied by triggers), so finding none costs nothing however large the
    store. Only ids are held for the whole run; articles are read a page at a time.

    With ``analyzed_only``, articles still waiting for their analysis are left for
    later (those whose analysis failed are not waiting): an ingest that analyses must
    not group, without its entity names, an article another ingest running at the same
    time has stored and is about to analyze."""
    ids = [r[0] for r in store.conn.execute(PENDING_QUERY, (analyzed_only,))]
    for offset in range(0, len(ids), page):
        chunk = ids[offset : offset + page]
        marks = ",".join("?" * len(chunk))
        rows = store.conn.execute(f"SELECT * FROM articles WHERE id IN ({marks})", chunk)
        by_id = {row["id"]: row for row in rows}
        for article_id in chunk:
            yield article_from_row(by_id[article_id])


def entity_names(store: Store, article_id: str) -> tuple[str, ...] | None:
    """Canonical entity names of an analyzed article, one per mention (so a name the
    article keeps returning to weighs more, as it does in the capitalised-name fallback);
    None when the article is not analyzed."""
    analyzed = store.conn.execute(
        "SELECT 1 FROM analyses WHERE article_id = ?", (article_id,)
    ).fetchone()
    if analyzed is None:
        return None
    rows = store.conn.execute(
        "SELECT cluster, mentions FROM entity_mentions WHERE article_id = ?"
        " ORDER BY mentions DESC, cluster",
        (article_id,),
    )
    # Counted once each, spaCy's names grouped ECB+ at B-cubed F1 0.876; once per
    # mention, 0.884 (NeuS 0.825 -> 0.827; benchmarks/stories.py).
    return tuple(name for name, mentions in rows for _ in range(max(1, int(mentions))))


def dedup_rows(store: Store) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    records = [json.loads(r[0]) for r in store.conn.execute("SELECT data FROM dedup_records")]
    links = [
        {"article_id": r[0], "original_id": r[1], "kind": r[2], "similarity": r[3]}
        for r in store.conn.execute(
            "SELECT article_id, original_id, kind, similarity FROM duplicate_links"
        )
    ]
    return records, links


def grouper_rows(store: Store) -> tuple[list[dict[str, Any]], dict[str, str]]:
    features = [json.loads(r[0]) for r in store.conn.execute("SELECT data FROM story_features")]
    story_of = dict(store.conn.execute("SELECT article_id, story_id FROM story_members").fetchall())
    return features, story_of


def clear_grouping(store: Store) -> None:
    """Delete every duplicate record and link, story feature row, membership, story,
    storyline and the grouping state in one transaction; the articles stay, all
    ungrouped, for a regrouping run."""
    from newsweave.store.grouping import clear_state, mark_state_built
    from newsweave.store.storyline_queue import clear_storylines

    with store.transaction() as conn:
        for table in ("stories", "story_members", "story_features", "duplicate_links",
                      "dedup_records", "grouping_failures"):  # fmt: skip
            conn.execute(f"DELETE FROM {table}")
        clear_storylines(conn)  # after the stories, whose deletion queues them
        clear_state(conn)
        mark_state_built(conn)
        conn.execute(
            "INSERT OR IGNORE INTO articles_ungrouped (article_id) SELECT id FROM articles"
        )


def save_grouping_failure(store: Store, article_id: str, reason: str, detail: str) -> None:
    """Record that grouping an article failed, and why: it stays out of stories, and out
    of later runs until a regroup."""
    now = datetime.now(UTC).isoformat(timespec="seconds")
    with store.transaction() as conn:
        conn.execute(
            "INSERT OR REPLACE INTO grouping_failures (article_id, reason, detail, failed_at)"
            " VALUES (?,?,?,?)",
            (article_id, reason, detail, now),
        )


def write_grouping(
    conn: sqlite3.Connection,
    record: DuplicateRecord,
    link: DuplicateLink | None,
    features: StoryFeatures,
    story: Story,
    merged: tuple[tuple[str, str], ...] = (),
    moved: tuple[tuple[str, str], ...] = (),
    changed: tuple[Story, ...] = (),
) -> None:
    """One article's duplicate record, link, story features, membership and the story it
    joined (title, span, outlets as they now are), in the caller's transaction, with the
    grouping state's own changes: a killed run leaves the stories table consistent with
    the memberships. The rest is what the grouper's local re-clustering changed (see
    ``newsweave.stories.grouper.StoryAssignment``): ``merged`` as (absorbed story,
    survivor), applied first, the absorbed story deleted; ``moved`` earlier articles as
    (article id, story id); ``changed`` the other stories whose records changed, as
    they now are."""
    conn.execute(
        "INSERT INTO dedup_records (article_id, seq, data) VALUES (?,?,?)",
        (record.article_id, record.seq, json.dumps(record.to_row())),
    )
    if link is not None:
        conn.execute(
            "INSERT INTO duplicate_links (article_id, original_id, kind, similarity)"
            " VALUES (?,?,?,?)",
            (link.article_id, link.original_id, link.kind, link.similarity),
        )
    conn.execute(
        "INSERT INTO story_features (article_id, seq, data) VALUES (?,?,?)",
        (features.article_id, features.seq, json.dumps(features.to_row(), ensure_ascii=False)),
    )
    conn.execute(
        "INSERT INTO story_members (article_id, story_id) VALUES (?,?)",
        (features.article_id, story.id),
    )
    conn.executemany(
        "UPDATE story_members SET story_id = ? WHERE story_id = ?",
        [(into, absorbed) for absorbed, into in merged],
    )
    conn.executemany(
        "UPDATE story_members SET story_id = ? WHERE article_id = ?",
        [(story_id, article_id) for article_id, story_id in moved],
    )
    conn.executemany("DELETE FROM stories WHERE id = ?", [(old,) for old, _ in merged])
    upsert_stories(conn, [story, *changed])


def upsert_stories(conn: sqlite3.Connection, stories: list[Story]) -> None:
    now = datetime.now(UTC).isoformat(timespec="seconds")
    conn.executemany(
        # An upsert, not a replace: the story keeps its label and storyline until the
        # storyline step (which the update queues) places it again.
        "INSERT INTO stories (id, title, start, end, outlets, article_count, updated_at)"
        " VALUES (?,?,?,?,?,?,?) ON CONFLICT (id) DO UPDATE SET title = excluded.title,"
        " start = excluded.start, end = excluded.end, outlets = excluded.outlets,"
        " article_count = excluded.article_count, updated_at = excluded.updated_at",
        [
            (
                s.id,
                s.title,
                iso(s.start),
                iso(s.end),
                json.dumps(list(s.outlets), ensure_ascii=False),
                len(s.article_ids),
                now,
            )
            for s in stories
        ],
    )


def write_grouped_batch(
    conn: sqlite3.Connection,
    records: list[DuplicateRecord],
    links: list[DuplicateLink],
    features: list[StoryFeatures],
    story_of: dict[str, str],
    stories: list[Story],
) -> None:
    """The rows ``write_grouping`` leaves after each of a batch's articles in turn, in
    the caller's transaction: their duplicate records and links, story features, the
    stories they now belong to and the story records (the grouping state tables are
    filled from these afterwards)."""
    conn.executemany(
        "INSERT INTO dedup_records (article_id, seq, data) VALUES (?,?,?)",
        [(r.article_id, r.seq, json.dumps(r.to_row())) for r in records],
    )
    conn.executemany(
        "INSERT INTO duplicate_links (article_id, original_id, kind, similarity) VALUES (?,?,?,?)",
        [(k.article_id, k.original_id, k.kind, k.similarity) for k in links],
    )
    conn.executemany(
        "INSERT INTO story_features (article_id, seq, data) VALUES (?,?,?)",
        [(f.article_id, f.seq, json.dumps(f.to_row(), ensure_ascii=False)) for f in features],
    )
    conn.executemany(
        "INSERT INTO story_members (article_id, story_id) VALUES (?,?)",
        [(f.article_id, story_of[f.article_id]) for f in features],
    )
    upsert_stories(conn, stories)


def nothing_grouped(store: Store) -> bool:
    """Whether the store holds no grouping rows at all (a first run, or after a
    regroup cleared them)."""
    return all(
        store.conn.execute(f"SELECT 1 FROM {table} LIMIT 1").fetchone() is None
        for table in ("story_features", "dedup_records", "story_members")
    )
