"""``newsweave summary`` as a user meets it: JSON and Markdown, one-line errors."""

from __future__ import annotations

import json

import pytest

from tests.cli.conftest import run


def test_summary_json_has_every_field(story_db: tuple[str, str]) -> None:
    db, story_id = story_db
    result = run("summary", story_id[:10], "--format", "json", "--sentences", "3", "--db", db)
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["id"] == story_id and data["label"]
    assert len(data["sentences"]) == 3
    for sentence in data["sentences"]:
        assert set(sentence) == {"text", "article_id", "outlet", "start", "end", "also_in"}
        assert sentence["end"] - sentence["start"] == len(sentence["text"])
    assert data["left_out"] == []


def test_summary_markdown_names_outlets(story_db: tuple[str, str]) -> None:
    db, story_id = story_db
    result = run("summary", story_id, "--db", db)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("# ")
    assert "Northern Wire" in result.stdout and "Valley Radio" in result.stdout
    assert "also in 1 more" in result.stdout  # the syndicated copy of the wire report


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("summary", "story-000000"), "no story or storyline with id story-000000"),  # unknown id
        (("summary", "nope!"), "not a story id"),  # malformed id
    ],
)
def test_summary_errors_are_one_line(
    story_db: tuple[str, str], args: tuple[str, ...], message: str
) -> None:
    result = run(*args, "--db", story_db[0])
    assert result.returncode == 2
    assert message in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_summary_needs_at_least_one_sentence(story_db: tuple[str, str]) -> None:
    db, story_id = story_db
    result = run("summary", story_id, "--sentences", "0", "--db", db)
    assert result.returncode == 2 and "--sentences" in result.stderr


def test_timeline_json_has_every_field(story_db: tuple[str, str]) -> None:
    db, story_id = story_db
    result = run("timeline", story_id[:10], "--format", "json", "--dates", "2", "--db", db)
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["id"] == story_id and data["label"] and data["undated"] == []
    assert [entry["date"] for entry in data["entries"]] == ["2025-06-03", "2025-06-04"]
    from newsweave.store.db import Store

    with Store(db, readonly=True) as store:
        for entry in data["entries"]:
            assert 1 <= len(entry["sentences"]) <= 2
            for sentence in entry["sentences"]:
                article = store.get_article(sentence["article_id"])
                assert article.text[sentence["start"] : sentence["end"]] == sentence["text"]
                assert article.outlet in sentence["outlets"]


def test_timeline_markdown_has_the_dates(story_db: tuple[str, str]) -> None:
    db, story_id = story_db
    result = run("timeline", story_id, "--sentences", "1", "--db", db)
    assert result.returncode == 0, result.stderr
    assert "## Tuesday 3 June 2025" in result.stdout
    assert "## Wednesday 4 June 2025" in result.stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("timeline", "ffffffff"), "no story or storyline with id"),
        (("timeline", "nope!"), "not a story id"),
        (("timeline", "story-", "--dates", "0"), "--dates"),
    ],
)
def test_timeline_errors_are_one_line(
    story_db: tuple[str, str], args: tuple[str, ...], message: str
) -> None:
    result = run(*args, "--db", story_db[0])
    assert result.returncode == 2
    assert message in result.stderr
