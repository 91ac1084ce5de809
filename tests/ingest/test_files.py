"""Reading inputs: bounded by bytes read, regular files only, never blocking."""

from __future__ import annotations

import gzip
import io
import os
import sys
import zlib
from pathlib import Path

import pytest

from newsweave.errors import RejectedInput
from newsweave.ingest.files import (
    SkippedEntry,
    iter_input_files,
    read_at_most,
    read_bytes,
    read_input,
)
from newsweave.records import RawDocument, Rejection
from tests.conftest import html_page, warc_bytes

PAGE = html_page().encode()
LIMIT = 64 * 1024


class EndlessStream(io.RawIOBase):
    """A device like /dev/zero, or a file that keeps growing: reads never end."""

    def __init__(self) -> None:
        self.given = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]
        view = memoryview(buffer).cast("B")
        view[:] = b"x" * len(view)
        self.given += len(view)
        return len(view)


def reasons(items: list[RawDocument | Rejection]) -> list[str]:
    return [i.reason for i in items if isinstance(i, Rejection)]


def test_endless_stream_is_cut_at_the_limit_by_bytes_read() -> None:
    stream = EndlessStream()
    with pytest.raises(RejectedInput) as caught:
        read_at_most(io.BufferedReader(stream), LIMIT)
    assert caught.value.reason == "too-large"
    # Read until past the limit, and not much further (one buffer at most).
    assert LIMIT < stream.given <= LIMIT + 1 + io.DEFAULT_BUFFER_SIZE


def test_stream_within_the_limit_is_read_whole() -> None:
    data = os.urandom(LIMIT)
    assert read_at_most(io.BytesIO(data), LIMIT) == data
    assert read_at_most(io.BytesIO(data), LIMIT, expected=10) == data  # size was stale


def test_file_larger_than_its_stated_size_is_cut_by_bytes_read(tmp_path: Path) -> None:
    # The size stat() gave when reading began (as of a file still being written)
    # does not bound the read: the bytes do.
    path = tmp_path / "growing.txt"
    path.write_bytes(b"flood report\n" * (LIMIT // 8))
    with path.open("rb") as stream, pytest.raises(RejectedInput) as caught:
        read_at_most(stream, LIMIT, expected=100)
    assert caught.value.reason == "too-large"


def test_named_file_over_the_limit_is_rejected(tmp_path: Path) -> None:
    path = tmp_path / "big.txt"
    path.write_bytes(b"flood report\n" * LIMIT)
    assert reasons(list(read_input(str(path), max_bytes=LIMIT))) == ["too-large"]
    assert reasons(list(read_input(str(path), max_bytes=20 * LIMIT))) == []


def test_stdin_is_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    stream = EndlessStream()
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BufferedReader(stream)))
    assert reasons(list(read_input("-", max_bytes=LIMIT))) == ["too-large"]
    assert stream.given <= LIMIT + 1 + io.DEFAULT_BUFFER_SIZE


def test_gzip_bomb_is_bounded_by_the_same_limit() -> None:
    bomb = gzip.compress(b"\x00" * (LIMIT * 4))
    assert len(bomb) < LIMIT
    assert reasons(list(read_bytes(bomb, "bomb.html.gz", max_bytes=LIMIT))) == ["too-large"]


def test_warc_record_over_the_limit_is_rejected_and_the_rest_read() -> None:
    big = html_page(paragraphs=("Flood. " * (LIMIT // 6),)).encode()
    data = warc_bytes([("https://h.example/big", big), ("https://h.example/ok", PAGE)])
    found = list(read_bytes(gzip.compress(data), "crawl.warc.gz", max_bytes=LIMIT))
    assert reasons(found) == ["too-large"]
    assert [d.url for d in found if isinstance(d, RawDocument)] == ["https://h.example/ok"]


def test_deflate_body_in_a_warc_is_bounded() -> None:
    body = zlib.compress(b"<p>" + b" " * (LIMIT * 4) + b"</p>")
    data = warc_bytes([("https://h.example/x", body)], http_headers="Content-Encoding: deflate\r\n")
    assert reasons(list(read_bytes(data, "c.warc", max_bytes=LIMIT))) == ["too-large"]
    small = zlib.compress(PAGE)
    data = warc_bytes(
        [("https://h.example/y", small)], http_headers="Content-Encoding: deflate\r\n"
    )
    (doc,) = list(read_bytes(data, "c.warc", max_bytes=LIMIT))
    assert isinstance(doc, RawDocument) and doc.content == PAGE


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="needs /dev/zero")
@pytest.mark.timeout(20)
def test_named_device_is_refused_without_reading() -> None:
    (rejection,) = list(read_input("/dev/zero"))
    assert isinstance(rejection, Rejection)
    assert rejection.reason == "not-a-file"
    assert "character device" in rejection.detail


@pytest.mark.timeout(20)
def test_named_fifo_is_refused_without_blocking(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.html"
    os.mkfifo(fifo)
    (rejection,) = list(read_input(str(fifo)))
    assert isinstance(rejection, Rejection)
    assert rejection.reason == "not-a-file"
    assert "FIFO" in rejection.detail and "newsweave ingest -" in rejection.detail


@pytest.mark.timeout(20)
def test_folder_entries_that_are_not_files_come_out_skipped(tmp_path: Path) -> None:
    (tmp_path / "page.html").write_bytes(PAGE)
    os.mkfifo(tmp_path / "pipe.html")
    (tmp_path / "zero.html").symlink_to("/dev/zero")
    (tmp_path / "gone.html").symlink_to(tmp_path / "missing.html")
    (tmp_path / "link-to-page.html").symlink_to(tmp_path / "page.html")
    found = list(iter_input_files([str(tmp_path)]))
    files = [Path(f).name for f in found if isinstance(f, str)]
    skipped = {Path(s.source).name: s for s in found if isinstance(s, SkippedEntry)}
    assert files == ["link-to-page.html", "page.html"]
    assert sorted(skipped) == ["gone.html", "pipe.html", "zero.html"]
    assert {s.reason for s in skipped.values()} == {"not-a-file"}
    assert "FIFO" in skipped["pipe.html"].detail
    assert "character device" in skipped["zero.html"].detail
    assert "broken link" in skipped["gone.html"].detail
    # Expanding again (the CLI expands, then the ingest job does) keeps them skipped.
    assert list(iter_input_files(found)) == found
