"""Summary benchmark: newsweave's cross-outlet summaries vs LexRank and lead, on NeuS.

Usage: benchmarks/summaries.py --data FILE [--limit N]

FILE holds NeuS lines: ``articles`` (three outlets' versions of one story, with
``title`` and ``text``) and ``summary.text``, the summary editors wrote. Each line is
summarised as one story of three articles. Every system gets the same budget, as many
words as the reference: its sentences are added in its own order (newsweave: the order
its selection takes them; LexRank: by LexRank score; lead: the first sentence of each
article in turn, then the second ones...) and the last one is cut at the budget. All
systems split sentences with the same splitter (newsweave's, over a blank spaCy
tokenizer). LexRank is sumy's, over the pooled sentences, with sumy's English stemmer
and stop words and our own tokenisation, so it needs no NLTK data. Scores: ROUGE-1, -2
and -L F1 (rouge-score, with stemming), and the share of each summary's words taken
from its most used outlet (1/3 is perfectly balanced). Needs the ``bench`` extras
(rouge-score, sumy).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from statistics import mean
from typing import Any

from newsweave.analyze.sentences import sentences_of_text
from newsweave.reports.candidates import SourceArticle, SummaryWeights
from newsweave.reports.summary import ranked_sentences

SHARED = Path(__file__).resolve().parents[2] / "shared" / "data"
NEUS_VAL = SHARED / "summaries" / "neus" / "val.jsonl"
WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class Story:
    id: str
    articles: tuple[SourceArticle, ...]
    reference: str


# One system: a story in, (outlet, sentence) pairs out, in the system's own order.
System = Callable[[Story], list[tuple[str, str]]]


def load(path: Path, limit: int | None = None) -> list[Story]:
    stories = []
    with path.open(encoding="utf-8") as handle:
        for line_no, line in enumerate(handle):
            if limit is not None and line_no >= limit:
                break
            row = json.loads(line)
            articles = tuple(
                SourceArticle(
                    id=f"{line_no}-{k}",
                    outlet=f"outlet-{k}",
                    published=None,
                    text=article["text"],
                    sentences=sentences_of_text(article["text"]),
                    title=article.get("title") or "",
                )
                for k, article in enumerate(row["articles"])
            )
            stories.append(Story(str(row.get("id", line_no)), articles, row["summary"]["text"]))
    return stories


def newsweave_system(weights: SummaryWeights | None = None) -> System:
    def run(story: Story) -> list[tuple[str, str]]:
        return [(s.outlet, s.text) for s in ranked_sentences(story.articles, weights)]

    return run


def lead_system(story: Story) -> list[tuple[str, str]]:
    depth = max(len(a.sentences) for a in story.articles)
    return [
        (article.outlet, article.sentences[i].text)
        for i in range(depth)
        for article in story.articles
        if i < len(article.sentences)
    ]


def lexrank_system() -> System:
    from sumy.models.dom import ObjectDocumentModel, Paragraph
    from sumy.models.dom import Sentence as SumySentence
    from sumy.nlp.stemmers import Stemmer
    from sumy.summarizers.lex_rank import LexRankSummarizer
    from sumy.utils import get_stop_words

    class Words:
        """sumy's tokenizer interface, over our own word pattern (no NLTK data)."""

        @staticmethod
        def to_words(text: str) -> list[str]:
            return WORD.findall(text)

    summarizer = LexRankSummarizer(Stemmer("english"))
    summarizer.stop_words = get_stop_words("english")

    def run(story: Story) -> list[tuple[str, str]]:
        pooled = [(a.outlet, s.text) for a in story.articles for s in a.sentences]
        document = ObjectDocumentModel(
            [Paragraph([SumySentence(text, Words()) for _, text in pooled])]
        )
        # All sentences ranked: sumy returns the best `count` in document order, so
        # ask for every one with its rating and order them by rating.
        rating = dict(zip(document.sentences, _lexrank_scores(summarizer, document), strict=True))
        order = sorted(range(len(pooled)), key=lambda i: -rating[document.sentences[i]])
        return [pooled[i] for i in order]

    return run


def _lexrank_scores(summarizer: Any, document: Any) -> list[float]:
    # LexRankSummarizer.__call__ without its final pick: the same steps, all scores.
    words = [summarizer._to_words_set(s) for s in document.sentences]
    tf = summarizer._compute_tf(words)
    idf = summarizer._compute_idf(words)
    matrix = summarizer._create_matrix(words, summarizer.threshold, tf, idf)
    return [float(x) for x in summarizer.power_method(matrix, summarizer.epsilon)]


def within_budget(sentences: Sequence[tuple[str, str]], budget: int) -> list[tuple[str, str]]:
    """Sentences in order until ``budget`` words, the last one cut at the budget."""
    out: list[tuple[str, str]] = []
    used = 0
    for outlet, text in sentences:
        if used >= budget:
            break
        words = text.split()
        taken = words[: budget - used]
        out.append((outlet, " ".join(taken)))
        used += len(taken)
    return out


def score(stories: Sequence[Story], system: System) -> dict[str, float]:
    from rouge_score import rouge_scorer

    scorer = rouge_scorer.RougeScorer(["rouge1", "rouge2", "rougeL"], use_stemmer=True)
    rows: list[dict[str, float]] = []
    started = time.perf_counter()
    for story in stories:
        budget = len(story.reference.split())
        summary = within_budget(system(story), budget)
        text = "\n".join(t for _, t in summary)
        scores = scorer.score(story.reference, text)
        words = Counter[str]()
        for outlet, sentence in summary:
            words[outlet] += len(sentence.split())
        share = max(words.values()) / sum(words.values()) if words else 1.0
        rows.append({name: s.fmeasure for name, s in scores.items()} | {"outlet_share": share})
    elapsed = time.perf_counter() - started
    result = {key: mean(r[key] for r in rows) for key in rows[0]}
    result["stories_per_s"] = len(stories) / elapsed if elapsed else 0.0
    return result


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, default=NEUS_VAL)
    parser.add_argument("--limit", type=int, default=None, help="Only the first N lines.")
    args = parser.parse_args(argv)
    stories = load(args.data, args.limit)
    systems: dict[str, System] = {
        "newsweave": newsweave_system(),
        "lexrank (sumy)": lexrank_system(),
        "lead": lead_system,
    }
    results = {name: score(stories, system) for name, system in systems.items()}
    print(f"{len(stories)} stories from {args.data.name}")
    print(f"{'system':<16} {'R-1':>6} {'R-2':>6} {'R-L':>6} {'outlet share':>13} {'stories/s':>10}")
    for name, r in results.items():
        print(
            f"{name:<16} {r['rouge1']:6.3f} {r['rouge2']:6.3f} {r['rougeL']:6.3f}"
            f" {r['outlet_share']:13.3f} {r['stories_per_s']:10.1f}"
        )
    ours, lexrank, lead = results["newsweave"], results["lexrank (sumy)"], results["lead"]
    metrics: dict[str, float | int] = {
        "stories": len(stories),
        "rouge1": ours["rouge1"],
        "rouge2": ours["rouge2"],
        "rougeL": ours["rougeL"],
        "max_outlet_share": ours["outlet_share"],
        "lexrank_rouge1": lexrank["rouge1"],
        "lexrank_rouge2": lexrank["rouge2"],
        "lexrank_rougeL": lexrank["rougeL"],
        "lexrank_max_outlet_share": lexrank["outlet_share"],
        "lead_rouge1": lead["rouge1"],
        "lead_rouge2": lead["rouge2"],
        "lead_rougeL": lead["rougeL"],
        "lead_max_outlet_share": lead["outlet_share"],
        "stories_per_s": ours["stories_per_s"],
    }
    print(json.dumps({k: round(v, 4) if isinstance(v, float) else v for k, v in metrics.items()}))


if __name__ == "__main__":
    sys.exit(main())
