"""The per-article analysis entry point: sentences, entities, times, quotes; batching,
languages and over-long articles. Articles are invented."""

from __future__ import annotations

from datetime import datetime

import pytest

from newsweave.analyze.analyzer import Analyzer, _chunks
from newsweave.records import Analysis

ARTICLE = (
    "Colm Ferris, the depot manager in Kettleby, spoke on Monday.\n\n"
    '"The depot will close in March," Mr Ferris said. "Nobody wanted this."\n\n'
    "A Brightwater Rail spokeswoman has denied any wrongdoing. Turnout fell, "
    "according to the Electoral Office of Varnia."
)


@pytest.fixture(scope="module")
def analyzer() -> Analyzer:
    return Analyzer(batch_size=2)


def check_offsets(text: str, analysis: Analysis) -> None:
    for sentence in analysis.sentences:
        assert text[sentence.start : sentence.end] == sentence.text
        assert "\n" not in sentence.text
    for entity in analysis.entities:
        assert text[entity.start : entity.end] == entity.text
    for quote in analysis.quotes:
        assert 0 <= quote.start < quote.end <= len(text)
        if quote.speaker_span is not None:
            span = quote.speaker_span
            assert text[span.start : span.end] == quote.speaker


def test_analyze_finds_sentences_entities_and_quotes(analyzer: Analyzer) -> None:
    analysis = analyzer.analyze("a1", ARTICLE, datetime(2031, 3, 3), "en")
    assert analysis.article_id == "a1" and analysis.language == "en"
    assert len(analysis.sentences) == 5
    assert any(e.text == "Colm Ferris" and e.label == "PERSON" for e in analysis.entities)
    names = [q.speaker_name for q in analysis.quotes]
    assert names.count("Colm Ferris") == 1  # the split quote is one quote
    assert "Electoral Office of Varnia" in names
    assert any(q.anonymous and q.cue == "denied" for q in analysis.quotes)
    check_offsets(ARTICLE, analysis)


def test_language_unknown_is_treated_as_english(analyzer: Analyzer) -> None:
    assert analyzer.analyze("a2", ARTICLE, None, None).quotes


def test_non_english_articles_are_skipped_not_analyzed(analyzer: Analyzer) -> None:
    analysis = analyzer.analyze("de1", "Der Bahnhof bleibt geschlossen.", None, "de")
    assert analysis == Analysis("de1", "de", (), (), (), ())


def test_analyze_many_keeps_input_order_across_batches(analyzer: Analyzer) -> None:
    items = [
        ("e1", ARTICLE, None, "en"),
        ("f1", "La gare reste fermée.", None, "fr"),
        ("e2", "Petra Lind said the levy would stay.", None, "en-GB"),
        ("e3", "", None, "en"),
        ("e4", ARTICLE, None, "en"),
    ]
    results = list(analyzer.analyze_many(iter(items)))
    assert [r.article_id for r in results] == ["e1", "f1", "e2", "e3", "e4"]
    assert results[1].sentences == () and results[1].language == "fr"
    assert results[2].quotes[0].speaker_name == "Petra Lind"
    assert results[3].sentences == () and results[3].quotes == ()
    assert results[0].quotes == results[4].quotes  # same text in another batch
    assert results[0].sentences == results[4].sentences


def test_long_article_is_cut_at_paragraphs_and_joined_back() -> None:
    small = Analyzer(chunk_chars=300)
    text = "\n\n".join([ARTICLE] * 6)
    analysis = small.analyze("long", text, None, "en")
    whole = Analyzer().analyze("long", text, None, "en")
    check_offsets(text, analysis)
    assert len(analysis.quotes) == len(whole.quotes) > 6
    assert [q.start for q in analysis.quotes] == [q.start for q in whole.quotes]


@pytest.mark.parametrize(
    "text",
    [
        "",
        "a" * 1000,
        "One.\n\nTwo.\n\n" * 200,
        "Word " * 700 + "\n\n" + "word " * 10,
    ],
)
def test_chunks_reassemble_exactly(text: str) -> None:
    pieces = list(_chunks(text, 250))
    assert "".join(pieces) == text
    assert all(len(p) <= 250 for p in pieces)
