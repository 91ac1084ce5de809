"""Per-line features of a text dump and the fitted model that scores how body-like a line is.

The weights live in ``weights.json`` beside this module; ``benchmarks/fit_text_cleaner.py``
refits them on WCXB development text dumps. Features are plain numbers (no vocabulary), so
the model carries over to outlets and topics it never saw.
"""

from __future__ import annotations

import json
import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from newsweave.extract.text.trees import TreeEnsemble, default_trees

WORD_RE = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")
TERMINAL_RE = re.compile(r"[.!?…][\"'”’)\]]*$")
# Function words: prose is dense in them, menus and headline lists are not.
# fmt: off
STOPWORDS = frozenset((
    "a", "about", "after", "all", "also", "an", "and", "any", "are", "as", "at", "be",
    "because", "been", "but", "by", "can", "could", "did", "do", "does", "for", "from", "had",
    "has", "have", "he", "her", "his", "how", "i", "if", "in", "into", "is", "it", "its",
    "just", "more", "most", "my", "no", "not", "of", "on", "one", "only", "or", "other", "our",
    "out", "over", "she", "so", "some", "such", "than", "that", "the", "their", "them", "then",
    "there", "these", "they", "this", "those", "to", "up", "was", "we", "were", "what", "when",
    "which", "while", "who", "will", "with", "would", "you", "your",
))
# fmt: on
CONTEXT = 3  # lines each side that describe a line's neighbourhood
CORE_THRESHOLD = 0.5  # stage-one probability above which a line adds to the article core
CONTEXT_FEATURE_NAMES = (
    "logit", "window_2", "window_5", "window_10", "in_core", "before_core", "after_core",
    "mass_before", "mass_after", "log_words", "terminal",
)  # fmt: skip

FEATURE_NAMES = (
    "log_words",
    "terminal",
    "colon_end",
    "stopword_ratio",
    "comma_rate",
    "capitalised_ratio",
    "digit_ratio",
    "symbol_ratio",
    "repeated",
    "furniture_pattern",
    "position",
    "few_words",
    "many_words",
    "context_log_words",
    "context_terminal",
    "context_stopwords",
    "prev_log_words",
    "next_log_words",
    "distance_to_long",
)


@dataclass(frozen=True, slots=True)
class LineModel:
    """Two logistic stages and the span thresholds fitted with them.

    Stage one scores a line from its own shape and its neighbours' (``FEATURE_NAMES``);
    stage two rescores it from the stage-one scores around it (``CONTEXT_FEATURE_NAMES``),
    which tells a menu next to the article from a short line inside it.
    """

    weights: tuple[float, ...]
    bias: float
    span_threshold: float  # probability that counts as neither body nor furniture for the span
    keep_inside: float  # inside the article span a line is kept unless it scores below this
    context_weights: tuple[float, ...] = ()
    context_bias: float = 0.0
    # Boosted trees over line + context features; when present they replace the
    # logistic second stage (WCXB dev held-out half: F1 0.919 -> 0.925).
    trees: TreeEnsemble | None = None

    def probability(self, features: Sequence[float]) -> float:
        return _logistic(self.bias, self.weights, features)

    def context_probability(self, features: Sequence[float]) -> float:
        return _logistic(self.context_bias, self.context_weights, features)


def _logistic(bias: float, weights: Sequence[float], features: Sequence[float]) -> float:
    z = bias + sum(w * x for w, x in zip(weights, features, strict=True))
    return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))


@cache
def fitted_weights() -> dict[str, Any]:
    """The fitted numbers shipped with the package (see ``benchmarks/fit_text_cleaner.py``)."""
    text = resources.files("newsweave.extract.text").joinpath("weights.json").read_text()
    loaded: dict[str, Any] = json.loads(text)
    return loaded


@cache
def default_line_model() -> LineModel:
    raw = fitted_weights()
    context = raw.get("context", {})
    return LineModel(
        weights=tuple(float(raw["weights"][name]) for name in FEATURE_NAMES),
        bias=float(raw["bias"]),
        span_threshold=float(raw["span_threshold"]),
        keep_inside=float(raw["keep_inside"]),
        context_weights=tuple(float(context["weights"][n]) for n in CONTEXT_FEATURE_NAMES)
        if context
        else (),
        context_bias=float(context.get("bias", 0.0)),
        trees=default_trees(),
    )


@dataclass(frozen=True, slots=True)
class _LineStats:
    words: int
    log_words: float
    terminal: float
    stopword_ratio: float


def _line_stats(line: str) -> _LineStats:
    words = WORD_RE.findall(line)
    stops = sum(1 for word in words if word.lower() in STOPWORDS)
    return _LineStats(
        words=len(words),
        log_words=math.log1p(len(words)),
        terminal=1.0 if TERMINAL_RE.search(line) else 0.0,
        stopword_ratio=stops / len(words) if words else 0.0,
    )


def _window_mean(values: Sequence[float], index: int) -> float:
    lo, hi = max(0, index - CONTEXT), min(len(values), index + CONTEXT + 1)
    around = [values[j] for j in range(lo, hi) if j != index]
    return sum(around) / len(around) if around else 0.0


def _distances_to_long(stats: Sequence[_LineStats], long_words: int = 25) -> list[float]:
    """Lines from each line to the nearest line of ``long_words``+ words (capped at 20)."""
    cap = 20.0
    distances = [cap] * len(stats)
    last = -1
    for i, stat in enumerate(stats):
        if stat.words >= long_words:
            last = i
        if last >= 0:
            distances[i] = min(cap, float(i - last))
    last = -1
    for i in range(len(stats) - 1, -1, -1):
        if stats[i].words >= long_words:
            last = i
        if last >= 0:
            distances[i] = min(distances[i], float(last - i))
    return [d / cap for d in distances]


def line_features(lines: Sequence[str], furniture_flags: Sequence[bool]) -> list[list[float]]:
    """One feature vector per line, in ``FEATURE_NAMES`` order."""
    stats = [_line_stats(line) for line in lines]
    counts = Counter(line.casefold() for line in lines)
    log_words = [s.log_words for s in stats]
    terminals = [s.terminal for s in stats]
    stopwords = [s.stopword_ratio for s in stats]
    distances = _distances_to_long(stats)
    total = max(1, len(lines) - 1)
    vectors: list[list[float]] = []
    for i, (line, stat) in enumerate(zip(lines, stats, strict=True)):
        chars = max(1, len(line))
        words = max(1, stat.words)
        tokens = line.split()
        capitalised = sum(1 for t in tokens if t[:1].isupper()) / max(1, len(tokens))
        vectors.append(
            [
                stat.log_words,
                stat.terminal,
                1.0 if line.endswith(":") else 0.0,
                stat.stopword_ratio,
                line.count(",") / words,
                capitalised,
                sum(c.isdigit() for c in line) / chars,
                sum(not (c.isalnum() or c.isspace()) for c in line) / chars,
                1.0 if counts[line.casefold()] > 1 else 0.0,
                1.0 if furniture_flags[i] else 0.0,
                i / total,
                1.0 if stat.words <= 3 else 0.0,
                1.0 if stat.words >= 20 else 0.0,
                _window_mean(log_words, i),
                _window_mean(terminals, i),
                _window_mean(stopwords, i),
                log_words[i - 1] if i > 0 else 0.0,
                log_words[i + 1] if i + 1 < len(lines) else 0.0,
                distances[i],
            ]
        )
    return vectors


def best_run(gains: Sequence[float]) -> range:
    """The contiguous run with the largest sum of ``gains`` (empty when none is positive)."""
    best, best_run_found = 0.0, range(0, 0)
    running, run_start = 0.0, 0
    for i, gain in enumerate(gains):
        if running <= 0:
            running, run_start = gain, i
        else:
            running += gain
        if running > best:
            best, best_run_found = running, range(run_start, i + 1)
    return best_run_found


def span_gains(
    probabilities: Sequence[float], words: Sequence[int], threshold: float
) -> list[float]:
    """Evidence each line gives for being inside the article; long lines weigh more."""
    return [(p - threshold) * (1.0 + n**0.5) for p, n in zip(probabilities, words, strict=True)]


def context_features(
    probabilities: Sequence[float], words: Sequence[int], terminals: Sequence[bool]
) -> list[list[float]]:
    """Stage-two features: each line's stage-one score seen against the page around it."""
    core = best_run(span_gains(probabilities, words, CORE_THRESHOLD))
    mass = [p * n for p, n in zip(probabilities, words, strict=True)]
    total = sum(mass) or 1.0
    vectors: list[list[float]] = []
    before = 0.0
    for i, p in enumerate(probabilities):
        clipped = min(max(p, 1e-4), 1 - 1e-4)
        vectors.append([
            math.log(clipped / (1 - clipped)) / 5,
            _window(probabilities, i, 2),
            _window(probabilities, i, 5),
            _window(probabilities, i, 10),
            1.0 if i in core else 0.0,
            min(1.0, (core.start - i) / 20) if core and i < core.start else 0.0,
            min(1.0, (i - core.stop + 1) / 20) if core and i >= core.stop else 0.0,
            before / total,
            (total - before - mass[i]) / total,
            math.log1p(words[i]),
            1.0 if terminals[i] else 0.0,
        ])  # fmt: skip
        before += mass[i]
    return vectors


def _window(values: Sequence[float], index: int, reach: int) -> float:
    lo, hi = max(0, index - reach), min(len(values), index + reach + 1)
    return sum(values[lo:hi]) / (hi - lo)
