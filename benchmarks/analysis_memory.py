"""Memory of the analysis stage over 10,000 articles: does it stay flat?

    python benchmarks/analysis_memory.py [--data ../shared/data/quotes/polnear]
                                         [--articles 10000] [--words 250]

Articles are the PolNeAR train and dev texts (cut to their first ``--words`` words and
cycled until there are ``--articles`` of them), stored in a fresh SQLite store and run
through the real stage (newsweave.pipeline.analyze.analyze_new_articles: read a page of
articles, analyze, write the analysis, quotes and entities). Resident memory is sampled
every 500 articles. For reference, spaCy's full en_core_web_sm pipeline (nlp.pipe,
results discarded) runs over the first fifth of the same articles in the same process
beforehand, and its growth is printed beside.

Metric ``memory_flatness`` = RSS after the first 1,000 articles / RSS at the end
(1.0 means no growth at all); ``rss_growth_mb`` is the difference.
"""

from __future__ import annotations

import argparse
import gc
import json
import sys
import tempfile
import time
from itertools import cycle, islice
from pathlib import Path

import psutil

from newsweave.analyze.nlp import load_english
from newsweave.pipeline.analyze import analyze_new_articles
from newsweave.records import Article, RawDocument
from newsweave.store.db import Store

DEFAULT_DATA = Path(__file__).resolve().parents[2] / "shared" / "data" / "quotes" / "polnear"
SAMPLE_EVERY = 500


def rss_mb() -> float:
    gc.collect()
    return float(psutil.Process().memory_info().rss) / 2**20


def load_texts(data: Path, words: int) -> list[str]:
    texts = []
    for split in ("train", "dev"):
        for path in sorted((data / split / "text").glob("*.txt")):
            # Keep paragraph breaks: cut after enough words, at a paragraph end.
            kept: list[str] = []
            count = 0
            for paragraph in path.read_text(encoding="utf-8").split("\n"):
                if paragraph.strip():
                    kept.append(paragraph.strip())
                    count += len(paragraph.split())
                if count >= words:
                    break
            if kept:
                texts.append("\n\n".join(kept))
    return texts


def fill_store(store: Store, texts: list[str], total: int) -> int:
    words = 0
    for number, text in enumerate(islice(cycle(texts), total)):
        source = f"synthetic/{number}"
        raw = RawDocument(text.encode("utf-8"), source, "text")
        paragraphs = tuple(text.split("\n\n"))
        # A per-article title makes each a distinct article, as real coverage is.
        article = Article(raw.id, source, paragraphs, title=f"Report {number}", language="en")
        store.add_document(raw, article)
        words += len(text.split())
    return words


def spacy_reference(texts: list[str], total: int) -> list[tuple[int, float]]:
    nlp = load_english()
    samples = [(0, rss_mb())]
    for number, _doc in enumerate(nlp.pipe(islice(cycle(texts), total), batch_size=32), 1):
        if number % SAMPLE_EVERY == 0:
            samples.append((number, rss_mb()))
    return samples


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--words", type=int, default=250)
    args = parser.parse_args(argv)
    if not (args.data / "train" / "text").is_dir():
        print(f"PolNeAR not found at {args.data}", file=sys.stderr)
        return 2
    texts = load_texts(args.data, args.words)
    reference = spacy_reference(texts, args.articles // 5)
    with tempfile.TemporaryDirectory() as folder, Store(Path(folder) / "mem.db") as store:
        words = fill_store(store, texts, args.articles)
        samples: list[tuple[int, float]] = [(0, rss_mb())]
        done = 0

        def on_article(_article_id: str) -> None:
            nonlocal done
            done += 1
            if done % SAMPLE_EVERY == 0:
                samples.append((done, rss_mb()))

        started = time.perf_counter()
        analyzed = analyze_new_articles(store, on_article=on_article)
        seconds = time.perf_counter() - started
    print(f"{analyzed} articles, {words} words, {seconds:.0f} s ({words / seconds:.0f} words/s)")
    print(f"{'articles':>9} {'newsweave RSS MB':>17} {'spaCy full RSS MB':>18}")
    spacy_at = dict(reference)  # printed where both sampled the same article count
    for number, mb in samples:
        ref = spacy_at.get(number)
        print(f"{number:>9} {mb:>17.1f} {'' if ref is None else f'{ref:.1f}':>18}")
    at_1k = next(mb for n, mb in samples if n >= 1000)
    final = samples[-1][1]
    metrics = {
        "articles": analyzed,
        "words_per_s": round(words / seconds, 1),
        "rss_mb_at_1000": round(at_1k, 1),
        "rss_mb_final": round(final, 1),
        "rss_growth_mb": round(final - at_1k, 1),
        "memory_flatness": round(min(at_1k / final, 1.0), 4),
        # Growth after spaCy's first sample (its model and buffers loaded by then).
        "spacy_rss_growth_mb": round(
            reference[-1][1] - reference[min(1, len(reference) - 1)][1], 1
        ),
        "spacy_reference_articles": reference[-1][0],
    }
    print(json.dumps(metrics))
    return 0


if __name__ == "__main__":
    sys.exit(main())
