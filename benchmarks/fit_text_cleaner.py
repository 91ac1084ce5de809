"""Refit the text-dump cleaner's models on WCXB development text dumps.

    python benchmarks/fit_text_cleaner.py [--data DIR] [--all-pages] [--write]

Labels: a dump line is body when it is one of the gold main-content lines, or (for
lines of 5+ words) when it occurs inside the gold main content. Fitted, in order:
a logistic stage one over ``text_features.FEATURE_NAMES``; a logistic and a boosted-tree
stage two over context features (the trees are what the cleaner uses); the span
thresholds, by word F1 of the whole cleaner; and the title model.

Without ``--all-pages`` the models are fitted on the even-numbered pages and thresholds
chosen (and F1 reported) on the odd-numbered ones: the held-out estimate. With it,
everything is fitted on all pages: that is how the shipped numbers were made.
``--write`` stores them in src/newsweave/extract/text/weights.json and trees.json.
"""

from __future__ import annotations

import argparse
import itertools
import json
import re
import sys
from dataclasses import replace
from pathlib import Path

# Run from a checkout: the helper module beside this script, and the package under src/.
sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(1, str(Path(__file__).resolve().parents[1] / "src"))

from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.linear_model import LogisticRegression

from newsweave.extract.text.cleaner import second_stage_features, segment_text_dump
from newsweave.extract.text.features import (
    CONTEXT_FEATURE_NAMES,
    FEATURE_NAMES,
    LineModel,
    line_features,
)
from newsweave.extract.text.lines import Line, split_lines
from newsweave.extract.text.title import (
    TITLE_FEATURES,
    TitleModel,
    content_words,
    title_candidates,
    title_features,
)
from newsweave.extract.text.trees import TreeEnsemble
from wcxb import GoldPage, iter_pages, read_input, title_matches, word_scores

REPO = Path(__file__).resolve().parents[1]
DEFAULT_DATA = REPO.parent / "shared" / "data" / "extraction" / "wcxb-dev-textdumps"
WEIGHTS_PATH = REPO / "src" / "newsweave" / "extract" / "text" / "weights.json"
TREES_PATH = REPO / "src" / "newsweave" / "extract" / "text" / "trees.json"
TREE_COUNT = 60
TREE_LEAVES = 15
SPAN_THRESHOLDS = (0.1, 0.2, 0.3, 0.4, 0.5)
KEEP_INSIDE = (0.05, 0.15, 0.3)
TITLE_FLOORS = (0.0, 0.02, 0.05, 0.1)
_MARKER_RE = re.compile(r"^\s*(?:[-*•]|\d+[.)])\s+")


def _norm(text: str) -> str:
    return " ".join(_MARKER_RE.sub("", text).split()).casefold()


def line_labels(lines: list[Line], gold: str) -> list[int]:
    gold_lines = {_norm(line) for line in gold.splitlines() if line.strip()}
    gold_flat = _norm(gold.replace("\n", " "))
    return [
        int(_norm(line.text) in gold_lines or (line.words >= 5 and _norm(line.text) in gold_flat))
        for line in lines
    ]


def labelled_lines(dump: str, gold: str) -> tuple[list[list[float]], list[int]]:
    lines = split_lines(dump)
    vectors = line_features(
        [line.text for line in lines], [line.reason is not None for line in lines]
    )
    return vectors, line_labels(lines, gold)


def labelled_context(
    dump: str, gold: str, stage_one: LineModel
) -> tuple[list[list[float]], list[int]]:
    """Stage-two training rows: the context of each line as the runtime cleaner sees it."""
    lines, texts, _ = stage_one_lines(dump, stage_one)
    return second_stage_features(lines, texts, None), line_labels(lines, gold)


def stage_one_lines(
    dump: str, stage_one: LineModel
) -> tuple[list[Line], list[str], list[list[float]]]:
    """Lines with stage-one probabilities, as the runtime sees them before stage two."""
    lines = split_lines(dump)
    texts = [line.text for line in lines]
    own = line_features(texts, [line.reason is not None for line in lines])
    for line, vector in zip(lines, own, strict=True):
        line.probability = 0.0 if line.reason else stage_one.probability(vector)
    return lines, texts, own


def body_text(dump: str, model: LineModel) -> str:
    segmentation = segment_text_dump(dump, model=model)
    lines = segmentation.lines
    return "\n".join(lines[i].text for i in segmentation.span if lines[i].reason is None)


def fit_line_model(pages: list[tuple[GoldPage, str]]) -> LineModel:
    features: list[list[float]] = []
    labels: list[int] = []
    for gold, dump in pages:
        vectors, page_labels = labelled_lines(dump, gold.main_content or "")
        features += vectors
        labels += page_labels
    classifier = LogisticRegression(C=1.0, max_iter=2000).fit(features, labels)
    body_share = sum(labels) / len(labels)
    print(f"line model: {len(features)} lines of {len(pages)} pages; body share {body_share:.3f}")
    stage_one = LineModel(
        tuple(float(w) for w in classifier.coef_[0]), float(classifier.intercept_[0]), 0.5, 0.5
    )
    context_rows: list[list[float]] = []
    context_labels: list[int] = []
    for gold, dump in pages:
        vectors, page_labels = labelled_context(dump, gold.main_content or "", stage_one)
        context_rows += vectors
        context_labels += page_labels
    context = LogisticRegression(C=1.0, max_iter=2000).fit(context_rows, context_labels)
    return replace(
        stage_one,
        context_weights=tuple(float(w) for w in context.coef_[0]),
        context_bias=float(context.intercept_[0]),
    )


def fit_trees(pages: list[tuple[GoldPage, str]], logistic: LineModel) -> TreeEnsemble:
    """Boosted trees over each line's own and context features (stage one is logistic)."""
    stage_one = replace(logistic, context_weights=(), trees=None)
    rows: list[list[float]] = []
    labels: list[int] = []
    for gold, dump in pages:
        lines, texts, own = stage_one_lines(dump, stage_one)
        rows += second_stage_features(lines, texts, own)
        labels += line_labels(lines, gold.main_content or "")
    booster = HistGradientBoostingClassifier(
        max_iter=TREE_COUNT, max_leaf_nodes=TREE_LEAVES, early_stopping=False, random_state=0
    ).fit(rows, labels)
    trees = tuple(
        tuple(
            (
                int(node["feature_idx"]),
                float(node["num_threshold"]),
                -1 if node["is_leaf"] else int(node["left"]),
                -1 if node["is_leaf"] else int(node["right"]),
                float(node["value"]),
                bool(node["missing_go_to_left"]),
            )
            for node in predictors[0].nodes
        )
        for predictors in booster._predictors
    )
    ensemble = TreeEnsemble(float(booster._baseline_prediction[0][0]), trees)
    # The plain-Python evaluation must agree with scikit-learn's own.
    expected = booster.predict_proba(rows[:2000])[:, 1]
    worst = max(abs(ensemble.probability(row) - p) for row, p in zip(rows, expected, strict=False))
    assert worst < 1e-6, f"tree export disagrees with scikit-learn by {worst}"
    print(f"trees: {len(trees)} on {len(rows)} lines")
    return ensemble


def tune_span(fitted: LineModel, pages: list[tuple[GoldPage, str]]) -> LineModel:
    best_f1, best_model = -1.0, fitted
    for span_threshold, keep_inside in itertools.product(SPAN_THRESHOLDS, KEEP_INSIDE):
        model = replace(fitted, span_threshold=span_threshold, keep_inside=keep_inside)
        f1 = sum(
            word_scores(body_text(dump, model), gold.main_content or "").f1 for gold, dump in pages
        ) / len(pages)
        print(f"span_threshold={span_threshold} keep_inside={keep_inside}: F1 {f1:.4f}")
        if f1 > best_f1:
            best_f1, best_model = f1, model
    print(f"best on {len(pages)} tuning pages: F1 {best_f1:.4f}")
    return best_model


def title_examples(
    pages: list[tuple[GoldPage, str]], model: LineModel
) -> list[list[tuple[list[float], int]]]:
    """Per page, the candidate lines' title features and whether each is the gold title."""
    examples = []
    for gold, dump in pages:
        segmentation = segment_text_dump(dump, model=model)
        lines, start = segmentation.lines, segmentation.span.start
        body = [lines[i].text for i in segmentation.span if lines[i].reason is None]
        body_words = content_words(" ".join(body[:20]))
        page = []
        for i in title_candidates(lines, start):
            vector = title_features(lines, i, start, body_words)
            if vector is not None:
                page.append(
                    (
                        vector,
                        int(bool(gold.title) and title_matches(lines[i].text, gold.title or "")),
                    )
                )
        examples.append(page)
    return examples


def fit_title_model(
    fit: list[list[tuple[list[float], int]]], tune: list[list[tuple[list[float], int]]]
) -> TitleModel:
    rows = [row for page in fit for row in page]
    classifier = LogisticRegression(C=1.0, max_iter=2000).fit(
        [v for v, _ in rows], [y for _, y in rows]
    )
    weights = tuple(float(w) for w in classifier.coef_[0])
    bias = float(classifier.intercept_[0])
    best_acc, best_model = -1.0, TitleModel(weights, bias, 0.0)
    for floor in TITLE_FLOORS:
        model = TitleModel(weights, bias, floor)
        hits = 0
        for page in tune:
            scored = [(model.probability(v), y) for v, y in page]
            top = max(scored, default=(0.0, 0))
            hits += top[0] > floor and top[1] == 1
        print(f"title floor {floor}: accuracy {hits / len(tune):.4f}")
        if hits / len(tune) > best_acc:
            best_acc, best_model = hits / len(tune), model
    return best_model


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--write", action="store_true")
    parser.add_argument(
        "--all-pages",
        action="store_true",
        help="fit and tune on every page (the shipped model); without it, fit on even pages "
        "and tune/report on odd ones, which gives the held-out estimate",
    )
    args = parser.parse_args()
    pages = [
        (gold, read_input(source)) for gold, source in iter_pages(args.data) if gold.main_content
    ]
    fit_pages, tune_pages = (pages, pages) if args.all_pages else (pages[0::2], pages[1::2])
    logistic = fit_line_model(fit_pages)
    line_model = tune_span(replace(logistic, trees=fit_trees(fit_pages, logistic)), tune_pages)
    title_model = fit_title_model(
        title_examples(fit_pages, line_model), title_examples(tune_pages, line_model)
    )
    if args.write:
        payload = {
            "weights": dict(zip(FEATURE_NAMES, line_model.weights, strict=True)),
            "bias": line_model.bias,
            "span_threshold": line_model.span_threshold,
            "keep_inside": line_model.keep_inside,
            "context": {
                "weights": dict(
                    zip(CONTEXT_FEATURE_NAMES, line_model.context_weights, strict=True)
                ),
                "bias": line_model.context_bias,
            },
            "title": {
                "weights": dict(zip(TITLE_FEATURES, title_model.weights, strict=True)),
                "bias": title_model.bias,
                "min_probability": title_model.min_probability,
            },
            "fitted_on": f"WCXB dev text dumps: {len(fit_pages)} pages"
            + ("" if args.all_pages else " (even-numbered)"),
        }
        WEIGHTS_PATH.write_text(json.dumps(payload, indent=1) + "\n")
        assert line_model.trees is not None
        TREES_PATH.write_text(json.dumps(line_model.trees.to_json()) + "\n")
        print(f"wrote {WEIGHTS_PATH}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
