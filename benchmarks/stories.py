"""Story grouping benchmark: newsweave's incremental grouper vs a tuned TF-IDF baseline.

Usage: benchmarks/stories.py --data FILE [--label story] [--seed 0]

FILE is JSONL in one of two shapes: ECB+ documents (``text`` plus a gold ``--label``
field) or NeuS lines (``articles``: the left/centre/right articles of one story, which
become three documents labelled with the line number). Both systems are scored with
B-cubed precision/recall/F1 and the adjusted Rand index. The baseline is sklearn TF-IDF
plus average-link agglomerative clustering on cosine distance, with its distance
threshold grid-searched on the OTHER data set (ECB+ for NeuS and vice versa), never on
the one scored. Newsweave sees the documents once each, in a seeded shuffle.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from sklearn.cluster import AgglomerativeClustering
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.metrics import adjusted_rand_score

from newsweave.stories import GrouperConfig, StoryGrouper
from newsweave.stories_features import StoryDoc

SHARED = Path(__file__).resolve().parents[2] / "shared" / "data"
ECBPLUS = SHARED / "stories" / "ecbplus" / "documents.jsonl"
NEUS_VAL = SHARED / "summaries" / "neus" / "val.jsonl"


@dataclass(frozen=True)
class Labelled:
    doc: StoryDoc
    label: str


def load(path: Path, label_field: str = "story") -> list[Labelled]:
    out: list[Labelled] = []
    with path.open(encoding="utf-8") as handle:
        for line_no, line in enumerate(handle):
            row = json.loads(line)
            if "articles" in row:
                for k, article in enumerate(row["articles"]):
                    doc = StoryDoc(f"{line_no}-{k}", article.get("title") or "", article["text"])
                    out.append(Labelled(doc, str(line_no)))
            else:
                doc = StoryDoc(str(row.get("id", line_no)), "", row["text"])
                out.append(Labelled(doc, str(row[label_field])))
    return out


def bcubed(gold: Sequence[str], predicted: Sequence[str]) -> tuple[float, float, float]:
    """B-cubed precision, recall and F1 (Bagga & Baldwin), averaged over items."""
    pair_count = Counter(zip(gold, predicted, strict=True))
    gold_size = Counter(gold)
    pred_size = Counter(predicted)
    precision = recall = 0.0
    for (g, p), n in pair_count.items():
        precision += n * n / pred_size[p]
        recall += n * n / gold_size[g]
    precision /= len(gold)
    recall /= len(gold)
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def run_newsweave(
    items: Sequence[Labelled], seed: int, config: GrouperConfig | None = None
) -> tuple[list[str], float]:
    order = list(range(len(items)))
    random.Random(seed).shuffle(order)
    grouper = StoryGrouper(config)
    started = time.perf_counter()
    for i in order:
        grouper.add(items[i].doc)
    elapsed = time.perf_counter() - started
    story_of = grouper.assignments()
    return [story_of[item.doc.article_id] for item in items], len(items) / elapsed


def _texts(items: Sequence[Labelled]) -> list[str]:
    return [(item.doc.title + "\n" + item.doc.text).strip() for item in items]


def baseline_labels(items: Sequence[Labelled], threshold: float) -> list[str]:
    matrix = TfidfVectorizer(stop_words="english", sublinear_tf=True).fit_transform(_texts(items))
    model = AgglomerativeClustering(
        n_clusters=None, metric="cosine", linkage="average", distance_threshold=threshold
    )
    return [str(x) for x in model.fit_predict(matrix.toarray())]


def tune_baseline(items: Sequence[Labelled]) -> float:
    gold = [item.label for item in items]
    grid = [round(x, 2) for x in np.arange(0.50, 1.0, 0.02)]
    return max(grid, key=lambda t: bcubed(gold, baseline_labels(items, t))[2])


def other_data(path: Path) -> Path:
    with path.open(encoding="utf-8") as handle:
        first = json.loads(handle.readline())
    return ECBPLUS if "articles" in first else NEUS_VAL


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, required=True)
    parser.add_argument("--label", default="story")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)

    items = load(args.data, args.label)
    gold = [item.label for item in items]
    tuning_path = other_data(args.data)
    tuning_items = load(tuning_path, "story")
    threshold = tune_baseline(tuning_items)

    predicted, newsweave_speed = run_newsweave(items, args.seed)
    started = time.perf_counter()
    base_pred = baseline_labels(items, threshold)
    baseline_speed = len(items) / (time.perf_counter() - started)

    rows = []
    for name, labels, speed in (
        ("newsweave", predicted, newsweave_speed),
        (f"tfidf+avg-link (t={threshold} from {tuning_path.name})", base_pred, baseline_speed),
    ):
        p, r, f = bcubed(gold, labels)
        rows.append((name, p, r, f, adjusted_rand_score(gold, labels), len(set(labels)), speed))
    n_gold = len(set(gold))
    print(f"data: {args.data}  documents: {len(items)}  gold stories: {n_gold}")
    print(
        f"{'system':<48} {'B3 P':>6} {'B3 R':>6} {'B3 F1':>6} {'ARI':>6} {'#clus':>6} {'art/s':>8}"
    )
    for name, p, r, f, ari, n, speed in rows:
        print(f"{name:<48} {p:6.3f} {r:6.3f} {f:6.3f} {ari:6.3f} {n:6d} {speed:8.1f}")
    ours, base = rows
    metrics = {
        "b3_precision": round(ours[1], 4),
        "b3_recall": round(ours[2], 4),
        "b3_f1": round(ours[3], 4),
        "ari": round(ours[4], 4),
        "baseline_b3_precision": round(base[1], 4),
        "baseline_b3_recall": round(base[2], 4),
        "baseline_b3_f1": round(base[3], 4),
        "baseline_ari": round(base[4], 4),
        "baseline_threshold": threshold,
        "articles_per_s": round(ours[6], 1),
        "baseline_articles_per_s": round(base[6], 1),
        "documents": len(items),
    }
    print(json.dumps(metrics))
    return 0


if __name__ == "__main__":
    sys.exit(main())
