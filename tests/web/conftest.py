"""The web app running in uvicorn on a free loopback port, over stores built from the
example corpus (plus one hostile article) for the API, page and browser tests."""

from __future__ import annotations

import json
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import httpx
import pytest
import uvicorn

from newsweave.web.app import create_app
from tests.conftest import EXAMPLES

# Scraped text is hostile: every field a page shows carries markup meant to run.
HOSTILE_TITLE = '<script>alert("title")</script> Dam "breach" <img src=x onerror=alert(1)>'
HOSTILE_AUTHOR = "<img src=x onerror=alert('byline')>"
HOSTILE_OUTLET = 'Evil Gazette" onmouseover="alert(1)'
HOSTILE_URL = "javascript:alert('url')"
HOSTILE_RECORD = {
    "title": HOSTILE_TITLE,
    "author": HOSTILE_AUTHOR,
    "outlet": HOSTILE_OUTLET,
    "url": HOSTILE_URL,
    "published": "2025-03-13T10:00:00Z",
    "text": (
        "Water from the Halvard dam breach reached the lower town of Brennick on"
        " Wednesday, officials said. <script>alert('body')</script>\n\n"
        '"<img src=x onerror=alert(2)> was never a drill," said Mayor Ilse Varga, who'
        " ordered the evacuation of the town.\n\n"
        "Engineers said the <a href=\"javascript:alert('link')\">eastern embankment</a>"
        " had been inspected in 2023, and residents said the sirens came late."
    ),
}


class Markup(HTMLParser):
    """Every start tag with its attributes, and the text, of a page as a browser would
    parse them."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def parsed(page: str) -> Markup:
    """The tags and text of ``page`` (for the page tests)."""
    markup = Markup()
    markup.feed(page)
    return markup


def build_store(db: Path, folder: Path) -> None:
    from newsweave.ingest.files import iter_input_files
    from newsweave.pipeline.job import run_ingest_job
    from newsweave.store.db import Store

    with Store(db) as store:
        run_ingest_job(store, list(iter_input_files([str(folder)])))


@pytest.fixture(scope="session")
def example_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store of examples/corpus and the hostile article, built once per session."""
    root = tmp_path_factory.mktemp("web-store")
    corpus = root / "corpus"
    shutil.copytree(EXAMPLES / "corpus", corpus)
    (corpus / "hostile.jsonl").write_text(json.dumps(HOSTILE_RECORD) + "\n", encoding="utf-8")
    db = root / "example.db"
    build_store(db, corpus)
    return db


@pytest.fixture
def store_copy(example_store: Path, tmp_path: Path) -> Path:
    """A copy of the example store a test may write to."""
    db = tmp_path / "copy.db"
    shutil.copyfile(example_store, db)
    return db


@contextmanager
def served(db: Path, **options: Any) -> Iterator[httpx.Client]:
    """The app over ``db`` in uvicorn on a free port, in a thread; yields a client."""
    app = create_app(db, **options)
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", lifespan="off"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("the test server did not start")
        time.sleep(0.02)
    try:
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=60) as client:
            yield client
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        sock.close()


@pytest.fixture
def api(example_store: Path) -> Iterator[httpx.Client]:
    """A client of a read-only server over the shared example store."""
    with served(example_store, read_only=True) as client:
        yield client
