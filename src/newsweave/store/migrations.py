"""Schema migrations, applied in order; ``PRAGMA user_version`` records the last one.

The migrations' SQL is :data:`newsweave.store.schema_migrations.MIGRATIONS`: append new
ones there; never edit an applied one (stores in the wild have run it).
"""

from __future__ import annotations

import sqlite3

from newsweave.store.schema_migrations import MIGRATIONS

# The full-text index as migration 1 made it. A store whose index was dropped (by hand,
# or by a tool that does not know FTS5) cannot take new articles: the triggers still
# write to it. ``repair_search_index`` makes it again from the articles.
SEARCH_INDEX = (
    "CREATE VIRTUAL TABLE articles_fts USING fts5("
    " title, text, content='articles', content_rowid='seq',"
    " tokenize='unicode61 remove_diacritics 2')",
    "INSERT INTO articles_fts(articles_fts) VALUES ('rebuild')",
)


def schema_version(conn: sqlite3.Connection) -> int:
    return int(conn.execute("PRAGMA user_version").fetchone()[0])


def migrate(conn: sqlite3.Connection) -> int:
    """Bring the schema up to date; return the version reached.

    Two processes may open a new store at once: each step runs under BEGIN IMMEDIATE,
    and a step that fails because the other process applied it meanwhile is skipped.
    """
    while (version := schema_version(conn)) < len(MIGRATIONS):
        number = version + 1
        try:
            # executescript commits first; the version bump rides in the same script so
            # a crash mid-migration leaves the old version number and the step is redone.
            conn.executescript(
                f"BEGIN IMMEDIATE;\n{MIGRATIONS[version]}\nPRAGMA user_version = {number};\nCOMMIT;"
            )
        except sqlite3.OperationalError:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            if schema_version(conn) < number:
                raise
    repair_search_index(conn)
    return len(MIGRATIONS)


def has_table(conn: sqlite3.Connection, name: str) -> bool:
    """Whether the store has table ``name`` (a read-only reader does not migrate: a
    store from an older version lacks the newer tables)."""
    row = conn.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (name,)
    ).fetchone()
    return row is not None


def has_search_index(conn: sqlite3.Connection) -> bool:
    return has_table(conn, "articles_fts")


def repair_search_index(conn: sqlite3.Connection) -> bool:
    """Make the full-text index again if it is missing; returns whether it was."""
    if has_search_index(conn):
        return False
    conn.execute("BEGIN IMMEDIATE")
    try:
        if has_search_index(conn):  # another process made it meanwhile
            conn.execute("ROLLBACK")
            return False
        for statement in SEARCH_INDEX:
            conn.execute(statement)
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")
    return True
