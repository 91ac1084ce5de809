"""`newsweave analyze` and failed analyses: named to the user, not retried by later
runs, retried with --retry-failed."""

from __future__ import annotations

from pathlib import Path

from tests.cli.conftest import run
from tests.conftest import html_page


def test_failed_analysis_is_listed_and_retried_on_request(tmp_path: Path) -> None:
    (tmp_path / "a.html").write_text(html_page())
    db = str(tmp_path / "cli.db")
    assert run("ingest", str(tmp_path / "a.html"), "--db", db, "--no-analyze").returncode == 0

    # A millisecond is less than the model takes on any article.
    first = run("analyze", "--db", db, "--time-limit", "0.001")
    assert first.returncode == 0, first.stderr
    assert "nothing new to analyze" in first.stdout
    assert "not analyzed" in first.stderr and "timeout" in first.stderr

    again = run("analyze", "--db", db)
    assert "nothing new to analyze" in again.stdout  # not tried again ...
    assert "--retry-failed" in again.stderr  # ... and still named

    retried = run("analyze", "--db", db, "--retry-failed")
    assert "1 articles analyzed" in retried.stdout
    assert "not analyzed" not in retried.stderr
