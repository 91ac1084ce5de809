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
# ("she said the vote would be held in October") speaks of a later event.
_FUTURE_CUE = re.compile(
    r"\b(?:will|won't|shall|would|'ll|going\s+to|plans?\s+to|planned|scheduled|expected"
    r"|due\s+to|due\s+in|set\s+to|next|upcoming|coming|later\s+this|tomorrow)\b",
    re.IGNORECASE,
)
# Past-tense cues. Reporting verbs ("said", "told") are left out on purpose: they
# mark the attribution, not the time of the event the clause talks about.
_PAST_CUE = re.compile(
    r"\b(?:was|were|had|did|been|ago|last|earlier|\w{3,}ed|took|began|came|went|made|saw"
    r"|fell|rose|won|lost|left|met|held|sank|struck|told|gave|got|found|broke|ran|led|shot"
    r"|flew|fled|froze|drove|wrote|spoke|chose|fought|caught|brought|bought|sought|thought"
    r"|became|grew|knew|threw|drew|swore|tore|wore|stood|sat|sent|spent|built|paid|sold)\b",
    re.IGNORECASE,
)


def clause_direction(sentence_text: str) -> Direction:
    """Whether a sentence speaks of the future, the past, or gives no cue."""
    if _FUTURE_CUE.search(sentence_text):
        return "future"
    if _PAST_CUE.search(sentence_text):
        return "past"
    return "none"


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
    if not (1 <= month <= 12) or not (1900 <= year <= 2100):
        return None
    if not (1 <= day <= calendar.monthrange(year, month)[1]):
        return None
    return date(year, month, day)


def weekday_near(anchor: date, weekday: int, direction: Direction) -> date:
    """The named weekday strictly before ``anchor`` (past) or strictly after (future).

    With no cue the past is assumed: news mostly reports what already happened.
    """
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
    """A day-month without a year, placed like :func:`month_near` but at day precision."""
    year = anchor.year
    if direction == "past" and (month, day) > (anchor.month, anchor.day):
        year -= 1
    elif direction == "future" and (month, day) < (anchor.month, anchor.day):
        year += 1
    return safe_date(year, month, day)


def day_month_valid(month: int, day: int) -> bool:
    """Whether some year has this day-month (29 February counts)."""
    return 1 <= month <= 12 and 1 <= day <= calendar.monthrange(2000, month)[1]
