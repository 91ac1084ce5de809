"""The extraction benchmark's scoring helpers, on tiny made-up inputs with known answers."""

from __future__ import annotations

import gzip
import json
import sys
from datetime import date, datetime
from pathlib import Path

import pytest

from newsweave.errors import RejectedInput

# benchmarks/ is not a package: import its helper module by path.
from tests.conftest import BODY, REPO, html_page

sys.path.insert(0, str(REPO / "benchmarks"))

from extraction import NO_ANSWER, run_html, score_page, timed
from wcxb import (
    Tally,
    data_mode,
    date_matches,
    iter_pages,
    parse_gold_date,
    read_input,
    title_matches,
    word_scores,
)


def test_word_scores_use_bags_of_lowercase_words() -> None:
    # predicted bag {a:1, b:2, c:1}, gold bag {b:1, c:1, d:1}: overlap b + c = 2 words
    scores = word_scores("A b, B c!", "b c d")
    assert scores.precision == pytest.approx(2 / 4)
    assert scores.recall == pytest.approx(2 / 3)
    assert scores.f1 == pytest.approx(2 * 0.5 * (2 / 3) / (0.5 + 2 / 3))


@pytest.mark.parametrize(
    ("predicted", "gold", "f1"),
    [
        ("same words here", "here same words", 1.0),  # order does not matter
        ("", "some gold words", 0.0),  # nothing extracted scores zero, not undefined
        ("only noise", "gold text", 0.0),
    ],
)
def test_word_scores_edges(predicted: str, gold: str, f1: float) -> None:
    assert word_scores(predicted, gold).f1 == pytest.approx(f1)


@pytest.mark.parametrize(
    ("predicted", "gold", "expected"),
    [
        ("  Ferry  Crews Return ", "ferry crews return", True),  # whitespace and case
        ("Ferry crews return!", "Ferry crews return", True),  # fuzzy ratio >= 90
        ("Ferry crews return | Harbour Gazette", "Ferry crews return", False),
        (None, "Ferry crews return", False),
    ],
)
def test_title_matches(predicted: str | None, gold: str, expected: bool) -> None:
    assert title_matches(predicted, gold) is expected


def test_dates_compare_calendar_days() -> None:
    assert parse_gold_date("2031-03-04") == date(2031, 3, 4)
    assert parse_gold_date("2031-03-04T22:10:00Z") == date(2031, 3, 4)
    assert parse_gold_date(None) is None
    assert date_matches(datetime(2031, 3, 4, 23, 59), date(2031, 3, 4))
    assert not date_matches(datetime(2031, 3, 5, 0, 1), date(2031, 3, 4))
    assert not date_matches(None, date(2031, 3, 4))


def test_tally_macro_averages_and_skips_missing_gold() -> None:
    tally = Tally()
    tally.add_words(word_scores("a b", "a b"))  # F1 1.0
    tally.add_words(word_scores("a", "b"))  # F1 0.0
    tally.add_title("Harbour news", "Harbour News")
    tally.add_title("Wrong", "Harbour News")
    tally.add_title("Anything", None)  # no gold title: not counted
    tally.add_date(None, None)  # no gold date: not counted
    tally.add_date(date(2031, 1, 2), date(2031, 1, 2))
    assert tally.mean(tally.f1) == pytest.approx(0.5)
    assert (tally.title_hits, tally.title_pages) == (1, 2)
    assert tally.title_acc == pytest.approx(0.5)
    assert (tally.date_hits, tally.date_pages) == (1, 1)


def test_iter_pages_reads_wcxb_layout(tmp_path: Path) -> None:
    (tmp_path / "ground-truth").mkdir()
    (tmp_path / "html").mkdir()
    gold = {"url": "https://example.test/a", "ground_truth": {"title": "T", "main_content": "x"}}
    (tmp_path / "ground-truth" / "0001.json").write_text(json.dumps(gold))
    (tmp_path / "ground-truth" / "0002.json").write_text(json.dumps({"ground_truth": {}}))
    (tmp_path / "html" / "0001.html.gz").write_bytes(gzip.compress(b"<p>x</p>"))
    (tmp_path / "html" / "0002.html.gz").write_bytes(gzip.compress(b"<p>y</p>"))
    assert data_mode(tmp_path) == "html"
    pages = list(iter_pages(tmp_path))
    assert [page.page_id for page, _ in pages] == ["0001", "0002"]
    assert pages[0][0].main_content == "x" and pages[1][0].main_content is None
    assert read_input(pages[0][1]) == "<p>x</p>"
    assert len(list(iter_pages(tmp_path, limit=1))) == 1


def test_a_page_a_system_rejects_or_raises_on_scores_as_empty_and_is_counted() -> None:
    gold = "ferry crews return to the harbour"

    def rejects() -> tuple[str, str | None, None]:
        raise RejectedInput("no-text", "no article text found in the page")

    def crashes() -> tuple[str, str | None, None]:
        raise RecursionError("maximum recursion depth exceeded")

    def answers() -> tuple[str, str | None, None]:
        return gold, "Ferry crews return", None

    tally = Tally()
    answers_given = [timed(tally, run) for run in (rejects, crashes, answers)]
    for answer in answers_given:
        score_page(tally, answer, gold, "Ferry crews return", date(2031, 3, 4), True)
    assert answers_given[:2] == [NO_ANSWER, NO_ANSWER]
    assert tally.pages == 3  # every page scored, the run went on
    assert tally.rejected == 2
    assert tally.rejections == {"no-text": 1, "RecursionError": 1}
    assert tally.mean(tally.f1) == pytest.approx(1 / 3)
    assert (tally.title_hits, tally.title_pages) == (1, 3)
    assert (tally.date_hits, tally.date_pages) == (0, 3)


def test_html_run_goes_on_past_a_rejected_page_and_counts_it(tmp_path: Path) -> None:
    (tmp_path / "ground-truth").mkdir()
    (tmp_path / "html").mkdir()
    pages = {"0001": html_page(), "0002": "<html><body><div><span></span></div></body></html>"}
    for page_id, page in pages.items():
        gold = {"ground_truth": {"title": "Flood", "main_content": " ".join(BODY)}}
        (tmp_path / "ground-truth" / f"{page_id}.json").write_text(json.dumps(gold))
        (tmp_path / "html" / f"{page_id}.html.gz").write_bytes(gzip.compress(page.encode()))
    report, metrics = run_html(tmp_path, None)
    assert metrics["pages"] == 2 and metrics["rejected"] == 1
    assert metrics["trafilatura_rejected"] == 0  # its None is an empty body, not a raise
    assert metrics["f1"] == pytest.approx(0.5, abs=0.05)  # the rejected page scores 0
    assert "newsweave 1 {'no-text': 1}" in report
