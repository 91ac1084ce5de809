"""Counts in a sentence, with the range the wording allows and what is being counted.

"About 1,200 people" allows 1,080 to 1,320; "nearly 2,000" 1,600 to 2,000; "at least
12" anything from 12 up. Two counts of one quantity conflict only when no value fits
both ranges: "at least 12 dead" and "15 dead" can both hold, "about 1,200 evacuated"
and "nearly 2,000 evacuated" cannot. The number pattern, the scale words and the
words for people are the summary's (:mod:`newsweave.reports.figures`).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from newsweave.reports.figures import PEOPLE, SKIPPED, YEAR
from newsweave.reports.traits import WORD, content_terms, stem, word_set

# How far each qualifier lets the true value lie from the number given, as (low, high)
# factors; "nearly 2,000" is a little under 2,000, "about" either side.
QUALIFIERS: dict[str, tuple[float, float]] = {
    "about": (0.9, 1.1),
    "around": (0.9, 1.1),
    "roughly": (0.9, 1.1),
    "approximately": (0.9, 1.1),
    "some": (0.9, 1.1),
    "estimated": (0.9, 1.1),
    "nearly": (0.8, 1.0),
    "almost": (0.8, 1.0),
    "under": (0.0, 1.0),
    "fewer than": (0.0, 1.0),
    "less than": (0.0, 1.0),
    "up to": (0.0, 1.0),
    "at least": (1.0, math.inf),
    "more than": (1.0, math.inf),
    "over": (1.0, math.inf),
    "upwards of": (1.0, math.inf),
    "at most": (0.0, 1.0),
    "as much as": (0.0, 1.0),
    "as many as": (0.0, 1.0),
    "as high as": (0.0, 1.0),
}
# The summary's number pattern (reports/figures.py) with trillions and "$3bn", "$100m".
NUMBER = re.compile(
    r"(?<![\w.,])(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)"
    r"(?:\s+(million|billion|trillion|thousand)\b|(bn|m)\b)?"
)
SCALE = {"thousand": 1e3, "million": 1e6, "m": 1e6, "billion": 1e9, "bn": 1e9, "trillion": 1e12}
# One digit with a scale word ("$1 trillion", "$2 trillion") is a rounding: it stands
# for anything within a fifth of it ("$100m" and "30 million" are meant as given).
ROUNDING = 0.2
QUALIFIER = re.compile(
    r"\b(" + "|".join(re.escape(q) for q in sorted(QUALIFIERS, key=len, reverse=True)) + r")"
    r"\s+(?:[$£€]\s*)?$",
    re.IGNORECASE,
)
CURRENCY = {"$": "dollar", "£": "pound", "€": "euro"}
PERCENT = re.compile(r"^\s*(?:%|per ?cent\b)", re.IGNORECASE)
# Words after a number that make it a time or a date, not a count ("4 pm", "28 May").
NOT_COUNTED = word_set(
    """am pm a p gmt bst edt est pst utc cet et jan feb mar apr may jun jul aug sep sept oct
    nov dec january february march april june july august september october november
    december o'clock"""
)
RATE = re.compile(
    r"^\W*(?:[\w'’-]+\W+){0,4}?(?:a|an|per|each|every)\s+"
    r"(?:day|week|month|year|hour|minute|second)\b",
    re.IGNORECASE,
)
OPEN_ENDED = re.compile(
    r"^\W*(?:[\w'’-]+\W+){0,4}?(?:or|and)\s+(more|higher|over|above|less|fewer|lower)\b",
    re.IGNORECASE,
)
UPWARDS = frozenset({"more", "higher", "over", "above"})
MONTHS = word_set(
    """jan feb mar apr may jun jul aug sep sept oct nov dec january february march april
    june july august september october november december"""
)
CONTEXT_WORDS = 6  # words each side of a count that say what it counts


@dataclass(frozen=True, slots=True)
class Count:
    """A number of something: ``value`` as written, [``low``, ``high``] as qualified."""

    value: float
    unit: str  # "people" for any word for people, else the stem of what is counted
    noun: str  # what is counted, as written ("barrels")
    low: float
    high: float
    written: str  # the number with its qualifier, as in the text
    context: frozenset[str]  # content terms near it
    following: frozenset[str] = frozenset()  # those after it ("17 people were injured")
    rate: bool = False  # so many a day, per week… (not a total)


def counts_in(text: str) -> tuple[Count, ...]:
    """Every count in ``text`` (years, compounds like "79-year-old" and numbers with
    nothing counted after them left out)."""
    found = []
    for match in NUMBER.finditer(text):
        digits, scale = match.group(1), match.group(2) or match.group(3)
        if (YEAR.match(digits) and scale is None) or text[match.end() : match.end() + 1] == "-":
            continue
        if any(w.lower() in MONTHS for w in WORD.findall(text[: match.start()])[-1:]):
            continue  # a day of the month: "April 10"
        if (
            text[max(0, match.start() - 1) : match.start()] in (":", "-", "–")
            or text[match.end() :][:1] == ":"
        ):
            continue  # a clock time, "1:22 pm"; the end of a range, "24-48 hours"
        before = text[: match.start()]
        counted = _unit(before, text[match.end() :])
        if counted is None:
            continue
        unit, noun = counted
        value = float(digits.replace(",", "")) * SCALE.get(scale or "", 1.0)
        qualifier = QUALIFIER.search(before[-20:])
        low, high = QUALIFIERS[qualifier.group(1).lower()] if qualifier else (1.0, 1.0)
        if scale and len(digits) == 1:
            low, high = min(low, 1 - ROUNDING), max(high, 1 + ROUNDING)
        bound = OPEN_ENDED.match(text[match.end() : match.end() + 40])
        if bound:  # "4,000 barrels a day or more"
            low, high = (low, math.inf) if bound.group(1).lower() in UPWARDS else (0.0, high)
        start = match.start() - (len(qualifier.group(0)) if qualifier else 0)
        found.append(
            Count(
                value=value,
                unit=unit,
                noun=noun,
                low=value * low,
                high=value * high,
                written=text[start : match.end()],
                context=_context(before, text[match.end() :], unit),
                following=_context("", text[match.end() :], unit),
                rate=bool(RATE.match(text[match.end() : match.end() + 60])),
            )
        )
    return tuple(found)


def numbers_in(text: str) -> int:
    """How many numbers ``text`` gives, years, clock times, days of the month ("12
    March", "March 12") and parts of names ("COVID-19") aside."""
    count = 0
    for m in NUMBER.finditer(text):
        if YEAR.match(m.group(1)) and m.group(2) is None and m.group(3) is None:
            continue
        after = WORD.findall(text[m.end() : m.end() + 12])[:1]
        before = WORD.findall(text[max(0, m.start() - 12) : m.start()])[-1:]
        if (
            text[max(0, m.start() - 1) : m.start()] in (":", "-")
            or any(w.lower() in NOT_COUNTED for w in after)
            or any(w.lower() in MONTHS for w in before)
        ):
            continue
        count += 1
    return count


def disagree(left: Count, right: Count) -> bool:
    """Two counts of the same thing that cannot both hold: no value fits both ranges,
    with a tenth to spare, and within a factor of three of each other (further apart
    they are more likely counts of different things)."""
    if left.unit != right.unit or left.rate != right.rate or min(left.value, right.value) <= 0:
        return False
    low, high = sorted((left, right), key=lambda c: c.value)
    ratio = high.value / low.value
    return low.high * 1.1 < high.low and ratio <= 3.0


def agree(left: Count, right: Count) -> bool:
    """The same thing counted alike: some value fits both ranges, with a tenth to spare."""
    if left.unit != right.unit:
        return False
    low, high = sorted((left, right), key=lambda c: c.value)
    return low.high * 1.1 >= high.low


def _unit(before: str, after: str) -> tuple[str, str] | None:
    """What a number counts: its comparable stem, and the word a reader knows it by."""
    if before.rstrip()[-1:] in CURRENCY:
        return CURRENCY[before.rstrip()[-1]], CURRENCY[before.rstrip()[-1]] + "s"
    if PERCENT.match(after):
        return "percent", "per cent"
    words = [w.lower() for w in WORD.findall(after)[:4]]
    words = [w for w in words if w not in SKIPPED][:2]
    if not words or not words[0].isalpha() or words[0] in NOT_COUNTED:
        return None
    if any(w in PEOPLE for w in words):
        return "people", "people"
    # "900 rail passengers", "250,000 new jobs": a singular word before a plural one
    # describes what the plural counts.
    described = len(words) == 2 and not words[0].endswith("s")
    if described and words[1].isalpha() and words[1].endswith("s"):
        return stem(words[1]), words[1]
    return stem(words[0]), words[0]


def _context(before: str, after: str, unit: str) -> frozenset[str]:
    words = WORD.findall(before)[-CONTEXT_WORDS:] + WORD.findall(after)[: CONTEXT_WORDS + 1]
    return frozenset(
        t
        for t in content_terms(" ".join(words))
        if t != unit and t not in _NOT_CONTEXT and not t[:1].isdigit()
    )


# Words for people and qualifiers say nothing about what is counted.
_NOT_CONTEXT = frozenset(stem(w) for w in PEOPLE | {q for k in QUALIFIERS for q in k.split()})


def magnitude(figure: str) -> float:
    """The value of a count as :func:`figure_text` writes it."""
    number, _, scale = figure.partition(" ")
    return float(number.replace(",", "")) * SCALE.get(scale, 1.0)


def figure_text(value: float) -> str:
    """A count as a reader writes it: "1,200", "4.1 million"."""
    if value >= 1e9:
        return f"{value / 1e9:,.3g} billion"
    if value >= 1e6:
        return f"{value / 1e6:,.3g} million"
    return f"{value:,.0f}" if value == int(value) else f"{value:,.2f}"
