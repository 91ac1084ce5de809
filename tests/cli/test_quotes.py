"""``newsweave quotes`` as a user meets it: JSON, Markdown, --speaker, one-line errors."""

from __future__ import annotations

import json

import pytest

from tests.cli.conftest import run


def test_quotes_json_follows_the_contract(story_db: tuple[str, str]) -> None:
    db, story_id = story_db
    result = run("quotes", story_id[:10], "--format", "json", "--db", db)
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["id"] == story_id
    names = [s["name"] for s in data["speakers"]]
    assert "Maren Hoyle" in names
    hoyle = data["speakers"][names.index("Maren Hoyle")]
    assert hoyle["role"] == "Council leader" and hoyle["anonymous"] is False
    statement = hoyle["statements"][0]
    assert statement["kind"] == "reported" and statement["cue"] == "said"
    # the wire report and its syndicated copy carry the same statement: one entry
    assert len(statement["articles"]) == 2
    assert {a["outlet"] for a in statement["articles"]} >= {"Northern Wire"}
    for where in statement["articles"]:
        assert set(where) == {"article_id", "outlet", "published", "start", "end"}


def test_quotes_markdown_and_speaker_filter(story_db: tuple[str, str]) -> None:
    db, story_id = story_db
    result = run("quotes", story_id, "--speaker", "hoyle", "--db", db)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("# Who said what: ")
    assert "### Maren Hoyle — Council leader" in result.stdout
    assert result.stdout.count("### ") == 1


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("quotes", "story-000000"), "no story or storyline with id story-000000"),
        (("quotes", "nope!"), "not a story id"),
        (("quotes", "STORY", "--speaker", "Nobody Atall"), "no speaker matching 'Nobody Atall'"),
    ],
)
def test_quotes_user_errors(story_db: tuple[str, str], args: tuple[str, ...], message: str) -> None:
    db, story_id = story_db
    args = tuple(story_id if a == "STORY" else a for a in args)
    result = run(*args, "--db", db)
    assert result.returncode == 2
    assert message in result.stderr and len(result.stderr.strip().splitlines()) == 1
