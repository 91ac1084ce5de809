"""Digests built once per test session: the example corpus through the command line,
and a hostile article whose title, body, byline and URL carry markup and scripts."""

from __future__ import annotations

import json
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.conftest import EXAMPLES, html_page

# A payload that ran would set this global; the browser test checks it stays unset.
SENTINEL = "__nwPwned"
RUN = f"window.{SENTINEL}=1"
HOSTILE_TITLE = f'Marren barrier <script>{RUN}</script> "><img src=x onerror="{RUN}"> \'fails'
HOSTILE_AUTHOR = f'"><img src=x onerror="{RUN}">'
HOSTILE_URL = f'javascript:{RUN}//"><script>{RUN}</script>'
HOSTILE_BODY = (
    f"Flood barriers along the Marren gave way <script>{RUN}</script> early on Tuesday,"
    " forcing the evacuation of several hundred households, officials said.",
    f'"The river rose faster than any model predicted <img src=x onerror="{RUN}">," said'
    " Ingrid Vale, who leads the county's flood response team.",
    f'Residents were told to read <a href="javascript:{RUN}">the advice</a> at'
    f' javascript:{RUN} and "><svg onload="{RUN}"> before going home to Quay Street.',
    "The council promised an independent review of the barrier's last inspection after"
    " the sirens sounded only minutes before it failed.",
)


@dataclass(frozen=True)
class Digest:
    db: Path
    site: Path
    stdout: str


def run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "newsweave", *args], capture_output=True, text=True, timeout=600
    )


def write_hostile_inputs(folder: Path) -> Path:
    """The hostile article twice: as JSONL fields (taken verbatim) and as an HTML page
    whose title, byline and canonical URL carry the same markup as escaped text."""
    folder.mkdir(parents=True, exist_ok=True)
    row = {
        "url": HOSTILE_URL,
        "outlet": f'Hostile <b onmouseover="{RUN}">Gazette</b>',
        "title": HOSTILE_TITLE,
        "author": HOSTILE_AUTHOR,
        "published": "2025-03-11T08:00:00Z",
        "text": "\n\n".join(HOSTILE_BODY),
    }
    (folder / "hostile.jsonl").write_text(json.dumps(row) + "\n", encoding="utf-8")
    from html import escape

    page = html_page(
        escape(HOSTILE_TITLE),
        tuple(escape(p) for p in HOSTILE_BODY),
        site="Quay Street Bulletin",
        author=escape(HOSTILE_AUTHOR),
    ).replace("<head>", f'<head><link rel="canonical" href="{escape(HOSTILE_URL)}">')
    (folder / "hostile.html").write_text(page, encoding="utf-8")
    return folder


def build(folder: Path, *inputs: Path) -> Digest:
    db, site = folder / "digest.db", folder / "site"
    result = run_cli("digest", *map(str, inputs), "-o", str(site), "--db", str(db))
    assert result.returncode == 0, result.stderr
    return Digest(db, site, result.stdout)


@pytest.fixture(scope="session")
def example_digest(tmp_path_factory: pytest.TempPathFactory) -> Digest:
    return build(tmp_path_factory.mktemp("example-digest"), EXAMPLES / "corpus")


@pytest.fixture(scope="session")
def hostile_digest(tmp_path_factory: pytest.TempPathFactory) -> Digest:
    folder = tmp_path_factory.mktemp("hostile-digest")
    return build(folder, write_hostile_inputs(folder / "in"))
