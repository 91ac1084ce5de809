"""Schema migrations, applied in order; ``PRAGMA user_version`` records the last one.

Append new migrations; never edit an applied one (stores in the wild have run it).
"""

from __future__ import annotations

import sqlite3

MIGRATIONS: tuple[str, ...] = (
    # 1: raw inputs, clean articles with full-text search, rejections.
    """
    CREATE TABLE raw_documents (
        id          TEXT PRIMARY KEY,   -- content hash of (source, bytes)
        source      TEXT NOT NULL,      -- path or URL, '#N' for the N-th record of a file
        format      TEXT NOT NULL,      -- html | text (what the extractor saw)
        url         TEXT,
        fetched_at  TEXT,
        hints       TEXT NOT NULL DEFAULT '{}',  -- metadata the container gave (JSON)
        content     BLOB NOT NULL,      -- zlib-compressed bytes: re-extraction needs no input
        size        INTEGER NOT NULL,
        status      TEXT NOT NULL,      -- article | duplicate | rejected
        article_id  TEXT,
        ingested_at TEXT NOT NULL
    );
    CREATE INDEX raw_documents_article ON raw_documents(article_id);

    CREATE TABLE articles (
        seq         INTEGER PRIMARY KEY AUTOINCREMENT,  -- ingest order; FTS rowid
        id          TEXT NOT NULL UNIQUE,
        raw_id      TEXT NOT NULL REFERENCES raw_documents(id),
        source      TEXT NOT NULL,
        url         TEXT,
        outlet      TEXT,
        title       TEXT,
        published   TEXT,               -- ISO 8601, NULL when the article does not say
        author      TEXT,
        language    TEXT,
        text        TEXT NOT NULL,      -- paragraphs separated by one blank line
        dropped     TEXT NOT NULL DEFAULT '[]',  -- [[text, reason], ...]
        ingested_at TEXT NOT NULL
    );
    CREATE INDEX articles_published ON articles(published);
    CREATE INDEX articles_outlet ON articles(outlet);

    CREATE VIRTUAL TABLE articles_fts USING fts5(
        title, text, content='articles', content_rowid='seq',
        tokenize='unicode61 remove_diacritics 2'
    );
    CREATE TRIGGER articles_fts_insert AFTER INSERT ON articles BEGIN
        INSERT INTO articles_fts(rowid, title, text) VALUES (new.seq, new.title, new.text);
    END;
    CREATE TRIGGER articles_fts_delete AFTER DELETE ON articles BEGIN
        INSERT INTO articles_fts(articles_fts, rowid, title, text)
        VALUES ('delete', old.seq, old.title, old.text);
    END;
    CREATE TRIGGER articles_fts_update AFTER UPDATE ON articles BEGIN
        INSERT INTO articles_fts(articles_fts, rowid, title, text)
        VALUES ('delete', old.seq, old.title, old.text);
        INSERT INTO articles_fts(rowid, title, text) VALUES (new.seq, new.title, new.text);
    END;

    CREATE TABLE rejections (
        id         INTEGER PRIMARY KEY AUTOINCREMENT,
        source     TEXT NOT NULL,
        reason     TEXT NOT NULL,       -- stable code: empty, binary, truncated-gzip, bad-json, ...
        detail     TEXT NOT NULL,
        raw_id     TEXT,
        created_at TEXT NOT NULL,
        UNIQUE (source, reason)
    );
    """,
    # 2: language analysis, one row per article and analyser version; quotes queryable.
    """
    CREATE TABLE analyses (
        article_id  TEXT PRIMARY KEY REFERENCES articles(id),
        version     TEXT NOT NULL,      -- analyser version: a newer one re-analyses
        language    TEXT NOT NULL,
        data        TEXT NOT NULL,      -- sentences, entities, times, quotes (JSON spans)
        analysed_at TEXT NOT NULL
    );
    CREATE TABLE quotes (
        id           INTEGER PRIMARY KEY AUTOINCREMENT,
        article_id   TEXT NOT NULL REFERENCES articles(id),
        start        INTEGER NOT NULL,
        end          INTEGER NOT NULL,
        text         TEXT NOT NULL,
        kind         TEXT NOT NULL,     -- direct | mixed | indirect
        speaker      TEXT,              -- as written
        speaker_name TEXT,              -- resolved person or organisation
        anonymous    INTEGER NOT NULL,
        cue          TEXT
    );
    CREATE INDEX quotes_article ON quotes(article_id);
    CREATE INDEX quotes_speaker ON quotes(speaker_name);
    CREATE TABLE entity_mentions (
        article_id TEXT NOT NULL REFERENCES articles(id),
        cluster    TEXT NOT NULL,       -- canonical name within the article
        label      TEXT NOT NULL,
        mentions   INTEGER NOT NULL,
        PRIMARY KEY (article_id, cluster)
    );
    CREATE INDEX entity_mentions_cluster ON entity_mentions(cluster);
    """,
    # 3: duplicates and stories: the grouper's per-article state, so runs continue
    # incrementally; and the current stories, refreshed for the ones a run touched.
    """
    CREATE TABLE dedup_records (
        article_id TEXT PRIMARY KEY REFERENCES articles(id),
        seq        INTEGER NOT NULL,
        data       TEXT NOT NULL        -- DuplicateRecord.to_row(): hash, MinHash signature
    );
    CREATE TABLE duplicate_links (
        article_id  TEXT PRIMARY KEY REFERENCES articles(id),
        original_id TEXT NOT NULL REFERENCES articles(id),
        kind        TEXT NOT NULL,      -- exact | near
        similarity  REAL NOT NULL
    );
    CREATE INDEX duplicate_links_original ON duplicate_links(original_id);
    CREATE TABLE story_features (
        article_id TEXT PRIMARY KEY REFERENCES articles(id),
        seq        INTEGER NOT NULL,
        -- StoryFeatures.to_row(): counts, index keys, neighbour edges or copy_of, embedding
        data       TEXT NOT NULL
    );
    CREATE TABLE story_members (
        article_id TEXT PRIMARY KEY REFERENCES articles(id),
        story_id   TEXT NOT NULL
    );
    CREATE INDEX story_members_story ON story_members(story_id);
    CREATE TABLE stories (
        id            TEXT PRIMARY KEY,
        title         TEXT NOT NULL,
        start         TEXT,
        end           TEXT,
        outlets       TEXT NOT NULL,    -- JSON list
        article_count INTEGER NOT NULL,
        updated_at    TEXT NOT NULL
    );
    """,
    # 4: named locks, one row per held lock: one grouping run at a time, whichever
    # process runs it (see newsweave.store.locks).
    """
    CREATE TABLE locks (
        name        TEXT PRIMARY KEY,
        owner       TEXT NOT NULL,      -- host, pid and a random token of the holder
        host        TEXT NOT NULL,
        pid         INTEGER NOT NULL,
        acquired_at TEXT NOT NULL
    );
    """,
    # 5: articles whose analysis hit a per-document limit or failed, so later runs do
    # not try them again (until a new analyser version, or --retry-failed).
    """
    CREATE TABLE analysis_failures (
        article_id TEXT PRIMARY KEY REFERENCES articles(id),
        version    TEXT NOT NULL,       -- analyser version that failed
        reason     TEXT NOT NULL,       -- stable code: timeout | analysis-error
        detail     TEXT NOT NULL,
        failed_at  TEXT NOT NULL
    );
    """,
)

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


def has_search_index(conn: sqlite3.Connection) -> bool:
    row = conn.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'articles_fts'"
    ).fetchone()
    return row is not None


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
