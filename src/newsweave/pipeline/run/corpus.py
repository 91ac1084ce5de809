"""The corpus-wide steps of a run, over every shard's rows: one copy of each article,
near-duplicate links and stories.

Both engines end here, in the driver, over the same rows in the same canonical order,
so they give the same results. Duplicate links and stories are incremental
algorithms whose results depend on arrival order (a syndicated piece's original is the
first published copy; a story's members re-cluster as reports arrive), so they run as
the store's grouping step runs them, article by article, oldest publication first,
with the per-document work already done by the workers: MinHash signatures are
computed there, and here only looked up in the LSH bands and verified; the analyses'
entity names are read from the rows. What is left per article costs about 3 ms (see
the README's scaling row), against 40-100 ms of per-document work.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from newsweave.pipeline.run import rows as run_rows
from newsweave.pipeline.run.tables import ARTICLE_TABLES, SHARD_TABLES, Rows
from newsweave.rows import iso

Arrival = tuple[int, int, int]  # pass (text dumps after the rest, as ingest), shard, record


def merge_parts(parts: list[tuple[int, Rows]]) -> Rows:
    """One table per name from every shard's parts (pass number, rows), in arrival
    order; an article a later input repeats is kept once, from its first input, whose
    rows are kept with it (the later inputs' status becomes ``duplicate``)."""
    merged: dict[str, list[tuple[Arrival, dict[str, Any]]]] = {n: [] for n in SHARD_TABLES}
    for phase, rows in parts:
        for name, part in rows.items():
            merged[name].extend(((phase, r["shard"], r["record"]), r) for r in part)
    for table in merged.values():
        table.sort(key=lambda item: item[0])  # stable: an article's rows keep their order
    first_of: dict[str, Arrival] = {}
    for arrival, row in merged["articles"]:
        first_of.setdefault(row["id"], arrival)
    out: Rows = {}
    for name, table in merged.items():
        if name in ARTICLE_TABLES:
            key = "id" if name == "articles" else "article_id"
            out[name] = [r for a, r in table if first_of.get(r[key]) == a]
        else:
            out[name] = [r for _, r in table]
    for arrival, row in merged["inputs"]:
        if row["status"] == "article" and first_of.get(row["article_id"]) != arrival:
            row["status"] = "duplicate"
    return out


def publication_order(articles: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Articles in the order the store's grouping step takes them: oldest publication
    first (instants compared in UTC, a date without zone taken as UTC, as SQLite's
    julianday does), undated last, ties in arrival order (the input list is sorted)."""

    def key(row: dict[str, Any]) -> tuple[bool, float]:
        if row["published"] is None:
            return True, 0.0
        published = datetime.fromisoformat(row["published"])
        if published.tzinfo is None:
            published = published.replace(tzinfo=UTC)
        return False, published.timestamp()

    return sorted(articles, key=key)  # stable: arrival order among ties


def group_articles(tables: Rows, on_article: Callable[[], None] | None = None) -> Rows:
    """Duplicate links and stories of the merged articles, as corpus-wide tables (with
    the duplicate records and story features ``load`` gives a store, so later ingests
    continue from them)."""
    from newsweave.dedup.index import DuplicateIndex, DuplicateRecord
    from newsweave.stories.features import StoryDoc
    from newsweave.stories.grouper import StoryGrouper

    analyses = {r["article_id"]: r["data"] for r in tables["analyses"]}
    signatures = {r["article_id"]: r["data"] for r in tables["minhash"]}
    index = DuplicateIndex()
    grouper = StoryGrouper()
    out: Rows = {"duplicates": [], "dedup_records": [], "story_features": []}
    for article in publication_order(tables["articles"]):
        article_id = article["id"]
        if article_id not in signatures:
            continue  # its MinHash ran out of time in the worker: in no story (a failure)
        record = DuplicateRecord.from_row(json.loads(signatures[article_id]))
        record = dataclasses.replace(record, seq=len(index))
        link = index.add_record(record)
        features = grouper.add(
            StoryDoc(
                article_id=article_id,
                title=article["title"] or "",
                text=article["text"],
                published=run_rows.article_from_row(article).published,
                outlet=article["outlet"],
                entities=run_rows.entity_names(analyses.get(article_id)),
                duplicate_of=None if link is None else link.original_id,
            )
        ).features
        if link is not None:
            out["duplicates"].append(link.to_row())
        out["dedup_records"].append(_json_row(record.article_id, record.seq, record.to_row()))
        out["story_features"].append(_json_row(article_id, features.seq, features.to_row()))
        if on_article:
            on_article()
    out["story_members"] = [
        {"article_id": a, "story_id": s} for a, s in grouper.assignments().items()
    ]
    out["stories"] = [
        {
            "id": story.id,
            "title": story.title,
            "start": iso(story.start),
            "end": iso(story.end),
            "outlets": json.dumps(list(story.outlets), ensure_ascii=False),
            "article_count": len(story.article_ids),
            "article_ids": json.dumps(list(story.article_ids)),
        }
        for story in grouper.stories()
    ]
    # Storylines (stories followed over time) are built over these stories here, once
    # that step exists: a function of the ``stories`` and ``story_features`` rows
    # writing a ``storylines`` table beside them.
    return out


def _json_row(article_id: str, seq: int, data: dict[str, Any]) -> dict[str, Any]:
    return {"article_id": article_id, "seq": seq, "data": json.dumps(data, ensure_ascii=False)}
