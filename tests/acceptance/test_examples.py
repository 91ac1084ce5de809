"""The example corpus reads as its authors intended (examples/expected.json)."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from newsweave.pipeline.ingest import ingest_paths
from newsweave.records import Article
from newsweave.store.db import Store
from tests.conftest import EXAMPLES

EXPECTED: dict[str, Any] = json.loads((EXAMPLES / "expected.json").read_text(encoding="utf-8"))


def _words(text: str) -> list[str]:
    return re.findall(r"\w+", text.lower())


@pytest.fixture(scope="module")
def articles_by_file(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Article]:
    db = tmp_path_factory.mktemp("examples") / "examples.db"
    with Store(db) as store:
        report = ingest_paths(store, [str(EXAMPLES / "corpus")])
        assert report.rejected == 0, report.rejections
        by_source: dict[str, Article] = {}
        for article in store.iter_articles():
            for source in store.sources_of(article.id):
                by_source[Path(source).relative_to(EXAMPLES).as_posix()] = article
    return by_source


@pytest.mark.parametrize("case", EXPECTED["articles"], ids=lambda c: c["file"])
def test_article_as_intended(articles_by_file: dict[str, Article], case: dict[str, Any]) -> None:
    article = articles_by_file[case["file"]]
    assert article.title == case["title"]
    assert article.outlet == case["outlet"]
    published = article.published.date().isoformat() if article.published else None
    assert published == case["published"]
    assert article.author == case["author"]
    words = _words(article.text)
    assert words[: len(_words(case["first_words"]))] == _words(case["first_words"])
    assert words[-len(_words(case["last_words"])) :] == _words(case["last_words"])
    for furniture in case["must_not_contain"]:
        assert furniture not in article.text


@pytest.fixture(scope="module", params=[False, True], ids=["words", "embeddings"])
def grouped_store(
    tmp_path_factory: pytest.TempPathFactory, request: pytest.FixtureRequest
) -> Store:
    from newsweave.pipeline.analyze import analyze_new_articles
    from newsweave.pipeline.group import group_new_articles
    from newsweave.store.stories import grouper_rows
    from newsweave.stories import embeddings

    with_embeddings: bool = request.param
    if with_embeddings and not embeddings.available():
        pytest.skip("the optional 'embeddings' extra is not installed")
    db = tmp_path_factory.mktemp("examples-stories") / "examples.db"
    store = Store(db)
    ingest_paths(store, [str(EXAMPLES / "corpus")])
    analyze_new_articles(store)
    group_new_articles(store, embeddings=with_embeddings)
    rows, _ = grouper_rows(store)
    assert all(("embedding" in row) == with_embeddings for row in rows)
    return store


def _file_of(store: Store) -> dict[str, str]:
    return {
        article.id: Path(source).relative_to(EXAMPLES).as_posix()
        for article in store.iter_articles()
        for source in store.sources_of(article.id)
    }


def test_stories_group_as_intended(grouped_store: Store) -> None:

    intended = {case["file"]: case["story"] for case in EXPECTED["articles"]}
    file_of = _file_of(grouped_store)
    groups = [
        sorted(intended[file_of[a]] for a in story.article_ids)
        for story in grouped_store.iter_stories()
    ]
    # Each story holds articles of one intended story, and each intended story is one story.
    assert all(len(set(labels)) == 1 for labels in groups), groups
    assert sorted(labels[0] for labels in groups) == sorted(set(intended.values()))


def test_storylines_as_intended(grouped_store: Store) -> None:
    # The dam breach is one storyline; the spillway collapse six months earlier (another
    # dam in the same country, named once in the breach's inquiry report) is another,
    # and the tram line a third.
    intended = {case["file"]: case["story"] for case in EXPECTED["articles"]}
    file_of = _file_of(grouped_store)
    lines = {
        line.id: {intended[file_of[a]] for a in line.article_ids}
        for line in grouped_store.iter_storylines()
    }
    assert sorted(sorted(s) for s in lines.values()) == [["main"], ["other-event"], ["second"]]
    breach = grouped_store.get_storyline(next(i for i, s in lines.items() if "main" in s))
    assert breach.start is not None and breach.end is not None
    assert (breach.start.date().isoformat(), breach.end.date().isoformat()) == (
        "2025-03-12",
        "2025-03-14",
    )
    assert len(breach.article_ids) == sum(1 for s in intended.values() if s == "main")
    assert breach.label and all(s.label and s.storyline_id for s in grouped_store.iter_stories())


def test_syndicated_copies_are_linked(grouped_store: Store) -> None:

    file_of = _file_of(grouped_store)
    found = {
        (file_of[link.article_id], file_of[link.original_id])
        for link in grouped_store.duplicate_links()
    }
    for case in EXPECTED["duplicates"]:
        assert (case["copy"], case["original"]) in found, case


def test_every_duplicate_is_a_copy_in_the_story_of_its_original(grouped_store: Store) -> None:
    # Reports count a syndicated story once; that needs its copies in its story, and
    # out of the neighbour graph even under their own headline (the Sarn Evening Star
    # copy adds and cuts a paragraph: its cosine alone would not make it a copy).
    from newsweave.store.stories import grouper_rows

    story_of = {a: s.id for s in grouped_store.iter_stories() for a in s.article_ids}
    rows, _ = grouper_rows(grouped_store)
    copy_of = {row["article_id"]: row.get("copy_of") for row in rows}
    links = list(grouped_store.duplicate_links())
    assert any(link.similarity < 0.8 for link in links)
    for link in links:
        assert story_of[link.article_id] == story_of[link.original_id], link
        assert copy_of[link.article_id] is not None, link


def test_dam_breach_summary_names_breach_evacuation_and_inquiry(grouped_store: Store) -> None:
    # The breach, the evacuation (1,200 by the mayor's office, about 2,000 by the Civil
    # Protection Agency: both, each attributed, or no count at all) and the inquiry;
    # the wire lead that three outlets carry appears once, with its copies listed.
    from newsweave.reports.story import story_summary

    file_of = _file_of(grouped_store)
    story = next(
        s
        for s in grouped_store.iter_stories()
        if "corpus/html/herald-2025-03-12-halvard-dam-breach.html"
        in {file_of[a] for a in s.article_ids}
    )
    summary = story_summary(grouped_store, story.id)
    texts = [s.text for s in summary.sentences]
    assert len(texts) == 4 and len(set(texts)) == 4, texts
    joined = " ".join(texts).lower()
    assert "dam" in joined and re.search(r"breach|gave way|burst|collapse", joined), texts
    assert re.search(r"evacuat|from their homes|out of their homes", joined), texts
    assert "inquiry" in joined, texts
    counted = [t for t in texts if re.search(r"1,200|2,000", t)]
    assert {n for t in counted for n in re.findall(r"1,200|2,000", t)} in (
        set(),
        {"1,200", "2,000"},
    ), counted
    assert all(re.search(r"\bsaid\b|according to", t) for t in counted), counted
    # No sentence twice because of the syndicated copies: each copy is listed instead.
    copies = {link.article_id for link in grouped_store.duplicate_links()}
    assert not {s.article_id for s in summary.sentences} & copies
    carried = {a for s in summary.sentences for a in s.also_in}
    assert carried <= copies
    for sentence in summary.sentences:
        article = grouped_store.get_article(sentence.article_id)
        assert article.text[sentence.start : sentence.end] == sentence.text
