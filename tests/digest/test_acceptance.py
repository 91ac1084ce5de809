"""Acceptance: the example corpus's digest and the seeds' digest, as a reader sees them."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from html import unescape
from pathlib import Path
from typing import Any

import pytest

from newsweave.store.db import Store
from tests.conftest import EXAMPLES, SHARED
from tests.digest.conftest import Digest, build, run_cli

SEEDS = SHARED / "seeds"


def text_of(page: Path) -> str:
    return unescape(re.sub(r"<[^>]+>", " ", page.read_text(encoding="utf-8")))


def story_page(digest: Digest, outlet: str) -> Path:
    with Store(digest.db, readonly=True) as store:
        story = max(
            (s for s in store.iter_stories() if outlet in s.outlets),
            key=lambda s: len(s.article_ids),
        )
    return digest.site / "stories" / f"{story.id}.html"


def test_example_story_page_has_both_outlets(example_digest: Digest) -> None:
    expected = json.loads((EXAMPLES / "expected.json").read_text(encoding="utf-8"))
    main = [a for a in expected["articles"] if a["story"] == "main"]
    page = text_of(story_page(example_digest, "The Estravia Herald"))
    for outlet in {a["outlet"] for a in main}:
        assert outlet in page
    for article in main:
        assert article["title"] in page


def test_example_article_page_marks_quotes_by_speaker(example_digest: Digest) -> None:
    with Store(example_digest.db, readonly=True) as store:
        herald = next(
            a for a in store.iter_articles() if a.title and a.title.startswith("Halvard Dam breach")
        )
        quotes = store.get_analysis(herald).quotes  # type: ignore[union-attr]
    html = (example_digest.site / "articles" / f"{herald.id}.html").read_text(encoding="utf-8")
    marks = re.findall(r'<mark class="quote[^"]*"[^>]*data-speaker="([^"]+)">', html)
    assert len(marks) >= len(quotes) - 1 > 3  # a quote split over paragraphs has two marks
    assert "Ilse Varga" in {unescape(m) for m in marks}


def quoted_spans(value: Any) -> Iterator[dict[str, Any]]:
    """Every object in a report that quotes an article: ``text``, ``article_id``,
    ``start`` and ``end`` (summary and timeline sentences, conflict sides, ...)."""
    if isinstance(value, dict):
        if {"text", "article_id", "start", "end"} <= set(value):
            yield value
        for item in value.values():
            yield from quoted_spans(item)
    elif isinstance(value, list):
        for item in value:
            yield from quoted_spans(item)


def test_report_json_quotes_exact_text(example_digest: Digest) -> None:
    with Store(example_digest.db, readonly=True) as store:
        story_ids = [s.id for s in store.iter_stories()]
        texts = {a.id: a.text for a in store.iter_articles()}
    checked = 0
    for story_id in story_ids:
        result = run_cli("report", story_id, "--format", "json", "--db", str(example_digest.db))
        assert result.returncode == 0, result.stderr
        for quoted in quoted_spans(json.loads(result.stdout)):
            assert texts[quoted["article_id"]][quoted["start"] : quoted["end"]] == quoted["text"]
            checked += 1
    assert checked >= len(story_ids)


@pytest.mark.skipif(not SEEDS.is_dir(), reason=f"no seeds at {SEEDS} (../shared is absent)")
def test_seeds_digest_has_one_story_with_both_outlets(tmp_path: Path) -> None:
    digest = build(tmp_path, SEEDS)
    assert "1 story found in 2 articles" in digest.stdout
    page = text_of(story_page(digest, "BBC News"))
    assert "BBC News" in page and "The Independent" in page
