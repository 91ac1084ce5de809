"""Exact and near-duplicate detection: syndicated wire copies and light rewrites.

Two articles are **exact** duplicates when their normalised text (lower-cased, every
run of non-alphanumerics collapsed to one space) hashes the same, so whitespace, case
and punctuation do not matter. They are **near** duplicates when their word 5-shingle
sets overlap enough: MinHash LSH (datasketch's banding, kept compact by
``newsweave.dedup.bands``) proposes candidates and each candidate is verified on
the MinHash estimate of Jaccard similarity, or of containment (the share of the shorter
text's shingles found in the longer one, derived from Jaccard and the two set sizes),
so a wire copy with a paragraph added or cut still links, while two unrelated articles
that share one quote (a few shingles out of hundreds) do not. A candidate must also
agree on the figures: when both texts give at least ``MIN_FIGURES`` distinct numbers,
at least ``FIGURE_AGREEMENT`` of the smaller set must occur in the other. A copy keeps
its report's figures; this week's jobless claims, written on last week's template,
share most shingles with it and hardly any figure.

Nothing is deleted: a duplicate is linked to the ORIGINAL of its group, the earliest
added member, and is grouped as a copy of it (``newsweave.stories.grouper``).

What the store must keep, to continue incrementally without re-reading any text:

* one :class:`DuplicateRecord` per added article (``to_row()`` gives a JSON-able dict):
  id, outlet, insertion sequence number, normalised-text hash, shingle count, the
  128 MinHash values and the text's figures (``figures``: absent in rows from before
  they were kept, which then pass the figure check);
* one :class:`DuplicateLink` per article that was linked (``to_row()`` likewise).

``DuplicateIndex.from_rows(records, links)`` rebuilds the index (LSH buckets, hash
table and groups) from exactly those rows.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np
import numpy.typing as npt

from newsweave.dedup.bands import BandIndex, banding
from newsweave.dedup.candidates import Candidates as Candidates
from newsweave.dedup.candidates import RowIds
from newsweave.dedup.figures import figures, figures_agree
from newsweave.dedup.sketch import MINHASH_SCHEME as MINHASH_SCHEME
from newsweave.dedup.sketch import MINHASH_SEED as MINHASH_SEED
from newsweave.dedup.sketch import NUM_PERM as NUM_PERM
from newsweave.dedup.sketch import as_minhash as as_minhash
from newsweave.dedup.sketch import minhash_signature
from newsweave.limits import check_deadline
from newsweave.records import content_id

SHINGLE_WORDS = 5
# A word: a run of letters and digits (underscores and everything else separate words).
_WORD = re.compile(r"[^\W_]+")
LinkKind = Literal["exact", "near"]
FloatArray = npt.NDArray[np.float64]


def normalised_words(text: str) -> list[str]:
    """Lower-cased words with punctuation and whitespace differences removed."""
    return _WORD.findall(text.lower())


def text_hash(text: str) -> str:
    return content_id(" ".join(normalised_words(text)))


def shingles(words: list[str], size: int = SHINGLE_WORDS) -> set[str]:
    if len(words) < size:
        return {" ".join(words)} if words else set()
    # Each run of ``size`` words, zipped from shifted views (a loop in C).
    return set(map(" ".join, zip(*(words[k:] for k in range(size)), strict=False)))


@dataclass(frozen=True, slots=True)
class DuplicateRecord:
    """What the index needs of one article; the text itself is not needed again."""

    article_id: str
    seq: int
    text_hash: str
    n_shingles: int
    signature: tuple[int, ...]
    outlet: str | None = None
    figures: tuple[str, ...] = ()

    def to_row(self) -> dict[str, Any]:
        return {
            "article_id": self.article_id,
            "seq": self.seq,
            "text_hash": self.text_hash,
            "n_shingles": self.n_shingles,
            "signature": list(self.signature),
            "outlet": self.outlet,
            "figures": list(self.figures),
        }

    @classmethod
    def from_row(cls, row: Mapping[str, Any]) -> DuplicateRecord:
        return cls(
            article_id=str(row["article_id"]),
            seq=int(row["seq"]),
            text_hash=str(row["text_hash"]),
            n_shingles=int(row["n_shingles"]),
            signature=tuple(int(v) for v in row["signature"]),
            outlet=None if row.get("outlet") is None else str(row["outlet"]),
            figures=tuple(str(f) for f in row.get("figures") or ()),
        )


@dataclass(frozen=True, slots=True)
class DuplicateLink:
    """``article_id`` duplicates ``original_id``, the earliest member of its group."""

    article_id: str
    original_id: str
    kind: LinkKind
    similarity: float  # 1.0 for exact; the verified Jaccard or containment for near

    def to_row(self) -> dict[str, Any]:
        return {
            "article_id": self.article_id,
            "original_id": self.original_id,
            "kind": self.kind,
            "similarity": self.similarity,
        }

    @classmethod
    def from_row(cls, row: Mapping[str, Any]) -> DuplicateLink:
        kind = str(row["kind"])
        if kind not in ("exact", "near"):
            raise ValueError(f"unknown duplicate link kind {kind!r}")
        return cls(
            article_id=str(row["article_id"]),
            original_id=str(row["original_id"]),
            kind="exact" if kind == "exact" else "near",
            similarity=float(row["similarity"]),
        )


class DuplicateIndex:
    """Incremental exact + near-duplicate index over articles, in arrival order.

    ``jaccard_threshold``: estimated Jaccard at or above which two texts are near
    duplicates (a light rewrite, a changed headline). ``containment_threshold``: the
    share of the shorter text that must occur in the longer (a copy with paragraphs
    added or cut); only applied when the shorter text has ``min_containment_shingles``
    shingles, so a short blurb made of one shared quote is not swallowed.
    """

    def __init__(
        self,
        *,
        num_perm: int = NUM_PERM,
        lsh_threshold: float = 0.3,
        jaccard_threshold: float = 0.5,
        containment_threshold: float = 0.8,
        min_containment_shingles: int = 40,
    ) -> None:
        self.num_perm = num_perm
        self.jaccard_threshold = jaccard_threshold
        self.containment_threshold = containment_threshold
        self.min_containment_shingles = min_containment_shingles
        self._bands = BandIndex(*banding(lsh_threshold, num_perm))
        self._records: dict[str, DuplicateRecord] = {}
        # The LSH entries' signatures, shingle counts and sequence numbers as arrays
        # (row ``_row_of[id]``): a copy of a piece syndicated thousands of times gets
        # thousands of candidates, verified in one vectorised pass, not one by one.
        self._row_of: dict[str, int] = {}
        self._id_of_row: list[str] = []
        self._signatures = np.zeros((16, num_perm), dtype=np.uint32)
        self._shingle_counts = np.zeros(16, dtype=np.int64)
        self._seqs = np.zeros(16, dtype=np.int64)
        self._by_hash: dict[str, str] = {}
        self._original_of: dict[str, str] = {}
        self._members: dict[str, list[str]] = {}

    def __len__(self) -> int:
        return len(self._records)

    def make_record(self, article_id: str, text: str, outlet: str | None = None) -> DuplicateRecord:
        # The deadline between the steps bounds a long text's overshoot (the text cap
        # bounds each step) in threads, where no alarm can interrupt.
        words = normalised_words(text)
        check_deadline()
        hashed = content_id(" ".join(words))
        sketch = self._twin_sketch(hashed)
        if sketch is None:
            shingle_set = shingles(words)
            check_deadline()
            sketch = len(shingle_set), minhash_signature(shingle_set, self.num_perm)
        return DuplicateRecord(
            article_id=article_id,
            seq=len(self),
            text_hash=hashed,
            n_shingles=sketch[0],
            signature=sketch[1],
            outlet=outlet,
            figures=figures(text),
        )

    def _twin_sketch(self, text_hash: str) -> tuple[int, tuple[int, ...]] | None:
        """The shingle count and signature of an indexed article with this normalised
        text, which has the very same shingles (an exact copy is not hashed again);
        None when there is none, or it is not at hand (a store-backed index)."""
        twin = self._by_hash.get(text_hash)
        row = None if twin is None else self._row_of.get(twin)
        if row is None:
            return None
        return int(self._shingle_counts[row]), tuple(self._signatures[row].tolist())

    def add(self, article_id: str, text: str, outlet: str | None = None) -> DuplicateLink | None:
        """Index one article; return its link to the group original, or None if it is new."""
        if article_id in self._records:
            raise ValueError(f"article {article_id!r} already indexed")
        record = self.make_record(article_id, text, outlet)
        link = self._find_link(record)
        self._insert(record, link)
        return link

    def add_record(self, record: DuplicateRecord) -> DuplicateLink | None:
        """Index an already computed record (e.g. one made by :meth:`make_record`)."""
        link = self._find_link(record)
        self._insert(record, link)
        return link

    def _find_link(self, record: DuplicateRecord) -> DuplicateLink | None:
        if record.n_shingles == 0:
            return None
        same_text = self._text_twin(record.text_hash)
        if same_text is not None:
            return DuplicateLink(record.article_id, self._original(same_text), "exact", 1.0)
        signature = np.asarray(record.signature, dtype=np.uint32)
        found = self._near_candidates(signature)
        if found is None:
            return None
        scores = self._verified_similarities(signature, record.n_shingles, found)
        verified = np.flatnonzero(~np.isnan(scores))
        seqs, scores = found.seqs[verified], scores[verified]
        # The highest similarity to 4 places whose figures agree wins; ties go to the
        # earliest-added. Sorted in numpy: a piece syndicated thousands of times has
        # thousands of verified candidates, and only the first few are looked at. The
        # stored similarity is the very value ranked (numpy's rounding and Python's can
        # differ in the last bit, which would reorder near-ties).
        rounded = np.round(scores, 4)
        for i in np.lexsort((seqs, -rounded)).tolist():
            candidate = found.article_ids[int(verified[i])]
            if figures_agree(record.figures, self._figures_of(candidate)):
                similarity = float(rounded[i])
                return DuplicateLink(
                    record.article_id, self._original(candidate), "near", similarity
                )
        return None

    # What _find_link reads, kept in memory here (a store-backed index reads it from
    # its tables: newsweave.store.dedup_state).

    def _text_twin(self, text_hash: str) -> str | None:
        """The first article with this normalised-text hash, if any."""
        return self._by_hash.get(text_hash)

    def _original(self, article_id: str) -> str:
        return self._original_of[article_id]

    def _figures_of(self, article_id: str) -> tuple[str, ...]:
        return self._records[article_id].figures

    def _near_candidates(self, signature: npt.NDArray[np.uint32]) -> Candidates | None:
        """The articles sharing a band with ``signature``, or None."""
        rows = self._bands.query(signature)
        if not len(rows):
            return None
        ids = RowIds(self._id_of_row, rows)
        return Candidates(ids, self._seqs[rows], self._signatures[rows], self._shingle_counts[rows])

    def _verified_similarities(
        self, signature: npt.NDArray[np.uint32], n_shingles: int, found: Candidates
    ) -> FloatArray:
        """Per candidate: the Jaccard or containment estimate that verifies it as a
        near duplicate of the new article, else NaN.

        Jaccard is estimated as the share of equal MinHash values; containment, the
        share of the smaller shingle set inside the larger, from
        |A∩B| = J(|A|+|B|)/(1+J), capped at 1."""
        jaccard = (found.signatures == signature).mean(axis=1)
        sizes = found.shingle_counts
        smaller = np.minimum(sizes, n_shingles)
        overlap = jaccard * (sizes + n_shingles) / (1.0 + jaccard)
        with np.errstate(divide="ignore", invalid="ignore"):
            containment = np.minimum(1.0, overlap / smaller)
        scores = np.full(len(sizes), np.nan)
        by_containment = (smaller >= self.min_containment_shingles) & (
            containment >= self.containment_threshold
        )
        scores[by_containment] = containment[by_containment]
        by_jaccard = jaccard >= self.jaccard_threshold
        scores[by_jaccard] = jaccard[by_jaccard]
        return scores

    def _insert(self, record: DuplicateRecord, link: DuplicateLink | None) -> None:
        # Kept without its signature, which the signature rows (or, for an exact copy,
        # its twin's) hold: 128 Python ints are 5 kB an article, half a gigabyte at 100k.
        slim = record if record.n_shingles == 0 else dataclasses.replace(record, signature=())
        self._records[record.article_id] = slim
        if record.text_hash not in self._by_hash:
            self._by_hash[record.text_hash] = record.article_id
        if record.n_shingles > 0 and (link is None or link.kind == "near"):
            # Exact copies add nothing new to the LSH buckets: their twin is there.
            self._add_row(record)
        original = record.article_id if link is None else link.original_id
        self._original_of[record.article_id] = original
        self._members.setdefault(original, []).append(record.article_id)

    def _add_row(self, record: DuplicateRecord) -> None:
        row = len(self._row_of)
        if row == len(self._seqs):
            self._signatures = np.concatenate([self._signatures, np.zeros_like(self._signatures)])
            self._shingle_counts = np.concatenate(
                [self._shingle_counts, np.zeros_like(self._shingle_counts)]
            )
            self._seqs = np.concatenate([self._seqs, np.zeros_like(self._seqs)])
        self._signatures[row] = record.signature
        self._shingle_counts[row] = record.n_shingles
        self._seqs[row] = record.seq
        self._row_of[record.article_id] = row
        self._id_of_row.append(record.article_id)
        self._bands.add(row, self._signatures[row])

    def original_of(self, article_id: str) -> str:
        return self._original_of[article_id]

    def group(self, article_id: str) -> tuple[str, ...]:
        """Every article in the duplicate group of ``article_id``, original first."""
        return tuple(self._members[self._original_of[article_id]])

    def carriers(self, article_id: str) -> tuple[str, ...]:
        """Sorted distinct outlets that carried the piece ``article_id`` belongs to."""
        outlets = {self._records[m].outlet for m in self.group(article_id)}
        return tuple(sorted(o for o in outlets if o))

    def syndicated(self) -> dict[str, tuple[str, ...]]:
        """Original id -> carrying outlets, for every group with more than one member."""
        return {
            original: self.carriers(original)
            for original, members in self._members.items()
            if len(members) > 1
        }

    def records(self) -> list[DuplicateRecord]:
        return [self._with_signature(r) for r in sorted(self._records.values(), key=_seq)]

    def _with_signature(self, record: DuplicateRecord) -> DuplicateRecord:
        if record.signature or record.n_shingles == 0:
            return record
        row = self._row_of.get(record.article_id)
        if row is None:  # an exact copy: same normalised text, same signature as its twin
            row = self._row_of[self._by_hash[record.text_hash]]
        return dataclasses.replace(record, signature=tuple(int(v) for v in self._signatures[row]))

    @classmethod
    def from_rows(
        cls,
        records: Iterable[Mapping[str, Any]],
        links: Iterable[Mapping[str, Any]],
        **options: Any,
    ) -> DuplicateIndex:
        """Rebuild from stored record and link rows, without comparing anything again."""
        index = cls(**options)
        index.restore(records, links)
        return index

    def restore(
        self, records: Iterable[Mapping[str, Any]], links: Iterable[Mapping[str, Any]]
    ) -> None:
        """Add stored record and link rows, in sequence order, comparing nothing."""
        link_of = {link.article_id: link for link in map(DuplicateLink.from_row, links)}
        for record in sorted(map(DuplicateRecord.from_row, records), key=_seq):
            self._insert(record, link_of.get(record.article_id))


def _seq(record: DuplicateRecord) -> int:
    return record.seq
