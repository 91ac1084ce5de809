"""The timeline report JSON (the shared contract) and Markdown."""

from __future__ import annotations

import json
from datetime import date

from newsweave.reports.timeline.build import build_timeline
from newsweave.reports.timeline.render import timeline_json, timeline_markdown
from tests.reports.timeline.conftest import dated_article

ARTICLES = [
    dated_article(
        "wire",
        "Kessing Wire",
        date(2025, 6, 10),
        "The Alder footbridge in Kessing collapsed on Tuesday, injuring four people.",
    ),
    dated_article(
        "courier",
        "Kessing Courier",
        date(2025, 6, 10),
        "The Alder footbridge in Kessing collapsed on Tuesday, injuring four people.",
    ),
    dated_article("notes", "Kessing Notes", None, "Residents gathered by the river yesterday."),
]


def test_json_follows_the_report_contract() -> None:
    data = timeline_json(build_timeline("story-1", "Alder footbridge", ARTICLES))
    assert json.loads(json.dumps(data)) == data
    assert set(data) == {"id", "label", "entries", "undated"}
    assert data["id"] == "story-1" and data["label"] == "Alder footbridge"
    assert data["undated"] == ["notes"]
    (entry,) = data["entries"]
    assert entry["date"] == "2025-06-10"
    (sentence,) = entry["sentences"]
    assert {"text", "article_id", "start", "end", "outlets", "articles"} <= set(sentence)
    assert sentence["outlets"] == ["Kessing Wire", "Kessing Courier"]
    assert [a["article_id"] for a in sentence["articles"]] == ["wire", "courier"]
    by_id = {a.id: a for a in ARTICLES}
    for carrier in sentence["articles"]:
        text = by_id[carrier["article_id"]].text[carrier["start"] : carrier["end"]]
        assert text == sentence["text"]


def test_markdown_has_a_section_per_date_and_the_undated_articles() -> None:
    markdown = timeline_markdown(build_timeline("story-1", "Alder footbridge", ARTICLES))
    assert markdown.startswith("# Alder footbridge\n")
    assert "## Tuesday 10 June 2025" in markdown
    assert "Kessing Wire, Kessing Courier" in markdown and "also in 1 more" in markdown
    assert "Undated articles (no publication date): notes" in markdown
    empty = timeline_markdown(build_timeline("story-2", "", ARTICLES[2:]))
    assert empty.startswith("# story-2\n") and "No dated event found." in empty
