"""Benchmark find_times against dateparser's search_dates on Timeline17 (dev).

For every topic in ``../shared/data/timelines/t17-dev`` both tools read the same
articles (``text``, tokenised with spaces, one sentence per line), anchored at the
article's publication day (``time``). Reported:

* throughput in words per second (whitespace words, timing only the call);
* date recall: the fraction of the topic's reference timeline dates that appear
  among the day values the tool resolved anywhere in that topic's articles,
  pooled over topics. For find_times only day-granularity values count;
  search_dates gives no granularity, so every date it returns counts (which
  favours it: "May" becomes a full date, and so does "we", read as Wednesday);
* found on timeline: the share of the distinct day values a tool resolved that
  are reference dates, a rough noise figure (timelines keep only salient days).

Usage: ``python benchmarks/timex.py [--max-articles N]`` (per topic; default all).
The last line printed is one JSON object of metrics. An article a tool raises on
counts as one where it found no dates (``timex_rejected``, ``dateparser_rejected``),
and the run goes on.
"""

from __future__ import annotations

import argparse
import json
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import partial
from pathlib import Path

from dateparser.search import search_dates

from newsweave.analyze.timex.finder import find_times
from newsweave.records import Sentence
from rejections import Rejections

DATA = Path(__file__).resolve().parents[2] / "shared" / "data" / "timelines" / "t17-dev"
DATEPARSER_SETTINGS = {"PREFER_DATES_FROM": "past", "RETURN_AS_TIMEZONE_AWARE": False}


@dataclass
class ToolRun:
    name: str
    seconds: float = 0.0
    words: int = 0
    found_by_topic: dict[str, set[date]] = field(default_factory=dict)


def line_sentences(text: str) -> list[Sentence]:
    """The corpus puts one sentence per line."""
    sentences = []
    position = 0
    for line in text.split("\n"):
        stripped = line.strip()
        if stripped:
            start = position + line.index(stripped)
            sentences.append(Sentence(start, start + len(stripped), stripped))
        position += len(line) + 1
    return sentences


def timex_days(text: str, published: datetime) -> set[date]:
    found = find_times(text, line_sentences(text), published)
    return {t.value for t in found if t.granularity == "day" and t.value is not None}


def dateparser_days(text: str, published: datetime) -> set[date]:
    settings = {**DATEPARSER_SETTINGS, "RELATIVE_BASE": published}
    found = search_dates(text, languages=["en"], settings=settings)
    return {value.date() for _, value in found or []}


def load_topic(folder: Path, max_articles: int | None) -> tuple[list[dict[str, str]], set[date]]:
    with (folder / "articles.jsonl").open(encoding="utf-8") as lines:
        articles = [json.loads(line) for line in lines]
    reference: set[date] = set()
    with (folder / "timelines.jsonl").open(encoding="utf-8") as lines:
        for line in lines:
            reference.update(date.fromisoformat(day) for day, _ in json.loads(line))
    return articles[:max_articles], reference


def run_tool(
    run: ToolRun,
    topic: str,
    articles: list[dict[str, str]],
    resolve: Callable[[str, datetime], set[date]],
    rejections: Rejections,
) -> None:
    found: set[date] = set()
    for number, article in enumerate(articles):
        published = datetime.fromisoformat(article["time"])
        started = time.perf_counter()
        days = partial(resolve, article["text"], published)
        found |= rejections.answer(run.name, f"{topic} #{number}", days, set())
        run.seconds += time.perf_counter() - started
        run.words += len(article["text"].split())
    run.found_by_topic[topic] = found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--max-articles", type=int, default=None, help="per topic")
    args = parser.parse_args()
    if not DATA.is_dir():
        raise SystemExit(f"Timeline17 dev data not found at {DATA}")

    runs = [ToolRun("find_times"), ToolRun("dateparser")]
    resolvers = [timex_days, dateparser_days]
    references: dict[str, set[date]] = {}
    rejections = Rejections()
    for folder in sorted(p for p in DATA.iterdir() if p.is_dir()):
        articles, references[folder.name] = load_topic(folder, args.max_articles)
        for run, resolve in zip(runs, resolvers, strict=True):
            run_tool(run, folder.name, articles, resolve, rejections)

    def recall(run: ToolRun, topic: str) -> float:
        reference = references[topic]
        return len(reference & run.found_by_topic[topic]) / len(reference) if reference else 0.0

    print(f"{'topic':<24}{'ref dates':>10}{'find_times':>12}{'dateparser':>12}")
    for topic in references:
        print(
            f"{topic:<24}{len(references[topic]):>10}"
            f"{recall(runs[0], topic):>12.3f}{recall(runs[1], topic):>12.3f}"
        )
    total_reference = sum(len(r) for r in references.values())
    pooled = {
        run.name: sum(len(references[t] & run.found_by_topic[t]) for t in references)
        / total_reference
        for run in runs
    }
    # Share of the distinct day values a tool resolved that are reference dates:
    # not a true precision (timelines keep only salient days) but it shows noise.
    on_timeline = {
        run.name: sum(len(references[t] & run.found_by_topic[t]) for t in references)
        / max(sum(len(run.found_by_topic[t]) for t in references), 1)
        for run in runs
    }
    speeds = {run.name: run.words / run.seconds for run in runs}
    print(
        f"{'pooled recall':<24}{total_reference:>10}"
        f"{pooled['find_times']:>12.3f}{pooled['dateparser']:>12.3f}"
    )
    print(
        f"{'found days on timeline':<24}{'':>10}"
        f"{on_timeline['find_times']:>12.3f}{on_timeline['dateparser']:>12.3f}"
    )
    print(
        f"{'words/s':<24}{runs[0].words:>10}"
        f"{speeds['find_times']:>12.0f}{speeds['dateparser']:>12.0f}"
    )
    print(
        json.dumps(
            {
                "timex_date_recall": round(pooled["find_times"], 4),
                "dateparser_date_recall": round(pooled["dateparser"], 4),
                "timex_found_on_timeline": round(on_timeline["find_times"], 4),
                "dateparser_found_on_timeline": round(on_timeline["dateparser"], 4),
                "timex_words_per_s": round(speeds["find_times"]),
                "dateparser_words_per_s": round(speeds["dateparser"]),
                "words": runs[0].words,
                "reference_dates": total_reference,
                "timex_rejected": rejections.counts["find_times"],
                "dateparser_rejected": rejections.counts["dateparser"],
            }
        )
    )


if __name__ == "__main__":
    main()
