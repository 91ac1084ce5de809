"""Commands import only what they use: help and the listings start without spaCy,
trafilatura or scikit-learn (together over a second to import)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from newsweave.pipeline.ingest import ingest_paths
from newsweave.store.db import Store
from tests.conftest import REPO, write_mixed_corpus

HEAVY = ("spacy", "trafilatura", "sklearn")

# Runs one command in a fresh interpreter, then prints which heavy packages it imported.
PROBE = f"""
import json, sys
from newsweave.cli import main
code = 0
try:
    main(sys.argv[1:])
except SystemExit as exit_:
    code = exit_.code
print(json.dumps({{"code": code, "heavy": sorted(
    {{name.split(".")[0] for name in sys.modules}} & set({HEAVY!r}))}}))
"""


@pytest.fixture(scope="module")
def stored(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("startup")
    write_mixed_corpus(folder / "in")
    db = folder / "store.db"
    with Store(db) as store:
        ingest_paths(store, [str(folder / "in")])
    return db


@pytest.mark.parametrize(
    "command",
    [
        ["--help"],  # the first thing a user runs
        ["articles"],  # listing what is stored
        ["search", "barrier"],  # full-text search
        ["stories"],  # listing stories
        ["export", "articles", "--format", "csv"],  # an export
    ],
)
def test_command_does_not_import_heavy_packages(command: list[str], stored: Path) -> None:
    args = command if command == ["--help"] else [*command, "--db", str(stored)]
    result = subprocess.run(
        [sys.executable, "-c", PROBE, *args],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "PYTHONPATH": str(REPO / "src")},
    )
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout.strip().splitlines()[-1])
    assert report["code"] in (None, 0), result.stderr
    assert report["heavy"] == []
