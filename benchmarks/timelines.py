"""Timeline benchmark: newsweave's timelines against Timeline17's reference timelines.

Usage: benchmarks/timelines.py [--data DIR] [--cache DIR] [--topics a,b]

DIR holds the Timeline17 layout (``TOPIC/articles.jsonl`` with ``id``, ``time``,
``text``; ``TOPIC/timelines.jsonl``; ``TOPIC/keywords.json``), by default
``../shared/data/timelines/t17-dev``. Each topic's articles go into a store of their own
through the real path (``run_ingest_job``: extraction, analysis, grouping), written as
JSONL with ``text``, ``published`` (``time``) and ``outlet`` (the part of the topic name
after ``_``). With ``--cache DIR`` the analysed stores are kept there and reused by the
next run (the job only adds what a store lacks); without it they go in a temporary
folder removed at the end.

For each reference timeline, newsweave builds one with as many dates as the reference
and as many sentences per date as the reference's average, from the articles published
within the reference's first and last date and over the days in that range: the
standard setting of news-tls (Ghalandari & Ifrim, ACL 2020), whose published figures
are quoted. Scores come from tilse: alignment ROUGE-1/2 F
(``evaluate_align_date_content_costs_many_to_one``, ``rouge_computation="reimpl"``) and
date F1 over the sets of dates; precision and recall are averaged over the reference
timelines and F computed from the averages, as news-tls does. The baseline, in the same
run and setting: the days most mentioned across sentences, each with the sentence
closest to the centroid of the sentences that mention it.

A reference timeline for which a system raises is scored as an empty timeline and
counted (``rejected``, ``baseline_rejected``); inputs the ingest rejects (Timeline17 has
a few articles with no text) are counted as ``ingest_rejected``. The last line printed
is one JSON object of metrics.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import partial
from pathlib import Path

from tilse.data.timelines import GroundTruth as TilseGroundTruth
from tilse.data.timelines import Timeline as TilseTimeline
from tilse.evaluation.rouge import TimelineRougeEvaluator

from newsweave.pipeline.job import run_ingest_job
from newsweave.reports.timeline.build import build_timeline
from newsweave.reports.timeline.dates import DateWeights, mentions_by_day, rank_days, sentence_days
from newsweave.reports.timeline.records import TimelineArticle
from newsweave.reports.timeline.space import SentenceSpace
from newsweave.reports.timeline.subject import timeline_article
from newsweave.store.db import Store
from rejections import Rejections

DATA = Path(__file__).resolve().parents[2] / "shared" / "data" / "timelines" / "t17-dev"
PUBLISHED = {"ar1_f": 0.120, "ar2_f": 0.035, "date_f1": 0.544}  # DATEWISE, all of Timeline17
MEASURES = ("rouge_1", "rouge_2", "date")

Predicted = dict[date, list[str]]


@dataclass
class Scores:
    """Precision and recall per measure, summed over reference timelines."""

    sums: dict[str, list[float]] = field(default_factory=lambda: {m: [0.0, 0.0] for m in MEASURES})
    count: int = 0

    def add(self, scored: dict[str, tuple[float, float]]) -> None:
        for measure, (precision, recall) in scored.items():
            self.sums[measure][0] += precision
            self.sums[measure][1] += recall
        self.count += 1

    def f(self, measure: str) -> float:
        if not self.count:
            return 0.0
        precision, recall = (value / self.count for value in self.sums[measure])
        return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


@dataclass(frozen=True)
class Reference:
    days: dict[date, list[str]]

    @property
    def span(self) -> tuple[date, date]:
        return min(self.days), max(self.days)

    @property
    def sentences_per_day(self) -> int:
        return round(sum(len(s) for s in self.days.values()) / len(self.days))


def load_references(folder: Path) -> list[Reference]:
    references = []
    with (folder / "timelines.jsonl").open(encoding="utf-8") as lines:
        for line in lines:
            items = json.loads(line) if line.strip() else []
            if items:
                days = {date.fromisoformat(day[:10]): list(texts) for day, texts in items}
                references.append(Reference(days))
    return references


def ingest_topic(folder: Path, cache: Path) -> tuple[list[TimelineArticle], int]:
    """The topic's articles, ingested and analysed into ``cache/TOPIC.db`` (reused when
    there), with their stored sentences and time expressions; and how many inputs the
    ingest rejected."""
    source = cache / f"{folder.name}.jsonl"
    outlet = folder.name.split("_", 1)[-1]
    with (folder / "articles.jsonl").open(encoding="utf-8") as lines:
        records = [json.loads(line) for line in lines if line.strip()]
    source.write_text(
        "".join(
            json.dumps({"text": r.get("text", ""), "published": r["time"], "outlet": outlet}) + "\n"
            for r in records
        ),
        encoding="utf-8",
    )
    with Store(str(cache / f"{folder.name}.db")) as store:
        run_ingest_job(store, [str(source)])
        rejected = len(store.rejections())
        return [timeline_article(store, a) for a in store.iter_articles()], rejected


def newsweave_timeline(
    articles: Sequence[TimelineArticle], dates: int, sentences: int, span: tuple[date, date]
) -> Predicted:
    timeline = build_timeline("t", "", articles, dates=dates, sentences=sentences, within=span)
    return {entry.day: [s.text for s in entry.sentences] for entry in timeline.entries}


def baseline_timeline(
    articles: Sequence[TimelineArticle], dates: int, sentences: int, span: tuple[date, date]
) -> Predicted:
    """The days most mentioned across sentences, each with its most central mention
    (``sentences`` is ignored: one sentence per day)."""
    days_of = [sentence_days(article) for article in articles]
    ranked = rank_days(articles, days_of, DateWeights(1.0, 0.0, 0.0), span)
    mentions = mentions_by_day(articles, days_of)
    space = SentenceSpace(articles)
    predicted: Predicted = {}
    for day in ranked:
        refs = mentions.get(day, [])
        if not refs:
            continue
        rows = space.vectors(refs)
        centroid = rows.sum(axis=0).A.ravel()
        best = int((rows @ centroid).argmax())
        predicted[day] = [space.text(refs[best])]
        if len(predicted) == dates:
            break
    return predicted


def score(
    evaluator: TimelineRougeEvaluator, predicted: Predicted, reference: Reference
) -> dict[str, tuple[float, float]]:
    if not predicted:
        return {m: (0.0, 0.0) for m in MEASURES}
    ground_truth = TilseGroundTruth([TilseTimeline(reference.days)])
    rouge = evaluator.evaluate_align_date_content_costs_many_to_one(
        TilseTimeline(predicted), ground_truth
    )
    shared = len(set(predicted) & set(reference.days))
    return {
        "rouge_1": (rouge["rouge_1"]["precision"], rouge["rouge_1"]["recall"]),
        "rouge_2": (rouge["rouge_2"]["precision"], rouge["rouge_2"]["recall"]),
        "date": (shared / len(predicted), shared / len(reference.days)),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DATA)
    parser.add_argument("--cache", type=Path, default=None, help="keep analysed stores here")
    parser.add_argument("--topics", default=None, help="comma-separated topic names")
    args = parser.parse_args()
    if not args.data.is_dir():
        raise SystemExit(f"Timeline17-layout data not found at {args.data}")
    wanted = set(args.topics.split(",")) if args.topics else None
    folders = [
        p
        for p in sorted(args.data.iterdir())
        if p.is_dir() and (wanted is None or p.name in wanted)
    ]
    with tempfile.TemporaryDirectory(prefix="nw-timelines-") as scratch:
        run(folders, args.cache or Path(scratch))


def run(folders: Sequence[Path], cache: Path) -> None:
    cache.mkdir(parents=True, exist_ok=True)
    evaluator = TimelineRougeEvaluator(measures=["rouge_1", "rouge_2"], rouge_computation="reimpl")
    rejections = Rejections()
    systems: dict[str, Callable[..., Predicted]] = {
        "newsweave": newsweave_timeline,
        "baseline": baseline_timeline,
    }
    totals = {name: Scores() for name in systems}
    ingest_rejected = 0
    build_seconds = 0.0
    print(
        f"{'topic':<22}{'tls':>4}{'dates':>6}{'k':>3}{'AR1':>8}{'AR2':>8}{'dateF1':>8}"
        f"{'bAR1':>8}{'bAR2':>8}{'bDateF1':>8}"
    )
    for folder in folders:
        articles, rejected = ingest_topic(folder, cache)
        ingest_rejected += rejected
        topic = {name: Scores() for name in systems}
        references = load_references(folder)
        for number, reference in enumerate(references):
            start, end = reference.span
            within = [
                a for a in articles if a.published is not None and start <= a.published <= end
            ]
            for name, system in systems.items():
                started = time.process_time()
                make = partial(
                    system, within, len(reference.days), reference.sentences_per_day, (start, end)
                )
                label = "newsweave" if name == "newsweave" else name
                predicted = rejections.answer(label, f"{folder.name} timeline {number}", make, {})
                if name == "newsweave":
                    build_seconds += time.process_time() - started
                scored = score(evaluator, predicted, reference)
                topic[name].add(scored)
                totals[name].add(scored)
        k = references[0].sentences_per_day if references else 0
        dates = len(references[0].days) if references else 0
        print(
            f"{folder.name:<22}{len(references):>4}{dates:>6}{k:>3}"
            + "".join(f"{topic[n].f(m):>8.3f}" for n in systems for m in MEASURES),
            flush=True,
        )
    print(
        f"{'mean':<22}{totals['newsweave'].count:>4}{'':>9}"
        + "".join(f"{totals[n].f(m):>8.3f}" for n in systems for m in MEASURES)
    )
    print(
        "published DATEWISE (all Timeline17 topics): "
        + " / ".join(f"{PUBLISHED[key]:.3f}" for key in ("ar1_f", "ar2_f", "date_f1"))
    )
    metrics = {
        "ar1_f": totals["newsweave"].f("rouge_1"),
        "ar2_f": totals["newsweave"].f("rouge_2"),
        "date_f1": totals["newsweave"].f("date"),
        "baseline_ar1_f": totals["baseline"].f("rouge_1"),
        "baseline_ar2_f": totals["baseline"].f("rouge_2"),
        "baseline_date_f1": totals["baseline"].f("date"),
        "timelines": totals["newsweave"].count,
        "topics": len(folders),
        "build_cpu_s": build_seconds,
        "ingest_rejected": ingest_rejected,
        "rejected": rejections.counts["newsweave"],
        "baseline_rejected": rejections.counts["baseline"],
    }
    print(
        json.dumps(
            {
                k: round(v, 4) if isinstance(v, float) and math.isfinite(v) else v
                for k, v in metrics.items()
            }
        )
    )


if __name__ == "__main__":
    sys.exit(main())
