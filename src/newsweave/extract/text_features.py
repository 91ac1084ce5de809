"""Per-line features of a text dump and the fitted model that scores how body-like a line is.

The weights live in ``text_weights.json`` beside this module; ``benchmarks/fit_text_cleaner.py``
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

WORD_RE = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")
TERMINAL_RE = re.compile(r"[.!?…][\"'”’)\]]*$")
# Function words: prose is dense in them, menus and headline lists are not.
STOPWORDS = frozenset(
    [
        "a",
        "about",
        "after",
        "all",
        "also",
        "an",
        "and",
        "any",
        "are",
        "as",
        "at",
        "be",
        "because",
        "been",
        "but",
        "by",
        "can",
        "could",
        "did",
        "do",
        "does",
        "for",
        "from",
        "had",
        "has",
        "have",
        "he",
        "her",
        "his",
        "how",
        "i",
        "if",
        "in",
        "into",
        "is",
        "it",
        "its",
        "just",
        "more",
        "most",
        "my",
        "no",
        "not",
        "of",
        "on",
        "one",
        "only",
        "or",
        "other",
        "our",
        "out",
        "over",
        "she",
        "so",
        "some",
        "such",
        "than",
        "that",
        "the",
        "their",
        "them",
        "then",
        "there",
        "these",
        "they",
        "this",
        "those",
        "to",
        "up",
        "was",
        "we",
        "were",
        "what",
        "when",
        "which",
        "while",
        "who",
        "will",
        "with",
        "would",
        "you",
        "your",
    ]
)
CONTEXT = 3  # lines each side that describe a line's neighbourhood

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
    """Logistic weights over ``FEATURE_NAMES`` plus the span thresholds fitted with them."""

    weights: tuple[float, ...]
    bias: float
    span_threshold: float  # probability that counts as neither body nor furniture for the span
    keep_inside: float  # inside the article span a line is kept unless it scores below this

    def probability(self, features: Sequence[float]) -> float:
        z = self.bias + sum(w * x for w, x in zip(self.weights, features, strict=True))
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))


@cache
def default_line_model() -> LineModel:
    raw = json.loads(resources.files("newsweave.extract").joinpath("text_weights.json").read_text())
    weights = tuple(float(raw["weights"][name]) for name in FEATURE_NAMES)
    return LineModel(
        weights, float(raw["bias"]), float(raw["span_threshold"]), float(raw["keep_inside"])
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
