"""A locked, damaged or missing store, or a request that runs too long, ends that
request with a clear 503 and the server goes on serving."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import httpx

from tests.web.conftest import served


def still_serving(client: httpx.Client) -> None:
    assert client.get("/static/site.css").status_code == 200
    assert client.get("/docs").status_code == 200


def test_a_locked_store_is_a_503_until_released(store_copy: Path) -> None:
    with served(store_copy, read_only=True, busy_timeout_s=0.2) as client:
        holder = sqlite3.connect(store_copy, isolation_level=None)
        holder.execute("PRAGMA locking_mode = EXCLUSIVE")
        holder.execute("BEGIN EXCLUSIVE")
        holder.execute("CREATE TABLE held_by_test (x)")  # takes the write lock now
        try:
            for path in ("/api/stories", "/api/search?q=dam", "/"):
                response = client.get(path)
                assert response.status_code == 503
                assert "locked" in response.text
            still_serving(client)
        finally:
            holder.execute("ROLLBACK")
            holder.close()
        assert client.get("/api/stories").status_code == 200


def test_a_damaged_store_is_a_503_and_recovers_when_restored(store_copy: Path) -> None:
    good = store_copy.read_bytes()
    with served(store_copy, read_only=True) as client:
        assert client.get("/api/stories").status_code == 200
        damaged = bytearray(good)
        damaged[8192:] = b"\xa5" * (len(good) - 8192)  # the header stays, the pages go
        store_copy.write_bytes(bytes(damaged))
        response = client.get("/api/stories")
        assert response.status_code == 503
        assert "damaged" in response.json()["error"] or "malformed" in response.json()["error"]
        page = client.get("/")
        assert page.status_code == 503 and "Error 503" in page.text
        store_copy.write_bytes(b"this is not a database at all" * 100)
        garbage = client.get("/api/stories")
        assert garbage.status_code == 503 and "not a newsweave store" in garbage.json()["error"]
        still_serving(client)
        store_copy.write_bytes(good)
        assert client.get("/api/stories").json()["total"] == 4


def test_a_missing_store_is_a_503(store_copy: Path, tmp_path: Path) -> None:
    with served(store_copy, read_only=True) as client:
        shutil.move(store_copy, tmp_path / "moved.db")
        response = client.get("/api/stories/story-")
        assert response.status_code == 503 and "no database" in response.json()["error"]
        still_serving(client)


def test_a_request_over_its_time_limit_is_a_503(example_store: Path) -> None:
    with served(example_store, read_only=True, request_time_limit_s=1e-9) as client:
        for path in ("/api/speakers", "/api/outlets", "/speakers"):
            response = client.get(path)
            assert response.status_code == 503, response.text
            assert "took longer" in response.text
        still_serving(client)
    with served(example_store, read_only=True) as client:
        assert client.get("/api/speakers").status_code == 200
