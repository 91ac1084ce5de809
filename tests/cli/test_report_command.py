"""``newsweave report`` as a user meets it: three formats, a file, one-line errors."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import write_footbridge_story


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "newsweave", *args], capture_output=True, text=True, timeout=300
    )


@pytest.fixture(scope="module")
def story_db(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, str]:
    folder = tmp_path_factory.mktemp("report-cli")
    db = str(folder / "cli.db")
    result = run("ingest", str(write_footbridge_story(folder / "in")), "--db", db)
    assert result.returncode == 0, result.stderr
    from newsweave.store.db import Store

    with Store(db, readonly=True) as store:
        story = next(s for s in store.iter_stories() if "Northern Wire" in s.outlets)
    return db, story.id


def test_report_json_markdown_and_html(story_db: tuple[str, str], tmp_path: Path) -> None:
    db, story_id = story_db
    as_json = run("report", story_id[:10], "--format", "json", "--db", db)
    assert as_json.returncode == 0, as_json.stderr
    data = json.loads(as_json.stdout)
    assert data["id"] == story_id and {"summary", "articles"} <= set(data)
    as_md = run("report", story_id, "--db", db)
    assert as_md.stdout.startswith("# ") and "## Articles" in as_md.stdout
    assert "near copy: Porthmere Evening Post" in as_md.stdout
    page = tmp_path / "story.html"
    as_html = run("report", story_id, "--format", "html", "-o", str(page), "--db", db)
    assert as_html.returncode == 0 and as_html.stdout == ""
    html = page.read_text(encoding="utf-8")
    assert "<style>" in html and "Content-Security-Policy" in html and "Northern Wire" in html


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("report", "story-000000"), "no story or storyline with id story-000000"),
        (("report", "ID", "-o", "/nonexistent-folder/x.html"), "no folder /nonexistent-folder"),
    ],
)
def test_report_user_errors(story_db: tuple[str, str], args: tuple[str, ...], message: str) -> None:
    db, story_id = story_db
    result = run(*(story_id if a == "ID" else a for a in args), "--db", db)
    assert result.returncode == 2
    assert message in result.stderr and result.stderr.count("\n") == 1
