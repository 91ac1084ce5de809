"""Storylines benchmark: every Timeline17 topic in one store, storylines scored against
the topics.

Usage: benchmarks/storylines.py [--data DIR] [--seed 0] [--no-analyze] [--db FILE]

(``--db`` keeps the store; given a store the script made before, it skips the ingest and
places every story in storylines again, which gives what the ingest gave: tests/stories.)

DIR has the Timeline17 layout (``TOPIC/articles.jsonl`` with ``id``, ``time``,
``text``); default ``../shared/data/timelines/t17-dev``. Every topic's articles are
shuffled together (``--seed``) and written as one JSONL file (``text``, ``published``
= ``time``, ``outlet`` = the folder name after ``_``), which ``newsweave ingest`` reads
as a user's run would: extraction, analysis (unless ``--no-analyze``), grouping into
stories and the storyline step. The gold storyline of an article is its folder name
before ``_`` (``bpoil_bbc`` and ``bpoil_reuters`` are one subject). Scored with B-cubed
precision, recall and F1 over the stored articles (an input the ingest rejects is its own
cluster, counted in ``rejected``; text stored twice under two topics counts once, under
the first).

In the same run, two baselines over the same stored articles: the stories themselves
(the level below, no chaining), and TF-IDF + average-link clustering of the articles
with its distance threshold chosen on this same data (the best of a grid: an upper
bound for that baseline, which newsweave's settings do not get). Then every stored
story is placed again from scratch (``rebuild_storylines``), timed (CPU seconds), and
the storylines compared with the ingest's (``rebuild_differs``: articles whose
storyline's members differ).

The end-to-end timeline part (``e2e_ar1_f``, ``e2e_date_f1``): for each topic, the
storyline holding most of its articles (``topic_storylines``), its timeline built from
the mixed store, scored against the topic's reference timelines as ``timelines.py``
scores them. Last line: one JSON object of metrics.
"""

from __future__ import annotations

import argparse
import json
import random
import tempfile
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from scipy.cluster.hierarchy import fcluster, linkage
from scipy.spatial.distance import pdist
from sklearn.feature_extraction.text import TfidfVectorizer

from newsweave.pipeline.job import run_ingest_job
from newsweave.pipeline.storylines import rebuild_storylines
from newsweave.store.db import Store
from stories import bcubed

DATA = Path(__file__).resolve().parents[2] / "shared" / "data" / "timelines" / "t17-dev"


@dataclass(frozen=True)
class Input:
    topic: str  # the gold storyline: the folder name before "_"
    folder: str
    row: dict[str, str]


def load_inputs(data: Path, seed: int) -> list[Input]:
    inputs = []
    for folder in sorted(p for p in data.iterdir() if (p / "articles.jsonl").is_file()):
        with (folder / "articles.jsonl").open(encoding="utf-8") as lines:
            for line in lines:
                article = json.loads(line)
                row = {
                    "text": article["text"],
                    "published": article["time"],
                    "outlet": folder.name.partition("_")[2] or folder.name,
                }
                inputs.append(Input(folder.name.partition("_")[0], folder.name, row))
    random.Random(seed).shuffle(inputs)
    return inputs


def gold_and_text(store: Store, inputs: Sequence[Input]) -> dict[str, tuple[str, str]]:
    """Stored article id -> (gold topic of its first source line, its text)."""
    found = {}
    for article in store.iter_articles():
        first = min(int(s.rsplit("#", 1)[1]) for s in store.sources_of(article.id))
        found[article.id] = (inputs[first].topic, article.text)
    return found


def labels(members: dict[str, str], ids: Sequence[str]) -> list[str]:
    return [members.get(a, f"none:{a}") for a in ids]


def baseline_labels(texts: Sequence[str], gold: Sequence[str]) -> tuple[list[str], float]:
    """TF-IDF + average link over cosine distance, at the grid threshold scoring best."""
    matrix = TfidfVectorizer(stop_words="english", sublinear_tf=True).fit_transform(texts)
    tree = linkage(pdist(matrix.toarray(), metric="cosine"), method="average")
    best: tuple[float, list[str], float] = (-1.0, [], 0.0)
    for threshold in np.arange(0.5, 1.0, 0.02):
        found = [str(x) for x in fcluster(tree, t=threshold, criterion="distance")]
        f1 = bcubed(gold, found)[2]
        if f1 > best[0]:
            best = (f1, found, round(float(threshold), 2))
    return best[1], best[2]


def topic_storylines(gold: Sequence[str], predicted: Sequence[str]) -> dict[str, tuple[str, float]]:
    """For each gold topic, the storyline holding most of its articles and that share."""
    out = {}
    for topic in sorted(set(gold)):
        counts = Counter(p for g, p in zip(gold, predicted, strict=True) if g == topic)
        line, n = counts.most_common(1)[0]
        out[topic] = (line, n / sum(counts.values()))
    return out


def end_to_end_timelines(
    store: Store, data: Path, topic_lines: dict[str, tuple[str, float]]
) -> dict[str, float] | None:
    """The timeline of each topic's storyline (``topic_lines``), built from this mixed
    store as a user would get it, scored against ``data/<folder>/timelines.jsonl`` of
    every folder of the topic as ``benchmarks/timelines.py`` scores one topic's (the
    standard setting: the reference's dates, sentences per date and span), averaged
    over every reference timeline: ``e2e_ar1_f``, ``e2e_ar2_f``, ``e2e_date_f1``."""
    from tilse.evaluation.rouge import TimelineRougeEvaluator

    from newsweave.reports.timeline.subject import timeline_article
    from timelines import Scores, load_references, newsweave_timeline, score

    evaluator = TimelineRougeEvaluator(measures=["rouge_1", "rouge_2"], rouge_computation="reimpl")
    totals = Scores()
    for topic, (line_id, _share) in topic_lines.items():
        storyline = store.get_storyline(line_id)
        articles = [timeline_article(store, store.get_article(a)) for a in storyline.article_ids]
        for folder in sorted(data.iterdir()):
            if folder.name.split("_", 1)[0] != topic or not (folder / "timelines.jsonl").is_file():
                continue
            for reference in load_references(folder):
                start, end = reference.span
                within = [
                    a for a in articles if a.published is not None and start <= a.published <= end
                ]
                predicted = newsweave_timeline(
                    within, len(reference.days), reference.sentences_per_day, (start, end)
                )
                totals.add(score(evaluator, predicted, reference))
    if not totals.count:
        return None
    return {
        "e2e_ar1_f": totals.f("rouge_1"),
        "e2e_ar2_f": totals.f("rouge_2"),
        "e2e_date_f1": totals.f("date"),
        "e2e_timelines": float(totals.count),
    }


def changed_members(ids: Sequence[str], one: Sequence[str], other: Sequence[str]) -> int:
    """Articles whose cluster holds other articles in ``one`` than in ``other``."""

    def members(found: Sequence[str]) -> list[frozenset[str]]:
        groups: dict[str, set[str]] = {}
        for article, label in zip(ids, found, strict=True):
            groups.setdefault(label, set()).add(article)
        frozen = {label: frozenset(group) for label, group in groups.items()}
        return [frozen[label] for label in found]

    return sum(1 for a, b in zip(members(one), members(other), strict=True) if a != b)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DATA)
    parser.add_argument("--seed", type=int, default=0, help="arrival order of the articles")
    parser.add_argument("--no-analyze", action="store_true", help="ingest --no-analyze")
    parser.add_argument(
        "--db",
        type=Path,
        help="keep the store here; a store this script made before (same --data and --seed)"
        " is reused: no ingest, its storylines are placed again from its stories",
    )
    args = parser.parse_args(argv)

    inputs = load_inputs(args.data, args.seed)
    with tempfile.TemporaryDirectory() as folder:
        corpus = Path(folder) / "timeline17.jsonl"
        corpus.write_text("".join(json.dumps(i.row) + "\n" for i in inputs), encoding="utf-8")
        db = args.db or Path(folder) / "storylines.db"
        reused = db.exists()
        with Store(db) as store:
            wall, cpu = time.perf_counter(), time.process_time()
            if reused:
                # A store this script ingested before (same data and seed): its stories
                # are placed again from scratch, which gives what its ingest gave.
                rebuild_storylines(store)
                rejected = len(store.rejections())
            else:
                report = run_ingest_job(store, [str(corpus)], analyze=not args.no_analyze)
                rejected = report.ingest.rejected
            wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
            articles = gold_and_text(store, inputs)
            ids = list(articles)
            gold = [articles[a][0] for a in ids]
            line_of = {a: line.id for line in store.iter_storylines() for a in line.article_ids}
            story_of = {a: story.id for story in store.iter_stories() for a in story.article_ids}
            ours, stories = labels(line_of, ids), labels(story_of, ids)
            rebuild_cpu = time.process_time()
            rebuild_storylines(store)
            rebuild_cpu = time.process_time() - rebuild_cpu
            rebuilt_of = {a: s.id for s in store.iter_storylines() for a in s.article_ids}
            rebuilt = labels(rebuilt_of, ids)
            topic_lines = topic_storylines(gold, ours)
            e2e = end_to_end_timelines(store, args.data, topic_lines)
    # Rejected inputs are their own clusters in every system.
    gold += [f"rejected-{k}" for k in range(rejected)]
    extra = [f"rejected-{k}" for k in range(rejected)]
    base, threshold = baseline_labels([articles[a][1] for a in ids], gold[: len(ids)])
    systems = {
        "newsweave storylines": ours + extra,
        "newsweave stories (no chaining)": stories + extra,
        f"tfidf+avg-link (t={threshold}, tuned on this data)": base + extra,
    }
    scores = {name: bcubed(gold, found) for name, found in systems.items()}

    topics = len(set(gold[: len(ids)]))
    print(f"data: {args.data}  articles: {len(ids)}  rejected: {rejected}  topics: {topics}")
    print(f"{'system':<46} {'B3 P':>6} {'B3 R':>6} {'B3 F1':>6} {'#clus':>6}")
    for name, (p, r, f) in scores.items():
        print(f"{name:<46} {p:6.3f} {r:6.3f} {f:6.3f} {len(set(systems[name])):6d}")
    print(f"{'topic':<10} {'articles':>8}  share in its storyline")
    for topic, (line, share) in topic_lines.items():
        print(f"{topic:<10} {gold.count(topic):8d}  {share:.3f} ({line})")
    p, r, f = scores["newsweave storylines"]
    base_p, base_r, base_f = scores[next(n for n in systems if n.startswith("tfidf"))]
    differs = changed_members(ids, ours, rebuilt)
    metrics = {
        "b3_precision": round(p, 4),
        "b3_recall": round(r, 4),
        "b3_f1": round(f, 4),
        "storylines": len(set(ours)),
        "stories": len(set(stories)),
        "stories_b3_f1": round(scores["newsweave stories (no chaining)"][2], 4),
        "baseline_b3_precision": round(base_p, 4),
        "baseline_b3_recall": round(base_r, 4),
        "baseline_b3_f1": round(base_f, 4),
        "baseline_threshold": threshold,
        "topic_share_min": round(min(s for _, s in topic_lines.values()), 4),
        "e2e_ar1_f": None if e2e is None else round(e2e["e2e_ar1_f"], 4),
        "e2e_ar2_f": None if e2e is None else round(e2e["e2e_ar2_f"], 4),
        "e2e_date_f1": None if e2e is None else round(e2e["e2e_date_f1"], 4),
        "articles": len(ids),
        "rejected": rejected,
        "analyzed": not args.no_analyze,
        "reused_store": reused,
        "ingest_s": None if reused else round(wall, 1),
        "ingest_cpu_s": None if reused else round(cpu, 1),
        "rebuild_cpu_s": round(rebuild_cpu, 2),
        "rebuild_ms_per_story": round(1000 * rebuild_cpu / max(1, len(set(stories))), 2),
        "rebuild_differs": differs,
        "seed": args.seed,
    }
    print(json.dumps(metrics))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
