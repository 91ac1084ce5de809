"""Conflicts: counts, dates, a denial beside the claim it denies, within one article
and across outlets; and none for accounts that can both hold."""

from __future__ import annotations

import pytest

from newsweave.reports.compare.comparison import Comparison, compare_articles
from tests.reports.compare.conftest import COURIER, HERALD, MakeArticle


def compare(*articles: object) -> Comparison:
    return compare_articles("s", "Story", list(articles))  # type: ignore[arg-type]


def test_two_counts_of_one_quantity_conflict(article: MakeArticle) -> None:
    comparison = compare(article("Brask Herald", HERALD), article("Orm Courier", COURIER))
    [conflict] = comparison.conflicts
    assert conflict.kind == "number"
    assert conflict.about == "how many people: 1,200 vs 2,000"
    sides = {side.outlet: side for side in conflict.sides}
    assert sides["Brask Herald"].source == "the mayor's office"
    assert "About 1,200 residents" in sides["Brask Herald"].text
    assert sides["Orm Courier"].source == "the regional fire service"
    assert "Nearly 2,000 people" in sides["Orm Courier"].text


@pytest.mark.parametrize(
    "courier",
    [
        # "at least 1,000" and "about 1,200" can both be true
        COURIER.replace("Nearly 2,000", "At least 1,000"),
        # the same count in other words
        COURIER.replace("Nearly 2,000", "Some 1,250"),
        # one account reports a change, not a rival count
        COURIER.replace(
            "Nearly 2,000 people were evacuated",
            "The number of people evacuated rose from 1,200 to 2,000",
        ),
        # a count of something else: beds, not people fleeing
        "The sports hall in Brask has 2,000 seats and a car park.",
    ],
    ids=["bounds-overlap", "agreeing", "change", "other-quantity"],
)
def test_compatible_accounts_do_not_conflict(article: MakeArticle, courier: str) -> None:
    comparison = compare(article("Brask Herald", HERALD), article("Orm Courier", courier))
    assert comparison.conflicts == ()


def test_counts_days_apart_are_an_update_not_a_conflict(article: MakeArticle) -> None:
    comparison = compare(
        article("Brask Herald", HERALD, day=11), article("Orm Courier", COURIER, day=15)
    )
    assert comparison.conflicts == ()


def test_two_days_for_one_event_conflict(article: MakeArticle) -> None:
    herald = "The minister, Karel Dost, visited the flooded town of Brask on 10 March."
    courier = "The minister, Karel Dost, visited the flooded town of Brask on 11 March."
    comparison = compare(article("Brask Herald", herald), article("Orm Courier", courier))
    [conflict] = comparison.conflicts
    assert conflict.kind == "date"
    assert conflict.about == "when: 2025-03-10 vs 2025-03-11"
    assert {s.outlet for s in conflict.sides} == {"Brask Herald", "Orm Courier"}


def test_a_denial_beside_the_claim_it_denies(article: MakeArticle) -> None:
    text = (
        "The Varnish envoy in Keldor has spoken of disagreements between Varnland and"
        " Keldor over how long the border mission should run.\n\n"
        "However, the prime minister's office has denied any disagreements with Varnland"
        " over the mission.\n\n"
        "Foreign ministry spokesman Oskar Lind said Keldor and Varnland were working closely"
        ' together and there was "no daylight between the partners".'
    )
    comparison = compare(article("Keldor Times", text))
    [conflict] = comparison.conflicts
    assert conflict.kind == "denial"
    assert conflict.about.startswith("denied: disagreements")
    texts = [side.text for side in conflict.sides]
    assert texts[0].startswith("The Varnish envoy in Keldor has spoken of disagreements")
    assert any("has denied any disagreements" in t for t in texts)
    assert any("no daylight between the partners" in t for t in texts)
    sources = {side.source for side in conflict.sides}
    assert {"The Varnish envoy in Keldor", "Oskar Lind"} <= sources


def test_a_denial_across_outlets(article: MakeArticle) -> None:
    times = "Inspectors said the operator had ignored warnings about cracks in the dam wall."
    post = "The operator denied that it had ignored warnings about cracks in the dam wall."
    comparison = compare(article("Keldor Times", times), article("Lune Valley Post", post))
    [conflict] = comparison.conflicts
    assert conflict.kind == "denial"
    assert [s.outlet for s in conflict.sides] == ["Keldor Times", "Lune Valley Post"]


@pytest.mark.parametrize(
    "text",
    [
        "The council rejected the plan for a new car park on Tuesday.",  # a decision
        "The spokesman said he had no doubt a deal would be reached on the plan.",
        "The regulator was denied access to the plan on Tuesday.",  # passive
    ],
)
def test_what_is_not_a_denial(article: MakeArticle, text: str) -> None:
    claim = "The council published a plan for a new car park on Tuesday, officials said."
    comparison = compare(article("Keldor Times", claim), article("Lune Valley Post", text))
    assert comparison.conflicts == ()


def test_a_conflict_within_one_article_needs_two_sources(article: MakeArticle) -> None:
    text = (
        "About 1,200 residents fled their homes in Brask on Tuesday, the mayor's office said."
        "\n\n"
        "Nearly 2,000 people were evacuated from their homes in Brask on Tuesday, the"
        " regional fire service said."
    )
    [conflict] = compare(article("Brask Herald", text)).conflicts
    assert conflict.kind == "number"
    assert {s.source for s in conflict.sides} == {"the mayor's office", "the regional fire service"}
    unattributed = text.replace(", the mayor's office said", "").replace(
        ", the\n regional fire service said", ""
    )
    unattributed = unattributed.replace(", the regional fire service said", "")
    assert compare(article("Brask Herald", unattributed)).conflicts == ()


def test_opposite_outcomes_conflict(article: MakeArticle) -> None:
    herald = "The Brask council approved the plan for a flood wall along the Orm on Monday."
    courier = "The Brask council rejected the plan for a flood wall along the Orm on Monday."
    [conflict] = compare(article("Brask Herald", herald), article("Orm Courier", courier)).conflicts
    assert conflict.kind == "outcome"
