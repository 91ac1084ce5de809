"""The store-backed grouping state: the same results as the in-memory grouper, read
through indexed queries, and stores from before it migrated."""

from __future__ import annotations

import dataclasses
import json
import re
import sqlite3
import subprocess
import sys
from collections import Counter
from datetime import datetime
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from newsweave.dedup.index import DuplicateIndex
from newsweave.pipeline.analyze import analyze_new_articles
from newsweave.pipeline.group import group_new_articles, group_one, open_grouping
from newsweave.pipeline.ingest import ingest_paths
from newsweave.pipeline.report import report_changed_subjects
from newsweave.records import Article, RawDocument, Story
from newsweave.store.db import Store
from newsweave.store.grouping import state_built
from newsweave.store.schema_migrations import MIGRATIONS
from newsweave.store.stories import articles_to_group, entity_names
from newsweave.stories.features import StoryDoc
from newsweave.stories.grouper import GrouperConfig, StoryGrouper
from tests.conftest import REPO, generated_coverage


def _write_batches(folder: Path, rows: list[dict[str, str]], batches: int) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    size = -(-len(rows) // batches)
    paths = []
    for b in range(batches):
        path = folder / f"batch-{b}.jsonl"
        path.write_text("\n".join(json.dumps(r) for r in rows[b * size : (b + 1) * size]))
        paths.append(path)
    return paths


class _InMemory:
    """The in-memory duplicate index and grouper, fed what the store path is fed."""

    def __init__(self) -> None:
        self.duplicates = DuplicateIndex()
        self.grouper = StoryGrouper()
        self.links: dict[str, tuple[str, str, float]] = {}
        self.features: dict[str, dict[str, Any]] = {}
        self.records: dict[str, dict[str, Any]] = {}
        self.stories: dict[str, Story] = {}

    def add(self, store: Store, article: Article) -> None:
        record = self.duplicates.make_record(article.id, article.text, article.outlet)
        link = self.duplicates.add_record(record)
        if link is not None:
            self.links[article.id] = (link.original_id, link.kind, link.similarity)
        doc = StoryDoc(
            article.id,
            article.title or "",
            article.text,
            article.published,
            article.outlet,
            entity_names(store, article.id),
            None if link is None else link.original_id,
        )
        assignment = self.grouper.add(doc)
        self.features[article.id] = assignment.features.to_row()
        self.records[article.id] = record.to_row()
        # Story records as ingest writes them: the ones an article changed, as they
        # are then (a title is chosen with the frequencies of that moment).
        for absorbed, _ in assignment.merged:
            del self.stories[absorbed]
        for story_id in (assignment.story_id, *assignment.changed):
            self.stories[story_id] = self.grouper.story(story_id)


def _stored(store: Store) -> dict[str, Any]:
    conn = store.conn
    return {
        "members": dict(conn.execute("SELECT article_id, story_id FROM story_members").fetchall()),
        "stories": [
            tuple(r)[:6]
            for r in conn.execute(
                "SELECT id, title, start, end, outlets, article_count FROM stories ORDER BY id"
            )
        ],
        "links": {
            r[0]: (r[1], r[2], r[3])
            for r in conn.execute(
                "SELECT article_id, original_id, kind, similarity FROM duplicate_links"
            )
        },
        "features": {
            r[0]: json.loads(r[1])
            for r in conn.execute("SELECT article_id, data FROM story_features")
        },
        "records": {
            r[0]: json.loads(r[1])
            for r in conn.execute("SELECT article_id, data FROM dedup_records")
        },
    }


def _expected(memory: _InMemory) -> dict[str, Any]:
    grouper = memory.grouper
    return {
        "members": grouper.assignments(),
        "stories": [
            (
                s.id,
                s.title,
                None if s.start is None else s.start.isoformat(),
                None if s.end is None else s.end.isoformat(),
                json.dumps(list(s.outlets), ensure_ascii=False),
                len(s.article_ids),
            )
            for _, s in sorted(memory.stories.items())
        ],
        "links": memory.links,
        "features": memory.features,
        "records": memory.records,
    }


def _to_schema_before_state(path: Path) -> None:
    """Make a store look as it did before the migration that added the grouping state."""
    before = next(i for i, m in enumerate(MIGRATIONS) if "CREATE TABLE grouping_meta" in m)
    conn = sqlite3.connect(path)
    tables = ("grouping_meta", "grouping_terms", "grouping_postings", "grouping_edges",
              "grouping_articles", "grouping_stories", "dedup_bands", "dedup_signatures",
              "dedup_hashes", "articles_ungrouped", "articles_unanalyzed",
              "grouping_failures", "storylines", "storyline_stories", "storyline_terms",
              "storyline_meta", "storyline_postings", "storylines_pending")  # fmt: skip
    conn.executescript(
        "".join(f"DROP TRIGGER storylines_pending_{t};" for t in ("insert", "update", "delete"))
        + "DROP INDEX stories_storyline; ALTER TABLE stories DROP COLUMN label;"
        + "ALTER TABLE stories DROP COLUMN storyline_id;"
        + "".join(f"DROP TABLE {t};" for t in tables)
        + "DROP INDEX dedup_records_seq; DROP INDEX analyses_version;"
        + "DROP TRIGGER articles_ungrouped_insert; DROP TRIGGER articles_ungrouped_grouped;"
        + "DROP TRIGGER articles_unanalyzed_insert; DROP TRIGGER articles_unanalyzed_done;"
        # later migrations are applied again too: undo them (the quotes' antecedent)
        + "ALTER TABLE quotes DROP COLUMN antecedent;"
        + "ALTER TABLE quotes DROP COLUMN antecedent_start;"
        + "ALTER TABLE quotes DROP COLUMN antecedent_end;"
        + f"PRAGMA user_version = {before};"
    )
    conn.close()


@pytest.mark.parametrize("from_old_schema", [False, True], ids=["current", "migrated"])
def test_store_backed_grouping_equals_the_in_memory_grouper(
    tmp_path: Path, from_old_schema: bool
) -> None:
    # A few hundred generated articles (events re-reported, exact and near copies,
    # undated ones) ingested in three runs, each grouped by the store-backed state
    # opened afresh; the in-memory grouper is fed the same articles in the same order.
    # Every stored row must be what it computes. Migrated: the store is made to look
    # as before the state tables existed after the first run, so the second run fills
    # them from the stored rows first.
    paths = _write_batches(tmp_path / "in", generated_coverage(360), batches=3)
    memory = _InMemory()
    db = tmp_path / "db.sqlite"
    for number, path in enumerate(paths):
        if from_old_schema and number == 1:
            _to_schema_before_state(db)
        with Store(db) as store:
            ingest_paths(store, [str(path)])
            for article in list(articles_to_group(store)):
                memory.add(store, article)
            grouped = group_new_articles(store)
            assert grouped > 100
    with Store(db) as store:
        stored = _stored(store)
    expected = _expected(memory)
    assert len(stored["members"]) > 300 and stored["links"]  # copies were linked
    assert len(stored["stories"]) < 200  # reports were grouped
    for part in ("members", "links", "records", "features", "stories"):
        assert stored[part] == expected[part], part


def test_finding_nothing_to_group_or_analyze_uses_indexes_only(tmp_path: Path) -> None:
    # With nothing pending, ingest must not read every article to find that out.
    with Store(tmp_path / "db.sqlite") as store:
        from newsweave.analyze import ANALYSIS_VERSION
        from newsweave.store import analyses, stories

        plans = []
        for query, args in (
            (stories.PENDING_QUERY, (True,)),
            (
                analyses.PENDING_QUERY,
                (ANALYSIS_VERSION, ANALYSIS_VERSION, 0, False, ANALYSIS_VERSION, 10),
            ),
        ):
            plans.append([r[3] for r in store.conn.execute(f"EXPLAIN QUERY PLAN {query}", args)])
    # Scanning the queue of pending articles is fine; scanning articles or analyses
    # (even through an index) costs time in proportion to the store.
    whole_tables = re.compile(r"SCAN (a|n|articles|analyses)\b")
    for plan in plans:
        assert plan and not [step for step in plan if whole_tables.match(step)], plan


def test_an_ingest_with_nothing_new_loads_no_numeric_or_nlp_library(tmp_path: Path) -> None:
    page = tmp_path / "page.jsonl"
    page.write_text(json.dumps(generated_coverage(1)[0]))
    db = tmp_path / "db.sqlite"
    with Store(db) as store:
        ingest_paths(store, [str(page)])
        analyze_new_articles(store)
        group_new_articles(store)
        report_changed_subjects(store)  # every step done: the next ingest has nothing to do
    script = (
        "import sys\n"
        "from newsweave.cli import main\n"
        f"sys.argv = ['newsweave', 'ingest', {str(page)!r}, '--db', {str(db)!r}]\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "heavy = sorted(m for m in ('numpy', 'scipy', 'sklearn', 'spacy', 'datasketch')"
        " if m in sys.modules)\n"
        "print('HEAVY', heavy)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        env={"PYTHONPATH": str(REPO / "src"), "PATH": "/usr/bin:/bin"},
        check=False,
        cwd=REPO,
    )
    assert "0 new, 1 duplicate" in done.stdout, done.stderr
    assert "HEAVY []" in done.stdout


def _stored_docs(store: Store, rows: list[dict[str, str]]) -> list[StoryDoc]:
    """The rows as stored articles (so grouping rows can refer to them), as StoryDocs
    with a made-up embedding on three in four of them."""
    rng = np.random.default_rng(3)
    docs = []
    for i, row in enumerate(rows):
        raw = RawDocument(row["text"].encode(), f"generated:{i}", "text")
        published = datetime.fromisoformat(row["published"]) if "published" in row else None
        article = Article(
            raw.id, raw.source, (row["text"],), row["title"], row["outlet"], published
        )
        if store.add_document(raw, article)[0] != "article":
            continue
        vector = rng.normal(size=8).astype(np.float32)
        embedding = None if i % 4 == 3 else vector / np.linalg.norm(vector)
        docs.append(StoryDoc(article.id, row["title"], row["text"], published, row["outlet"],
                             embedding=embedding))  # fmt: skip
    return docs


def test_merges_moves_copies_and_embeddings_through_the_store_equal_memory(
    tmp_path: Path,
) -> None:
    # A clustering bar so low that later articles pull earlier ones out of their
    # stories and merge stories, embeddings blended into most similarities, and the
    # state opened afresh (cold, read back from the tables) every 40 articles.
    config = GrouperConfig(cluster_threshold=0.05)
    with Store(tmp_path / "db.sqlite") as store:
        docs = _stored_docs(store, generated_coverage(240, seed=11))
        memory_duplicates, memory = DuplicateIndex(), StoryGrouper(config)
        changes = Counter[str]()
        for i, doc in enumerate(docs):
            if i % 40 == 0:
                duplicates, stored = open_grouping(store, config)
            link, assignment = group_one(store, duplicates, stored, doc)
            memory_link = memory_duplicates.add(doc.article_id, doc.text, doc.outlet)
            original = None if memory_link is None else memory_link.original_id
            expected = memory.add(dataclasses.replace(doc, duplicate_of=original))
            assert (link, assignment) == (memory_link, expected)
            touched = (assignment.story_id, *assignment.changed)
            assert [stored.story(s) for s in touched] == [memory.story(s) for s in touched]
            changes.update(merged=len(assignment.merged), moved=len(assignment.moved),
                           copies=assignment.features.copy_of is not None)  # fmt: skip
        assert changes["merged"] and changes["moved"] and changes["copies"], changes
        assert stored.story_ids() == memory.story_ids()
        assert stored.assignments() == memory.assignments()


def test_state_tables_behind_the_feature_rows_are_rebuilt(tmp_path: Path) -> None:
    # A newsweave from before the state tables, run on a migrated store, writes feature
    # rows without state: the state then lags and must be filled again from the rows.
    path = _write_batches(tmp_path / "in", generated_coverage(60), batches=1)[0]
    with Store(tmp_path / "db.sqlite") as store:
        ingest_paths(store, [str(path)])
        group_new_articles(store)
        assert state_built(store.conn)
        with store.transaction() as conn:  # as if the last article had no state rows
            conn.execute(
                "DELETE FROM grouping_articles WHERE seq = (SELECT max(seq) FROM grouping_articles)"
            )
        assert not state_built(store.conn)
        before = _stored(store)
        open_grouping(store)
        assert state_built(store.conn) and _stored(store) == before
