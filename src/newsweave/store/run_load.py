"""Writing a run's grouping (``newsweave load``): duplicate records and links, story
features, memberships and stories, as the grouping step would have written them.

The grouping state tables are emptied and marked unbuilt, so the next grouping run
(an ingest into this store) first rebuilds them from these rows, once, and then goes on
incrementally from the run's stories.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from newsweave.records import Story
from newsweave.store.db import Store
from newsweave.store.grouping import clear_state
from newsweave.store.stories import upsert_stories


def has_grouping(store: Store) -> bool:
    """Whether any article of the store is grouped (a run's grouping cannot be added to
    another's: its arrival numbers start at 0)."""
    row = store.conn.execute("SELECT 1 FROM story_features LIMIT 1").fetchone()
    return row is not None


def write_run_grouping(
    store: Store,
    dedup_records: Sequence[dict[str, Any]],
    links: Sequence[dict[str, Any]],
    features: Sequence[dict[str, Any]],
    members: Sequence[dict[str, Any]],
    stories: Sequence[Story],
) -> None:
    with store.transaction() as conn:
        conn.executemany(
            "INSERT INTO dedup_records (article_id, seq, data) VALUES (?,?,?)",
            [(r["article_id"], r["seq"], r["data"]) for r in dedup_records],
        )
        conn.executemany(
            "INSERT INTO duplicate_links (article_id, original_id, kind, similarity)"
            " VALUES (?,?,?,?)",
            [(r["article_id"], r["original_id"], r["kind"], r["similarity"]) for r in links],
        )
        conn.executemany(
            "INSERT INTO story_features (article_id, seq, data) VALUES (?,?,?)",
            [(r["article_id"], r["seq"], r["data"]) for r in features],
        )
        conn.executemany(
            "INSERT INTO story_members (article_id, story_id) VALUES (?,?)",
            [(r["article_id"], r["story_id"]) for r in members],
        )
        upsert_stories(conn, list(stories))
        clear_state(conn)
        conn.execute("UPDATE grouping_meta SET value = 0 WHERE name = 'built'")
