"""Calendar arithmetic and tense cues used to resolve time expressions.

Kept apart from the patterns so the resolution rules can be read (and tested) on
their own: every function here is pure and takes the publication day as ``anchor``.
"""

from __future__ import annotations

import calendar
import re
from datetime import date, timedelta
from typing import Literal

Direction = Literal["past", "future", "none"]

# Words that put a clause in the future. "would" is here because reported speech
# ("she said the vote would be held in October") speaks of a later event; "due to"
# only before a verb-like word, not in "due to the storm".
_FUTURE_CUE = re.compile(
    r"\b(?:will|wo\s?n't|shall|would|'ll|going\s+to|plans?\s+to|scheduled|set\s+to"
    r"|(?:hopes?|hoping|expects?|expected|aims?|intends?)\s+to"
    r"|due\s+(?:to\s+(?!the\b|a\b|an\b|its\b|his\b|her\b|their\b)|in\b|on\b)"
    r"|next|upcoming|later\s+this|tomorrow)\b",
    re.IGNORECASE,
)
# Past-tense cues: auxiliaries, regular "-ed" forms, and common irregular verbs
# (including "said": "Gibbs said Thursday" is last Thursday).
_PAST_CUE = re.compile(
    r"\b(?:was|were|had|did|died|been|ago|last|earlier|said|\w{3,}ed|took|began|came|went|made"
    r"|saw|fell|rose|won|lost|left|met|held|sank|struck|told|gave|got|found|broke|ran|led"
    r"|shot|flew|fled|froze|drove|wrote|spoke|chose|fought|caught|brought|bought|sought"
    r"|thought|became|grew|knew|threw|drew|swore|tore|wore|stood|sat|sent|spent|built|paid"
    r"|sold)\b",
    re.IGNORECASE,
)


# A future state or passive ("will stay closed", "would be held"): its participle is
# no past tense, and the whole phrase is one future cue.
_FUTURE_STATE = re.compile(
    r"\b(?:will|wo\s?n't|shall|would|'ll)\s+(?:not\s+)?(?:be|stay|remain|have\s+been)"
    r"(?:\s+\w+ly)?\s+\w+",
    re.IGNORECASE,
)


def _cue_spans(text: str) -> list[tuple[int, int, Direction]]:
    """Every tense cue in ``text`` as (start, end, direction)."""
    states = [(m.start(), m.end()) for m in _FUTURE_STATE.finditer(text)]
    spans: list[tuple[int, int, Direction]] = [(a, b, "future") for a, b in states]
    spans += [
        (m.start(), m.end(), "past")
        for m in _PAST_CUE.finditer(text)
        if not any(a <= m.start() < b for a, b in states)
    ]
    spans += [(m.start(), m.end(), "future") for m in _FUTURE_CUE.finditer(text)]
    return spans


def direction_near(before: str, after: str) -> Direction:
    """The tense cue nearest to a time expression, given the text on either side.

    The nearest cue decides because one sentence often mixes tenses ("officials
    said on Thursday the well would be sealed by August"); on a tie the past wins.
    """
    nearest: tuple[int, int, Direction] | None = None
    candidates = [(len(before) - end, direction) for _, end, direction in _cue_spans(before)]
    candidates += [(start, direction) for start, _, direction in _cue_spans(after)]
    for distance, direction in candidates:
        # on a tie the past wins
        key = (distance, 0 if direction == "past" else 1, direction)
        if nearest is None or key[:2] < nearest[:2]:
            nearest = key
    return nearest[2] if nearest is not None else "none"


def monday_of(day: date) -> date:
    return day - timedelta(days=day.weekday())


def first_of_month(year: int, month: int) -> date:
    return date(year, month, 1)


def shift_months(day: date, months: int) -> date:
    """The first day of the month ``months`` away from ``day``'s month."""
    index = day.year * 12 + (day.month - 1) + months
    return date(index // 12, index % 12 + 1, 1)


def shift_years(day: date, years: int) -> date:
    return date(day.year + years, 1, 1)


def safe_date(year: int, month: int, day: int) -> date | None:
    """A date, or None when the parts do not name a real day (31 April)."""
    if not (1 <= month <= 12) or not (1000 <= year <= 2100):
        return None
    if not (1 <= day <= calendar.monthrange(year, month)[1]):
        return None
    return date(year, month, day)


def weekday_near(anchor: date, weekday: int, direction: Direction, *, strict: bool = False) -> date:
    """The named weekday: the last one up to ``anchor`` (past, or no cue: news mostly
    reports what already happened) or the next one from it (future).

    The publication day's own weekday is that day, whatever the tense ("gave way
    early Wednesday" in a Wednesday report, wire copy's "said on Friday" dated Friday,
    "inspectors will visit later on Tuesday" in a Tuesday paper); a week away is
    written "last Wednesday" or "next Tuesday", resolved with ``strict``.
    """
    if weekday == anchor.weekday() and not strict:
        return anchor
    if direction == "future":
        ahead = (weekday - anchor.weekday()) % 7 or 7
        return anchor + timedelta(days=ahead)
    back = (anchor.weekday() - weekday) % 7 or 7
    return anchor - timedelta(days=back)


def month_near(anchor: date, month: int, direction: Direction) -> date:
    """The 1st of ``month`` in the publication year, moved a year when tense demands.

    A past clause naming a month later than the publication month means last year's;
    a future clause naming an earlier month means next year's.
    """
    if direction == "past" and month > anchor.month:
        return date(anchor.year - 1, month, 1)
    if direction == "future" and month < anchor.month:
        return date(anchor.year + 1, month, 1)
    return date(anchor.year, month, 1)


def day_near(anchor: date, month: int, day: int, direction: Direction) -> date | None:
    """A day-month without a year: the last occurrence up to the anchor (past), the
    next from it (future), or with no cue the occurrence nearest to it."""
    candidates = [
        found
        for year in (anchor.year - 1, anchor.year, anchor.year + 1)
        if (found := safe_date(year, month, day)) is not None
    ]
    if direction == "past":
        candidates = [c for c in candidates if c <= anchor] or candidates
    elif direction == "future":
        candidates = [c for c in candidates if c >= anchor] or candidates
    if not candidates:
        return None
    return min(candidates, key=lambda c: (abs((c - anchor).days), c))


def day_month_valid(month: int, day: int) -> bool:
    """Whether some year has this day-month (29 February counts)."""
    return 1 <= month <= 12 and 1 <= day <= calendar.monthrange(2000, month)[1]
