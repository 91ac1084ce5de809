"""The duplicate index over the store's tables: a new record reads the articles its
band keys hit and their signatures, never the whole index.

Band keys live in ``dedup_bands`` (key -> record seq), the signatures of band-indexed
records in ``dedup_signatures``, the first article of each normalised text in
``dedup_hashes``; figures and originals come from ``dedup_records`` and
``duplicate_links``. Each change is written when it is made, inside the transaction
that stores the article's other grouping rows.
"""

from __future__ import annotations

import json
import sqlite3
from typing import Any

import numpy as np
import numpy.typing as npt

from newsweave.dedup.index import (
    Candidates,
    DuplicateIndex,
    DuplicateLink,
    DuplicateRecord,
)

SIGNATURE_DTYPE = "<u4"


class StoredDuplicateIndex(DuplicateIndex):
    """:class:`DuplicateIndex` whose state is the store's; links the same articles."""

    def __init__(self, conn: sqlite3.Connection, **options: Any) -> None:
        super().__init__(**options)
        self.conn = conn
        last = conn.execute("SELECT max(seq) FROM dedup_records").fetchone()[0]
        self._size = 0 if last is None else int(last) + 1

    def __len__(self) -> int:
        return self._size

    def _text_twin(self, text_hash: str) -> str | None:
        row = self.conn.execute(
            "SELECT article_id FROM dedup_hashes WHERE text_hash = ?", (text_hash,)
        ).fetchone()
        return None if row is None else str(row[0])

    def _original(self, article_id: str) -> str:
        row = self.conn.execute(
            "SELECT original_id FROM duplicate_links WHERE article_id = ?", (article_id,)
        ).fetchone()
        return article_id if row is None else str(row[0])

    def _figures_of(self, article_id: str) -> tuple[str, ...]:
        row = self.conn.execute(
            "SELECT data FROM dedup_records WHERE article_id = ?", (article_id,)
        ).fetchone()
        return DuplicateRecord.from_row(json.loads(row[0])).figures

    def _near_candidates(self, signature: npt.NDArray[np.uint32]) -> Candidates | None:
        keys = [int(k) for k in self._bands.keys(signature).view(np.int64)]
        marks = ",".join("?" * len(keys))
        rows = self.conn.execute(
            "SELECT s.seq, s.article_id, s.n_shingles, s.signature FROM dedup_signatures s"
            f" WHERE s.seq IN (SELECT seq FROM dedup_bands WHERE key IN ({marks}))"
            " ORDER BY s.seq",
            keys,
        ).fetchall()
        if not rows:
            return None
        signatures = np.frombuffer(b"".join(r[3] for r in rows), dtype=SIGNATURE_DTYPE)
        return Candidates(
            [str(r[1]) for r in rows],
            np.fromiter((r[0] for r in rows), dtype=np.int64, count=len(rows)),
            signatures.reshape(len(rows), self.num_perm).astype(np.uint32),
            np.fromiter((r[2] for r in rows), dtype=np.int64, count=len(rows)),
        )

    def _insert(self, record: DuplicateRecord, link: DuplicateLink | None) -> None:
        # The record and link rows themselves are written with the article's other
        # grouping rows (newsweave.store.stories.write_grouping).
        self.conn.execute(
            "INSERT OR IGNORE INTO dedup_hashes (text_hash, article_id) VALUES (?,?)",
            (record.text_hash, record.article_id),
        )
        if record.n_shingles > 0 and (link is None or link.kind == "near"):
            # Exact copies add nothing new to the LSH buckets: their twin is there.
            signature = np.asarray(record.signature, dtype=np.uint32)
            self.conn.execute(
                "INSERT INTO dedup_signatures (seq, article_id, n_shingles, signature)"
                " VALUES (?,?,?,?)",
                (
                    record.seq,
                    record.article_id,
                    record.n_shingles,
                    signature.astype(SIGNATURE_DTYPE).tobytes(),
                ),
            )
            keys = self._bands.keys(signature).view(np.int64).tolist()
            self.conn.executemany(
                "INSERT OR IGNORE INTO dedup_bands (key, seq) VALUES (?,?)",
                [(int(key), record.seq) for key in keys],
            )
        self._size = max(self._size, record.seq + 1)
