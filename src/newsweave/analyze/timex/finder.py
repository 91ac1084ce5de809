"""Time expressions: find dates in article text and resolve them to calendar values.

One regex pass (:data:`~newsweave.analyze.timex.patterns.TIME_PATTERN`) finds the
candidates; a resolver per kind turns each into :class:`~newsweave.records.TimeExpr`.

Conventions (chosen here, relied on by timeline building):

* ``value`` is a :class:`datetime.date`: the day itself, the Monday of a week, the
  1st of a month, 1 January of a year.
* ``relative`` is True for everything whose value depends on the publication day:
  "yesterday", "last week", "four years ago", but also a bare "Wednesday",
  "October" or "24 January" (no year). Without a publication day these keep
  ``value=None``: they are never guessed.
* A bare weekday, month or day-month is placed by the tense cue nearest to it in
  its sentence: future cues ("will", "due to", "scheduled") pick the next
  occurrence, past cues ("was", "said", "-ed") the last one. With no cue a weekday
  is the last one up to publication. The publication day's own weekday is that day
  in any tense ("last Tuesday" and "next Tuesday" are a week away). A month falls
  in the publication year and a day-month is the occurrence nearest to publication.
  "last"/"next" override.
* "last night" is the day before publication (news reports it the next morning).
* "mid-2006", "early 2006" have year granularity (1 January 2006); "early
  January 2007" has month granularity.
* "the 1990s" has granularity "unknown" with value 1 January 1990 (decade start):
  no decade granularity exists, and "year" would overstate the precision.
* "24/01/2007" is resolved only when day and month cannot be swapped; "03/04/2007"
  is kept with ``value=None``.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from re import Match

from newsweave.analyze.timex.calendar import (
    Direction,
    day_month_valid,
    day_near,
    direction_near,
    monday_of,
    month_near,
    safe_date,
    shift_months,
    shift_years,
    weekday_near,
)
from newsweave.analyze.timex.patterns import (
    MONTH_NUMBERS,
    NUMBER_WORDS,
    TIME_PATTERN,
    WEEKDAY_NUMBERS,
    candidate_windows,
)
from newsweave.limits import check_deadline
from newsweave.records import Granularity, Sentence, TimeExpr

# How far around an expression tense cues are looked for (characters, within
# its sentence): about ten words before it and six after.
_CUE_REACH_BEFORE = 60
_CUE_REACH_AFTER = 40


@dataclass
class _Context:
    """What every resolver needs: the text, the anchor day and sentence lookup."""

    text: str
    sentences: Sequence[Sentence]
    anchor: date | None
    sentence_starts: list[int]

    def sentence_index(self, position: int) -> int:
        """Index of the sentence holding ``position``; -1 only when there are none."""
        if not self.sentences:
            return -1
        return max(bisect.bisect_right(self.sentence_starts, position) - 1, 0)

    def direction(self, match: Match[str]) -> Direction:
        """The tense around ``match``: nearest cue within its sentence and a few words."""
        low, high = 0, len(self.text)
        index = self.sentence_index(match.start())
        if index >= 0:
            low, high = self.sentences[index].start, self.sentences[index].end
        before = self.text[max(low, match.start() - _CUE_REACH_BEFORE) : match.start()]
        after = self.text[match.end() : min(high, match.end() + _CUE_REACH_AFTER)]
        return direction_near(before, after)

    def expr(
        self,
        start: int,
        end: int,
        value: date | None,
        granularity: Granularity,
        relative: bool,
    ) -> TimeExpr:
        return TimeExpr(
            start=start,
            end=end,
            text=self.text[start:end],
            value=value,
            granularity=granularity,
            relative=relative,
            sentence=self.sentence_index(start),
        )


_Resolver = Callable[[Match[str], _Context], list[TimeExpr]]


def _month(word: str) -> int:
    return MONTH_NUMBERS[word.rstrip(" .").lower()]


def _day(word: str) -> int:
    # "24th" -> 24: the ordinal suffix follows the one or two digits
    return int(word[:2]) if word[:2].isdigit() else int(word[:1])


def _whole(match: Match[str]) -> tuple[int, int]:
    return match.start(), match.end()


def _resolve_iso(match: Match[str], ctx: _Context) -> list[TimeExpr]:
    value = safe_date(int(match["iso_y"]), int(match["iso_m"]), int(match["iso_d"]))
    return [ctx.expr(*_whole(match), value, "day", False)] if value else []


def _resolve_numeric(match: Match[str], ctx: _Context) -> list[TimeExpr]:
    first, second, year = int(match["numeric_a"]), int(match["numeric_b"]), int(match["numeric_y"])
    day_first = safe_date(year, second, first)
    month_first = safe_date(year, first, second)
    if day_first is None and month_first is None:
        return []
    # Both readings valid and different: the order is the writer's convention, unknown.
    value = (
        None
        if day_first and month_first and day_first != month_first
        else (day_first or month_first)
    )
    return [ctx.expr(*_whole(match), value, "day", False)]


def _resolve_day_month(
    match: Match[str], ctx: _Context, day_word: str, month_word: str, year_word: str | None
) -> list[TimeExpr]:
    day, month = _day(day_word), _month(month_word)
    if year_word is not None:
        value = safe_date(int(year_word), month, day)
        return [ctx.expr(*_whole(match), value, "day", False)] if value else []
    if not day_month_valid(month, day):
        return []
    resolved = None
    if ctx.anchor is not None:
        resolved = day_near(ctx.anchor, month, day, ctx.direction(match))
    return [ctx.expr(*_whole(match), resolved, "day", True)]


def _resolve_dmy(match: Match[str], ctx: _Context) -> list[TimeExpr]:
    return _resolve_day_month(match, ctx, match["dmy_d"], match["dmy_m"], match["dmy_y"])


def _resolve_mdy(match: Match[str], ctx: _Context) -> list[TimeExpr]:
    return _resolve_day_month(match, ctx, match["mdy_d"], match["mdy_m"], match["mdy_y"])


def _resolve_month_year(match: Match[str], ctx: _Context) -> list[TimeExpr]:
    value = safe_date(int(match["my_y"]), _month(match["my_m"]), 1)
    return [ctx.expr(*_whole(match), value, "month", False)] if value else []


def _modifier_direction(modifier: str | None, ctx: _Context, match: Match[str]) -> Direction:
    word = (modifier or "").lower()
    if word == "last":
        return "past"
    if word == "next":
        return "future"
    return ctx.direction(match)


def _resolve_weekday(match: Match[str], ctx: _Context) -> list[TimeExpr]:
    value = None
    if ctx.anchor is not None:
        direction = _modifier_direction(match["weekday_mod"], ctx, match)
        weekday = WEEKDAY_NUMBERS[match["weekday_d"].lower()]
        strict = (match["weekday_mod"] or "").lower() in ("last", "next")
        value = weekday_near(ctx.anchor, weekday, direction, strict=strict)
    return [ctx.expr(*_whole(match), value, "day", True)]


def _resolve_bare_month(
    match: Match[str], ctx: _Context, modifier: str | None, month_group: str
) -> list[TimeExpr]:
    # A preposition ("in May") is context, not part of the expression.
    keeps_modifier = modifier is not None and modifier.lower().split()[0] not in {
        "in",
        "since",
        "until",
        "till",
        "during",
        "by",
    }
    start = match.start() if keeps_modifier else match.start(month_group)
    value = None
    if ctx.anchor is not None:
        month = _month(match[month_group])
        direction = _modifier_direction(modifier, ctx, match)
        value = month_near(ctx.anchor, month, direction)
        # "last May" said in May is a year back; "next May" a year ahead.
        word = (modifier or "").lower()
        this_month = ctx.anchor.replace(day=1)
        if (word == "last" and value >= this_month) or (word == "next" and value <= this_month):
            value = value.replace(year=value.year + (1 if word == "next" else -1))
    return [ctx.expr(start, match.end(), value, "month", True)]


def _resolve_month(match: Match[str], ctx: _Context) -> list[TimeExpr]:
    return _resolve_bare_month(match, ctx, match["month_mod"], "month_m")


def _resolve_may(match: Match[str], ctx: _Context) -> list[TimeExpr]:
    return _resolve_bare_month(match, ctx, match["may_mod"], "may_m")


def _resolve_decade(match: Match[str], ctx: _Context) -> list[TimeExpr]:
    value = date(int(match["decade_y"]), 1, 1)
    return [ctx.expr(*_whole(match), value, "unknown", False)]


def _resolve_year_range(match: Match[str], ctx: _Context) -> list[TimeExpr]:
    return [
        ctx.expr(match.start(group), match.end(group), date(int(match[group]), 1, 1), "year", False)
        for group in ("years_a", "years_b")
    ]


def _resolve_year(match: Match[str], ctx: _Context) -> list[TimeExpr]:
    # "mid-2006" keeps its modifier; "in 2003" is just the year.
    keeps_modifier = match["year_pre"].lower() in {"early", "mid", "late"}
    start = match.start() if keeps_modifier else match.start("year_y")
    value = date(int(match["year_y"]), 1, 1)
    return [ctx.expr(start, match.end(), value, "year", False)]


_WORD_OFFSETS = {
    "the day before yesterday": -2,
    "day after tomorrow": 2,
    "yesterday": -1,
    "last night": -1,
    "tomorrow": 1,
}


def _resolve_word(match: Match[str], ctx: _Context) -> list[TimeExpr]:
    phrase = " ".join(match["word_w"].lower().split())
    offset = next((days for key, days in _WORD_OFFSETS.items() if phrase.startswith(key)), 0)
    value = ctx.anchor + timedelta(days=offset) if ctx.anchor is not None else None
    return [ctx.expr(*_whole(match), value, "day", True)]


def _shift(anchor: date, unit: str, amount: int) -> tuple[date, Granularity]:
    """Move ``amount`` units from the anchor and snap to the unit's granularity."""
    if unit.startswith("day"):
        return anchor + timedelta(days=amount), "day"
    if unit.startswith("week"):
        return monday_of(anchor + timedelta(weeks=amount)), "week"
    if unit.startswith("month"):
        return shift_months(anchor, amount), "month"
    return shift_years(anchor, amount), "year"


def _granularity_of(unit: str) -> Granularity:
    if unit.startswith("day"):
        return "day"
    if unit.startswith("week"):
        return "week"
    return "month" if unit.startswith("month") else "year"


def _resolve_unit(match: Match[str], ctx: _Context) -> list[TimeExpr]:
    unit = match["unit_u"].lower()
    modifier = match["unit_mod"].lower()
    amount = -1 if modifier == "last" else 1 if modifier == "next" else 0
    if ctx.anchor is None:
        return [ctx.expr(*_whole(match), None, _granularity_of(unit), True)]
    value, granularity = _shift(ctx.anchor, unit, amount)
    return [ctx.expr(*_whole(match), value, granularity, True)]


def _count(word: str) -> int | None:
    normalised = " ".join(word.lower().split())
    return int(normalised) if normalised.isdigit() else NUMBER_WORDS[normalised]


def _resolve_counted(match: Match[str], ctx: _Context, prefix: str, sign: int) -> list[TimeExpr]:
    unit = match[f"{prefix}_u"].lower()
    amount = _count(match[f"{prefix}_n"])
    if ctx.anchor is None or amount is None:
        return [ctx.expr(*_whole(match), None, _granularity_of(unit), True)]
    value, granularity = _shift(ctx.anchor, unit, sign * amount)
    return [ctx.expr(*_whole(match), value, granularity, True)]


def _resolve_ago(match: Match[str], ctx: _Context) -> list[TimeExpr]:
    return _resolve_counted(match, ctx, "ago", -1)


def _resolve_ahead(match: Match[str], ctx: _Context) -> list[TimeExpr]:
    # "in three weeks" is a duration as often as a point ("the lowest in two years"):
    # take it as a point only with "time" after it or a future cue nearby.
    if match["ahead_time"] is None and ctx.direction(match) != "future":
        return []
    return _resolve_counted(match, ctx, "ahead", 1)


_RESOLVERS: dict[str, _Resolver] = {
    "iso": _resolve_iso,
    "numeric": _resolve_numeric,
    "dmy": _resolve_dmy,
    "mdy": _resolve_mdy,
    "my": _resolve_month_year,
    "weekday": _resolve_weekday,
    "month": _resolve_month,
    "may": _resolve_may,
    "decade": _resolve_decade,
    "years": _resolve_year_range,
    "year": _resolve_year,
    "word": _resolve_word,
    "unit": _resolve_unit,
    "ago": _resolve_ago,
    "ahead": _resolve_ahead,
}


def find_times(
    text: str, sentences: Sequence[Sentence], published: datetime | None
) -> tuple[TimeExpr, ...]:
    """All time expressions in ``text``, in order, resolved against ``published``.

    ``sentences`` are the article's sentences (offsets into ``text``); each result's
    ``sentence`` indexes into them (-1 when the sequence is empty).
    """
    ctx = _Context(
        text=text,
        sentences=sentences,
        anchor=published.date() if published is not None else None,
        sentence_starts=[sentence.start for sentence in sentences],
    )
    found: list[TimeExpr] = []
    for window_start, window_end in candidate_windows(text):
        check_deadline()
        for match in TIME_PATTERN.finditer(text, window_start, window_end):
            kind = match.lastgroup
            if kind is not None:
                found.extend(_RESOLVERS[kind](match, ctx))
    return tuple(found)
