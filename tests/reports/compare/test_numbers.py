"""Counts and the range their wording allows; which two counts cannot both hold."""

from __future__ import annotations

import pytest

from newsweave.reports.compare.numbers import Count, counts_in, disagree, numbers_in


def count(text: str) -> Count:
    [found] = counts_in(text)
    return found


@pytest.mark.parametrize(
    ("left", "right", "clash"),
    [
        ("about 1,200 residents fled", "nearly 2,000 people fled", True),
        ("at least 12 people died", "15 people died", False),  # a bound, and a value in it
        ("at least $50 billion in tariffs", "up to $60 billion in tariffs", False),
        ("a $1 trillion bill", "a $1.2 trillion bill", False),  # a round figure rounds
        ("a $300 billion bill", "a $500 billion bill", True),
        ("as much as $4 trillion", "$1.9 trillion", False),
        ("4,000 barrels a day or more", "5,000 barrels a day", False),
        ("5,000 barrels a day", "9,000 barrels in total", False),  # a rate and a total
        ("1,200 people", "1,200 cars", False),  # other things counted
        ("900 rail passengers", "400 passengers", True),  # what the plural counts
    ],
)
def test_which_counts_cannot_both_hold(left: str, right: str, clash: bool) -> None:
    assert disagree(count(left), count(right)) is clash


@pytest.mark.parametrize(
    "text",
    [
        "At 1:22 pm on Tuesday",  # a clock time
        "the April 10 deadline",  # a day of the month
        "built in 1968",  # a year
        "a 79-year-old man",  # a compound
        "it would take 24-48 hours",  # a range's end ("24" is followed by a hyphen)
    ],
)
def test_what_is_not_a_count(text: str) -> None:
    assert counts_in(text) == ()


def test_numbers_in_leave_out_days_and_years() -> None:
    assert numbers_in("On 12 March 2025 about 1,200 people and 30 cars left") == 2
    assert numbers_in("a $300 billion COVID-19 stimulus bill") == 1
