"""Choosing the headline among the lines above the article body.

Each candidate line is scored by a logistic model over layout features (fitted with
the line model by ``benchmarks/fit_text_cleaner.py``): a headline has a handful of
words, does not end like a sentence, sits next to the byline/dateline or is repeated
in a breadcrumb, and shares its content words with the body.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

from newsweave.extract.text.features import STOPWORDS, WORD_RE, fitted_weights
from newsweave.extract.text.lines import Line

LOOKBACK = 60  # headlines sit within this many lines above the first body line
MASTHEAD_REACH = 4  # a masthead this close above a dateline marks a news-page header
META_REASONS = frozenset({"dateline", "byline", "masthead"})
REPORTING_VERB_RE = re.compile(r"\b(said|says|told|shows?|pictured|seen)\b", re.IGNORECASE)
SEPARATOR_RE = re.compile(r"\s[|–—-]\s|\s[|»›>]\s?")
TITLE_FEATURES = (
    "log_words", "mid_length", "ends_period", "ends_question", "meta_below", "meta_above",
    "repeated", "in_breadcrumb", "distance", "capitalised_ratio", "body_overlap",
    "reporting_verb", "in_short_run", "separator", "body_probability", "tiny",
    "first_after_meta", "caption_below",
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class TitleModel:
    weights: tuple[float, ...]
    bias: float
    min_probability: float

    def probability(self, features: Sequence[float]) -> float:
        z = self.bias + sum(w * x for w, x in zip(self.weights, features, strict=True))
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))


@cache
def default_title_model() -> TitleModel:
    raw = fitted_weights()["title"]
    weights = tuple(float(raw["weights"][name]) for name in TITLE_FEATURES)
    return TitleModel(weights, float(raw["bias"]), float(raw["min_probability"]))


def content_words(text: str) -> set[str]:
    return {w.lower() for w in WORD_RE.findall(text) if w.lower() not in STOPWORDS}


def title_candidates(lines: Sequence[Line], body_start: int) -> range:
    return range(max(0, body_start - LOOKBACK), body_start)


def title_features(
    lines: Sequence[Line], i: int, body_start: int, body_words: set[str]
) -> list[float] | None:
    """Features of line ``i`` as a headline, or None when it cannot be one."""
    line = lines[i]
    if line.reason is not None or line.words == 0 or line.words > 40:
        return None
    text = line.text
    words = content_words(text)
    tokens = text.split()
    near_below = [lines[j].reason for j in range(i + 1, min(len(lines), i + 4))]
    near_above = [lines[j].reason for j in range(max(0, i - 2), i)]
    others = [lines[j].text for j in range(max(0, i - LOOKBACK), min(len(lines), i + LOOKBACK))]
    return [
        math.log1p(line.words),
        1.0 if 4 <= line.words <= 20 else 0.0,
        1.0 if text.endswith(".") else 0.0,
        1.0 if text.endswith(("?", "!")) else 0.0,
        1.0 if META_REASONS.intersection(near_below) else 0.0,
        1.0 if META_REASONS.intersection(near_above) else 0.0,
        1.0 if sum(1 for other in others if other == text) > 1 else 0.0,
        1.0 if any(other != text and other.endswith(text) for other in others) else 0.0,
        (body_start - i) / LOOKBACK,
        sum(1 for t in tokens if t[:1].isupper()) / len(tokens),
        len(words & body_words) / len(words) if words else 0.0,
        1.0 if REPORTING_VERB_RE.search(text) else 0.0,
        1.0 if _in_short_run(lines, i) else 0.0,
        1.0 if SEPARATOR_RE.search(text) else 0.0,
        line.probability,
        1.0 if line.words <= 2 else 0.0,
        1.0 if _first_after_meta(lines, i) else 0.0,
        1.0 if _caption_below(lines, i) else 0.0,
    ]


def _headline_below_dateline(lines: Sequence[Line], body_start: int) -> int | None:
    """News layout: masthead, dateline, then the headline as the next kept line.

    Only trusted when a masthead sits just above the dateline; other sites put the
    date below the headline, where the fitted model does better.
    """
    for i in range(body_start - 1, max(-1, body_start - LOOKBACK), -1):
        if lines[i].reason != "dateline":
            continue
        if not any(lines[j].reason == "masthead" for j in range(max(0, i - MASTHEAD_REACH), i)):
            return None
        following = next((j for j in range(i + 1, body_start) if lines[j].reason is None), None)
        if following is None:
            return None
        line = lines[following]
        headline_shaped = 3 <= line.words <= 20 and not line.text.endswith((".", ":"))
        return following if headline_shaped and not _caption_like(line.text) else None
    return None


def _caption_like(text: str) -> bool:
    return REPORTING_VERB_RE.search(text) is not None


def _first_after_meta(lines: Sequence[Line], i: int) -> bool:
    """The first kept line below a masthead or dateline: where news pages put the headline."""
    for j in range(i - 1, max(-1, i - 4), -1):
        if lines[j].reason in META_REASONS:
            return True
        if lines[j].reason is None:
            return False
    return False


def _caption_below(lines: Sequence[Line], i: int) -> bool:
    """Followed by an image caption (a reporting verb, no full stop) rather than by text."""
    for j in range(i + 1, min(len(lines), i + 3)):
        text = lines[j].text
        if lines[j].reason is None and REPORTING_VERB_RE.search(text) and not text.endswith("."):
            return True
    return False


def _in_short_run(lines: Sequence[Line], i: int) -> bool:
    """Between two other short unpunctuated lines: a menu or a table of contents."""

    def short(j: int) -> bool:
        return 0 <= j < len(lines) and lines[j].words <= 6 and not lines[j].text.endswith(".")

    return short(i - 1) and short(i + 1)


def choose_title(
    lines: Sequence[Line], body_start: int, body: Sequence[str], model: TitleModel | None = None
) -> int | None:
    """Index of the headline line above ``body_start``, or None when no line looks like one."""
    news_headline = _headline_below_dateline(lines, body_start)
    if news_headline is not None:
        return news_headline
    model = model or default_title_model()
    body_words = content_words(" ".join(body[:20]))
    best_index, best_probability = None, model.min_probability
    for i in title_candidates(lines, body_start):
        features = title_features(lines, i, body_start, body_words)
        if features is None:
            continue
        probability = model.probability(features)
        if probability > best_probability:
            best_index, best_probability = i, probability
    return best_index
