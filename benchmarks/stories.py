"""Story grouping benchmark: newsweave's incremental grouper vs a tuned TF-IDF baseline.

Usage: benchmarks/stories.py --data FILE [--label story] [--seeds 0,1,2] [--no-embeddings]
                             [--copies N]

FILE is JSONL in one of two shapes: ECB+ documents (``text`` plus a gold ``--label``
field) or NeuS lines (``articles``: the left/centre/right articles of one story, which
become three documents labelled with the line number). Both systems are scored with
B-cubed precision/recall/F1 and the adjusted Rand index. The baseline is sklearn TF-IDF
plus average-link agglomerative clustering on cosine distance, with its distance
threshold grid-searched on the OTHER data set (ECB+ for NeuS and vice versa), never on
the one scored. Newsweave sees the documents once each, in a seeded shuffle; with
``--seeds 0,1,2`` (the default) it is run once per arrival order and the mean is
reported, since one order can move ECB+ by several points; each article goes through the
duplicate index before the grouper, as in ``ingest``, and both count in its
articles/second. The headline row groups as ``ingest`` does by default, after the
language analysis, so with spaCy's entity names (one per mention); a second row shows
``--no-analyze``, where capitalised phrases stand in for names. When the optional
``embeddings`` extra is installed, newsweave also runs with MiniLM sentence embeddings
(title + text), and its articles/second then include computing them.

``--copies N`` re-runs a quarter of the documents N times each as near-copies (a
sentence dropped or swapped, a furniture line added, as in the scaling benchmark), the
way a wire report runs in many outlets; every system sees the copies, and all scores are
over the original documents only, so they compare directly with a run without copies.

A document newsweave raises on stands alone, as an unassigned document would, and is
counted (``rejected``, ``no_analysis_rejected``, ``embeddings_rejected``: summed over
the arrival orders); a document the analysis or the embedding model fails on is
grouped without names or embedding (``analysis_rejected``, ``embedding_rejected``).
The run goes on.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import random
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from functools import partial
from pathlib import Path

import numpy as np
from sklearn.cluster import AgglomerativeClustering
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.metrics import adjusted_rand_score

from newsweave.dedup.index import DuplicateIndex, DuplicateLink
from newsweave.pipeline.group import group_one, open_grouping
from newsweave.records import Article, RawDocument
from newsweave.store.db import Store
from newsweave.stories import embeddings
from newsweave.stories.features import StoryDoc
from newsweave.stories.grouper import GrouperConfig, StoryGrouper
from rejections import Rejections

# The scaling benchmark's near-copy maker, and the duplicate pass ingest makes.
from stories_scaling import perturbed, through_duplicates

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


def with_entities(
    items: Sequence[Labelled], rejections: Rejections | None = None
) -> tuple[list[Labelled], float]:
    """The items with the entity names ``ingest`` gives the grouper after its analysis
    (spaCy NER over the text, one name per mention), and the seconds that took."""
    from newsweave.analyze.analyzer import Analyzer, ArticleInput

    analyzer = Analyzer()
    inputs: list[ArticleInput] = [
        (item.doc.article_id, item.doc.text, None, "en") for item in items
    ]
    started = time.perf_counter()
    analyses = (rejections or Rejections()).answers(
        "analysis",
        [item.doc.article_id for item in items],
        lambda: analyzer.analyze_many(inputs),
        lambda k: analyzer.analyze(*inputs[k]),
        None,
    )
    out = [
        Labelled(
            dataclasses.replace(item.doc, entities=tuple(e.cluster for e in analysis.entities)),
            item.label,
        )
        if analysis is not None
        else item
        for item, analysis in zip(items, analyses, strict=True)
    ]
    return out, time.perf_counter() - started


def with_embeddings(
    items: Sequence[Labelled], rejections: Rejections | None = None
) -> tuple[list[Labelled], float]:
    """The items with MiniLM embeddings of title + text, and the seconds that took."""
    from newsweave.stories.embeddings import MiniLM, embedding_input

    model = MiniLM()
    started = time.perf_counter()
    # Exactly what `ingest --embeddings` embeds for an article.
    texts = [embedding_input(item.doc.title, item.doc.text) for item in items]
    vectors = (rejections or Rejections()).answers(
        "embedding",
        [item.doc.article_id for item in items],
        lambda: model.encode(texts),
        lambda k: model.encode([texts[k]])[0],
        None,
    )
    elapsed = time.perf_counter() - started
    out = [
        Labelled(dataclasses.replace(item.doc, embedding=vector), item.label)
        for item, vector in zip(items, vectors, strict=True)
    ]
    return out, elapsed


def run_newsweave(
    items: Sequence[Labelled],
    seed: int,
    config: GrouperConfig | None = None,
    rejections: Rejections | None = None,
    system: str = "newsweave",
) -> tuple[list[str], float]:
    """Story labels in ``items``' order, and articles/second; a document the duplicate
    index or the grouper raises on stands alone, counted in ``rejections``."""
    order = list(range(len(items)))
    random.Random(seed).shuffle(order)
    grouper = StoryGrouper(config)
    duplicates = DuplicateIndex()
    rejections = rejections or Rejections()

    def add(doc: StoryDoc) -> None:
        grouper.add(through_duplicates(duplicates, doc))

    started = time.perf_counter()
    for i in order:
        rejections.answer(system, items[i].doc.article_id, partial(add, items[i].doc), None)
    elapsed = time.perf_counter() - started
    story_of = grouper.assignments()
    return [
        story_of.get(item.doc.article_id, f"unassigned:{item.doc.article_id}") for item in items
    ], len(items) / elapsed


def store_path_differences(items: Sequence[Labelled], seed: int, sample: int) -> int:
    """Group the first ``sample`` documents of arrival order ``seed`` as ``ingest`` does,
    through the store-backed grouping state (a scratch store), and with the in-memory
    grouper the benchmark runs; returns how many of them differ in their duplicate link,
    their assignment (story, features, merges, moves) or the stories they changed.
    Documents whose article the store already holds (identical text) are left out."""
    order = list(range(len(items)))
    random.Random(seed).shuffle(order)
    differences = 0
    with tempfile.TemporaryDirectory() as folder, Store(Path(folder) / "check.db") as store:
        docs = []
        for i in order[:sample]:
            doc = items[i].doc
            raw = RawDocument(doc.text.encode("utf-8"), f"benchmark:{doc.article_id}", "text")
            article = Article(raw.id, raw.source, (doc.text,), doc.title, doc.outlet, doc.published)
            status, _ = store.add_document(raw, article)
            if status == "article":
                docs.append(dataclasses.replace(doc, article_id=article.id))
        duplicates, grouper = open_grouping(store)
        memory_duplicates, memory = DuplicateIndex(), StoryGrouper()
        for doc in docs:
            link, assignment = group_one(store, duplicates, grouper, doc)
            memory_link, memory_doc = through_duplicates_linked(memory_duplicates, doc)
            expected = memory.add(memory_doc)
            touched = (assignment.story_id, *assignment.changed)
            if (
                link != memory_link
                or assignment != expected
                or [grouper.story(s) for s in touched] != [memory.story(s) for s in touched]
            ):
                differences += 1
    return differences


def through_duplicates_linked(
    duplicates: DuplicateIndex, doc: StoryDoc
) -> tuple[DuplicateLink | None, StoryDoc]:
    link = duplicates.add(doc.article_id, doc.text, doc.outlet)
    return link, dataclasses.replace(doc, duplicate_of=None if link is None else link.original_id)


def with_copies(items: Sequence[Labelled], copies: int, seed: int = 0) -> list[Labelled]:
    """``items`` followed by ``copies`` near-copies of a random quarter of them."""
    rng = random.Random(seed)
    out = list(items)
    for item in items:
        if rng.random() < 0.25:
            for copy in range(copies):
                doc = dataclasses.replace(
                    item.doc,
                    article_id=f"{item.doc.article_id}-copy{copy}",
                    text=perturbed(item.doc.text, rng),
                )
                out.append(Labelled(doc, item.label))
    return out


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


@dataclass(frozen=True)
class Scores:
    precision: float
    recall: float
    f1: float
    ari: float
    clusters: float
    speed: float
    f1_low: float
    f1_high: float


def score_runs(gold: Sequence[str], runs: Sequence[tuple[list[str], float]]) -> Scores:
    """Mean scores over runs (one per arrival order), with the lowest and highest F1.
    Labels beyond ``gold`` are for near-copies (``--copies``) and are not scored."""
    rows = []
    for all_labels, speed in runs:
        labels = all_labels[: len(gold)]
        p, r, f = bcubed(gold, labels)
        rows.append((p, r, f, adjusted_rand_score(gold, labels), len(set(labels)), speed))
    mean = [sum(col) / len(col) for col in zip(*rows, strict=True)]
    f1s = [row[2] for row in rows]
    return Scores(*mean, min(f1s), max(f1s))


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, required=True)
    parser.add_argument("--label", default="story")
    parser.add_argument("--seeds", default="0,1,2", help="comma-separated arrival orders")
    parser.add_argument("--no-embeddings", action="store_true", help="skip the embedding run")
    parser.add_argument(
        "--copies", type=int, default=0, help="near-copies of a quarter of the documents"
    )
    parser.add_argument(
        "--store-sample",
        type=int,
        default=300,
        help="documents also grouped through the store-backed state, which must agree",
    )
    args = parser.parse_args(argv)
    seeds = [int(x) for x in args.seeds.split(",")]

    originals = load(args.data, args.label)
    gold = [item.label for item in originals]
    items = with_copies(originals, args.copies) if args.copies else originals
    tuning_path = other_data(args.data)
    threshold = tune_baseline(load(tuning_path, "story"))

    systems: list[tuple[str, Scores]] = []
    # The headline row is grouping as `ingest` does it by default: after analysis, so
    # with spaCy's entity names; `--no-analyze` leaves the capitalised-name heuristic.
    rejections = Rejections()
    analyzed, analysis_seconds = with_entities(items, rejections)
    ours = score_runs(gold, [run_newsweave(analyzed, seed, None, rejections) for seed in seeds])
    systems.append((f"newsweave (mean of {len(seeds)} orders)", ours))
    store_differences = store_path_differences(analyzed, seeds[0], args.store_sample)
    unanalyzed = score_runs(
        gold,
        [run_newsweave(items, seed, None, rejections, "no-analysis") for seed in seeds],
    )
    systems.append(("newsweave, --no-analyze (capitalised names)", unanalyzed))
    emb: Scores | None = None
    if embeddings.available() and not args.no_embeddings:
        embedded, encode_seconds = with_embeddings(analyzed, rejections)
        runs = []
        for seed in seeds:
            labels, speed = run_newsweave(embedded, seed, None, rejections, "embeddings")
            # Count the encoding in the speed: it is part of grouping with embeddings.
            seconds = len(items) / speed + encode_seconds
            runs.append((labels, len(items) / seconds))
        emb = score_runs(gold, runs)
        systems.append(("newsweave + MiniLM embeddings", emb))
    started = time.perf_counter()
    base_pred = baseline_labels(items, threshold)
    base_speed = len(items) / (time.perf_counter() - started)
    base = score_runs(gold, [(base_pred, base_speed)])
    systems.append((f"tfidf+avg-link (t={threshold} from {tuning_path.name})", base))

    copies = f"  near-copies: {len(items) - len(originals)}" if args.copies else ""
    print(f"data: {args.data}  documents: {len(originals)}{copies}  gold stories: {len(set(gold))}")
    header = f"{'system':<48} {'B3 P':>6} {'B3 R':>6} {'B3 F1':>6} {'F1 range':>11}"
    print(header + f" {'ARI':>6} {'#clus':>6} {'art/s':>8}")
    for name, sc in systems:
        span = f"{sc.f1_low:.3f}-{sc.f1_high:.3f}"
        print(
            f"{name:<48} {sc.precision:6.3f} {sc.recall:6.3f} {sc.f1:6.3f} {span:>11}"
            f" {sc.ari:6.3f} {sc.clusters:6.0f} {sc.speed:8.1f}"
        )
    metrics: dict[str, float | int | None] = {
        "b3_precision": round(ours.precision, 4),
        "b3_recall": round(ours.recall, 4),
        "b3_f1": round(ours.f1, 4),
        "b3_f1_min": round(ours.f1_low, 4),
        "b3_f1_max": round(ours.f1_high, 4),
        "ari": round(ours.ari, 4),
        "no_analysis_b3_f1": round(unanalyzed.f1, 4),
        "no_analysis_ari": round(unanalyzed.ari, 4),
        "embeddings_b3_f1": None if emb is None else round(emb.f1, 4),
        "embeddings_ari": None if emb is None else round(emb.ari, 4),
        "embeddings_articles_per_s": None if emb is None else round(emb.speed, 1),
        "baseline_b3_precision": round(base.precision, 4),
        "baseline_b3_recall": round(base.recall, 4),
        "baseline_b3_f1": round(base.f1, 4),
        "baseline_ari": round(base.ari, 4),
        "baseline_threshold": threshold,
        "articles_per_s": round(ours.speed, 1),
        # NER is the analysis stage's cost, not grouping's; reported beside it.
        "analysis_articles_per_s": round(len(items) / analysis_seconds, 1),
        "baseline_articles_per_s": round(base.speed, 1),
        "documents": len(originals),
        "near_copies": len(items) - len(originals),
        "seeds": len(seeds),
        "rejected": rejections.counts["newsweave"],
        "no_analysis_rejected": rejections.counts["no-analysis"],
        "embeddings_rejected": rejections.counts["embeddings"],
        "analysis_rejected": rejections.counts["analysis"],
        "embedding_rejected": rejections.counts["embedding"],
    }
    print(
        f"store-backed grouping (as ingest runs it) on the first {args.store_sample} documents"
        f" of order {seeds[0]}: {store_differences} differ from the in-memory grouper"
    )
    metrics["store_path_differences"] = store_differences
    print(json.dumps(metrics))
    return 0


if __name__ == "__main__":
    sys.exit(main())
