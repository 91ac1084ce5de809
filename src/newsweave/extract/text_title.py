"""Choosing the headline among the lines above the article body."""

from __future__ import annotations

import re
from collections.abc import Sequence

from newsweave.extract.text_lines import Line

LOOKBACK = 40  # headlines sit within this many lines above the first body line
META_REASONS = frozenset({"dateline", "byline", "masthead"})
REPORTING_VERB_RE = re.compile(r"\b(said|says|told|shows?|pictured|seen)\b", re.IGNORECASE)


def choose_title(lines: Sequence[Line], body_start: int) -> int | None:
    """Index of the headline line above ``body_start``, or None when no line looks like one.

    A headline has a handful of words, does not end like a sentence, and sits next to the
    article's metadata (masthead, dateline, byline) or close above the body; image
    captions between headline and body are told apart by their reporting verbs.
    """
    best_index, best_score = None, 0.0
    lo = max(0, body_start - LOOKBACK)
    for i in range(lo, body_start):
        score = _title_score(lines, i, body_start)
        if score > best_score:
            best_index, best_score = i, score
    return best_index


def _title_score(lines: Sequence[Line], i: int, body_start: int) -> float:
    line = lines[i]
    if line.reason is not None or not 3 <= line.words <= 30 or line.text.endswith("."):
        return 0.0
    score = 1.0 + min(line.words, 12) / 12
    if i > 0 and lines[i - 1].reason in META_REASONS:
        score += 1.0
    if i + 1 < len(lines) and lines[i + 1].reason in META_REASONS:
        score += 1.0
    if REPORTING_VERB_RE.search(line.text):
        score -= 1.0
    if sum(1 for other in lines if other.text == line.text) > 1:
        score += 0.5  # headlines are often printed twice (breadcrumb or share box and h1)
    score -= 0.05 * (body_start - i)
    return score
