"""What blocking does to a run's stories: the corpus step again over a finished run's
parts, with one block (the one-pass grouping) and with smaller blocks.

Usage: benchmarks/run_blocks.py RUN_DIR [--blocks 0,1000,500,250] [--overlap-days 14]

RUN_DIR is a ``newsweave run`` output over the Timeline17 WARCs ``ray_scale.py``
writes (``--work DIR`` keeps them; URLs carry the topic: ``/<topic>/<id>``). For each
block size (0: one block) it reruns the corpus-wide steps with the local engine (the
Ray engine gives the same tables) and prints: the blocks made, the stories, B-cubed
precision/recall/F1 of the stories against the Timeline17 topics (a topic is a
subject followed for months, so a story's recall against it is tiny for any grouper;
precision says whether blocks mix subjects), B-cubed F1 against the one-block
stories (how much blocking moved), B-cubed F1 of the storylines against the topics
(the level a topic is at: the quality figure to compare), and the wall seconds of the
step. An article in no story (its MinHash failed) counts as a story of its own. Last
line JSON.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any


def bcubed(gold: dict[str, str], predicted: dict[str, str]) -> tuple[float, float, float]:
    """B-cubed precision, recall, F1 of ``predicted`` clusters against ``gold`` over
    the gold items (an item missing from ``predicted`` is a singleton)."""
    items = sorted(gold)
    cluster = {i: predicted.get(i, f"alone:{i}") for i in items}
    by_pred: dict[str, list[str]] = {}
    by_gold: dict[str, list[str]] = {}
    for i in items:
        by_pred.setdefault(cluster[i], []).append(i)
        by_gold.setdefault(gold[i], []).append(i)
    precision = recall = 0.0
    for i in items:
        same_pred = by_pred[cluster[i]]
        same_gold = by_gold[gold[i]]
        both = sum(1 for j in same_pred if gold[j] == gold[i])
        precision += both / len(same_pred)
        recall += both / len(same_gold)
    n = max(len(items), 1)
    p, r = precision / n, recall / n
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("run", type=Path)
    parser.add_argument("--blocks", default="0,1000,500,250")
    parser.add_argument("--overlap-days", type=float, default=14.0)
    args = parser.parse_args(argv)
    from newsweave.pipeline.run import corpus
    from newsweave.pipeline.run.local import LocalEngine
    from newsweave.pipeline.run.output import DUMPS, FIRST, RunOutput
    from newsweave.pipeline.run.plan import Shard

    out = RunOutput(args.run)
    manifest = json.loads((args.run / "run.json").read_text())
    shard_dirs = sorted(p for p in (args.run / "shards").iterdir() if p.is_dir())
    shards = []
    for folder in shard_dirs:
        marker = json.loads((folder / "_SUCCESS").read_text())
        shards.append(marker["path"])
    ordered = [Shard(n, p) for n, p in enumerate(sorted(shards))]
    base = corpus.merge_parts(
        [(0, out.read_part(s, FIRST)) for s in ordered]
        + [(1, out.read_part(s, DUMPS)) for s in ordered]
    )
    topic = {r["id"]: r["url"].split("/")[3] for r in base["articles"] if r["url"]}
    print(f"{len(topic)} articles, {len(set(topic.values()))} topics, from {manifest['inputs']}")
    header = f"{'block':>8}{'blocks':>8}{'stories':>9}{'P':>8}{'R':>8}{'F1':>8}"
    print(header + f"{'F1 vs 1':>9}{'lines F1':>10}{'secs':>8}")
    results: list[dict[str, Any]] = []
    one_block: dict[str, str] | None = None
    for size in (int(b) for b in args.blocks.split(",")):
        settings = corpus.CorpusSettings(
            block_articles=size or 10**9, overlap_days=args.overlap_days
        )
        seconds: dict[str, float] = {}
        counts: dict[str, int] = {}
        started = time.perf_counter()
        tables = corpus.group_articles(dict(base), LocalEngine(), settings, seconds, counts)
        took = time.perf_counter() - started
        story_of = {r["article_id"]: r["story_id"] for r in tables["story_members"]}
        line_of = {}
        for line in tables["storylines"]:
            for story_id in json.loads(line["story_ids"]):
                line_of[story_id] = line["id"]
        storyline_of = {a: line_of.get(s, s) for a, s in story_of.items()}
        if one_block is None:
            one_block = story_of
        p, r, f1 = bcubed(topic, story_of)
        _, _, vs_one = bcubed(one_block, story_of)
        _, _, lines_f1 = bcubed(topic, storyline_of)
        blocks = counts["story_blocks"]
        print(
            f"{size or 'one':>8}{blocks:>8}{len(tables['stories']):>9}{p:>8.4f}{r:>8.4f}"
            f"{f1:>8.4f}{vs_one:>9.4f}{lines_f1:>10.4f}{took:>8.1f}"
        )
        results.append(
            {
                "block_articles": size,
                "blocks": blocks,
                "stories": len(tables["stories"]),
                "topic_b3_p": round(p, 4),
                "topic_b3_r": round(r, 4),
                "topic_b3_f1": round(f1, 4),
                "b3_f1_vs_one_block": round(vs_one, 4),
                "storylines_topic_b3_f1": round(lines_f1, 4),
                "seconds": round(took, 2),
                "step_seconds": {k: round(v, 2) for k, v in seconds.items()},
            }
        )
    print(json.dumps({"articles": len(topic), "runs": results}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
