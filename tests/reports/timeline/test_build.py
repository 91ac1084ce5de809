"""Timelines over made-up coverage: traceable entries, undated articles kept undated,
one entry for a sentence several outlets carry."""

from __future__ import annotations

from datetime import date

import pytest

from newsweave.reports.timeline.build import build_timeline
from newsweave.reports.timeline.records import Timeline, TimelineArticle
from tests.reports.timeline.conftest import dated_article

# A made-up story: the Alder footbridge in Kessing collapses on Tuesday 10 June 2025.
WIRE = dated_article(
    "wire",
    "Kessing Wire",
    date(2025, 6, 10),
    "The Alder footbridge in Kessing collapsed on Tuesday, injuring four people who were"
    " crossing it, the county fire service said.",
    "Engineers had closed the bridge for repairs on 3 May and reopened it on 28 May.",
    "The council will hold an emergency meeting on Thursday.",
)
COURIER = dated_article(
    "courier",
    "Kessing Courier",
    date(2025, 6, 10),
    "The Alder footbridge in Kessing collapsed on Tuesday, injuring four people who were"
    " crossing it, the fire service said.",
    "Witnesses said the middle span dropped into the river without warning.",
)
HERALD = dated_article(
    "herald",
    "Kessing Herald",
    date(2025, 6, 11),
    "Four people were hurt yesterday when the Alder footbridge collapsed in Kessing.",
    "The bridge had reopened on 28 May after three weeks of repairs, council records show.",
)
GAZETTE = dated_article(
    "gazette",
    "Kessing Gazette",
    date(2025, 6, 13),
    "The council voted yesterday to replace the Alder footbridge, which collapsed on"
    " Tuesday injuring four people.",
    "The emergency meeting on Thursday heard that the bridge's bolts had rusted through.",
)
UNDATED = dated_article(
    "undated",
    "Kessing Notes",
    None,
    "Residents gathered yesterday by the Alder to remember the footbridge.",
    "The footbridge reopened on 28 May 2025 after repairs.",
)
COVERAGE = [WIRE, COURIER, HERALD, GAZETTE, UNDATED]


@pytest.fixture(scope="module")
def timeline() -> Timeline:
    return build_timeline("story-alder", "Alder footbridge", COVERAGE, dates=6, sentences=2)


def test_every_entry_is_an_articles_own_text(timeline: Timeline) -> None:
    by_id = {article.id: article for article in COVERAGE}
    assert timeline.entries
    for entry in timeline.entries:
        assert 1 <= len(entry.sentences) <= 2
        for sentence in entry.sentences:
            article = by_id[sentence.article_id]
            assert article.text[sentence.start : sentence.end] == sentence.text
            assert sentence.outlet == article.outlet
            for carrier in sentence.carriers:
                assert by_id[carrier.article_id].outlet == carrier.outlet
                assert by_id[carrier.article_id].text[carrier.start : carrier.end]


def test_entries_are_in_date_order_on_the_days_reported(timeline: Timeline) -> None:
    days = [entry.day for entry in timeline.entries]
    assert days == sorted(days) and len(days) == len(set(days))
    assert date(2025, 6, 10) in days  # the collapse
    assert date(2025, 6, 12) in days  # the council's vote, "yesterday" on the 13th
    collapse = next(e for e in timeline.entries if e.day == date(2025, 6, 10))
    assert any("collapsed" in s.text for s in collapse.sentences)


def test_an_undated_article_stays_undated(timeline: Timeline) -> None:
    assert timeline.undated == ("undated",)
    placed = [
        (entry.day, carrier)
        for entry in timeline.entries
        for sentence in entry.sentences
        for carrier in sentence.carriers
        if carrier.article_id == "undated"
    ]
    # Only a date its own text states in full can place its sentences.
    for day, carrier in placed:
        assert day == date(2025, 5, 28)
        assert "28 May 2025" in UNDATED.text[carrier.start : carrier.end]
    # "yesterday" in it resolves to nothing: no sentence about the gathering anywhere.
    assert all("gathered" not in s.text for entry in timeline.entries for s in entry.sentences)


def test_near_identical_sentences_of_two_outlets_are_one_entry(timeline: Timeline) -> None:
    collapse = next(e for e in timeline.entries if e.day == date(2025, 6, 10))
    merged = [s for s in collapse.sentences if len(s.carriers) > 1]
    assert merged, collapse
    sentence = merged[0]
    assert {c.article_id for c in sentence.carriers} == {"wire", "courier"}
    assert set(sentence.outlets) == {"Kessing Wire", "Kessing Courier"}
    texts = [s.text for entry in timeline.entries for s in entry.sentences]
    assert sum("collapsed on Tuesday, injuring four" in t for t in texts) == 1


def test_different_counts_are_not_merged() -> None:
    def report(article_id: str, outlet: str, count: str) -> TimelineArticle:
        return dated_article(
            article_id,
            outlet,
            date(2025, 3, 12),
            f"About {count} people were evacuated from Brennick on Wednesday after the dam"
            " gave way, officials said.",
        )

    timeline = build_timeline(
        "t", "", [report("a", "Herald", "1,200"), report("b", "Courier", "2,000")], sentences=2
    )
    (entry,) = timeline.entries
    assert sorted(len(s.carriers) for s in entry.sentences) == [1, 1]
    assert {s.outlet for s in entry.sentences} == {"Herald", "Courier"}


def test_sizes_are_respected_and_checked() -> None:
    timeline = build_timeline("t", "", COVERAGE, dates=2, sentences=1)
    assert len(timeline.entries) == 2
    assert all(len(entry.sentences) == 1 for entry in timeline.entries)
    with pytest.raises(ValueError):
        build_timeline("t", "", COVERAGE, dates=0)
    empty = build_timeline("t", "nothing", [])
    assert empty.entries == () and empty.undated == ()
