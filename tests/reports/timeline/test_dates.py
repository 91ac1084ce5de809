"""Which day a sentence is about, and which days rank first."""

from __future__ import annotations

from datetime import date

from newsweave.reports.timeline.build import build_timeline
from newsweave.reports.timeline.dates import mentions_by_day, rank_days, sentence_days
from tests.reports.timeline.conftest import dated_article

TUESDAY_10_JUNE = date(2025, 6, 10)


def _days_of_sentence(sentence: str, published: date) -> tuple[date, ...]:
    article = dated_article("a", "Wire", published, sentence)
    return sentence_days(article).get(0, ())


def test_yesterday_is_the_day_before_publication() -> None:
    days = _days_of_sentence(
        "The river Alder burst its banks yesterday, flooding forty homes.", TUESDAY_10_JUNE
    )
    assert days == (date(2025, 6, 9),)


def test_last_tuesday_is_a_week_back_from_a_tuesday() -> None:
    days = _days_of_sentence(
        "The council voted last Tuesday to close the Alder footbridge.", TUESDAY_10_JUNE
    )
    assert days == (date(2025, 6, 3),)


def test_a_bare_weekday_of_the_publication_day_is_that_day() -> None:
    days = _days_of_sentence(
        "The footbridge over the Alder gave way early Tuesday, the council said.",
        TUESDAY_10_JUNE,
    )
    assert days == (TUESDAY_10_JUNE,)


def test_a_day_in_may_named_in_june_is_this_years() -> None:
    days = _days_of_sentence(
        "The council first approved the footbridge repairs on 3 May.", TUESDAY_10_JUNE
    )
    assert days == (date(2025, 5, 3),)


def test_dates_across_the_year_end() -> None:
    new_year = date(2025, 1, 2)
    assert _days_of_sentence("Fireworks started the fire on 31 December.", new_year) == (
        date(2024, 12, 31),
    )
    assert _days_of_sentence("The ferry ran aground yesterday.", date(2025, 1, 1)) == (
        date(2024, 12, 31),
    )
    # Said late in December, "on 2 January" with a future cue is next year's.
    assert _days_of_sentence("The inquiry will open on 2 January.", date(2024, 12, 30)) == (
        date(2025, 1, 2),
    )


def test_an_event_is_placed_on_its_day_not_the_report_day() -> None:
    # Reported on the 25th as "yesterday": the timeline puts it under the 24th.
    report = dated_article(
        "r",
        "Wire",
        date(2025, 6, 25),
        "A fire destroyed the Kessel grain store yesterday, the fire service said.",
        "Investigators are examining the wiring of the store's old conveyor.",
    )
    timeline = build_timeline("t", "Kessel fire", [report], dates=2, sentences=1)
    by_day = {entry.day: entry.sentences[0].text for entry in timeline.entries}
    assert "grain store yesterday" in by_day[date(2025, 6, 24)]
    assert "grain store" not in by_day.get(date(2025, 6, 25), "")


def test_relative_days_of_an_undated_article_are_no_days() -> None:
    undated = dated_article(
        "u",
        "Unknown",
        None,
        "The dam gave way yesterday, flooding the lower town.",
        "Repairs began on Monday and will take weeks.",
    )
    assert sentence_days(undated) == {}


def test_days_mentioned_by_many_articles_rank_first() -> None:
    articles = [
        dated_article(
            f"a{k}",
            outlet,
            date(2025, 6, 12),
            "The Alder footbridge collapsed on 10 June, injuring four people.",
        )
        for k, outlet in enumerate(("Wire", "Courier", "Herald"))
    ]
    articles.append(
        dated_article(
            "old",
            "Gazette",
            date(2025, 6, 12),
            "The footbridge was last inspected on 2 April, engineers said.",
        )
    )
    days_of = [sentence_days(a) for a in articles]
    ranked = rank_days(articles, days_of)
    assert ranked.index(date(2025, 6, 10)) < ranked.index(date(2025, 4, 2))
    assert rank_days(articles, days_of, within=(date(2025, 4, 1), date(2025, 4, 30))) == [
        date(2025, 4, 2)
    ]
    assert mentions_by_day(articles, days_of)[date(2025, 4, 2)] == [(3, 0)]
