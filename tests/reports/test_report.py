"""A story's report: its header, sections from the table, articles with their copies."""

from __future__ import annotations

import json
from typing import Any

import pytest

from newsweave.reports import report as report_module
from newsweave.reports.report import Subject, story_report, subject_report
from newsweave.store.db import Store


def test_report_has_header_summary_and_articles(footbridge_db: tuple[str, str]) -> None:
    db, story_id = footbridge_db
    with Store(db, readonly=True) as store:
        data = story_report(store, story_id[:12])
        story = store.get_story(story_id)
        texts = {a: store.get_article(a).text for a in story.article_ids}
    assert data["id"] == story_id and data["kind"] == "story"
    assert data["label"] == story.title and data["article_count"] == len(story.article_ids)
    assert data["outlets"] == list(story.outlets)
    json.dumps(data)  # JSON-ready as it is
    for sentence in data["summary"]["sentences"]:
        assert (
            texts[sentence["article_id"]][sentence["start"] : sentence["end"]] == sentence["text"]
        )
    listed = [a["id"] for a in data["articles"]]
    nested = [c["id"] for a in data["articles"] for c in a["copies"]]
    assert sorted(listed + nested) == sorted(story.article_ids)  # each article once


def test_syndicated_copy_is_listed_under_its_original(footbridge_db: tuple[str, str]) -> None:
    db, story_id = footbridge_db
    with Store(db, readonly=True) as store:
        data = story_report(store, story_id)
    wire = next(a for a in data["articles"] if a["outlet"] == "Northern Wire")
    assert [c["outlet"] for c in wire["copies"]] == ["Porthmere Evening Post"]
    assert wire["copies"][0]["kind"] in ("near", "exact")
    assert all(a["outlet"] != "Porthmere Evening Post" for a in data["articles"])


def test_a_section_added_to_the_table_appears_in_order(
    footbridge_db: tuple[str, str], monkeypatch: pytest.MonkeyPatch, sections: dict[str, Any]
) -> None:
    seen: list[Subject] = []

    def timeline(reader: object, subject: Subject) -> dict[str, Any]:
        seen.append(subject)
        return sections["timeline"]

    # A new table with the timeline moved last (the module's own is left in order).
    table = {k: v for k, v in report_module.SECTIONS.items() if k != "timeline"}
    monkeypatch.setattr(report_module, "SECTIONS", {**table, "timeline": timeline})
    db, story_id = footbridge_db
    with Store(db, readonly=True) as store:
        data = story_report(store, story_id)
        only = subject_report(store, seen[0], sections=["summary"])
    assert data["timeline"] is sections["timeline"]
    assert list(data)[-5:] == ["summary", "quotes", "compare", "articles", "timeline"]
    assert seen[0].id == story_id and seen[0].kind == "story"
    assert "articles" not in only and "timeline" not in only and "summary" in only
