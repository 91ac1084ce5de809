"""The queue of stories the storyline step has to place (filled by triggers on the
stories table, see migration 8), and clearing the storylines. Apart from
``store.storylines`` so that finding the queue empty imports nothing heavy."""

from __future__ import annotations

import sqlite3

STORYLINE_TABLES = (
    "storylines",
    "storyline_stories",
    "storyline_terms",
    "storyline_postings",
    "storylines_pending",
)


def clear_storylines(conn: sqlite3.Connection) -> None:
    """Forget every storyline and placement, in the caller's transaction."""
    for table in STORYLINE_TABLES:
        conn.execute(f"DELETE FROM {table}")
    conn.execute("UPDATE storyline_meta SET value = 0")
    conn.execute("UPDATE stories SET storyline_id = NULL")


def requeue_all_stories(conn: sqlite3.Connection) -> None:
    """Clear the storylines and queue every story, to build them again from scratch."""
    clear_storylines(conn)
    conn.execute("INSERT INTO storylines_pending (story_id) SELECT id FROM stories")


def pending_stories(conn: sqlite3.Connection) -> list[str]:
    """Queued stories: those gone first (to be taken out), then the others oldest first
    (undated last), ties by id, so the order is the same however the queue was filled."""
    rows = conn.execute(
        "SELECT p.story_id FROM storylines_pending p LEFT JOIN stories s ON s.id = p.story_id"
        " ORDER BY s.id IS NOT NULL, julianday(s.start) IS NULL, julianday(s.start), p.story_id"
    )
    return [str(r[0]) for r in rows]


def dequeue(conn: sqlite3.Connection, story_id: str) -> None:
    conn.execute("DELETE FROM storylines_pending WHERE story_id = ?", (story_id,))
