"""Analysis under the per-document limits: it stops in time in a worker thread, and
its rule steps (sentences, quotes, time expressions) stay close to linear in the
text's length, so a runaway paragraph finishes within the limit."""

from __future__ import annotations

import itertools
import time
from concurrent.futures import ThreadPoolExecutor

import pytest
import spacy

from newsweave.analyze.analyzer import Analyzer
from newsweave.analyze.quotes.finder import extract_quotes
from newsweave.analyze.sentences import MAX_SENTENCE_TOKENS, split_sentences
from newsweave.analyze.timex.finder import find_times
from newsweave.limits import DEFAULT_TIME_LIMIT_S, time_limit
from newsweave.records import Analysis, AnalysisFailure, Sentence
from tests.conftest import runaway_paragraph


@pytest.fixture(scope="module")
def analyzer() -> Analyzer:
    return Analyzer()


def test_analysis_runs_out_of_time_in_a_worker_thread(analyzer: Analyzer) -> None:
    text = runaway_paragraph(300_000, sentence_ends=True)
    items = [
        ("long", text, None, "en"),
        ("short", "Petra Lind said the levy would stay.", None, "en"),
    ]

    def work() -> list[Analysis | AnalysisFailure]:
        return list(analyzer.analyze_within(items, 0.5))

    started = time.monotonic()
    with ThreadPoolExecutor(max_workers=1) as pool:
        results = pool.submit(work).result(timeout=120)
    elapsed = time.monotonic() - started
    failure, analysis = results
    assert failure == AnalysisFailure("long", "timeout", "processing took longer than 0.5 s")
    # The next article is analyzed as usual, with its own limit.
    assert isinstance(analysis, Analysis) and analysis.quotes
    # Stopped after a chunk or so, not after the whole text (tens of seconds here).
    assert elapsed < 10


def test_over_long_sentences_are_cut_at_a_hard_maximum() -> None:
    nlp = spacy.blank("en")
    doc = nlp(runaway_paragraph(20_000, sentence_ends=False))
    sentences = split_sentences(doc)
    assert len(sentences) > 1
    assert all(end - start <= MAX_SENTENCE_TOKENS for start, end in sentences)
    # Together they still cover the paragraph, in order, without overlap.
    assert sentences[0][0] == 0 and sentences[-1][1] == len(doc)
    assert all(a[1] <= b[0] for a, b in itertools.pairwise(sentences))


@pytest.mark.slow
@pytest.mark.parametrize("sentence_ends", [False, True])
def test_rule_steps_finish_a_5_mib_paragraph_within_the_limit(sentence_ends: bool) -> None:
    # Without full stops the paragraph was one sentence, and cue scanning per sentence
    # made the quote finder quadratic: it ran for hours. The model is left out (blank
    # tokenizer): its time is linear, in chunks, and checked between them.
    text = runaway_paragraph(5 * 2**20, sentence_ends=sentence_ends)
    nlp = spacy.blank("en")
    nlp.max_length = len(text) + 1
    with time_limit(DEFAULT_TIME_LIMIT_S):
        doc = nlp(text)
        spans = split_sentences(doc)
        quotes = extract_quotes(doc)
        sentences = [
            Sentence(doc[a].idx, doc[b - 1].idx + len(doc[b - 1].text), "") for a, b in spans
        ]
        find_times(text, sentences, None)
    assert quotes  # "said that" is everywhere: the finder did look
