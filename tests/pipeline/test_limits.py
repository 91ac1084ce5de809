"""The per-document limits in the ingest job: one text cap for every input format with
the cut recorded; analysis failures recorded, not retried unless asked; and a runaway
paragraph that ends analyzed or failed without holding up the next ingest."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest

from newsweave.limits import MAX_ARTICLE_CHARS, TOO_LONG
from newsweave.pipeline.analyze import analyze_new_articles
from newsweave.pipeline.ingest import ingest_paths
from newsweave.pipeline.job import run_ingest_job
from newsweave.records import AnalysisFailure
from newsweave.store.db import Store
from tests.conftest import html_page, runaway_paragraph


def test_text_cap_applies_to_jsonl_as_to_html_and_is_recorded(tmp_path: Path) -> None:
    # JSONL text used to be stored whole (a 20 MiB one took 24 GB to analyze); HTML was
    # cut only before parsing, at two million characters of markup.
    paragraphs = tuple(
        runaway_paragraph(2_000, sentence_ends=True, seed=seed)
        for seed in range(MAX_ARTICLE_CHARS // 2_000 + 50)
    )
    record = {"title": "Runaway text", "outlet": "Wire", "text": "\n".join(paragraphs)}
    inputs = tmp_path / "in"
    inputs.mkdir()
    (inputs / "wire.jsonl").write_text(json.dumps(record) + "\n")
    (inputs / "page.html").write_text(html_page("Runaway page", paragraphs))
    with Store(tmp_path / "db.sqlite") as store:
        report = ingest_paths(store, [str(inputs)])
        articles = list(store.iter_articles())
    assert report.new == 2 and len(articles) == 2
    for article in articles:
        assert MAX_ARTICLE_CHARS // 2 < len(article.text) <= MAX_ARTICLE_CHARS
        assert paragraphs[-1] not in article.text
        cuts = [block for block in article.dropped if block.reason == TOO_LONG]
        assert cuts and all("characters cut" in cut.text for cut in cuts)


def test_text_of_one_line_over_the_cap_is_stored_with_whole_sentences(tmp_path: Path) -> None:
    # A JSONL text of sentences with no line break, cut mid-sentence at the cap, ended
    # in a fragment the text-dump cleaner dropped as a caption: the record was rejected
    # as `no-text`.
    text = runaway_paragraph(MAX_ARTICLE_CHARS + 100_000, sentence_ends=True)
    (tmp_path / "wire.jsonl").write_text(json.dumps({"title": "One line", "text": text}) + "\n")
    with Store(tmp_path / "db.sqlite") as store:
        report = ingest_paths(store, [str(tmp_path / "wire.jsonl")])
        assert [r.reason for r in report.rejections] == [] and report.new == 1
        (article,) = store.iter_articles()
    assert MAX_ARTICLE_CHARS - 2_000 < len(article.text) <= MAX_ARTICLE_CHARS
    assert article.text.endswith(".") and text.startswith(article.text)


def test_failed_analysis_is_recorded_and_retried_only_on_request(tmp_path: Path) -> None:
    (tmp_path / "a.html").write_text(html_page())
    with Store(tmp_path / "db.sqlite") as store:
        ingest_paths(store, [str(tmp_path / "a.html")])
        failures: list[AnalysisFailure] = []
        # A millisecond is less than the model takes on any article.
        assert analyze_new_articles(store, time_limit_s=0.001, on_failure=failures.append) == 0
        (article,) = store.iter_articles()
        assert [f.reason for f in failures] == ["timeout"]
        assert [(f.article_id, f.reason) for f in store.analysis_failures()] == [
            (article.id, "timeout")
        ]
        tried: list[str] = []
        assert analyze_new_articles(store, on_article=tried.append) == 0
        assert tried == [] and store.get_analysis(article) is None
        assert analyze_new_articles(store, retry_failed=True) == 1
        assert store.get_analysis(article) is not None
        assert store.analysis_failures() == []


@pytest.mark.slow
@pytest.mark.parametrize("sentence_ends", [False, True])
def test_runaway_paragraph_does_not_hold_up_the_store(tmp_path: Path, sentence_ends: bool) -> None:
    # 5 MiB in one <p>, as a broken scraper gives: without full stops it used to hang
    # the analysis (and every later ingest, which found it unanalyzed); with them it
    # took 70 s and 5.7 GB.
    limit_s = 20.0
    page = html_page("Runaway", (runaway_paragraph(5 * 2**20, sentence_ends=sentence_ends),))
    (tmp_path / "runaway.html").write_text(page)
    with Store(tmp_path / "db.sqlite") as store:
        started = time.monotonic()
        job = run_ingest_job(store, [str(tmp_path / "runaway.html")], time_limit_s=limit_s)
        elapsed = time.monotonic() - started
        (runaway,) = store.iter_articles()
        assert job.ingest.new == 1 and len(runaway.text) <= MAX_ARTICLE_CHARS
        failed = [f.article_id for f in store.analysis_failures()]
        assert (store.get_analysis(runaway) is not None) != (failed == [runaway.id])
        # extraction and analysis each within the limit (plus the alarm's grace);
        # grouping is linear in the capped text
        assert elapsed < 3 * limit_s

        (tmp_path / "normal.html").write_text(html_page())
        started = time.monotonic()
        job = run_ingest_job(store, [str(tmp_path / "normal.html")], time_limit_s=limit_s)
        assert time.monotonic() - started < limit_s
        normal = next(a for a in store.iter_articles() if a.id != runaway.id)
        assert job.analyzed == 1 and job.grouped == 1
        analysis = store.get_analysis(normal)
        assert analysis is not None and analysis.quotes
        assert any(normal.id in story.article_ids for story in store.iter_stories())
