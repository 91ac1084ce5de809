"""Outlet comparison benchmark on NeuS: facts shared and not, conflicts by kind.

Usage: benchmarks/compare.py [--data FILE] [--limit N] [--sample FILE] [--store DB]

FILE holds NeuS lines: ``articles`` (three outlets' versions of one story, with
``title`` and ``text``; the outlets are not named, so they are called outlet-1..3).
Each line is analysed (sentences, entities, time expressions, quotes) and compared
as one story of three articles. There is no gold: the table gives, per story, the
facts, those two outlets or more report, those only one reports, and the conflicts
found by kind; a sample of 40 comparisons goes to a Markdown file (default
out/compare_sample.md) for a person to read, with every conflict of the whole run in
out/compare_conflicts.md.

The baseline, run on the same stories, is the rule the summary uses to spot disputed
counts (reports/figures.py: the same kind of thing counted, values more than a tenth
apart and within a factor of three, in sentences of different outlets at TF-IDF
cosine 0.15 or more), counted as pairs of sentences; and, for shared facts, the
summary's rule for one sentence carried by two articles (cosine 0.85 or more). An
input line that cannot be read or compared is scored as an empty comparison and
counted.

``--store DB`` also times the comparison of every story of an analysed, grouped store
(the speed target: every story of Timeline17 dev, 2,304 articles, well under 30 s).
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from collections import Counter
from dataclasses import dataclass
from itertools import combinations
from pathlib import Path
from statistics import mean
from typing import Any

from newsweave.reports.compare.comparison import Comparison, compare_articles
from newsweave.reports.compare.facts import ComparedArticle
from newsweave.reports.compare.render import comparison_markdown
from newsweave.reports.figures import conflicts as figures_conflict
from newsweave.reports.figures import figures_in
from newsweave.reports.similarity import Similarities
from newsweave.reports.traits import content_terms

SHARED = Path(__file__).resolve().parents[2] / "shared" / "data"
NEUS_VAL = SHARED / "summaries" / "neus" / "val.jsonl"
OUT = Path(__file__).resolve().parents[1] / "out"
KINDS = ("number", "date", "name", "outcome", "denial")
SAMPLE_SIZE = 40


@dataclass(frozen=True)
class Story:
    id: str
    articles: tuple[ComparedArticle, ...]


def load(path: Path, limit: int | None) -> tuple[list[Story], int]:
    """Stories of the file, analysed; and how many lines could not be read."""
    from newsweave.analyze.analyzer import Analyzer

    rows: list[tuple[str, list[dict[str, Any]]]] = []
    bad = 0
    with path.open(encoding="utf-8") as handle:
        for line_no, line in enumerate(handle):
            if limit is not None and line_no >= limit:
                break
            try:
                row = json.loads(line)
                articles = [a for a in row["articles"] if isinstance(a.get("text"), str)]
                rows.append((str(row.get("id", line_no)), articles))
            except (json.JSONDecodeError, KeyError, TypeError, AttributeError):
                bad += 1
    analyzer = Analyzer()
    inputs = [
        (f"{sid}-{k}", a["text"], None, "en") for sid, arts in rows for k, a in enumerate(arts)
    ]
    analyses = {a.article_id: a for a in analyzer.analyze_many(inputs)}
    stories = []
    for sid, arts in rows:
        compared = []
        for k, article in enumerate(arts):
            analysis = analyses[f"{sid}-{k}"]
            compared.append(
                ComparedArticle(
                    id=f"{sid}-{k}",
                    outlet=f"outlet-{k + 1}",
                    published=None,
                    text=article["text"],
                    sentences=analysis.sentences,
                    entities=analysis.entities,
                    times=analysis.times,
                    quotes=analysis.quotes,
                )
            )
        stories.append(Story(sid, tuple(compared)))
    return stories, bad


def baseline(story: Story) -> tuple[int, int]:
    """(disputed count pairs, sentence pairs carried by two outlets) by the summary's rules."""
    sentences = [(a.outlet, s.text) for a in story.articles for s in a.sentences]
    if not sentences:
        return 0, 0
    sims = Similarities([content_terms(text) for _, text in sentences])
    figures = [figures_in(text) for _, text in sentences]
    disputes = copies = 0
    for i, j in combinations(range(len(sentences)), 2):
        if sentences[i][0] == sentences[j][0]:
            continue
        cosine = sims.cosine[i, j]
        copies += int(cosine >= 0.85)
        if cosine >= 0.15 and any(figures_conflict(a, b) for a in figures[i] for b in figures[j]):
            disputes += 1
    return disputes, copies


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, default=NEUS_VAL)
    parser.add_argument("--limit", type=int, default=None, help="Only the first N lines.")
    parser.add_argument("--sample", type=Path, default=OUT / "compare_sample.md")
    parser.add_argument("--store", type=Path, default=None, help="Time every story of it.")
    args = parser.parse_args(argv)
    speed = _store_speed(args.store) if args.store else {}
    started = time.process_time()
    stories, bad = load(args.data, args.limit)
    analysis_s = time.process_time() - started

    comparisons: list[Comparison] = []
    failed = 0
    started = time.process_time()
    for story in stories:
        try:
            comparisons.append(compare_articles(story.id, f"NeuS {story.id}", story.articles))
        except Exception:  # a bad input is scored as empty and counted, never a crash
            failed += 1
            comparisons.append(Comparison(story.id, story.id, (), (), (), {}))
    compare_s = time.process_time() - started
    base = [baseline(story) for story in stories]

    facts = [len(c.facts) for c in comparisons]
    shared = [sum(1 for f in c.facts if len(f.outlets) >= 2) for c in comparisons]
    alone = [len(c.only_one_outlet) for c in comparisons]
    kinds: Counter[str] = Counter(k.kind for c in comparisons for k in c.conflicts)
    with_conflict = sum(1 for c in comparisons if c.conflicts)
    n = max(1, len(comparisons))

    print(f"{len(stories)} stories from {args.data.name} ({bad} unreadable lines, {failed} failed)")
    print(f"{'per story':<34} {'newsweave':>10} {'baseline':>10}")
    print(f"{'facts':<34} {mean(facts or [0]):10.2f} {'':>10}")
    print(
        f"{'facts in 2+ outlets':<34} {mean(shared or [0]):10.2f}"
        f" {mean(b[1] for b in base) if base else 0:10.2f}"
    )
    print(f"{'facts in one outlet only':<34} {mean(alone or [0]):10.2f} {'':>10}")
    print(
        f"{'count conflicts':<34} {kinds['number'] / n:10.3f} {sum(b[0] for b in base) / n:10.3f}"
    )
    for kind in KINDS[1:]:
        print(f"{kind + ' conflicts':<34} {kinds[kind] / n:10.3f} {'':>10}")
    print(f"{'stories with a conflict':<34} {with_conflict:10d}")
    print(f"analysis {analysis_s:.1f} s CPU; comparison {compare_s:.2f} s CPU")

    _write_sample(args.sample, comparisons)
    metrics: dict[str, float | int] = {
        "stories": len(stories),
        "unreadable": bad,
        "failed": failed,
        "facts_per_story": mean(facts or [0]),
        "shared_facts_per_story": mean(shared or [0]),
        "one_outlet_facts_per_story": mean(alone or [0]),
        **{f"{kind}_conflicts": kinds[kind] for kind in KINDS},
        "stories_with_conflict": with_conflict,
        "baseline_count_disputes": sum(b[0] for b in base),
        "baseline_shared_pairs_per_story": mean(b[1] for b in base) if base else 0.0,
        "compare_cpu_s": compare_s,
        **speed,
    }
    print(json.dumps({k: round(v, 4) if isinstance(v, float) else v for k, v in metrics.items()}))


def _store_speed(path: Path) -> dict[str, float | int]:
    """Compare every story of the store at ``path``; CPU and wall seconds."""
    from newsweave.reports.compare.store import story_comparison
    from newsweave.store.db import Store

    with Store(path, readonly=True) as store:
        stories = list(store.iter_stories())
        articles = sum(len(s.article_ids) for s in stories)
        cpu, wall = time.process_time(), time.perf_counter()
        conflicts = sum(len(story_comparison(store, s.id).conflicts) for s in stories)
        cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
    largest = max((len(s.article_ids) for s in stories), default=0)
    print(
        f"store {path.name}: {len(stories)} stories, {articles} articles (largest {largest}),"
        f" {conflicts} conflicts; {cpu:.1f} s CPU, {wall:.1f} s wall"
    )
    return {
        "store_stories": len(stories),
        "store_articles": articles,
        "store_cpu_s": cpu,
        "store_wall_s": wall,
    }


def _write_sample(path: Path, comparisons: list[Comparison]) -> None:
    """40 comparisons drawn at random (fixed seed), and every conflict of the run."""
    path.parent.mkdir(parents=True, exist_ok=True)
    chosen = random.Random(20).sample(comparisons, min(SAMPLE_SIZE, len(comparisons)))
    path.write_text("\n\n".join(comparison_markdown(c) for c in chosen), encoding="utf-8")
    conflicts = [
        comparison_markdown(Comparison(c.id, c.label, c.outlets, (), c.conflicts, {})).split(
            "## Reported by several outlets"
        )[0]
        for c in comparisons
        if c.conflicts
    ]
    (path.parent / "compare_conflicts.md").write_text("\n".join(conflicts), encoding="utf-8")
    print(f"sample: {path}; conflicts: {path.parent / 'compare_conflicts.md'}")


if __name__ == "__main__":
    sys.exit(main())
