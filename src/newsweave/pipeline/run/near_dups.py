"""Duplicate links of a whole run as a group-by: MinHash band keys, verification of the
pairs that share a band (the costly part, done by the engine's workers), then the
links resolved in publication order in the driver (cheap lookups).

The result is the same as adding every record, in order, to
``newsweave.dedup.index.DuplicateIndex``, which the grouping step of a store does. That
index links a new article to the original of the earlier article it matches best; what
it compares the new article with is every earlier article in the LSH bands, and which
articles are in the bands does not depend on the links: an article with words whose
normalised text no earlier article had. So the candidate pairs are known up front (the
pairs sharing a band key), each is verified on its own (the same similarity function as
the index), and only the last step, following each match to its group's original, runs
in order.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from newsweave.dedup.figures import figures_agree
from newsweave.dedup.index import Candidates, DuplicateIndex, DuplicateLink, DuplicateRecord

# Verified pair: (later position, earlier position, similarity rounded as the index ranks it)
Pair = tuple[int, int, float]
# Band-key rows are spread over this many groups per worker: each group is one call
# verifying the buckets whose keys fall in it.
GROUPS_PER_WORKER = 4


@dataclass(frozen=True, slots=True)
class Signatures:
    """What verification reads, by position in publication order."""

    matrix: npt.NDArray[np.uint32]  # (articles, permutations)
    shingles: npt.NDArray[np.int64]


def signatures_of(records: Sequence[DuplicateRecord]) -> Signatures:
    width = max((len(r.signature) for r in records), default=0)
    matrix = np.zeros((len(records), width), dtype=np.uint32)
    for position, record in enumerate(records):
        if record.signature:
            matrix[position] = record.signature
    shingles = np.fromiter((r.n_shingles for r in records), dtype=np.int64, count=len(records))
    return Signatures(matrix, shingles)


def band_rows(records: Sequence[DuplicateRecord], groups: int) -> dict[str, np.ndarray]:
    """One row per band of every article the index would put in its LSH bands (words,
    and a normalised text no earlier article had): ``key``, ``position`` and ``group``
    (the key modulo ``groups``: what the engine groups by)."""
    bands = DuplicateIndex()._bands  # the index's banding and hash: the same buckets
    seen: set[str] = set()
    keys: list[np.ndarray] = []
    positions: list[int] = []
    for position, record in enumerate(records):
        first = record.text_hash not in seen
        seen.add(record.text_hash)
        if record.n_shingles > 0 and first:
            keys.append(bands.keys(np.asarray(record.signature, dtype=np.uint32)))
            positions.append(position)
    if not keys:
        empty = np.zeros(0, dtype=np.int64)
        return {"key": empty.astype(np.uint64), "position": empty, "group": empty}
    key = np.concatenate(keys)
    group = (key % np.uint64(max(1, groups))).astype(np.int64)
    at = np.repeat(np.asarray(positions, dtype=np.int64), bands.bands)
    return {"key": key, "position": at, "group": group}


def verify_group(rows: dict[str, Any], signatures: Signatures) -> list[Pair]:
    """The verified pairs among the buckets of one group of band-key rows: every
    member of a bucket against the earlier members, each pair once however many bands
    it shares, scored as the index scores a new article against its candidates (one
    vectorised call an article)."""
    index = DuplicateIndex()
    key = np.asarray(rows["key"], dtype=np.uint64)
    position = np.asarray(rows["position"], dtype=np.int64)
    order = np.lexsort((position, key))
    key, position = key[order], position[order]
    starts = np.flatnonzero(np.r_[True, key[1:] != key[:-1]])
    stops = np.r_[starts[1:], len(key)]
    earlier_of: dict[int, set[int]] = {}
    for start, stop in zip(starts.tolist(), stops.tolist(), strict=True):
        members = position[start:stop].tolist()
        for j in range(1, len(members)):
            earlier_of.setdefault(members[j], set()).update(members[:j])
    found: list[Pair] = []
    for later, candidates in sorted(earlier_of.items()):
        earlier = np.asarray(sorted(candidates), dtype=np.int64)
        scores = index._verified_similarities(
            signatures.matrix[later],
            int(signatures.shingles[later]),
            Candidates([], earlier, signatures.matrix[earlier], signatures.shingles[earlier]),
        )
        rounded = np.round(scores, 4)
        for at in np.flatnonzero(~np.isnan(scores)).tolist():
            found.append((later, int(earlier[at]), float(rounded[at])))
    return found


def resolve_links(
    records: Sequence[DuplicateRecord], pairs: Iterable[Pair]
) -> list[DuplicateLink | None]:
    """Each record's link (None: an original), following the verified pairs in
    publication order as the index does: an exact twin first, else the best-scoring
    match (ties: the earliest) whose figures agree, linked to that match's original."""
    matches: dict[int, list[tuple[float, int]]] = {}
    for later, earlier, score in set(pairs):
        matches.setdefault(later, []).append((-score, earlier))
    first_of_hash: dict[str, int] = {}
    original: list[int] = []
    links: list[DuplicateLink | None] = []
    for position, record in enumerate(records):
        link, target = None, position
        if record.n_shingles > 0:
            twin = first_of_hash.get(record.text_hash)
            if twin is not None:
                target = original[twin]
                link = DuplicateLink(record.article_id, records[target].article_id, "exact", 1.0)
            else:
                for score, earlier in sorted(matches.get(position, [])):
                    if figures_agree(record.figures, records[earlier].figures):
                        target = original[earlier]
                        link = DuplicateLink(
                            record.article_id, records[target].article_id, "near", -score
                        )
                        break
        first_of_hash.setdefault(record.text_hash, position)
        original.append(target)
        links.append(link)
    return links
