"""How story grouping cost grows with the corpus: 1,000 to 100,000 articles, added one by one.

Usage: benchmarks/stories_scaling.py [--max 100000] [--baseline-max 5000] [--out DIR]
       [--running-share 0.1]

The corpus is made from the development data (NeuS train+val articles and ECB+ texts):
every base story gets a made-up publication date spread over three years, and each
base article is re-issued by made-up outlets a few days apart with light
perturbations (a sentence dropped, sentences swapped, a furniture line added), so the
corpus is not a pile of exact copies. A tenth of the articles (``--running-share``)
re-issue one story throughout the three years instead, so one story grows to thousands
of articles, as a long-running story does. Articles arrive in date order, as a feed
would; each goes through the duplicate index, is grouped (as a copy of its original when
linked) and then the records of the stories it changed are read, which is what
``newsweave ingest`` does per article. For each step (1k, 2k, 5k, 10k, 20k, 50k, 100k)
it reports the mean milliseconds per added article over the last 1,000 additions (and
the part of it the duplicate index took), the largest story and the process's peak RSS. For
comparison it times sklearn TF-IDF + average-link agglomerative clustering (the
benchmark baseline of benchmarks/stories.py) on the same first N articles while N is
small enough for its quadratic memory. Writes results/stories_scaling.png and .md.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import random
import re
import resource
import sys
import time
from collections.abc import Iterator, Sequence
from datetime import datetime, timedelta
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
from sklearn.cluster import AgglomerativeClustering
from sklearn.feature_extraction.text import TfidfVectorizer

from newsweave.dedup.index import DuplicateIndex
from newsweave.stories.features import StoryDoc
from newsweave.stories.grouper import StoryGrouper

DATA = Path(__file__).resolve().parents[2] / "shared" / "data"
STEPS = (1_000, 2_000, 5_000, 10_000, 20_000, 50_000, 100_000)
WINDOW = 1_000
OUTLETS = tuple(f"{a} {b}" for a in ("Harbor", "Valley", "Metro", "Prairie", "Coastal")
                for b in ("Ledger", "Courier", "Post", "Tribune", "Gazette", "Herald"))  # fmt: skip
FURNITURE = ("Share this story", "Read more below", "Subscribe for updates", "Advertisement")
_SENTENCE = re.compile(r"(?<=[.!?])\s+")


def base_stories() -> list[list[tuple[str, str]]]:
    """(title, text) lists, one per development story."""
    stories: list[list[tuple[str, str]]] = []
    for name in ("train.jsonl", "val.jsonl"):
        with (DATA / "summaries" / "neus" / name).open(encoding="utf-8") as handle:
            for line in handle:
                arts = json.loads(line)["articles"]
                stories.append([(a.get("title") or "", a["text"]) for a in arts])
    by_story: dict[str, list[tuple[str, str]]] = {}
    with (DATA / "stories" / "ecbplus" / "documents.jsonl").open(encoding="utf-8") as handle:
        for line in handle:
            row = json.loads(line)
            by_story.setdefault(row["story"], []).append(("", row["text"]))
    stories.extend(by_story.values())
    return stories


def perturbed(text: str, rng: random.Random) -> str:
    sentences = _SENTENCE.split(text)
    if len(sentences) > 3 and rng.random() < 0.5:
        del sentences[rng.randrange(len(sentences))]
    if len(sentences) > 3 and rng.random() < 0.3:
        i = rng.randrange(len(sentences) - 1)
        sentences[i], sentences[i + 1] = sentences[i + 1], sentences[i]
    if rng.random() < 0.5:
        sentences.append(rng.choice(FURNITURE))
    return " ".join(sentences)


def corpus(size: int, seed: int = 0, running_share: float = 0.0) -> Iterator[StoryDoc]:
    """``size`` made-up articles in date order (re-issues of the development stories).

    ``running_share`` of them re-issue one story over the whole three years instead, as
    a long-running story would be covered: it grows into one story of thousands.
    """
    rng = random.Random(seed)
    stories = base_stories()
    running_count = int(size * running_share)
    # One article re-issued, perturbed, throughout: its copies clearly belong together.
    running = max((article for story in stories for article in story), key=lambda a: len(a[1]))
    size -= running_count
    per_story = max(1, -(-size // sum(len(s) for s in stories)))
    origin = datetime(2021, 1, 1)
    docs: list[StoryDoc] = []
    for s, articles in enumerate(stories):
        story_day = origin + timedelta(days=rng.uniform(0, 3 * 365))
        for a, (title, text) in enumerate(articles):
            for copy in range(per_story):
                published = story_day + timedelta(hours=rng.uniform(0, 96))
                body = text if copy == 0 else perturbed(text, rng)
                docs.append(StoryDoc(f"s{s}-a{a}-c{copy}", title, body, published,
                                     rng.choice(OUTLETS)))  # fmt: skip
    rng.shuffle(docs)
    running_docs = []
    for copy in range(running_count):
        title, text = running
        published = origin + timedelta(days=rng.uniform(0, 3 * 365))
        running_docs.append(StoryDoc(f"running-c{copy}", title, perturbed(text, rng), published,
                                     rng.choice(OUTLETS)))  # fmt: skip
    chosen = sorted(running_docs + docs[:size], key=lambda d: (d.published or origin, d.article_id))
    yield from chosen


def through_duplicates(duplicates: DuplicateIndex, doc: StoryDoc) -> StoryDoc:
    """Add ``doc`` to the duplicate index, as ingest does before grouping; a linked
    article comes back carrying its original, which the grouper makes it a copy of."""
    link = duplicates.add(doc.article_id, doc.text, doc.outlet)
    return doc if link is None else dataclasses.replace(doc, duplicate_of=link.original_id)


def baseline_seconds(docs: Sequence[StoryDoc]) -> float:
    started = time.perf_counter()
    matrix = TfidfVectorizer(stop_words="english", sublinear_tf=True).fit_transform(
        [d.title + "\n" + d.text for d in docs]
    )
    AgglomerativeClustering(
        n_clusters=None, metric="cosine", linkage="average", distance_threshold=0.8
    ).fit_predict(matrix.toarray())
    return time.perf_counter() - started


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--max", type=int, default=STEPS[-1])
    parser.add_argument("--baseline-max", type=int, default=2_000)
    parser.add_argument("--out", type=Path, default=Path(__file__).parent / "results")
    parser.add_argument(
        "--running-share",
        type=float,
        default=0.1,
        help="share of articles covering one long-running story (default 0.1)",
    )
    args = parser.parse_args(argv)
    steps = [n for n in STEPS if n <= args.max]
    docs = list(corpus(steps[-1], running_share=args.running_share))

    grouper = StoryGrouper()
    duplicates = DuplicateIndex()
    rows: list[dict[str, float]] = []
    window_start = time.perf_counter()
    total_started = window_start
    dedup_seconds = 0.0
    for count, doc in enumerate(docs, start=1):
        if count % WINDOW == 1:
            window_start = time.perf_counter()
            dedup_seconds = 0.0
        # What ingest does per article: link duplicates, group it (a linked article as a
        # copy of its original), then read the records of the stories it changed.
        started = time.perf_counter()
        doc = through_duplicates(duplicates, doc)
        dedup_seconds += time.perf_counter() - started
        assignment = grouper.add(doc)
        grouper.story(assignment.story_id)
        for story_id in assignment.changed:
            grouper.story(story_id)
        if count in steps:
            stories = grouper.story_ids()
            window_ms = (time.perf_counter() - window_start) * 1000 / WINDOW
            base = baseline_seconds(docs[:count]) if count <= args.baseline_max else None
            rows.append({
                "articles": count,
                "ms_per_article": round(window_ms, 3),
                "dedup_ms_per_article": round(dedup_seconds * 1000 / WINDOW, 3),
                "stories": len(stories),
                "largest_story": max(len(grouper.story(s).article_ids) for s in stories),
                "peak_rss_mb": round(peak_rss_mb(), 1),
                "elapsed_s": round(time.perf_counter() - total_started, 1),
                "baseline_ms_per_article": -1.0 if base is None else round(base * 1000 / count, 3),
            })  # fmt: skip
            print(json.dumps(rows[-1]), file=sys.stderr, flush=True)

    table = [
        "| articles | ms/article (last 1k) | of which dedup | stories | largest story | "
        "peak RSS MB | elapsed s | baseline ms/article (batch) |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in rows:
        cell = "—" if r["baseline_ms_per_article"] < 0 else f"{r['baseline_ms_per_article']:.2f}"
        table.append(
            f"| {r['articles']:,} | {r['ms_per_article']:.2f} | "
            f"{r['dedup_ms_per_article']:.2f} | {r['stories']:,} | "
            f"{r['largest_story']:,} | {r['peak_rss_mb']:.0f} | {r['elapsed_s']:.0f} | {cell} |"
        )
    print("\n".join(table))
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "stories_scaling.md").write_text(
        "# Story grouping: cost per added article as the corpus grows\n\n"
        + "\n".join(table) + "\n", encoding="utf-8"
    )  # fmt: skip
    plot(rows, args.out / "stories_scaling.png")

    first, last = rows[0], rows[-1]
    # 1k is noisy (warm-up, small stories): 5k is the reference for how flat the
    # per-article cost stays; 1.0 means no slower at the largest size than at 5k.
    reference = next((r for r in rows if r["articles"] == 5_000), first)
    flatness = min(1.0, reference["ms_per_article"] / last["ms_per_article"])
    print(json.dumps({
        "articles": last["articles"],
        "ms_per_article_first": first["ms_per_article"],
        "ms_per_article_last": last["ms_per_article"],
        "dedup_ms_per_article_last": last["dedup_ms_per_article"],
        "flatness_ratio": round(last["ms_per_article"] / first["ms_per_article"], 3),
        "flatness": round(flatness, 3),
        "peak_rss_mb": last["peak_rss_mb"],
        "total_s": last["elapsed_s"],
        "articles_per_s": round(last["articles"] / last["elapsed_s"], 1),
    }))  # fmt: skip
    return 0


def plot(rows: Sequence[dict[str, float]], path: Path) -> None:
    sizes = [r["articles"] for r in rows]
    fig, (ax_time, ax_mem) = plt.subplots(1, 2, figsize=(10, 4))
    ax_time.plot(sizes, [r["ms_per_article"] for r in rows], marker="o", label="newsweave")
    ax_time.plot(sizes, [r["dedup_ms_per_article"] for r in rows], marker=".", linestyle=":",
                 label="of which duplicate index")  # fmt: skip
    with_base = [r for r in rows if r["baseline_ms_per_article"] >= 0]
    if with_base:
        ax_time.plot([r["articles"] for r in with_base],
                     [r["baseline_ms_per_article"] for r in with_base],
                     marker="s", label="TF-IDF + avg-link (batch)")  # fmt: skip
    ax_time.set(xscale="log", xlabel="articles in corpus", ylabel="ms per added article")
    ax_time.set_ylim(bottom=0)  # flat should look flat
    ax_time.legend()
    ax_mem.plot(sizes, [r["peak_rss_mb"] for r in rows], marker="o", color="tab:green")
    ax_mem.set(xscale="log", xlabel="articles in corpus", ylabel="peak RSS (MB)")
    fig.suptitle("Duplicate index and incremental story grouping: cost as the corpus grows")
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)


if __name__ == "__main__":
    sys.exit(main())
