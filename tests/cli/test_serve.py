"""``newsweave serve`` as a user runs it: a process serving the store on loopback."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from tests.conftest import REPO, write_footbridge_story


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def newsweave(*args: str) -> list[str]:
    return [sys.executable, "-m", "newsweave", *args]


def env() -> dict[str, str]:
    return dict(os.environ, PYTHONPATH=str(REPO / "src"))


@pytest.mark.parametrize("workers", [1, 2])
def test_serve_answers_on_loopback_and_stops(tmp_path: Path, workers: int) -> None:
    db = tmp_path / "news.db"
    story = write_footbridge_story(tmp_path / "in")
    ingest = newsweave("ingest", "--no-analyze", str(story), "--db", str(db))
    subprocess.run(ingest, env=env(), check=True, capture_output=True)
    port = free_port()
    server = subprocess.Popen(
        newsweave("serve", "--db", str(db), "--port", str(port), "--read-only",
                  "--workers", str(workers)),
        env=env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                stories = httpx.get(f"http://127.0.0.1:{port}/api/stories", timeout=5)
                break
            except httpx.TransportError:
                assert server.poll() is None and time.monotonic() < deadline
                time.sleep(0.2)
        assert stories.status_code == 200 and stories.json()["total"] >= 1
        refused = httpx.post(f"http://127.0.0.1:{port}/api/articles", json={"text": "x"})
        assert refused.status_code == 403
    finally:
        server.terminate()
        out, _ = server.communicate(timeout=30)
    assert f"http://127.0.0.1:{port}/" in out and "read-only" in out


def test_serve_user_errors_are_one_line(tmp_path: Path) -> None:
    done = subprocess.run(
        newsweave("serve", "--db", str(tmp_path / "missing.db"), "--read-only"),
        env=env(), capture_output=True, text=True,
    )  # fmt: skip
    assert done.returncode == 2
    assert done.stderr.count("\n") == 1 and "no database" in done.stderr
    folder = subprocess.run(
        newsweave("serve", "--db", str(tmp_path)), env=env(), capture_output=True, text=True
    )
    assert folder.returncode == 2 and "is a folder" in folder.stderr
