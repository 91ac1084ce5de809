"""The schema migrations' SQL, in the order they are applied (migration N is
``MIGRATIONS[N - 1]``; ``PRAGMA user_version`` records the last one applied, and
:mod:`newsweave.store.migrations` applies them).

Append new migrations at the end of this one list; never edit an applied one (stores
in the wild have run it).
"""

from __future__ import annotations

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
    # 2: language analysis, one row per article and analyzer version; quotes queryable.
    """
    CREATE TABLE analyses (
        article_id  TEXT PRIMARY KEY REFERENCES articles(id),
        version     TEXT NOT NULL,      -- analyzer version: a newer one re-analyses
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
    # not try them again (until a new analyzer version, or --retry-failed).
    """
    CREATE TABLE analysis_failures (
        article_id TEXT PRIMARY KEY REFERENCES articles(id),
        version    TEXT NOT NULL,       -- analyzer version that failed
        reason     TEXT NOT NULL,       -- stable code: timeout | analysis-error
        detail     TEXT NOT NULL,
        failed_at  TEXT NOT NULL
    );
    """,
    # 6: the grouping state in indexed tables, so that grouping one new article reads
    # only the rows it touches (newsweave.store.grouping, newsweave.store.dedup_state),
    # and queues of articles not yet grouped or analyzed, so that finding none costs
    # nothing. A store grouped before this has 'built' 0: the first grouping run fills
    # the state tables from its stored rows, once.
    """
    CREATE TABLE grouping_meta (
        name  TEXT PRIMARY KEY,         -- built (0/1) | documents (document count)
        value INTEGER NOT NULL
    );
    INSERT INTO grouping_meta (name, value) VALUES ('documents', 0);
    INSERT INTO grouping_meta (name, value) SELECT 'built',
        NOT EXISTS (SELECT 1 FROM story_features) AND NOT EXISTS (SELECT 1 FROM dedup_records);
    CREATE TABLE grouping_terms (
        id  INTEGER PRIMARY KEY,        -- feature id, in order of first appearance
        key TEXT NOT NULL UNIQUE,
        df  INTEGER NOT NULL            -- document frequency (graph nodes only)
    );
    CREATE TABLE grouping_postings (    -- the inverted index: term -> article numbers
        term INTEGER NOT NULL,
        seq  INTEGER NOT NULL,
        PRIMARY KEY (term, seq)
    ) WITHOUT ROWID;
    CREATE TABLE grouping_edges (       -- neighbour graph edges, read by their target
        target INTEGER NOT NULL,
        sim    REAL NOT NULL,
        seq    INTEGER NOT NULL,        -- the later article, which made the edge
        PRIMARY KEY (target, sim, seq)
    ) WITHOUT ROWID;
    CREATE TABLE grouping_articles (
        seq        INTEGER PRIMARY KEY, -- the grouper's article number (arrival order)
        article_id TEXT NOT NULL UNIQUE,
        story_id   TEXT,
        copy_of    INTEGER,             -- the graph node a near-copy copies
        span_first TEXT,                -- a node's and its copies' first and last date
        span_last  TEXT
    );
    CREATE INDEX grouping_articles_story ON grouping_articles(story_id, seq);
    CREATE INDEX grouping_articles_copy ON grouping_articles(copy_of) WHERE copy_of IS NOT NULL;
    CREATE TABLE grouping_stories (
        story_id TEXT PRIMARY KEY,
        start    TEXT,
        end      TEXT,
        outlets  TEXT NOT NULL          -- JSON {outlet: member count}
    );
    CREATE TABLE dedup_bands (          -- MinHash LSH band key -> dedup record seq
        key INTEGER NOT NULL,
        seq INTEGER NOT NULL,
        PRIMARY KEY (key, seq)
    ) WITHOUT ROWID;
    CREATE TABLE dedup_signatures (     -- the band-indexed records, for verification
        seq        INTEGER PRIMARY KEY,
        article_id TEXT NOT NULL,
        n_shingles INTEGER NOT NULL,
        signature  BLOB NOT NULL        -- NUM_PERM little-endian uint32
    );
    CREATE TABLE dedup_hashes (         -- normalised-text hash -> first article with it
        text_hash  TEXT PRIMARY KEY,
        article_id TEXT NOT NULL
    );
    CREATE INDEX dedup_records_seq ON dedup_records(seq);

    CREATE TABLE articles_ungrouped (article_id TEXT PRIMARY KEY);
    INSERT INTO articles_ungrouped SELECT a.id FROM articles a
        WHERE NOT EXISTS (SELECT 1 FROM story_members m WHERE m.article_id = a.id);
    CREATE TRIGGER articles_ungrouped_insert AFTER INSERT ON articles BEGIN
        INSERT INTO articles_ungrouped (article_id) VALUES (new.id);
    END;
    CREATE TRIGGER articles_ungrouped_grouped AFTER INSERT ON story_members BEGIN
        DELETE FROM articles_ungrouped WHERE article_id = new.article_id;
    END;
    CREATE TABLE articles_unanalyzed (article_id TEXT PRIMARY KEY);
    INSERT INTO articles_unanalyzed SELECT a.id FROM articles a
        WHERE NOT EXISTS (SELECT 1 FROM analyses n WHERE n.article_id = a.id);
    CREATE TRIGGER articles_unanalyzed_insert AFTER INSERT ON articles BEGIN
        INSERT INTO articles_unanalyzed (article_id) VALUES (new.id);
    END;
    CREATE TRIGGER articles_unanalyzed_done AFTER INSERT ON analyses BEGIN
        DELETE FROM articles_unanalyzed WHERE article_id = new.article_id;
    END;
    CREATE INDEX analyses_version ON analyses(version);
    """,
    # 7: articles whose grouping (duplicate signature, story features, clustering) hit
    # the per-document time limit: left out of stories and not tried again until the
    # next regroup.
    """
    CREATE TABLE grouping_failures (
        article_id TEXT PRIMARY KEY REFERENCES articles(id),
        reason     TEXT NOT NULL,       -- stable code: timeout
        detail     TEXT NOT NULL,
        failed_at  TEXT NOT NULL
    );
    """,
    # 8: what a pronoun or definite-role speaker ("he said", "the spokesman said") was
    # resolved to, so that the quote ledger groups "he" with an anonymous role.
    """
    ALTER TABLE quotes ADD COLUMN antecedent TEXT;
    ALTER TABLE quotes ADD COLUMN antecedent_start INTEGER;
    ALTER TABLE quotes ADD COLUMN antecedent_end INTEGER;
    """,
    # 9: storylines, the level above stories (newsweave.stories.storylines): each story
    # gains a label and its storyline; the storylines' records; their state (each placed
    # story with the profile it was placed with, story-level term frequencies, an
    # inverted index from salient keys to storylines); and a queue of stories changed
    # since they were last placed, filled by triggers, so a killed run finishes them.
    # Stories grouped before this are queued once. (The triggers test for a queued story
    # rather than INSERT OR IGNORE: the upsert that writes stories would override it.)
    """
    ALTER TABLE stories ADD COLUMN label TEXT;
    ALTER TABLE stories ADD COLUMN storyline_id TEXT;
    CREATE INDEX stories_storyline ON stories(storyline_id);
    CREATE TABLE storylines (
        id            TEXT PRIMARY KEY,
        seq           INTEGER NOT NULL UNIQUE,  -- creation order: the older survives a merge
        label         TEXT NOT NULL,
        start         TEXT,
        end           TEXT,
        outlets       TEXT NOT NULL,    -- JSON {outlet: number of its stories}
        story_count   INTEGER NOT NULL,
        article_count INTEGER NOT NULL,
        profile       TEXT NOT NULL,    -- JSON [[key, weight], ...], strongest first
        touched       INTEGER NOT NULL, -- when its postings were last written
        updated_at    TEXT NOT NULL
    );
    CREATE TABLE storyline_stories (    -- each placed story as it was placed
        story_id      TEXT PRIMARY KEY,
        storyline_id  TEXT NOT NULL,
        first_day     REAL,             -- julianday of the story's first and last date
        last_day      REAL,
        outlets       TEXT NOT NULL,    -- JSON list
        article_count INTEGER NOT NULL,
        profile       TEXT NOT NULL,    -- JSON [[key, weight], ...]
        weight        REAL NOT NULL     -- the profile's share in the storyline's
    );
    -- A storyline's span and its most reported story, each one indexed lookup.
    CREATE INDEX storyline_stories_first ON storyline_stories(storyline_id, first_day);
    CREATE INDEX storyline_stories_last ON storyline_stories(storyline_id, last_day);
    CREATE INDEX storyline_stories_size
        ON storyline_stories(storyline_id, article_count DESC, first_day, story_id);
    CREATE TABLE storyline_terms (      -- story-level document frequencies
        key TEXT PRIMARY KEY,
        df  INTEGER NOT NULL
    ) WITHOUT ROWID;
    CREATE TABLE storyline_meta (
        name  TEXT PRIMARY KEY,         -- stories (placed) | touched (postings clock)
        value INTEGER NOT NULL
    );
    INSERT INTO storyline_meta (name, value) VALUES ('stories', 0), ('touched', 0);
    CREATE TABLE storyline_postings (   -- salient key -> storylines listing it
        key          TEXT NOT NULL,
        storyline_id TEXT NOT NULL,
        touched      INTEGER NOT NULL,
        PRIMARY KEY (key, storyline_id)
    ) WITHOUT ROWID;
    CREATE INDEX storyline_postings_recent ON storyline_postings(key, touched);
    CREATE INDEX storyline_postings_line ON storyline_postings(storyline_id);
    CREATE TABLE storylines_pending (story_id TEXT PRIMARY KEY);
    INSERT INTO storylines_pending SELECT id FROM stories;
    CREATE TRIGGER storylines_pending_insert AFTER INSERT ON stories BEGIN
        INSERT INTO storylines_pending (story_id) SELECT new.id
            WHERE NOT EXISTS (SELECT 1 FROM storylines_pending WHERE story_id = new.id);
    END;
    CREATE TRIGGER storylines_pending_update AFTER UPDATE OF updated_at ON stories BEGIN
        INSERT INTO storylines_pending (story_id) SELECT new.id
            WHERE NOT EXISTS (SELECT 1 FROM storylines_pending WHERE story_id = new.id);
    END;
    CREATE TRIGGER storylines_pending_delete AFTER DELETE ON stories BEGIN
        INSERT INTO storylines_pending (story_id) SELECT old.id
            WHERE NOT EXISTS (SELECT 1 FROM storylines_pending WHERE story_id = old.id);
    END;
    """,
    # 10: each story's and storyline's report, made by the pipeline's report step and
    # read by the digest and the web app; ``key`` hashes everything the report was made
    # from, so a report whose key no longer matches is made again.
    """
    CREATE TABLE IF NOT EXISTS reports (  -- a store set back to 9 may replay this
        subject_id  TEXT PRIMARY KEY,   -- a story's or storyline's id
        kind        TEXT NOT NULL,      -- story | storyline
        key         TEXT NOT NULL,      -- hash of the members, analyses, links, code version
        body        BLOB NOT NULL,      -- zlib-compressed JSON (newsweave report --format json)
        made_at     TEXT NOT NULL
    );
    """,
)
