"""What the command tests share: running ``newsweave`` as a user does, and the
footbridge story ingested once for the report commands (summary, timeline, quotes,
compare)."""

from __future__ import annotations

import subprocess
import sys

import pytest

from tests.conftest import write_footbridge_story


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "newsweave", *args], capture_output=True, text=True, timeout=300
    )


@pytest.fixture(scope="session")
def story_db(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, str]:
    """The footbridge story's database and the id of its English story."""
    folder = tmp_path_factory.mktemp("report-cli")
    db = str(folder / "cli.db")
    result = run("ingest", str(write_footbridge_story(folder / "in")), "--db", db)
    assert result.returncode == 0, result.stderr
    from newsweave.store.db import Store

    with Store(db, readonly=True) as store:
        story = next(s for s in store.iter_stories() if "Northern Wire" in s.outlets)
    return db, story.id
