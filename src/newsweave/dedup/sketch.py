"""MinHash signatures of shingle sets (datasketch's affine 32-bit scheme)."""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache
from hashlib import sha1

import numpy as np
import numpy.typing as npt
from datasketch import MinHash

NUM_PERM = 128
MINHASH_SEED = 1
# Stated explicitly: stored hash values carry no trace of the scheme that made them.
MINHASH_SCHEME = "affine32"


def minhash_signature(shingle_set: set[str], num_perm: int = NUM_PERM) -> tuple[int, ...]:
    # In any order: each value is a minimum over the set. The permutations are drawn
    # once per size (datasketch draws them again for every sketch, a third of its cost).
    # The shingles are hashed here as datasketch's sha1_hash32 hashes them (the first
    # four bytes of SHA-1, little-endian) in one comprehension of C calls, and handed
    # over as they are: a Python call per shingle was half the signature's cost.
    sketch = MinHash(
        num_perm=num_perm,
        seed=MINHASH_SEED,
        scheme=MINHASH_SCHEME,
        hashfunc=int,
        permutations=_permutations(num_perm),
    )
    sketch.update_batch(
        [int.from_bytes(sha1(s.encode("utf-8")).digest()[:4], "little") for s in shingle_set]
    )
    return tuple(sketch.hashvalues.tolist())


@cache
def _permutations(num_perm: int) -> npt.NDArray[np.uint32]:
    """The permutations datasketch draws for ``MINHASH_SEED``, shared by every sketch
    (it shares an array given in its own form and never changes it)."""
    permutations: npt.NDArray[np.uint32] = MinHash(
        num_perm=num_perm, seed=MINHASH_SEED, scheme=MINHASH_SCHEME
    ).permutations
    return permutations


def as_minhash(signature: Iterable[int]) -> MinHash:
    """A stored signature as a datasketch ``MinHash`` again (for datasketch's own LSH,
    which the benchmarks and tests compare the index with)."""
    return MinHash(
        num_perm=NUM_PERM,
        seed=MINHASH_SEED,
        scheme=MINHASH_SCHEME,
        hashvalues=np.fromiter(signature, dtype=np.uint32),
    )
