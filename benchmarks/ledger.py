"""Quote ledger benchmark: what the ledger merges on NeuS, and how fast it is.

Usage: benchmarks/ledger.py [--data FILE] [--limit N] [--sample N] [--out FILE]
                            [--speed DIR] [--speed-limit N]

FILE holds NeuS lines (``articles``: three outlets' versions of one story, with
``title`` and ``text``; no outlet names, so they are outlet-0/1/2). Each line is
analysed and made into one ledger. There is no gold: per story the script counts the
statements carried by two or more outlets (merged into one entry), the speakers that
appear under two or more surface forms and are merged into one, and the speakers
quoted by two or more outlets; conflicts come from the outlet comparison
(``conflict_count``, with the ledger's sides, as a report makes it). The baseline in the
same run groups the same quotes by exact strings only: a speaker per resolved name as
the article gives it (anonymous ones per phrase as written), a statement per exact
quote text. A sample of ledgers (stories with a merge first, in a seeded order) is
written as Markdown for a person to read.

``--speed DIR`` (Timeline17 dev: topic folders of ``articles.jsonl``) analyses every
article and times the ledger of every topic as one subject (a topic is a storyline's
worth of articles, larger than a story), in CPU seconds after analysis. With
``--speed-limit N`` only the first N articles of a topic are analysed; the ledgers are
then timed on those, and again at each topic's real size, its analysed articles
repeated as other outlets' copies (a copy's statements merge with the original's).
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from newsweave.analyze.analyzer import Analyzer, ArticleInput
from newsweave.records import Analysis
from newsweave.reports.ledger import Ledger, LedgerArticle, build_ledger
from newsweave.reports.ledger_render import ledger_markdown
from rejections import Rejections

SHARED = Path(__file__).resolve().parents[2] / "shared" / "data"
NEUS_VAL = SHARED / "summaries" / "neus" / "val.jsonl"
OUT = Path(__file__).resolve().parents[1] / "out" / "ledger_sample.md"
PRONOUNS = frozenset({"he", "she", "they", "it", "we", "i", "you"})
WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class Story:
    id: str
    articles: tuple[tuple[str, str, str], ...]  # (article id, outlet, text)


@dataclass(frozen=True)
class Counts:
    statements_merged: int = 0  # statements carried by 2+ outlets
    speakers_merged: int = 0  # speakers under 2+ surface forms (pronouns aside)
    speakers_cross_outlet: int = 0  # speakers quoted by 2+ outlets
    speakers: int = 0
    statements: int = 0


def load_neus(path: Path, limit: int | None) -> list[Story]:
    stories = []
    with path.open(encoding="utf-8") as handle:
        for line_no, line in enumerate(handle):
            if limit is not None and line_no >= limit:
                break
            row = json.loads(line)
            story_id = str(row.get("id", line_no))
            articles = tuple(
                (f"{story_id}-{k}", f"outlet-{k}", article["text"])
                for k, article in enumerate(row["articles"])
            )
            stories.append(Story(story_id, articles))
    return stories


def analyse(
    analyzer: Analyzer, items: list[ArticleInput], rejections: Rejections
) -> list[Analysis | None]:
    names = [item[0] for item in items]
    return rejections.answers(
        "newsweave",
        names,
        lambda: analyzer.analyze_many(items),
        lambda k: analyzer.analyze(*items[k]),
        None,
    )


def ledger_articles(story: Story, analyses: dict[str, Analysis | None]) -> list[LedgerArticle]:
    """A story's articles; one whose analysis failed is there with no quotes."""
    articles = []
    for article_id, outlet, text in story.articles:
        analysis = analyses.get(article_id)
        quotes = analysis.quotes if analysis is not None else ()
        entities = analysis.entities if analysis is not None else ()
        articles.append(LedgerArticle(article_id, outlet, None, text, quotes, entities))
    return articles


def ledger_counts(ledger: Ledger) -> Counts:
    merged = sum(1 for s in ledger.speakers for st in s.statements if len(st.outlets) > 1)
    forms = [
        {f.casefold() for f in s.forms if f.casefold() not in PRONOUNS} for s in ledger.speakers
    ]
    return Counts(
        statements_merged=merged,
        speakers_merged=sum(1 for f in forms if len(f) > 1),
        speakers_cross_outlet=sum(1 for s in ledger.speakers if len(s.by_outlet) > 1),
        speakers=len(ledger.speakers),
        statements=sum(len(s.statements) for s in ledger.speakers),
    )


def baseline_counts(articles: Sequence[LedgerArticle]) -> Counts:
    """Exact strings only: a speaker per name as resolved in its article (anonymous
    ones per phrase), a statement per exact quote text."""
    speakers: dict[str, dict[str, set[str]]] = {}
    forms: dict[str, set[str]] = {}
    for article in articles:
        for quote in article.quotes:
            if quote.speaker is None:
                continue
            key = quote.speaker_name or quote.speaker.casefold()
            if quote.speaker.casefold() in PRONOUNS and not quote.speaker_name:
                continue
            speakers.setdefault(key, {}).setdefault(quote.text, set()).add(article.outlet)
            if quote.speaker.casefold() not in PRONOUNS:
                forms.setdefault(key, set()).add(quote.speaker.casefold())
    return Counts(
        statements_merged=sum(1 for s in speakers.values() for o in s.values() if len(o) > 1),
        speakers_merged=sum(1 for f in forms.values() if len(f) > 1),
        speakers_cross_outlet=sum(
            1 for s in speakers.values() if len(set().union(*s.values())) > 1
        ),
        speakers=len(speakers),
        statements=sum(len(s) for s in speakers.values()),
    )


def conflict_count(
    story: Story, articles: Sequence[LedgerArticle], analyses: dict[str, Analysis | None]
) -> int | None:
    """Conflicts the outlet comparison reports for this story, with sources put on the
    sides its ledger found (as a report does); None when the comparison fails."""
    from newsweave.analyze.sentences import sentences_of_text
    from newsweave.reports.compare.comparison import compare_articles
    from newsweave.reports.compare.facts import ComparedArticle
    from newsweave.reports.ledger_sides import sides_by_form

    compared = []
    for article in articles:
        analysis = analyses.get(article.id)
        compared.append(
            ComparedArticle(
                id=article.id,
                outlet=article.outlet,
                published=None,
                text=article.text,
                sentences=analysis.sentences if analysis else sentences_of_text(article.text),
                entities=analysis.entities if analysis else (),
                times=analysis.times if analysis else (),
                quotes=analysis.quotes if analysis else (),
            )
        )
    try:
        sides = sides_by_form(build_ledger(story.id, story.id, list(articles)))
        return len(compare_articles(story.id, story.id, compared, sides=sides).conflicts)
    except Exception:  # a benchmark never crashes on one input: counted as unknown
        return None


def add(total: dict[str, int], counts: Counts) -> None:
    for name in Counts.__dataclass_fields__:
        total[name] = total.get(name, 0) + getattr(counts, name)


def write_sample(ledgers: list[tuple[Story, Ledger, Counts]], size: int, path: Path) -> int:
    """Stories with a merge first (seeded shuffle), then others, ``size`` in all."""
    rng = random.Random(20)
    merged = [x for x in ledgers if x[2].statements_merged or x[2].speakers_merged]
    other = [x for x in ledgers if not (x[2].statements_merged or x[2].speakers_merged)]
    rng.shuffle(merged)
    rng.shuffle(other)
    chosen = (merged + other)[:size]
    path.parent.mkdir(parents=True, exist_ok=True)
    parts = ["# Quote ledgers: a sample from NeuS val\n"]
    for story, ledger, counts in chosen:
        parts.append(
            f"\n---\n\nStory {story.id}: {counts.statements_merged} statements merged across"
            f" outlets, {counts.speakers_merged} speakers under several forms\n\n"
        )
        parts.append(ledger_markdown(ledger).replace("# Who said what", "## Who said what", 1))
        for article_id, outlet, text in story.articles:
            parts.append(
                f"\n<details><summary>{outlet} ({article_id})</summary>\n\n{text}\n\n</details>\n"
            )
    path.write_text("".join(parts), encoding="utf-8")
    return len(chosen)


def run_neus(args: argparse.Namespace) -> dict[str, object]:
    stories = load_neus(args.data, args.limit)
    items: list[ArticleInput] = [(a, t, None, "en") for s in stories for a, _, t in s.articles]
    rejections = Rejections()
    analyzer = Analyzer()
    analyses = dict(zip([i[0] for i in items], analyse(analyzer, items, rejections), strict=True))
    ours: dict[str, int] = {}
    base: dict[str, int] = {}
    built: list[tuple[Story, Ledger, Counts]] = []
    cpu = 0.0
    for story in stories:
        articles = ledger_articles(story, analyses)
        started = time.process_time()
        ledger = rejections.answer(
            "ledger", story.id, lambda a=articles, s=story: build_ledger(s.id, s.id, a), None
        )
        cpu += time.process_time() - started
        counts = ledger_counts(ledger) if ledger is not None else Counts()
        add(ours, counts)
        add(base, baseline_counts(articles))
        if ledger is not None:
            built.append((story, ledger, counts))
    conflicts = [conflict_count(s, ledger_articles(s, analyses), analyses) for s in stories]
    sampled = write_sample(built, args.sample, args.out)
    print(f"NeuS: {len(stories)} stories, {len(items)} articles; ledger CPU {cpu:.2f} s")
    print(f"{'per story (sum)':<34}{'ledger':>10}{'exact strings':>15}")
    for name in Counts.__dataclass_fields__:
        print(f"{name:<34}{ours[name]:>10}{base[name]:>15}")
    known = [c for c in conflicts if c is not None]
    print(f"{'conflicts':<34}{sum(known) if known else 'n/a':>10}")
    print(
        "stories with a statement merged across outlets:",
        sum(1 for _, _, c in built if c.statements_merged),
    )
    print(f"sample of {sampled} ledgers written to {args.out}")
    return {
        "stories": len(stories),
        **{f"{k}": v for k, v in ours.items()},
        **{f"baseline_{k}": v for k, v in base.items()},
        "conflicts": sum(known) if known else None,
        "ledger_cpu_s": round(cpu, 3),
        "rejected": rejections.counts["newsweave"],
        "ledger_rejected": rejections.counts["ledger"],
    }


def untokenise(text: str) -> str:
    """Timeline17's PTB tokens back to marks the quote finder reads."""
    text = text.replace("``", '"').replace("''", '"')
    return text.replace("-LRB-", "(").replace("-RRB-", ")")


def run_speed(folder: Path, limit: int | None) -> dict[str, object]:
    topics: dict[str, list[tuple[str, str]]] = {}
    for path in sorted(folder.glob("*/articles.jsonl")):
        with path.open(encoding="utf-8") as handle:
            for line in handle:
                row = json.loads(line)
                topics.setdefault(path.parent.name, []).append(
                    (f"{path.parent.name}-{row['id']}", untokenise(row["text"]))
                )
    sizes = {t: len(rows) for t, rows in topics.items()}
    if limit:
        topics = {t: rows[:limit] for t, rows in topics.items()}
    items: list[ArticleInput] = [(a, t, None, "en") for rows in topics.values() for a, t in rows]
    rejections = Rejections()
    started = time.process_time()
    analyses = dict(zip([i[0] for i in items], analyse(Analyzer(), items, rejections), strict=True))
    analysis_cpu = time.process_time() - started
    stories = [Story(t, tuple((a, t, x) for a, x in rows)) for t, rows in topics.items()]
    inputs = [(s, ledger_articles(s, analyses)) for s in stories]
    quotes = sum(len(a.quotes) for _, arts in inputs for a in arts)
    started = time.process_time()
    for story, articles in inputs:
        build_ledger(story.id, story.id, articles)
    ledger_cpu = time.process_time() - started
    print(
        f"Timeline17 dev: {len(items)} articles, {quotes} quotes, {len(stories)} topics;"
        f" analysis {analysis_cpu:.1f} s CPU, ledgers {ledger_cpu:.2f} s CPU"
    )
    metrics: dict[str, object] = {
        "t17_articles": len(items),
        "t17_quotes": quotes,
        "t17_ledger_cpu_s": round(ledger_cpu, 3),
    }
    if limit:
        # Each topic at its real size: its analysed articles again, as other outlets'
        # copies, until it has as many articles as the topic.
        full = [(s.id, _at_size(arts, sizes[s.id])) for s, arts in inputs]
        full_quotes = sum(len(a.quotes) for _, arts in full for a in arts)
        started = time.process_time()
        for story_id, articles in full:
            build_ledger(story_id, story_id, articles)
        full_cpu = time.process_time() - started
        print(
            f"  at full size: {sum(sizes.values())} articles (analysed ones repeated as"
            f" other outlets' copies), {full_quotes} quotes; ledgers {full_cpu:.2f} s CPU"
        )
        metrics |= {
            "t17_full_articles": sum(sizes.values()),
            "t17_full_quotes": full_quotes,
            "t17_full_ledger_cpu_s": round(full_cpu, 3),
        }
    return metrics


def _at_size(articles: list[LedgerArticle], size: int) -> list[LedgerArticle]:
    if not articles:
        return []
    return [
        replace(
            articles[i % len(articles)],
            id=f"{articles[i % len(articles)].id}#{i // len(articles)}",
            outlet=f"copy-{i // len(articles)}",
        )
        for i in range(size)
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--data", type=Path, default=NEUS_VAL)
    parser.add_argument("--limit", type=int, default=None)
    parser.add_argument("--sample", type=int, default=40)
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--speed", type=Path, default=None, help="Timeline17 dev folder")
    parser.add_argument("--speed-limit", type=int, default=None, help="articles per topic")
    args = parser.parse_args(argv)
    if not args.data.is_file():
        print(f"no NeuS data at {args.data}", file=sys.stderr)
        return 2
    metrics = run_neus(args)
    if args.speed is not None:
        metrics |= run_speed(args.speed, args.speed_limit)
    print(json.dumps(metrics))
    return 0


if __name__ == "__main__":
    sys.exit(main())
