"""A run's output directory: per-shard parts with completion markers, then the tables.

``DIR/shards/<shard id>/`` holds one shard's tables, written to a temporary folder and
renamed into place with its ``_SUCCESS`` marker inside, so a part is there whole or not
at all (as datatrove marks completed tasks); ``.../dumps/`` is the shard's second pass
over its text dumps, marked likewise. A run that is stopped and started again skips
every marked part; parts are keyed by the input's path, not by its place in the list,
so the same inputs given in another order resume too. The corpus-wide tables
(``DIR/<table>.parquet``) are written from all parts at the end, replacing earlier ones.
"""

from __future__ import annotations

import json
import os
import shutil
import uuid
from pathlib import Path

from newsweave.errors import NewsweaveError
from newsweave.pipeline.run.plan import Shard
from newsweave.pipeline.run.tables import SCHEMAS, SHARD_TABLES, Rows, read_table, write_table

MARKER = "_SUCCESS"
FIRST, DUMPS = "first", "dumps"  # the two passes over a shard


class RunOutput:
    def __init__(self, directory: str | Path) -> None:
        self.root = Path(directory)
        self.shards = self.root / "shards"

    def prepare(self, settings: str) -> None:
        """Make the folder, or check that its parts were made with the same ``settings``
        (filters, limits): a run resumed with others would mix two runs' results."""
        self.shards.mkdir(parents=True, exist_ok=True)
        recorded = self.shards / "_settings.json"
        if not recorded.exists():
            recorded.write_text(settings)
        elif recorded.read_text() != settings:
            raise NewsweaveError(
                f"{self.root} holds a run made with other settings ({recorded.read_text()}):"
                " give another --output, or delete this one to start again"
            )
        for leftover in self.shards.glob("*.tmp-*"):  # a killed run's unfinished part
            shutil.rmtree(leftover, ignore_errors=True)

    def part_dir(self, shard: Shard, part: str) -> Path:
        base = self.shards / shard.id
        return base if part == FIRST else base / DUMPS

    def done(self, shard: Shard, part: str) -> bool:
        return (self.part_dir(shard, part) / MARKER).exists()

    def write_part(self, shard: Shard, part: str, rows: Rows) -> None:
        """Write a shard's part atomically (a finished part is never written twice)."""
        final = self.part_dir(shard, part)
        if (final / MARKER).exists():
            return
        final.parent.mkdir(parents=True, exist_ok=True)
        temp = self.shards / f"{shard.id}.{part}.tmp-{uuid.uuid4().hex}"
        temp.mkdir()
        for name in SHARD_TABLES:
            write_table(temp / f"{name}.parquet", name, rows[name])
        (temp / MARKER).write_text(json.dumps({"path": shard.path}))
        if final.exists():  # a part without its marker: unfinished
            shutil.rmtree(final)
        os.replace(temp, final)

    def read_part(self, shard: Shard, part: str, names: tuple[str, ...] = SHARD_TABLES) -> Rows:
        folder = self.part_dir(shard, part)
        if not (folder / MARKER).exists():
            return {name: [] for name in names}
        rows = {name: read_table(folder / f"{name}.parquet", name) for name in names}
        for table in rows.values():
            for row in table:  # the shard's place in this run's input list
                row["shard"] = shard.number
        return rows

    def write_tables(self, tables: Rows) -> None:
        for name, rows in tables.items():
            temp = self.root / f".{name}.parquet.tmp"
            write_table(temp, name, rows)
            os.replace(temp, self.root / f"{name}.parquet")

    def read_tables(self, names: tuple[str, ...] = tuple(SCHEMAS)) -> Rows:
        return {name: read_table(self.root / f"{name}.parquet", name) for name in names}

    def write_manifest(self, manifest: dict[str, object]) -> None:
        (self.root / "run.json").write_text(json.dumps(manifest, indent=2, default=str) + "\n")
