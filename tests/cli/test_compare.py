"""``newsweave compare`` as a user meets it: JSON and Markdown, one-line errors."""

from __future__ import annotations

import json

import pytest

from tests.cli.conftest import run


def test_compare_json(story_db: tuple[str, str]) -> None:
    db, story_id = story_db
    result = run("compare", story_id[:10], "--format", "json", "--db", db)
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["id"] == story_id
    assert set(data) == {"id", "outlets", "facts", "only_one_outlet", "conflicts", "sourcing"}
    assert "Northern Wire" in data["outlets"] and "Valley Radio" in data["outlets"]


def test_compare_markdown(story_db: tuple[str, str]) -> None:
    db, story_id = story_db
    result = run("compare", story_id, "--db", db)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("# ")
    assert "## Sourcing" in result.stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("compare", "story-000000"), "no story or storyline with id story-000000"),  # unknown id
        (("compare", "nope!"), "not a story id"),  # malformed id
    ],
)
def test_compare_errors_are_one_line(
    story_db: tuple[str, str], args: tuple[str, ...], message: str
) -> None:
    result = run(*args, "--db", story_db[0])
    assert result.returncode == 2
    assert message in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
