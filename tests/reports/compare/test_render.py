"""The report JSON contract and the Markdown, and that everything they quote is the
article's own text at its offsets."""

from __future__ import annotations

import pytest

from newsweave.reports.compare.comparison import Comparison, compare_articles
from newsweave.reports.compare.render import comparison_json, comparison_markdown
from tests.reports.compare.conftest import COURIER, HERALD, MakeArticle


@pytest.fixture(scope="module")
def comparison_and_texts(article: MakeArticle) -> tuple[Comparison, dict[str, str]]:
    articles = [article("Brask Herald", HERALD), article("Orm Courier", COURIER)]
    return compare_articles("story-1", "Brask flood", articles), {a.id: a.text for a in articles}


def test_json_has_exactly_the_contract_fields(
    comparison_and_texts: tuple[Comparison, dict[str, str]],
) -> None:
    data = comparison_json(comparison_and_texts[0])
    assert set(data) == {"id", "outlets", "facts", "only_one_outlet", "conflicts", "sourcing"}
    assert data["id"] == "story-1"
    assert data["outlets"] == ["Brask Herald", "Orm Courier"]
    for fact in data["facts"]:
        assert set(fact) == {"text", "outlets"}
        for places in fact["outlets"].values():
            assert all(set(p) == {"article_id", "start", "end"} for p in places)
    assert all(len(data["facts"][k]["outlets"]) == 1 for k in data["only_one_outlet"])
    [conflict] = data["conflicts"]
    assert set(conflict) == {"kind", "about", "sides"}
    for side in conflict["sides"]:
        assert set(side) == {"text", "outlet", "article_id", "source", "start", "end"}
    for profile in data["sourcing"].values():
        assert set(profile) == {"named", "anonymous", "direct", "reported", "sides"}


def test_every_quoted_text_is_the_article_text_at_its_offsets(
    comparison_and_texts: tuple[Comparison, dict[str, str]],
) -> None:
    comparison, texts = comparison_and_texts
    data = comparison_json(comparison)
    for fact, record in zip(data["facts"], comparison.facts, strict=True):
        for places in record.outlets.values():
            for place in places:
                assert texts[place.article_id][place.start : place.end] == place.text
        first = next(iter(fact["outlets"].values()))[0]
        assert texts[first["article_id"]][first["start"] : first["end"]] == fact["text"]
    for conflict in data["conflicts"]:
        for side in conflict["sides"]:
            assert texts[side["article_id"]][side["start"] : side["end"]] == side["text"]


def test_markdown_shows_both_sides_with_their_sources(
    comparison_and_texts: tuple[Comparison, dict[str, str]],
) -> None:
    text = comparison_markdown(comparison_and_texts[0])
    assert text.startswith("# Brask flood\n")
    assert "### number: how many people: 1,200 vs 2,000" in text
    assert "Brask Herald; source: the mayor's office" in text
    assert "Orm Courier; source: the regional fire service" in text
    assert "## Reported by one outlet only" in text and "## Sourcing" in text
