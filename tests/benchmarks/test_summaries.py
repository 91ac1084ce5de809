"""The summary benchmark's loading, budgets and baselines on made-up NeuS-shaped lines
(the benchmark itself needs ../shared and the bench extras, and runs apart)."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path

import pytest

from tests.conftest import REPO

# benchmarks/ is not a package: import its modules by path.
sys.path.insert(0, str(REPO / "benchmarks"))

from summaries import lead_system, lexrank_system, load, newsweave_system, within_budget

LINE = {
    "id": "made-up-0",
    "articles": [
        {
            "title": "Harbour crane topples in Kessing",
            "text": "A crane toppled onto the quay in Kessing harbour on Monday. Nobody was"
            " hurt, the port authority said. Work on the north quay was halted.",
        },
        {
            "title": "Kessing port halts work after crane falls",
            "text": "Kessing port halted work on its north quay after a crane fell on"
            " Monday. The crane's operator said strong winds were to blame.",
        },
        {
            "title": "Crane collapse at Kessing",
            "text": "Why it matters: the north quay handles a third of Kessing's grain."
            " A crane toppled in Kessing harbour on Monday, the port authority said.",
        },
    ],
    "summary": {"text": "A crane fell at Kessing harbour on Monday; nobody was hurt."},
}


@pytest.fixture
def data(tmp_path: Path) -> Path:
    path = tmp_path / "neus.jsonl"
    path.write_text(json.dumps(LINE) + "\n", encoding="utf-8")
    return path


def test_load_splits_each_article_into_traceable_sentences(data: Path) -> None:
    (story,) = load(data)
    assert [a.outlet for a in story.articles] == ["outlet-0", "outlet-1", "outlet-2"]
    assert [len(a.sentences) for a in story.articles] == [3, 2, 2]
    for article in story.articles:
        for sentence in article.sentences:
            assert article.text[sentence.start : sentence.end] == sentence.text


def test_budget_cuts_the_last_sentence_at_the_reference_length() -> None:
    sentences = [("a", "one two three four"), ("b", "five six seven"), ("c", "eight")]
    assert within_budget(sentences, 6) == [("a", "one two three four"), ("b", "five six")]
    assert within_budget(sentences, 4) == [("a", "one two three four")]


def test_lead_takes_first_sentences_in_turn(data: Path) -> None:
    (story,) = load(data)
    order = lead_system(story)
    assert [outlet for outlet, _ in order[:4]] == ["outlet-0", "outlet-1", "outlet-2", "outlet-0"]
    assert order[0][1].startswith("A crane toppled onto the quay")


def test_newsweave_ranks_the_shared_event_before_the_teaser(data: Path) -> None:
    (story,) = load(data)
    ranked = [text for _, text in newsweave_system()(story)]
    assert not ranked[0].startswith("Why it matters")
    assert ranked.index(next(t for t in ranked if t.startswith("Why it matters"))) > 2


@pytest.mark.skipif(
    importlib.util.find_spec("sumy") is None, reason="sumy (bench extra) not installed"
)
def test_lexrank_ranks_every_sentence_without_nltk_data(data: Path) -> None:
    (story,) = load(data)
    ranked = lexrank_system()(story)
    assert sorted(t for _, t in ranked) == sorted(
        s.text for a in story.articles for s in a.sentences
    )
