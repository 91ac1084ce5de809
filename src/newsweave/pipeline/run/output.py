"""A run's output: per-shard parts with completion markers, then the tables, in a
folder on any filesystem pyarrow reaches (a local path, ``file://``, ``s3://``,
``gs://``, ``hdfs://``).

``DIR/shards/<shard id>/`` holds one shard's tables and, written after them, its
``_SUCCESS`` marker (as datatrove marks completed tasks): a part counts only once its
marker is there, so a part cut off half-written is simply written again, over its
leftovers. Object stores have no atomic folder rename, but they do write one object
atomically, which is all the marker needs. ``.../dumps/`` is the shard's second pass
over its text dumps, marked likewise. The worker that made a part writes it (its rows
never pass through the driver); the driver reads the marked parts back for the corpus
steps. A run that is stopped and started again skips every marked part; parts are
keyed by the input's path, not by its place in the list, so the same inputs given in
another order resume too. The corpus-wide tables (``DIR/<table>.parquet``) are written
from all parts at the end, replacing earlier ones.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
from pyarrow import fs

from newsweave.errors import NewsweaveError
from newsweave.pipeline.run.plan import Shard
from newsweave.pipeline.run.tables import SCHEMAS, SHARD_TABLES, Rows

MARKER = "_SUCCESS"
FIRST, DUMPS = "first", "dumps"  # the two passes over a shard


class RunOutput:
    """A run's output folder; picklable, so each worker writes its own parts."""

    def __init__(self, location: str | Path) -> None:
        self.location = str(location)
        if "://" in self.location:
            self.filesystem, root = fs.FileSystem.from_uri(self.location)
        else:  # resolved here, in the driver: a worker's working folder may differ
            self.filesystem, root = fs.LocalFileSystem(), str(Path(location).resolve())
        self.root = root.rstrip("/")
        self.shards = f"{self.root}/shards"

    def prepare(self, settings: str) -> None:
        """Make the folder, or check that its parts were made with the same ``settings``
        (filters, limits): a run resumed with others would mix two runs' results."""
        self.filesystem.create_dir(self.shards, recursive=True)
        recorded = f"{self.shards}/_settings.json"
        if not self._exists(recorded):
            self._write_text(recorded, settings)
        elif (found := self._read_text(recorded)) != settings:
            raise NewsweaveError(
                f"{self.location} holds a run made with other settings ({found}):"
                " give another --output, or delete this one to start again"
            )

    def part_dir(self, shard: Shard, part: str) -> str:
        base = f"{self.shards}/{shard.id}"
        return base if part == FIRST else f"{base}/{DUMPS}"

    def done(self, shard: Shard, part: str) -> bool:
        return self._exists(f"{self.part_dir(shard, part)}/{MARKER}")

    def write_part(self, shard: Shard, part: str, rows: Rows) -> None:
        """Write a shard's part, its marker last (a finished part is never rewritten)."""
        folder = self.part_dir(shard, part)
        if self._exists(f"{folder}/{MARKER}"):
            return
        self.filesystem.create_dir(folder, recursive=True)
        for name in SHARD_TABLES:
            self._write_table(f"{folder}/{name}.parquet", name, rows[name])
        self._write_text(f"{folder}/{MARKER}", json.dumps({"path": shard.path}))

    def read_part(self, shard: Shard, part: str, names: tuple[str, ...] = SHARD_TABLES) -> Rows:
        folder = self.part_dir(shard, part)
        if not self._exists(f"{folder}/{MARKER}"):
            return {name: [] for name in names}
        rows = {name: self._read_table(f"{folder}/{name}.parquet", name) for name in names}
        for table in rows.values():
            for row in table:  # the shard's place in this run's input list
                row["shard"] = shard.number
        return rows

    def finished(self) -> bool:
        """Whether a run wrote its tables here to the end."""
        return self._exists(f"{self.root}/run.json")

    def write_tables(self, tables: Rows) -> None:
        for name, rows in tables.items():
            temp = f"{self.root}/.{name}.parquet.tmp"
            self._write_table(temp, name, rows)
            self.filesystem.move(temp, f"{self.root}/{name}.parquet")

    def read_tables(self, names: tuple[str, ...] = tuple(SCHEMAS)) -> Rows:
        return {name: self._read_table(f"{self.root}/{name}.parquet", name) for name in names}

    def write_manifest(self, manifest: dict[str, object]) -> None:
        text = json.dumps(manifest, indent=2, default=str) + "\n"
        self._write_text(f"{self.root}/run.json", text)

    def _exists(self, path: str) -> bool:
        return bool(self.filesystem.get_file_info(path).type != fs.FileType.NotFound)

    def _write_text(self, path: str, text: str) -> None:
        with self.filesystem.open_output_stream(path) as stream:
            stream.write(text.encode("utf-8"))

    def _read_text(self, path: str) -> str:
        with self.filesystem.open_input_stream(path) as stream:
            return bytes(stream.read()).decode("utf-8")

    def _write_table(self, path: str, name: str, rows: list[dict[str, Any]]) -> None:
        table = pa.Table.from_pylist([dict(r) for r in rows], schema=SCHEMAS[name])
        pq.write_table(table, path, compression="zstd", filesystem=self.filesystem)

    def _read_table(self, path: str, name: str) -> list[dict[str, Any]]:
        if not self._exists(path):
            return []
        table = pq.read_table(path, schema=SCHEMAS[name], filesystem=self.filesystem)
        found: list[dict[str, Any]] = table.to_pylist()
        return found
