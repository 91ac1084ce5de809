"""Quote extraction on PolNeAR, against textacy's direct_quotations, plus analysis speed.

    python benchmarks/quotes.py [--data ../shared/data/quotes/polnear] [--split dev]
                                [--limit N]

Content matching: a gold Content span is found when a predicted content span overlaps
it with word-token Jaccard >= 0.5; precision counts predicted spans that match some gold
span. "direct" restricts both sides to spans with a quotation mark in or just around
them. Speaker accuracy is over found contents whose gold attribution has a Source: the
predicted speaker span overlaps the Source, or the resolved name occurs in it.
Speed: words/second of the whole newsweave analysis (Analyzer.analyze_many) against
spaCy's full en_core_web_sm pipeline (nlp.pipe, all default components), each in this
one process, on the same texts; each is timed twice, alternating, and the faster kept.
An article a system raises on (or textacy refuses) counts as one where it found no
quotes (``rejected``, ``textacy_rejected``), and the run goes on.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

from newsweave.analyze.analyzer import Analyzer, ArticleInput
from newsweave.analyze.nlp import english_model_name
from newsweave.records import Analysis, Entity
from rejections import Rejections

DEFAULT_DATA = Path(__file__).resolve().parents[2] / "shared" / "data" / "quotes" / "polnear"
WORD = re.compile(r"\w+")
QUOTE_MARKS = '"“”‘«»'  # not ’ or ': those are mostly apostrophes


@dataclass
class Gold:
    content: list[tuple[int, int]]
    source: list[tuple[int, int]]
    source_text: str


@dataclass
class Prediction:
    content: list[tuple[int, int]]
    speaker: tuple[int, int] | None
    name: str | None
    text: str | None = None  # the content's own words when they skip an attribution


@dataclass
class Tally:
    gold: int = 0
    found: int = 0
    predicted: int = 0
    correct: int = 0
    direct_gold: int = 0
    direct_found: int = 0
    direct_predicted: int = 0
    direct_correct: int = 0
    speaker_total: int = 0
    speaker_right: int = 0
    misses: list[str] = field(default_factory=list)


def entities_as_found(doc: Any, text: str | None = None) -> tuple[Entity, ...]:
    """Entity mentions straight from spaCy's doc.ents, each its own cluster named as
    written: the analysis without newsweave's entity linker, to show what it costs."""
    return tuple(Entity(e.start_char, e.end_char, e.text, e.label_, e.text) for e in doc.ents)


def parse_ann(path: Path) -> list[Gold]:
    spans: dict[str, tuple[str, list[tuple[int, int]], str]] = {}
    events: list[dict[str, str]] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        parts = line.split("\t")
        if line.startswith("T") and len(parts) >= 2:
            label, _, offsets = parts[1].partition(" ")
            pieces = [tuple(int(x) for x in p.split()) for p in offsets.split(";")]
            written = parts[2] if len(parts) > 2 else ""
            spans[parts[0]] = (label, [(a, b) for a, b in pieces], written)
        elif line.startswith("E") and len(parts) >= 2:
            roles = dict(item.split(":", 1) for item in parts[1].split() if ":" in item)
            events.append(roles)
    golds = []
    for roles in events:
        content = spans.get(roles.get("Content", ""))
        if content is None:
            continue
        source = spans.get(roles.get("Source", ""))
        golds.append(Gold(content[1], source[1] if source else [], source[2] if source else ""))
    return golds


def load_split(data: Path, split: str, limit: int | None) -> list[tuple[str, str, list[Gold]]]:
    articles = []
    for text_path in sorted((data / split / "text").glob("*.txt")):
        anns = sorted((data / split / "attributions").glob(f"{text_path.stem}_*.ann"))
        if not anns:
            continue
        text = text_path.read_text(encoding="utf-8")
        articles.append((text_path.stem, text, parse_ann(anns[0])))
        if limit and len(articles) >= limit:
            break
    return articles


def word_ids(text: str, pieces: list[tuple[int, int]]) -> frozenset[int]:
    return frozenset(m.start() for a, b in pieces for m in WORD.finditer(text, a, b))


def quote_word_ids(text: str, start: int, end: int, content: str) -> frozenset[int]:
    """The words of [start, end) that a quote's text claims: a quote split by its
    attribution covers both parts but not the attribution words between them."""
    wanted = [w.lower() for w in WORD.findall(content)]
    found: list[int] = []
    for match in WORD.finditer(text, start, end):
        if len(found) < len(wanted) and match.group().lower() == wanted[len(found)]:
            found.append(match.start())
    return frozenset(found)


def has_mark(text: str, pieces: list[tuple[int, int]]) -> bool:
    return any(ch in QUOTE_MARKS for a, b in pieces for ch in text[max(0, a - 1) : b + 1])


def jaccard(a: frozenset[int], b: frozenset[int]) -> float:
    return len(a & b) / len(a | b) if a or b else 0.0


def overlaps(a: tuple[int, int], pieces: list[tuple[int, int]]) -> bool:
    return any(a[0] < y and x < a[1] for x, y in pieces)


def score(tally: Tally, text: str, golds: list[Gold], preds: list[Prediction]) -> None:
    gold_words = [word_ids(text, g.content) for g in golds]
    pred_words = [
        quote_word_ids(text, p.content[0][0], p.content[-1][1], p.text)
        if p.text is not None
        else word_ids(text, p.content)
        for p in preds
    ]
    gold_direct = [has_mark(text, g.content) for g in golds]
    pred_direct = [has_mark(text, p.content) for p in preds]
    matched_pred = set()
    for g, gw in enumerate(gold_words):
        best, best_j = None, 0.0
        for p, pw in enumerate(pred_words):
            j = jaccard(gw, pw)
            if j >= 0.5 and j > best_j:
                best, best_j = p, j
        tally.gold += 1
        tally.direct_gold += gold_direct[g]
        if best is None:
            snippet = " ".join(text[a:b] for a, b in golds[g].content)[:100]
            marker = "[direct] " if gold_direct[g] else ""
            tally.misses.append(marker + snippet.replace("\n", " "))
            continue
        tally.found += 1
        tally.direct_found += gold_direct[g]
        if golds[g].source:
            pred = preds[best]
            tally.speaker_total += 1
            name_ok = bool(pred.name) and pred.name.lower() in golds[g].source_text.lower()
            span_ok = pred.speaker is not None and overlaps(pred.speaker, golds[g].source)
            tally.speaker_right += name_ok or span_ok
    for p, pw in enumerate(pred_words):
        hits = [g for g, gw in enumerate(gold_words) if jaccard(gw, pw) >= 0.5]
        tally.predicted += 1
        tally.correct += bool(hits)
        if pred_direct[p]:
            tally.direct_predicted += 1
            tally.direct_correct += any(gold_direct[g] for g in hits)
        matched_pred.add(p)


def prf(correct: int, predicted: int, found: int, gold: int) -> tuple[float, float, float]:
    precision = correct / predicted if predicted else 0.0
    recall = found / gold if gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def textacy_predictions(doc: object) -> list[Prediction]:
    from textacy.extract.triples import direct_quotations

    preds: list[Prediction] = []
    # It raises ValueError on an odd number of quotation marks: a refused article.
    triples = list(direct_quotations(doc))
    for triple in triples:
        content = triple.content
        speaker = triple.speaker
        span = (speaker[0].idx, speaker[-1].idx + len(speaker[-1].text)) if speaker else None
        preds.append(Prediction([(content.start_char, content.end_char)], span, None))
    return preds


def analyze(
    analyzer: Analyzer, names: list[str], texts: list[str], rejections: Rejections
) -> list[Analysis | None]:
    """Every article's analysis in one batch, or None for an article it fails on."""
    items: list[ArticleInput] = [(str(i), t, None, "en") for i, t in enumerate(texts)]
    return rejections.answers(
        "newsweave",
        names,
        lambda: analyzer.analyze_many(items),
        lambda k: analyzer.analyze(*items[k]),
        None,
    )


def parse_all(
    full: Any, names: list[str], texts: list[str], rejections: Rejections
) -> list[object | None]:
    """spaCy's full pipeline over every article, or None for an article it fails on
    (textacy then has nothing to read: counted as textacy's)."""
    return rejections.answers(
        "textacy", names, lambda: full.pipe(texts), lambda k: full(texts[k]), None
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--split", default="dev")
    parser.add_argument("--limit", type=int, default=None)
    parser.add_argument("--show-misses", type=int, default=0)
    args = parser.parse_args(argv)
    if not (args.data / args.split / "text").is_dir():
        print(f"no PolNeAR data at {args.data / args.split}", file=sys.stderr)
        return 2
    articles = load_split(args.data, args.split, args.limit)
    names = [name for name, _, _ in articles]
    texts = [text for _, text, _ in articles]
    words = sum(len(t.split()) for t in texts)
    # spaCy as shipped (spacy.load, thinc's own ops), as the figure has always been
    # measured: newsweave's analysis routes its model's maths through numpy instead,
    # which would speed the baseline's parser and tagger up too.
    import spacy

    full = spacy.load(english_model_name())
    analyzer = Analyzer()
    # Warm-up: first-call costs are not throughput.
    parse_all(full, names[:2], texts[:2], Rejections())
    analyze(analyzer, names[:2], texts[:2], Rejections())
    spacy_times, ours_times = [], []
    full_docs: list[object | None] = []
    analyses: list[Analysis | None] = []
    # Each timing pass meets the same articles: the failures of the last one count.
    rejections = Rejections()
    for _ in range(2):
        rejections = Rejections()
        t0 = time.perf_counter()
        full_docs = parse_all(full, names, texts, rejections)
        spacy_times.append(time.perf_counter() - t0)
        t0 = time.perf_counter()
        analyses = analyze(analyzer, names, texts, rejections)
        ours_times.append(time.perf_counter() - t0)
    # Diagnostic: the same analysis with entity mentions taken straight from doc.ents,
    # to show what the entity linker costs.
    plain = Analyzer()
    plain.link_entities = entities_as_found
    t0 = time.perf_counter()
    analyze(plain, names, texts, Rejections())
    plain_words_per_s = words / (time.perf_counter() - t0)
    ours, theirs = Tally(), Tally()
    for (name, text, golds), analysis, doc in zip(articles, analyses, full_docs, strict=True):
        preds = [
            Prediction(
                [(q.start, q.end)],
                (q.speaker_span.start, q.speaker_span.end) if q.speaker_span else None,
                q.speaker_name,
                q.text,
            )
            for q in (analysis.quotes if analysis is not None else ())
        ]
        score(ours, text, golds, preds)
        theirs_preds: list[Prediction] = []
        if doc is not None:
            run_textacy = partial(textacy_predictions, doc)
            theirs_preds = rejections.answer("textacy", name, run_textacy, theirs_preds)
        score(theirs, text, golds, theirs_preds)
    words_per_s = words / min(ours_times)
    spacy_words_per_s = words / min(spacy_times)
    rows = {}
    print(f"PolNeAR {args.split}: {len(articles)} articles, {words} words")
    print(f"{'system':10} {'P':>6} {'R':>6} {'F1':>6} {'dP':>6} {'dR':>6} {'dF1':>6} {'spk':>6}")
    for name, t in (("newsweave", ours), ("textacy", theirs)):
        p, r, f = prf(t.correct, t.predicted, t.found, t.gold)
        dp, dr, df = prf(t.direct_correct, t.direct_predicted, t.direct_found, t.direct_gold)
        spk = t.speaker_right / t.speaker_total if t.speaker_total else 0.0
        rows[name] = (p, r, f, dp, dr, df, spk)
        print(f"{name:10} {p:6.3f} {r:6.3f} {f:6.3f} {dp:6.3f} {dr:6.3f} {df:6.3f} {spk:6.3f}")
    print(
        f"speed: newsweave {words_per_s:.0f} words/s, spaCy full pipeline "
        f"{spacy_words_per_s:.0f} words/s, ratio {words_per_s / spacy_words_per_s:.2f}"
    )
    print(
        f"       without the entity linker: {plain_words_per_s:.0f} words/s, "
        f"ratio {plain_words_per_s / spacy_words_per_s:.2f}"
    )
    for miss in ours.misses[: args.show_misses]:
        print("  missed:", miss)
    p, r, f, dp, dr, df, spk = rows["newsweave"]
    metrics = {
        "f1": round(f, 4),
        "precision": round(p, 4),
        "recall": round(r, 4),
        "direct_f1": round(df, 4),
        "direct_precision": round(dp, 4),
        "direct_recall": round(dr, 4),
        "speaker_acc": round(spk, 4),
        "textacy_f1": round(rows["textacy"][2], 4),
        "textacy_direct_f1": round(rows["textacy"][5], 4),
        "textacy_speaker_acc": round(rows["textacy"][6], 4),
        "words_per_s": round(words_per_s, 1),
        "spacy_words_per_s": round(spacy_words_per_s, 1),
        "speed_ratio": round(words_per_s / spacy_words_per_s, 3),
        "speed_ratio_without_linker": round(plain_words_per_s / spacy_words_per_s, 3),
        "articles": len(articles),
        "gold_contents": ours.gold,
        "rejected": rejections.counts["newsweave"],
        "textacy_rejected": rejections.counts["textacy"],
    }
    print(json.dumps(metrics))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
