"""The corpus-wide steps of a run, over every shard's rows: one copy of each article,
duplicate links, stories and storylines.

They run on the engine's workers where the work is (``CorpusEngine``: plain calls in
this process for the local engine, Ray tasks and a Ray Data group-by for the Ray
engine) and in the driver where it is a pass over small records:

* duplicate links (``near_dups``): every article's MinHash band keys (the signatures
  were made by the per-document workers), a group-by on the keys, the pairs in each
  bucket verified by the workers, then the links resolved in publication order in the
  driver: the same links as the store's incremental index gives;
* stories (``story_blocks``): blocks of consecutive days grouped at once, one task a
  block, merged across their bounds in the driver;
* storylines (``storylines``): placed over the stories in the driver (a story is a
  few hundred articles' worth of work for the per-document steps, a storyline
  placement a few milliseconds).

Both engines call the same functions on the same blocks and sort what comes back, so
they give the same tables.
"""

from __future__ import annotations

import dataclasses
import json
import time
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from typing import Any, Protocol, TypeVar

import numpy as np

from newsweave.pipeline.run import near_dups, story_blocks
from newsweave.pipeline.run import rows as run_rows
from newsweave.pipeline.run.storylines import storyline_rows
from newsweave.pipeline.run.tables import ARTICLE_TABLES, SHARD_TABLES, Rows
from newsweave.rows import iso

Arrival = tuple[int, int, int]  # pass (text dumps after the rest, as ingest), shard, record
In = TypeVar("In")
Out = TypeVar("Out")


class CorpusEngine(Protocol):
    workers: int
    task_cpu_seconds: float  # CPU of the calls made in other processes (workers)

    def map_calls(self, fn: Callable[[In], Out], items: Sequence[In]) -> list[Out]:
        """``fn`` over ``items``, results in the items' order."""
        ...

    def group_map(
        self,
        rows: dict[str, np.ndarray],
        by: str,
        fn: Callable[..., list[Out]],
        shared: Any,
    ) -> list[Out]:
        """``fn(group_rows, shared)`` over the groups of ``rows`` by column ``by``; the
        results of every group, concatenated (in no set order)."""
        ...


@dataclasses.dataclass(frozen=True, slots=True)
class CorpusSettings:
    block_articles: int = story_blocks.BLOCK_ARTICLES
    overlap_days: float = story_blocks.OVERLAP_DAYS


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


def group_articles(
    tables: Rows,
    engine: CorpusEngine,
    settings: CorpusSettings | None = None,
    seconds: dict[str, float] | None = None,
    counts: dict[str, int] | None = None,
) -> Rows:
    """Duplicate links, stories and storylines of the merged articles, as corpus-wide
    tables (with the duplicate records and story features ``load`` gives a store, so
    later ingests continue from them). ``seconds`` gets each step's wall seconds,
    ``counts`` the pairs verified and the blocks grouped."""
    from newsweave.dedup.index import DuplicateRecord
    from newsweave.stories.features import StoryDoc

    settings = settings or CorpusSettings()
    timer = _Timer(seconds if seconds is not None else {})
    analyses = {r["article_id"]: r["data"] for r in tables["analyses"]}
    signatures = {r["article_id"]: r["data"] for r in tables["minhash"]}
    # Articles whose MinHash ran out of time in the worker are in no story (a failure).
    ordered = [a for a in publication_order(tables["articles"]) if a["id"] in signatures]
    records = [
        dataclasses.replace(DuplicateRecord.from_row(json.loads(signatures[a["id"]])), seq=at)
        for at, a in enumerate(ordered)
    ]
    with timer("duplicates_bands"):
        keys = near_dups.band_rows(records, engine.workers * near_dups.GROUPS_PER_WORKER)
        matrix = near_dups.signatures_of(records)
    with timer("duplicates_verify"):
        pairs = engine.group_map(keys, "group", near_dups.verify_group, matrix)
    with timer("duplicates_resolve"):
        links = near_dups.resolve_links(records, pairs)
    docs = [
        StoryDoc(
            article_id=article["id"],
            title=article["title"] or "",
            text=article["text"],
            published=run_rows.article_from_row(article).published,
            outlet=article["outlet"],
            entities=run_rows.entity_names(analyses.get(article["id"])),
            duplicate_of=None if link is None else link.original_id,
        )
        for article, link in zip(ordered, links, strict=True)
    ]
    with timer("stories_blocks"):
        blocks = story_blocks.plan_blocks(docs, settings.block_articles, settings.overlap_days)
        grouped = engine.map_calls(story_blocks.group_block, blocks)
    if counts is not None:
        counts.update(verified_pairs=len(set(pairs)), story_blocks=len(blocks))
    with timer("stories_merge"):
        stories, features = story_blocks.merge_blocks(grouped, docs)
    out: Rows = {
        "duplicates": [link.to_row() for link in links if link is not None],
        "dedup_records": [_json_row(r.article_id, r.seq, r.to_row()) for r in records],
        "story_features": [
            story_blocks.feature_row(doc.article_id, features[doc.article_id]) for doc in docs
        ],
        "story_members": [
            {"article_id": a, "story_id": story.id} for story in stories for a in story.article_ids
        ],
        "stories": [
            {
                "id": story.id,
                "title": story.title,
                "start": iso(story.start),
                "end": iso(story.end),
                "outlets": json.dumps(list(story.outlets), ensure_ascii=False),
                "article_count": len(story.article_ids),
                "article_ids": json.dumps(list(story.article_ids)),
            }
            for story in stories
        ],
    }
    with timer("storylines"):
        out["storylines"] = storyline_rows(stories, features, tables["articles"])
    return out


class _Timer:
    def __init__(self, seconds: dict[str, float]) -> None:
        self.seconds = seconds

    def __call__(self, step: str) -> _Timer:
        self._step = step
        return self

    def __enter__(self) -> None:
        self._started = time.perf_counter()

    def __exit__(self, *_: object) -> None:
        self.seconds[self._step] = time.perf_counter() - self._started


def _json_row(article_id: str, seq: int, data: dict[str, Any]) -> dict[str, Any]:
    return {"article_id": article_id, "seq": seq, "data": json.dumps(data, ensure_ascii=False)}
