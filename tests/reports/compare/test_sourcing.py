"""Sourcing profiles: named and anonymous sources counted once per outlet, direct and
reported speech, sources per side (from a lookup, or from how the text introduces
them)."""

from __future__ import annotations

from newsweave.reports.compare.sourcing import sourcing_profiles
from tests.reports.compare.conftest import MakeArticle

TIMES = (
    "Keldor will pull its troops out of the border town of Ostrava within weeks, senior"
    " government sources said on Monday.\n\n"
    '"We are ready to leave, and the local police are ready to take over," said one senior'
    " official.\n\n"
    "Defence ministry insiders confirmed that the timetable had not changed.\n\n"
    "General Mara Voss, a retired Varnish commander, said the local police were not ready."
)
POST = (
    "Varnland's ambassador to Keldor, Jonas Brede, said his government would prefer the"
    " troops to stay.\n\n"
    '"We would like a joint plan," Mr Brede told reporters. "We are talking about it."\n\n'
    "The prime minister's spokesman said no final decision had been made.\n\n"
    '"That will be decided after the review," he said.'
)


def test_named_and_anonymous_sources_direct_and_reported(article: MakeArticle) -> None:
    profiles = sourcing_profiles([article("Keldor Times", TIMES), article("Lune Post", POST)])
    times, post = profiles["Keldor Times"], profiles["Lune Post"]
    # Three anonymous sources (government sources, an official, ministry insiders)
    # against one named general: an outlet leaning on anonymous sources.
    assert (times.named, times.anonymous) == (1, 3)
    assert times.direct == 1 and times.reported == 3
    # The ambassador twice under two names, the spokesman twice ("he said" leans on
    # the quote before it): one named source, one anonymous.
    assert (post.named, post.anonymous) == (1, 1)
    assert post.direct == 2 and post.reported == 2


def test_sides_come_from_the_lookup(article: MakeArticle) -> None:
    sides = {"Jonas Brede": "Varnland", "prime minister's spokesman": "Keldor government"}
    profile = sourcing_profiles([article("Lune Post", POST)], sides)["Lune Post"]
    assert dict(profile.sides) == {"Keldor government": 1, "Varnland": 1}


def test_sides_by_default_from_how_sources_are_introduced(article: MakeArticle) -> None:
    profile = sourcing_profiles([article("Lune Post", POST)])["Lune Post"]
    assert dict(profile.sides) == {"Varnland": 1, "unknown": 1}


def test_a_copy_adds_no_sources(article: MakeArticle) -> None:
    original = article("Lune Post", POST, id="post")
    copy = article("Orm Courier", POST, id="copy", copy_of="post")
    profiles = sourcing_profiles([original, copy])
    assert (profiles["Orm Courier"].named, profiles["Orm Courier"].direct) == (0, 0)
