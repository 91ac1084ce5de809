"""The compact band index proposes exactly the candidates datasketch's LSH proposes."""

from __future__ import annotations

import numpy as np
import pytest
from datasketch import MinHash, MinHashLSH

from newsweave.dedup.bands import BUFFER_ROWS, BandIndex, banding


@pytest.mark.parametrize("threshold", [0.3, 0.5, 0.8])
def test_banding_matches_datasketch(threshold: float) -> None:
    lsh = MinHashLSH(threshold=threshold, num_perm=128)
    assert banding(threshold, 128) == (lsh.b, lsh.r)


def test_banding_is_searched_once_per_setting() -> None:
    banding.cache_clear()
    first = banding(0.3, 128)
    assert banding(0.3, 128) == first
    assert (banding.cache_info().misses, banding.cache_info().hits) == (1, 1)


def related_signatures(count: int, seed: int) -> list[np.ndarray]:
    """Signatures drawn from a few bases with 30-100% of values redrawn: some share a
    band with earlier ones, most share none."""
    rng = np.random.default_rng(seed)
    bases = rng.integers(0, 2**32, size=(40, 128), dtype=np.uint64).astype(np.uint32)
    signatures = []
    for _ in range(count):
        signature = bases[rng.integers(len(bases))].copy()
        redrawn = rng.random(128) < rng.uniform(0.3, 1.0)
        signature[redrawn] = rng.integers(0, 2**32, size=int(redrawn.sum()), dtype=np.uint64)
        signatures.append(signature)
    return signatures


def test_candidates_are_datasketchs_across_buffer_flushes_and_merges() -> None:
    bands, rows = banding(0.3, 128)
    index = BandIndex(bands, rows)
    lsh = MinHashLSH(threshold=0.3, num_perm=128)
    count = BUFFER_ROWS * 5 + 37  # several flushes and merges, and a partly full buffer
    proposed = 0
    for row, signature in enumerate(related_signatures(count, seed=3)):
        sketch = MinHash(num_perm=128, hashvalues=signature, scheme="affine32")
        expected = sorted(int(key) for key in lsh.query(sketch))
        assert index.query(signature).tolist() == expected
        proposed += len(expected)
        index.add(row, signature)
        lsh.insert(row, sketch)
    assert len(index) == count
    assert proposed > count  # the comparison covered many candidate lists, not empty ones
    assert len(index._runs) >= 1 and index._buffer  # both places were searched


def test_an_empty_index_proposes_nothing() -> None:
    index = BandIndex(*banding(0.3, 128))
    assert index.query(np.arange(128, dtype=np.uint32)).tolist() == []
    assert len(index) == 0
