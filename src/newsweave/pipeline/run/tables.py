"""The tables a run writes, their columns, and the rows of one shard.

Every table is Parquet with a fixed schema (an empty table still has its columns).
Nested values (hints, analyses, MinHash records, story features) are JSON strings, so
each table reads the same in pandas, DuckDB, Spark or pyarrow. ``order`` columns
(shard number, record number in the shard) give the run's canonical input order,
which both engines follow, whatever order the workers finished in.
"""

from __future__ import annotations

from typing import Any

import pyarrow as pa

_STR = pa.string()
_INT = pa.int64()
_ORDER = [("shard", _INT), ("record", _INT)]

# Tables of the output directory a user reads (see docs/ray.md for what each holds).
SCHEMAS: dict[str, pa.Schema] = {
    "articles": pa.schema(
        [
            ("id", _STR),
            ("raw_id", _STR),
            ("source", _STR),
            ("url", _STR),
            ("outlet", _STR),
            ("title", _STR),
            ("published", _STR),
            ("author", _STR),
            ("language", _STR),
            ("text", _STR),
            ("dropped", _STR),
            *_ORDER,
        ]
    ),
    "inputs": pa.schema(
        [
            ("raw_id", _STR),
            ("source", _STR),
            ("format", _STR),
            ("url", _STR),
            ("fetched_at", _STR),
            ("hints", _STR),
            ("content", pa.binary()),
            ("status", _STR),
            ("article_id", _STR),
            *_ORDER,
        ]
    ),
    "rejections": pa.schema(
        [("source", _STR), ("reason", _STR), ("detail", _STR), ("raw_id", _STR), *_ORDER]
    ),
    "filtered": pa.schema(
        [("source", _STR), ("raw_id", _STR), ("reason", _STR), ("detail", _STR), *_ORDER]
    ),
    "failures": pa.schema(
        [("article_id", _STR), ("step", _STR), ("reason", _STR), ("detail", _STR), *_ORDER]
    ),
    "analyses": pa.schema(
        [("article_id", _STR), ("version", _STR), ("language", _STR), ("data", _STR), *_ORDER]
    ),
    "quotes": pa.schema(
        [
            ("article_id", _STR),
            ("start", _INT),
            ("end", _INT),
            ("text", _STR),
            ("kind", _STR),
            ("speaker", _STR),
            ("speaker_name", _STR),
            ("anonymous", pa.bool_()),
            ("cue", _STR),
            *_ORDER,
        ]
    ),
    "entity_mentions": pa.schema(
        [
            ("article_id", _STR),
            ("start", _INT),
            ("end", _INT),
            ("text", _STR),
            ("label", _STR),
            ("cluster", _STR),
            *_ORDER,
        ]
    ),
    "time_expressions": pa.schema(
        [
            ("article_id", _STR),
            ("start", _INT),
            ("end", _INT),
            ("text", _STR),
            ("value", _STR),
            ("granularity", _STR),
            ("relative", pa.bool_()),
            ("sentence", _INT),
            *_ORDER,
        ]
    ),
    "minhash": pa.schema([("article_id", _STR), ("data", _STR), *_ORDER]),
    "dump_samples": pa.schema(
        [("raw_id", _STR), ("group", _STR), ("text", _STR), ("metadata_lines", _STR), *_ORDER]
    ),
    # Corpus-wide tables, written once every shard is done.
    "duplicates": pa.schema(
        [("article_id", _STR), ("original_id", _STR), ("kind", _STR), ("similarity", pa.float64())]
    ),
    "stories": pa.schema(
        [
            ("id", _STR),
            ("title", _STR),
            ("start", _STR),
            ("end", _STR),
            ("outlets", _STR),
            ("article_count", _INT),
            ("article_ids", _STR),
        ]
    ),
    "story_members": pa.schema([("article_id", _STR), ("story_id", _STR)]),
    "storylines": pa.schema(
        [
            ("id", _STR),
            ("seq", _INT),
            ("label", _STR),
            ("start", _STR),
            ("end", _STR),
            ("outlets", _STR),
            ("story_count", _INT),
            ("article_count", _INT),
            ("story_ids", _STR),
        ]
    ),
    "story_features": pa.schema([("article_id", _STR), ("seq", _INT), ("data", _STR)]),
    "dedup_records": pa.schema([("article_id", _STR), ("seq", _INT), ("data", _STR)]),
}

# What one shard's workers produce (the corpus-wide tables come later).
SHARD_TABLES = (
    "articles",
    "inputs",
    "rejections",
    "filtered",
    "failures",
    "analyses",
    "quotes",
    "entity_mentions",
    "time_expressions",
    "minhash",
    "dump_samples",
)
# Per-article tables: rows of an article a later input repeats are dropped on merge.
ARTICLE_TABLES = (
    "articles",
    "analyses",
    "quotes",
    "entity_mentions",
    "time_expressions",
    "minhash",
)

Rows = dict[str, list[dict[str, Any]]]


def empty_rows() -> Rows:
    return {name: [] for name in SHARD_TABLES}
