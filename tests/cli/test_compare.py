"""``newsweave compare`` as a user meets it: JSON and Markdown, one-line errors."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from tests.conftest import write_footbridge_story


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "newsweave", *args], capture_output=True, text=True, timeout=300
    )


@pytest.fixture(scope="module")
def story_db(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, str]:
    folder = tmp_path_factory.mktemp("compare-cli")
    db = str(folder / "cli.db")
    result = run("ingest", str(write_footbridge_story(folder / "in")), "--db", db)
    assert result.returncode == 0, result.stderr
    from newsweave.store.db import Store

    with Store(db, readonly=True) as store:
        story = next(s for s in store.iter_stories() if "Northern Wire" in s.outlets)
    return db, story.id


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
