"""``newsweave report`` as a user meets it: three formats, a file, one-line errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.cli.conftest import run


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


def test_report_reads_a_current_stored_report_and_stores_a_missing_one(
    story_db: tuple[str, str], tmp_path: Path
) -> None:
    import shutil

    from newsweave.reports.report import subject_of
    from newsweave.reports.stored import subject_key
    from newsweave.store.db import Store
    from newsweave.store.report_reads import stored_report
    from newsweave.store.reports import delete_reports, put_report

    db = str(tmp_path / "copy.db")
    shutil.copyfile(story_db[0], db)
    with Store(db) as store:
        found = stored_report(store, story_db[1])
        assert found is not None  # `ingest` stored it
        marked = json.loads(found.body) | {"label": "Read from the store"}
        put_report(store, found.subject_id, "story", found.key, json.dumps(marked).encode())
    stored = run("report", story_db[1], "--format", "json", "--db", db)
    assert json.loads(stored.stdout)["label"] == "Read from the store"
    with Store(db) as store:
        delete_reports(store, [story_db[1]])
    made = run("report", story_db[1], "--format", "json", "--db", db)
    with Store(db, readonly=True) as store:
        kept = stored_report(store, story_db[1])
        assert kept is not None
        assert kept.key == subject_key(store, subject_of(store, kept.subject_id))
    assert json.loads(made.stdout) == json.loads(kept.body)
