"""Figures the outlets disagree on: "1,200 people" in one, "2,000 residents" in another.

A summary that gives one outlet's count as fact takes a side. So a sentence with a
disputed figure goes into a summary only with its attribution ("officials said"), and
only beside an attributed sentence giving the other version; otherwise the summary
says what happened without the count. A dispute is the same kind of thing counted
(the word after the number; people, residents, villagers… are all people) with
values more than a tenth apart and within a factor of three (1,200 against 2,000 is a dispute;
30 people shouting against 1,200 evacuated is another matter), in sentences of
different outlets that say much the same (a sentence giving both values, "from 6
feet to 3 feet", reports a change, not a dispute).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from newsweave.reports.traits import WORD, stem, word_set

NUMBER = re.compile(
    r"(?<![\w.,])(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)(?:\s+(million|billion|thousand))?"
)
SCALE = {"thousand": 1e3, "million": 1e6, "billion": 1e9}
PEOPLE = word_set(
    """people persons person residents resident inhabitants villagers locals citizens
    civilians adults children men women"""
)
# Words between a number and what it counts: "1,200 more people", "2,000 local residents".
SKIPPED = frozenset({"more", "other", "local", "extra", "additional", "of", "the", "their"})
YEAR = re.compile(r"^(1[89]|20)\d\d$")


@dataclass(frozen=True, slots=True)
class Figure:
    value: float
    unit: str  # what is counted: "people" for any word for people, else the word's stem


def figures_in(text: str) -> tuple[Figure, ...]:
    """Counts in a sentence: a number followed by what it counts (years left out)."""
    found = []
    for match in NUMBER.finditer(text):
        digits, scale = match.group(1), match.group(2)
        if (YEAR.match(digits) and scale is None) or text[match.end() : match.end() + 1] == "-":
            continue  # a year, or a compound like "79-year-old" or "3-2": not a count
        unit = _unit(text[match.end() :])
        if unit is None:
            continue
        value = float(digits.replace(",", "")) * SCALE.get(scale or "", 1.0)
        found.append(Figure(value, unit))
    return tuple(found)


def conflicts(left: Figure, right: Figure) -> bool:
    """Two versions of one count: the same thing counted, values more than a tenth
    apart (81 and "more than 80" per cent agree) but within a factor of three."""
    if left.unit != right.unit:
        return False
    low, high = sorted((left.value, right.value))
    return low > 0 and 1.1 < high / low <= 3.0


def _unit(after: str) -> str | None:
    for word in WORD.findall(after)[:3]:
        lowered = word.lower()
        if lowered in SKIPPED:
            continue
        if lowered in PEOPLE:
            return "people"
        return stem(lowered) if lowered.isalpha() else None
    return None
