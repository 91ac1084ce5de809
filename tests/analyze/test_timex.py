"""find_times: every expression kind, with and without a publication day."""

from __future__ import annotations

import json
import re
import time
from datetime import date, datetime

import pytest

from newsweave.analyze.timex.finder import find_times
from newsweave.records import Sentence, TimeExpr
from tests.conftest import SHARED

# A Tuesday. Weekday arithmetic below counts from here.
PUBLISHED = datetime(2024, 3, 12, 9, 30)


def split_sentences(text: str) -> list[Sentence]:
    """Sentences ending in ". " — enough for the made-up texts here."""
    sentences = []
    for match in re.finditer(r"[^.!?]+[.!?]?", text):
        stripped = match.group().strip()
        if stripped:
            start = match.start() + match.group().index(stripped)
            sentences.append(Sentence(start, start + len(stripped), stripped))
    return sentences


def times(text: str, published: datetime | None = PUBLISHED) -> list[TimeExpr]:
    return list(find_times(text, split_sentences(text), published))


def only(text: str, published: datetime | None = PUBLISHED) -> TimeExpr:
    found = times(text, published)
    assert len(found) == 1, found
    return found[0]


@pytest.mark.parametrize(
    ("text", "expected_text", "value", "granularity"),
    [
        # day-month-year, with and without an ordinal and "of"
        ("The Pellan dam opened on 24 January 2007.", "24 January 2007", date(2007, 1, 24), "day"),
        ("It closed on the 3rd of May 2011.", "3rd of May 2011", date(2011, 5, 3), "day"),
        # month-day-year with comma, and with the tokeniser's space before it
        ("Voting ended on January 24, 2007.", "January 24, 2007", date(2007, 1, 24), "day"),
        ("Voting ended on January 24 , 2007 .", "January 24 , 2007", date(2007, 1, 24), "day"),
        # abbreviated months, with a leading weekday kept in the span
        ("Filed Wednesday, 5 Sept 2018.", "Wednesday, 5 Sept 2018", date(2018, 9, 5), "day"),
        ("Posted Dec. 9, 2015 by the desk.", "Dec. 9, 2015", date(2015, 12, 9), "day"),
        # next to a day or month, a historical year is fine
        ("A storm struck on 8 Feb 1843.", "8 Feb 1843", date(1843, 2, 8), "day"),
        ("The mill opened in August 1851.", "August 1851", date(1851, 8, 1), "month"),
        # ISO dates
        ("The filing dated 2019-11-30 was late.", "2019-11-30", date(2019, 11, 30), "day"),
        # numeric dates that can be read only one way
        ("The letter of 24/01/2007 was lost.", "24/01/2007", date(2007, 1, 24), "day"),
        ("The memo of 1/24/2007 was lost.", "1/24/2007", date(2007, 1, 24), "day"),
        ("The note of 05.05.2010 was lost.", "05.05.2010", date(2010, 5, 5), "day"),
        # month and year: month granularity, modifier kept
        ("The mine shut in June 1989.", "June 1989", date(1989, 6, 1), "month"),
        ("Talks resumed in early March 2001.", "early March 2001", date(2001, 3, 1), "month"),
        # years need a date-like word before them
        ("The bridge was built in 2003.", "2003", date(2003, 1, 1), "year"),
        ("Prices have risen since 1998.", "1998", date(1998, 1, 1), "year"),
        ("The plan lapsed by the end of 2012.", "2012", date(2012, 1, 1), "year"),
        ("The firm was sold in mid-2006.", "mid-2006", date(2006, 1, 1), "year"),
        ("Sales slumped in late 2019.", "late 2019", date(2019, 1, 1), "year"),
        # decades: documented as granularity "unknown", value the decade start
        ("The town boomed in the 1990s.", "1990s", date(1990, 1, 1), "unknown"),
        ("The quarry closed in the early 1970s.", "early 1970s", date(1970, 1, 1), "unknown"),
    ],
)
def test_absolute_expressions(text: str, expected_text: str, value: date, granularity: str) -> None:
    for published in (PUBLISHED, None):  # absolute values never depend on publication
        found = only(text, published)
        assert (found.text, found.value, found.granularity) == (expected_text, value, granularity)
        assert not found.relative
        assert text[found.start : found.end] == found.text


@pytest.mark.parametrize(
    ("text", "expected_text", "value", "granularity"),
    [
        ("Flooding began yesterday.", "yesterday", date(2024, 3, 11), "day"),
        ("The ferry sails today.", "today", date(2024, 3, 12), "day"),
        ("The mayor speaks tonight.", "tonight", date(2024, 3, 12), "day"),
        ("The results come out tomorrow.", "tomorrow", date(2024, 3, 13), "day"),
        # "last night" is the evening before publication
        ("A fire broke out last night.", "last night", date(2024, 3, 11), "day"),
        ("Police sealed the road this morning.", "this morning", date(2024, 3, 12), "day"),
        ("The strike began yesterday evening.", "yesterday evening", date(2024, 3, 11), "day"),
        # a bare weekday in a past clause is the most recent one up to publication: the
        # publication day's own weekday is that day, "last" takes the one a week back
        ("The council met on Monday.", "Monday", date(2024, 3, 11), "day"),
        ("The council met on Tuesday.", "Tuesday", date(2024, 3, 12), "day"),
        ("The dam gave way early Tuesday.", "early Tuesday", date(2024, 3, 12), "day"),
        ("The vote was held last Tuesday.", "last Tuesday", date(2024, 3, 5), "day"),
        ("The vote was held on Friday night.", "Friday night", date(2024, 3, 8), "day"),
        # future cues move a bare weekday forward; "next" always does
        ("The council will meet on Monday.", "Monday", date(2024, 3, 18), "day"),
        ("They meet again next Monday.", "next Monday", date(2024, 3, 18), "day"),
        # weeks resolve to their Monday
        ("Ferries were cancelled last week.", "last week", date(2024, 3, 4), "week"),
        ("Repairs begin next week.", "next week", date(2024, 3, 18), "week"),
        ("The ban was lifted earlier this week.", "earlier this week", date(2024, 3, 11), "week"),
        ("The pier collapsed two weeks ago.", "two weeks ago", date(2024, 2, 26), "week"),
        # months resolve to the 1st
        ("Rents rose earlier this month.", "earlier this month", date(2024, 3, 1), "month"),
        ("The new line opens next month.", "next month", date(2024, 4, 1), "month"),
        ("Rents rose last month.", "last month", date(2024, 2, 1), "month"),
        ("The mill closed three months ago.", "three months ago", date(2023, 12, 1), "month"),
        # years resolve to 1 January
        ("The harbour was dredged four years ago.", "four years ago", date(2020, 1, 1), "year"),
        ("Tourism grew this year.", "this year", date(2024, 1, 1), "year"),
        ("Tourism fell last year.", "last year", date(2023, 1, 1), "year"),
        # days
        ("The storm hit two days ago.", "two days ago", date(2024, 3, 10), "day"),
        ("The storm hit 10 days ago.", "10 days ago", date(2024, 3, 2), "day"),
        # "in N units" with a future cue is a point ahead
        ("The verdict will come in three weeks.", "in three weeks", date(2024, 4, 1), "week"),
        ("Work ends in two days' time.", "in two days' time", date(2024, 3, 14), "day"),
        # a month without a year falls in the publication year ...
        ("The festival is in October.", "October", date(2024, 10, 1), "month"),
        # ... unless the tense points elsewhere: a past clause means last October
        ("The festival was cancelled in October.", "October", date(2023, 10, 1), "month"),
        # ... and a future clause naming an earlier month means next year's
        ("The festival will return in February.", "February", date(2025, 2, 1), "month"),
        ("Elections are due in May.", "May", date(2024, 5, 1), "month"),
        ("The dam was inspected last March.", "last March", date(2023, 3, 1), "month"),
        ("The dam was inspected in mid-January.", "mid-January", date(2024, 1, 1), "month"),
        # a day-month without a year, placed the same way at day precision
        ("The ferry sank on 2 March.", "2 March", date(2024, 3, 2), "day"),
        ("The ferry sank on 20 December.", "20 December", date(2023, 12, 20), "day"),
        ("Hearings will start on January 8.", "January 8", date(2025, 1, 8), "day"),
        # with no tense cue, a day-month is the occurrence nearest to publication
        ("Deadline for entries: 28 December.", "28 December", date(2023, 12, 28), "day"),
        ("Deadline for entries: 2 April.", "2 April", date(2024, 4, 2), "day"),
        # in a mixed-tense sentence the nearest cue decides: "said" beats "would"
        ("Officials said on Thursday the dam would hold.", "Thursday", date(2024, 3, 7), "day"),
        ("Engineers say the dam would hold until Thursday.", "Thursday", date(2024, 3, 14), "day"),
        # "due to" + verb is a future cue, "due to the storm" is not
        ("The ferry is due to sail on Thursday.", "Thursday", date(2024, 3, 14), "day"),
        ("Delays due to the storm on Thursday.", "Thursday", date(2024, 3, 7), "day"),
        # a future state's participle is no past tense; hopes and expectations look ahead
        ("Schools will stay closed until Monday.", "Monday", date(2024, 3, 18), "day"),
        ("Inspectors will visit the dam later on Tuesday.", "Tuesday", date(2024, 3, 12), "day"),
        ("They meet again next Tuesday.", "next Tuesday", date(2024, 3, 19), "day"),
        ("The match would be played on Friday.", "Friday", date(2024, 3, 15), "day"),
        ("The council hopes to reopen the road on Friday.", "Friday", date(2024, 3, 15), "day"),
        ("Schools stayed closed until Monday.", "Monday", date(2024, 3, 11), "day"),
    ],
)
def test_relative_expressions(text: str, expected_text: str, value: date, granularity: str) -> None:
    found = only(text)
    assert (found.text, found.value, found.granularity) == (expected_text, value, granularity)
    assert found.relative
    # without a publication day the expression is kept, unresolved, never guessed
    unanchored = only(text, None)
    assert (unanchored.text, unanchored.value, unanchored.granularity) == (
        expected_text,
        None,
        granularity,
    )
    assert unanchored.relative


@pytest.mark.parametrize(
    "text",
    [
        # counts, money, decimals, percentages, scores
        "About 500 troops and 2003 vehicles were deployed.",
        "The bid was £2003 and then $1999 more.",
        "Growth was 3.5 per cent, down from 2.75.",
        "Turnout reached 2010 voters in the ward.",
        "Support fell to 2004 per cent in one bad poll.",
        "Support rose by 1999 percent, a misprint surely.",
        "The team won 3-1 and then 12-10 after extra time.",
        # modal "may", the verb "march", a surname May, named days that are not dates
        "Protesters may march to the square if the police allow it.",
        "Minister Ellen May opened the clinic.",
        "Veterans recalled Bloody Sunday at the Sunday Times offices.",
        # a duration, not a point: no future cue, no "time"
        "It was the lowest turnout in two years.",
        # vague quantities are relative but dated: here the unit is a duration
        "The ferry takes several hours.",
        # ambiguous numeric date is kept but not resolved (checked below), so absent here
        "Ratio 3/4 of the members agreed, 1/2 abstained.",
        # years out of the plausible range
        "The plan runs until 2150 in the charter, since 1850 by some accounts.",
    ],
)
def test_no_false_positives(text: str) -> None:
    assert times(text) == []


def test_ambiguous_numeric_date_is_kept_unresolved() -> None:
    # 03/04/2007 is 3 April or 4 March depending on the writer's convention
    found = only("The order of 03/04/2007 stands.")
    assert (found.text, found.value, found.granularity, found.relative) == (
        "03/04/2007",
        None,
        "day",
        False,
    )


def test_vague_count_is_relative_and_unresolved() -> None:
    # "a few days ago" has no definite count: relative, never guessed
    found = only("The bakery reopened a few days ago.")
    assert (found.text, found.value, found.granularity, found.relative) == (
        "a few days ago",
        None,
        "day",
        True,
    )


def test_year_range_gives_both_years() -> None:
    # "between 2001 and 2003": both ends, each a year
    found = times("Rainfall was measured between 2001 and 2003.")
    assert [(t.text, t.value) for t in found] == [
        ("2001", date(2001, 1, 1)),
        ("2003", date(2003, 1, 1)),
    ]


def test_sentence_index_points_at_the_containing_sentence() -> None:
    # three sentences; times in the first and third only
    text = (
        "The Vellmar bridge reopened on Friday. Engineers praised the work. "
        "A second span is due in June 2026."
    )
    sentences = split_sentences(text)
    found = find_times(text, sentences, PUBLISHED)
    assert [(t.text, t.sentence) for t in found] == [("Friday", 0), ("June 2026", 2)]
    for expr in found:
        sentence = sentences[expr.sentence]
        assert sentence.start <= expr.start < expr.end <= sentence.end


def test_no_sentences_gives_index_minus_one() -> None:
    found = find_times("Ferries stopped yesterday.", [], PUBLISHED)
    assert [(t.text, t.sentence, t.value) for t in found] == [("yesterday", -1, date(2024, 3, 11))]


def test_many_expressions_in_order() -> None:
    # one paragraph mixing kinds; results come back in text order, spans exact
    text = (
        "On 4 July 2019 the Orsk canal flooded. Repairs lasted until 2021, and "
        "the lock failed again last week. A review is due next month."
    )
    found = times(text)
    assert [t.text for t in found] == ["4 July 2019", "2021", "last week", "next month"]
    assert [t.start for t in found] == sorted(t.start for t in found)


def test_speed_on_a_megabyte() -> None:
    # a 1 MB text of made-up sentences, dense with numbers and dates
    paragraph = (
        "The Harrowgate ferry carried 1,204 passengers on Monday, up 3.5 per cent "
        "from 1,163 in 2019, the operator said. Its new route opens on 5 June 2025 "
        "and fares rise next month, two weeks after 500 crew staged a strike. "
    )
    text = paragraph * (1_000_000 // len(paragraph))
    started = time.process_time()
    found = find_times(text, [], PUBLISHED)
    elapsed = time.process_time() - started
    # Monday, 2019, 5 June 2025, next month ("two weeks" without "ago" is a duration)
    assert len(found) == 4 * (1_000_000 // len(paragraph))
    assert len({(t.start, t.end) for t in found}) == len(found)  # nothing found twice
    # CPU time, not wall time: a loaded machine must not fail a test of complexity.
    assert elapsed < 5.0  # about 0.5 s on a shared laptop core; generous for CI


@pytest.mark.parametrize(
    "text",
    [
        # expressions at the very start and end of the text
        "24 January 2007",
        "Filed on Wednesday",
        # one expression far from anything else, in long runs of plain words
        "plain words " * 2000 + "the bridge opened on 4 July 2019 at dawn " + "more words " * 2000,
        # adjacent expressions whose scanning windows touch
        "From 3 May 2001 to 9 May 2001, then 1 June 2001 and again 2 June 2001 here.",
    ],
)
def test_scanning_windows_miss_nothing(text: str) -> None:
    found = times(text)
    expected = re.findall(r"\d{1,2} [A-Z][a-z]+ \d{4}|Wednesday", text)
    assert [t.text for t in found] == expected


T17_DEV = SHARED / "data" / "timelines" / "t17-dev"


@pytest.mark.shared
@pytest.mark.skipif(not T17_DEV.is_dir(), reason="Timeline17 dev data (../shared) is absent")
def test_timeline17_topic_dates_are_found() -> None:
    # On one real topic: spans and sentence indices are consistent, and most
    # reference timeline days appear among the resolved day values (1.0 when run).
    topic = T17_DEV / "H1N1_bbc"
    with (topic / "timelines.jsonl").open(encoding="utf-8") as lines:
        reference = {date.fromisoformat(day) for line in lines for day, _ in json.loads(line)}
    found_days: set[date] = set()
    with (topic / "articles.jsonl").open(encoding="utf-8") as lines:
        for line in lines:
            article = json.loads(line)
            text = article["text"]
            sentences = []
            position = 0
            for sentence_line in text.split("\n"):  # one sentence per line here
                sentences.append(Sentence(position, position + len(sentence_line), sentence_line))
                position += len(sentence_line) + 1
            published = datetime.fromisoformat(article["time"])
            for expr in find_times(text, sentences, published):
                assert text[expr.start : expr.end] == expr.text
                sentence = sentences[expr.sentence]
                assert sentence.start <= expr.start < sentence.end
                if expr.granularity == "day" and expr.value is not None:
                    found_days.add(expr.value)
    assert reference
    assert len(reference & found_days) / len(reference) >= 0.8
