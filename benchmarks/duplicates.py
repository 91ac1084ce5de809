"""Near-duplicate detection against datasketch's MinHash LSH, on the same signatures.

Usage: benchmarks/duplicates.py [--copy-share 0.3] [--max-copies 4] [--seed 0]

The corpus is the development data's articles (NeuS train+val and ECB+ texts), in a
random order, with near-copies of a share of them mixed in: each copy is perturbed as a
syndicated re-run is (a sentence dropped or two swapped, a furniture line added, a few
words changed, sometimes a local paragraph added or the lead cut). The gold duplicate
groups are an article and its copies; the reports of one event by different outlets
(NeuS triples, ECB+ stories) share names and quotes but are not duplicates.

Every system gets the same MinHash signatures (word 5-shingles, 128 permutations), made
once and timed apart, and adds the articles in the same order, linking each to a group:

* newsweave: ``DuplicateIndex`` (its own compact banding, then Jaccard / containment
  verification and the figure check);
* datasketch: ``MinHashLSH(threshold=0.5)``, each article linked to the group of its
  earliest candidate, the library's usual use;
* datasketch banding + verification: ``MinHashLSH(threshold=0.3)`` proposing the
  candidates and newsweave's verification choosing, which is what newsweave ran before
  its own banding. Its links must equal newsweave's (``same_links``); the difference is
  memory and time.

A record a system raises on is linked to nothing (its own group) and counted
(``rejected``, ``baseline_rejected``, ``datasketch_banding_rejected``; a text whose
signature cannot be made gets an empty text's, ``signature_rejected``), and the run
goes on.

Scores are pair counts over the groups (precision, recall, F1 of same-group pairs).
Memory is what tracemalloc sees the index allocate (numpy arrays included), in a second
pass so that the timed pass runs without it.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
import tracemalloc
from collections import Counter
from collections.abc import Sequence
from functools import partial
from pathlib import Path
from typing import Protocol

import numpy as np
from datasketch import MinHashLSH

sys.path.insert(0, str(Path(__file__).resolve().parent))
from newsweave.dedup.index import (
    NUM_PERM,
    DuplicateIndex,
    DuplicateRecord,
    as_minhash,
    text_hash,
)
from rejections import Rejections
from stories_scaling import DATA, base_stories, perturbed

LOCAL_PARAGRAPH = (
    "Local officials said they were following the situation closely and would update "
    "residents through the council's website and its social media accounts."
)


class Linker(Protocol):
    """Each record's group, linking the records in order; a record the system raises
    on is its own group, counted in ``rejections``."""

    def __call__(
        self, records: Sequence[DuplicateRecord], *, rejections: Rejections | None = None
    ) -> list[str]: ...


def corpus(copy_share: float, max_copies: int, seed: int) -> tuple[list[str], list[str], int]:
    """(texts, gold group per text, number of copies): originals and their copies."""
    rng = random.Random(seed)
    originals = [text for story in base_stories() for _, text in story if text.strip()]
    texts: list[str] = []
    gold: list[str] = []
    # The data holds a few texts twice (one wire report in two collections): one group.
    group_of_text: dict[str, str] = {}
    for n, text in enumerate(originals):
        group = group_of_text.setdefault(text_hash(text), f"g{n}")
        texts.append(text)
        gold.append(group)
        if rng.random() >= copy_share:
            continue
        for _ in range(rng.randint(1, max_copies)):
            texts.append(copied(text, rng))
            gold.append(group)
    order = list(range(len(texts)))
    rng.shuffle(order)
    return [texts[i] for i in order], [gold[i] for i in order], len(texts) - len(originals)


def copied(text: str, rng: random.Random) -> str:
    words = perturbed(text, rng).split(" ")
    for _ in range(rng.randint(0, 3)):  # a word changed by an editor
        words[rng.randrange(len(words))] = rng.choice(("said", "told", "the", "reported"))
    body = " ".join(words)
    roll = rng.random()
    if roll < 0.15:
        body += "\n\n" + LOCAL_PARAGRAPH
    elif roll < 0.25 and body.count(". ") >= 3:
        body = body.split(". ", 1)[1]  # the lead sentence cut
    return body


def pair_scores(gold: Sequence[str], predicted: Sequence[str]) -> tuple[float, float, float]:
    """Precision, recall and F1 of same-group pairs."""

    def pairs(counts: Counter[object]) -> int:
        return sum(c * (c - 1) // 2 for c in counts.values())

    both = pairs(Counter(zip(gold, predicted, strict=True)))
    in_predicted, in_gold = pairs(Counter(predicted)), pairs(Counter(gold))
    precision = both / in_predicted if in_predicted else 1.0
    recall = both / in_gold if in_gold else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def newsweave_groups(
    records: Sequence[DuplicateRecord],
    index: DuplicateIndex | None = None,
    *,
    rejections: Rejections | None = None,
) -> list[str]:
    """Each record's original, as ``index`` (by default a new ``DuplicateIndex``)
    links them in order."""
    index = DuplicateIndex() if index is None else index
    rejections = rejections or Rejections()

    def add(record: DuplicateRecord) -> bool:
        index.add_record(record)
        return True

    failed: set[str] = set()  # usually empty: it must not weigh on the index's memory
    for record in records:
        if not rejections.answer("index", record.article_id, partial(add, record), False):
            failed.add(record.article_id)
    return [
        r.article_id if r.article_id in failed else index.original_of(r.article_id) for r in records
    ]


def datasketch_groups(
    records: Sequence[DuplicateRecord], *, rejections: Rejections | None = None
) -> list[str]:
    lsh = MinHashLSH(threshold=0.5, num_perm=NUM_PERM)
    group: dict[str, str] = {}
    seq: dict[str, int] = {}
    rejections = rejections or Rejections()

    def link(n: int, record: DuplicateRecord) -> None:
        sketch = as_minhash(record.signature)
        found = lsh.query(sketch)
        first = min(found, key=seq.__getitem__) if found else None
        group[record.article_id] = record.article_id if first is None else group[first]
        seq[record.article_id] = n
        lsh.insert(record.article_id, sketch)

    for n, record in enumerate(records):
        rejections.answer("datasketch", record.article_id, partial(link, n, record), None)
    return [group.get(r.article_id, r.article_id) for r in records]


class DatasketchBands:
    """Stands in for ``DuplicateIndex``'s band index: datasketch's ``MinHashLSH`` at
    newsweave's LSH threshold (0.3), so the same verification chooses among its
    candidates."""

    def __init__(self, index: DuplicateIndex) -> None:
        self.index = index
        self.lsh = MinHashLSH(threshold=0.3, num_perm=NUM_PERM)

    def query(self, signature: np.ndarray) -> np.ndarray:
        found = self.lsh.query(as_minhash(signature))
        return np.asarray(sorted(self.index._row_of[f] for f in found), dtype=np.int64)

    def add(self, row: int, signature: np.ndarray) -> None:
        self.lsh.insert(self.index._id_of_row[row], as_minhash(signature))


def datasketch_banding_index() -> DuplicateIndex:
    """A ``DuplicateIndex`` whose candidates come from datasketch's ``MinHashLSH``."""
    index = DuplicateIndex()
    index._bands = DatasketchBands(index)  # type: ignore[assignment]
    return index


def datasketch_banding_groups(
    records: Sequence[DuplicateRecord], *, rejections: Rejections | None = None
) -> list[str]:
    return newsweave_groups(records, datasketch_banding_index(), rejections=rejections)


def measure(
    linker: Linker, records: Sequence[DuplicateRecord]
) -> tuple[list[str], float, float, int]:
    """(groups, seconds, megabytes the index held at its peak, records it raised on)."""
    rejections = Rejections()
    started = time.perf_counter()
    groups = linker(records, rejections=rejections)
    seconds = time.perf_counter() - started
    tracemalloc.start()
    linker(records, rejections=Rejections())  # the same records again: counted once
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return groups, seconds, peak / 2**20, sum(rejections.counts.values())


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--copy-share", type=float, default=0.3)
    parser.add_argument("--max-copies", type=int, default=4)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    if not DATA.is_dir():
        print(f"no development data at {DATA}", file=sys.stderr)
        return 2
    texts, gold, copies = corpus(args.copy_share, args.max_copies, args.seed)
    maker = DuplicateIndex()
    signatures = Rejections()

    def record_of(n: int, text: str) -> DuplicateRecord:
        """The text's record; a text it cannot be made for gets an empty text's."""
        made = signatures.answer(
            "signature", f"d{n}", partial(maker.make_record, f"d{n}", text), None
        )
        return made if made is not None else maker.make_record(f"d{n}", "")

    started = time.perf_counter()
    records = [record_of(n, text) for n, text in enumerate(texts)]
    signature_s = time.perf_counter() - started
    systems: dict[str, Linker] = {
        "newsweave": newsweave_groups,
        "datasketch MinHashLSH(0.5), first candidate": datasketch_groups,
        "datasketch banding (0.3) + newsweave verification": datasketch_banding_groups,
    }
    results = {name: measure(linker, records) for name, linker in systems.items()}
    print(f"articles: {len(texts)}  of which near-copies: {copies}  "
          f"signatures: {len(texts) / signature_s:.0f} articles/s (shared by all)")  # fmt: skip
    print(f"{'system':52} {'P':>6} {'R':>6} {'F1':>6} {'art/s':>9} {'index MB':>9}")
    scores = {}
    for name, (groups, seconds, megabytes, _) in results.items():
        p, r, f1 = pair_scores(gold, groups)
        scores[name] = (p, r, f1, len(texts) / seconds, megabytes)
        print(f"{name:52} {p:6.3f} {r:6.3f} {f1:6.3f} {len(texts) / seconds:9.0f} {megabytes:9.1f}")
    # Recall apart for groups whose texts all have 40 shingles or more: in a shorter one
    # (a NeuS lead) containment is not trusted, and a dropped sentence and a swap
    # already take Jaccard below 0.5.
    short_group = {g for g, r in zip(gold, records, strict=True) if r.n_shingles < 40}
    long_items = [i for i, g in enumerate(gold) if g not in short_group]
    recall_long = pair_scores(
        [gold[i] for i in long_items], [results["newsweave"][0][i] for i in long_items]
    )[1]
    print(f"newsweave recall on copies of texts of 40+ shingles: {recall_long:.3f}")
    ours, baseline, banding = (scores[name] for name in systems)
    names = list(systems)
    same = sum(
        a == b for a, b in zip(results[names[0]][0], results[names[2]][0], strict=True)
    ) / len(texts)
    metrics = {
        "precision": round(ours[0], 4),
        "recall": round(ours[1], 4),
        "recall_long_texts": round(recall_long, 4),
        "f1": round(ours[2], 4),
        "baseline_precision": round(baseline[0], 4),
        "baseline_recall": round(baseline[1], 4),
        "baseline_f1": round(baseline[2], 4),
        "articles_per_s": round(ours[3], 1),
        "baseline_articles_per_s": round(baseline[3], 1),
        "datasketch_banding_articles_per_s": round(banding[3], 1),
        "index_mb": round(ours[4], 1),
        "datasketch_banding_index_mb": round(banding[4], 1),
        "baseline_index_mb": round(baseline[4], 1),
        # Fractions: newsweave's index memory over datasketch banding's, and the share
        # of articles both link to the same group (1.0: the same candidates).
        "memory_ratio": round(ours[4] / banding[4], 4),
        "same_links": round(same, 4),
        "articles": len(texts),
        "near_copies": copies,
        "rejected": results[names[0]][3],
        "baseline_rejected": results[names[1]][3],
        "datasketch_banding_rejected": results[names[2]][3],
        "signature_rejected": signatures.counts["signature"],
    }
    print(json.dumps(metrics))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
