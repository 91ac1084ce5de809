"""Refit the text-dump cleaner's line model on WCXB development text dumps.

    python benchmarks/fit_text_cleaner.py [--data DIR] [--write]

Labels: a dump line is body when it is one of the gold main-content lines, or (for
lines of 5+ words) when it occurs inside the gold main content. A logistic regression
over ``newsweave.extract.text_features`` is fitted on every line of the even-numbered
pages; the span thresholds are then chosen by word F1 of the full cleaner on the
odd-numbered pages, so the reported figure is not measured on the lines it was fitted to.
``--write`` stores the result in src/newsweave/extract/text_weights.json.
"""

from __future__ import annotations

import argparse
import itertools
import json
import re
import sys
from pathlib import Path

# Run from a checkout: the helper module beside this script, and the package under src/.
sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(1, str(Path(__file__).resolve().parents[1] / "src"))

from sklearn.linear_model import LogisticRegression

from newsweave.extract.text import clean_text_dump
from newsweave.extract.text_features import FEATURE_NAMES, LineModel, line_features
from newsweave.extract.text_lines import split_lines
from wcxb import iter_pages, read_input, word_scores

REPO = Path(__file__).resolve().parents[1]
DEFAULT_DATA = REPO.parent / "shared" / "data" / "extraction" / "wcxb-dev-textdumps"
WEIGHTS_PATH = REPO / "src" / "newsweave" / "extract" / "text_weights.json"
SPAN_THRESHOLDS = (0.1, 0.15, 0.2, 0.25, 0.3, 0.4)
KEEP_INSIDE = (0.02, 0.05, 0.15)
_MARKER_RE = re.compile(r"^\s*(?:[-*•]|\d+[.)])\s+")


def _norm(text: str) -> str:
    return " ".join(_MARKER_RE.sub("", text).split()).casefold()


def labelled_lines(dump: str, gold: str) -> tuple[list[list[float]], list[int]]:
    lines = split_lines(dump)
    gold_lines = {_norm(line) for line in gold.splitlines() if line.strip()}
    gold_flat = _norm(gold.replace("\n", " "))
    vectors = line_features(
        [line.text for line in lines], [line.reason is not None for line in lines]
    )
    labels = [
        int(_norm(line.text) in gold_lines or (line.words >= 5 and _norm(line.text) in gold_flat))
        for line in lines
    ]
    return vectors, labels


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--write", action="store_true")
    args = parser.parse_args()
    pages = [
        (gold, read_input(source)) for gold, source in iter_pages(args.data) if gold.main_content
    ]
    fit_pages, tune_pages = pages[0::2], pages[1::2]
    features: list[list[float]] = []
    labels: list[int] = []
    for gold, dump in fit_pages:
        assert gold.main_content is not None
        vectors, page_labels = labelled_lines(dump, gold.main_content)
        features += vectors
        labels += page_labels
    classifier = LogisticRegression(C=1.0, max_iter=2000).fit(features, labels)
    weights = tuple(float(w) for w in classifier.coef_[0])
    bias = float(classifier.intercept_[0])
    body_share = sum(labels) / len(labels)
    print(f"fitted on {len(features)} lines of {len(fit_pages)} pages; body share {body_share:.3f}")
    best: tuple[float, float, float] = (0.0, 0.5, 0.5)
    for span_threshold, keep_inside in itertools.product(SPAN_THRESHOLDS, KEEP_INSIDE):
        model = LineModel(weights, bias, span_threshold, keep_inside)
        f1 = sum(
            word_scores(
                "\n".join(clean_text_dump(dump, model=model).paragraphs), gold.main_content or ""
            ).f1
            for gold, dump in tune_pages
        ) / len(tune_pages)
        print(f"span_threshold={span_threshold} keep_inside={keep_inside}: F1 {f1:.4f}")
        if f1 > best[0]:
            best = (f1, span_threshold, keep_inside)
    print(f"best on {len(tune_pages)} held-out pages: F1 {best[0]:.4f} at {best[1:]}")
    if args.write:
        payload = {
            "weights": dict(zip(FEATURE_NAMES, weights, strict=True)),
            "bias": bias,
            "span_threshold": best[1],
            "keep_inside": best[2],
            "fitted_on": f"WCXB dev text dumps: {len(fit_pages)} even pages, {len(features)} lines",
        }
        WEIGHTS_PATH.write_text(json.dumps(payload, indent=1) + "\n")
        print(f"wrote {WEIGHTS_PATH}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
