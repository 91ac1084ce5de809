"""A compact MinHash LSH index: the banding of ``datasketch.MinHashLSH`` (the same
bands, so the same candidates) kept in sorted numpy arrays instead of dicts of lists.

datasketch keeps, per band, a Python dict from the band's bytes to a list of keys:
about 6.5 kB per article at 37 bands, most of what duplicate detection held at 100,000
articles. Here each band of a signature is hashed to one 64-bit key, and the (key, row)
pairs live in a few sorted arrays, 12 bytes a band. New pairs go to a small dict first;
when it fills, it becomes a sorted array, and arrays of similar size merge (a
log-structured merge), so insertion costs O(log n) amortised and a query a binary
search per array, of which there are O(log n).
"""

from __future__ import annotations

import functools

import numpy as np
import numpy.typing as npt

UIntArray = npt.NDArray[np.uint32]
KeyArray = npt.NDArray[np.uint64]
RowArray = npt.NDArray[np.int64]
StoredRows = npt.NDArray[np.int32]  # 4 bytes a pair: two billion rows is plenty

# Rows held in the dict before it becomes a sorted array: big enough that arrays are
# few, small enough that sorting one is cheap.
BUFFER_ROWS = 512
# Multipliers of the band hash, fixed so keys are the same in every process.
_HASH_SEED = 20070903


@functools.cache
def banding(threshold: float, num_perm: int) -> tuple[int, int]:
    """Bands and rows per band minimising the false-positive plus false-negative area
    around ``threshold`` (datasketch's rule, equal weights): (37, 3) for 0.3 and 128.
    Cached: the search takes about 14 ms, and every duplicate index built (one per
    ingest) asks for the same pair."""
    grid_low = np.linspace(0.0, threshold, 401)
    grid_high = np.linspace(threshold, 1.0, 401)
    best, best_error = (1, 1), float("inf")
    for bands in range(1, num_perm + 1):
        for rows in range(1, num_perm // bands + 1):
            hit_low = 1.0 - (1.0 - grid_low**rows) ** bands
            miss_high = (1.0 - grid_high**rows) ** bands
            error = float(np.trapezoid(hit_low, grid_low) + np.trapezoid(miss_high, grid_high))
            if error < best_error:
                best, best_error = (bands, rows), error
    return best


class BandIndex:
    """Rows (ints) indexed by the bands of their MinHash signatures."""

    def __init__(self, bands: int, rows_per_band: int) -> None:
        self.bands = bands
        self.rows_per_band = rows_per_band
        rng = np.random.default_rng(_HASH_SEED)
        # One odd multiplier per signature value, distinct per band: a band's key is a
        # multiply-add of its values, and equal values in two bands give unequal keys.
        self._multipliers = rng.integers(
            1, 2**63, size=(bands, rows_per_band), dtype=np.uint64
        ) * np.uint64(2) + np.uint64(1)
        self._buffer: dict[int, list[int]] = {}
        self._buffered_rows = 0
        # Sorted runs, oldest and largest first: (keys, rows), keys ascending.
        self._runs: list[tuple[KeyArray, StoredRows]] = []

    def keys(self, signature: UIntArray) -> KeyArray:
        """The band keys of one signature (its first bands x rows_per_band values)."""
        used = self.bands * self.rows_per_band
        values = np.asarray(signature[:used], dtype=np.uint64).reshape(
            self.bands, self.rows_per_band
        )
        mixed: KeyArray = (values * self._multipliers).sum(axis=1, dtype=np.uint64)
        mixed ^= mixed >> np.uint64(29)  # spread high bits into the low ones
        return mixed

    def add(self, row: int, signature: UIntArray) -> None:
        for key in self.keys(signature).tolist():
            self._buffer.setdefault(key, []).append(row)
        self._buffered_rows += 1
        if self._buffered_rows >= BUFFER_ROWS:
            self._flush()

    def query(self, signature: UIntArray) -> RowArray:
        """Distinct rows sharing at least one band with ``signature``, ascending."""
        keys = self.keys(signature)
        found: list[StoredRows] = []
        for run_keys, run_rows in self._runs:
            low = np.searchsorted(run_keys, keys, side="left")
            high = np.searchsorted(run_keys, keys, side="right")
            for start, stop in zip(low.tolist(), high.tolist(), strict=True):
                if stop > start:
                    found.append(run_rows[start:stop])
        for key in keys.tolist():
            rows = self._buffer.get(key)
            if rows:
                found.append(np.asarray(rows, dtype=np.int32))
        if not found:
            return np.zeros(0, dtype=np.int64)
        unique: RowArray = np.unique(np.concatenate(found)).astype(np.int64)
        return unique

    def __len__(self) -> int:
        return sum(len(rows) for _, rows in self._runs) // self.bands + self._buffered_rows

    def _flush(self) -> None:
        size = sum(len(rows) for rows in self._buffer.values())
        keys = np.empty(size, dtype=np.uint64)
        rows = np.empty(size, dtype=np.int32)
        at = 0
        for key, members in self._buffer.items():
            keys[at : at + len(members)] = key
            rows[at : at + len(members)] = members
            at += len(members)
        self._buffer.clear()
        self._buffered_rows = 0
        run = _sorted_run(keys, rows)
        # Merge with the newest runs while they are no bigger than twice the new one:
        # run sizes then fall geometrically, so there are O(log n) of them.
        while self._runs and len(self._runs[-1][0]) <= 2 * len(run[0]):
            older_keys, older_rows = self._runs.pop()
            run = _sorted_run(
                np.concatenate([older_keys, run[0]]), np.concatenate([older_rows, run[1]])
            )
        self._runs.append(run)


def _sorted_run(keys: KeyArray, rows: StoredRows) -> tuple[KeyArray, StoredRows]:
    order = np.argsort(keys, kind="stable")
    return keys[order], rows[order]
