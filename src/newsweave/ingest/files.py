"""Walk the inputs a user names (files, folders, ``-`` for stdin) and read each one.

Every input ends as RawDocuments or Rejections: an unreadable file, a truncated gzip or
a binary blob is recorded with its reason and the walk goes on.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator
from pathlib import Path

from newsweave.errors import RejectedInput
from newsweave.ingest.feeds import read_feed
from newsweave.ingest.jsonl import read_jsonl
from newsweave.ingest.sniff import (
    MAX_INPUT_BYTES,
    gunzip,
    is_gzip,
    peek_gzip,
    sniff_format,
    strip_compression_suffix,
)
from newsweave.ingest.warc import read_warc
from newsweave.records import RawDocument, Rejection

STDIN = "-"
# Files no one means to ingest: editor backups, OS metadata, VCS internals.
_SKIPPED_NAMES = (".DS_Store", "Thumbs.db")
_SKIPPED_DIRS = (".git", ".hg", ".svn", "__pycache__", ".venv")


def iter_input_files(paths: Iterable[str]) -> Iterator[str]:
    """Expand folders recursively (sorted, so runs are reproducible); keep ``-`` as is."""
    for raw in paths:
        if raw == STDIN:
            yield STDIN
            continue
        path = Path(raw)
        if path.is_dir():
            for child in sorted(path.rglob("*")):
                if child.is_file() and not _skipped(child):
                    yield str(child)
        else:
            yield str(path)


def _skipped(path: Path) -> bool:
    return (
        path.name in _SKIPPED_NAMES
        or path.name.startswith(".")
        or any(part in _SKIPPED_DIRS for part in path.parts)
    )


def read_input(source: str) -> Iterator[RawDocument | Rejection]:
    """Read one file (or stdin) into documents, whatever its format."""
    try:
        data = _read_bytes(source)
    except RejectedInput as exc:
        yield Rejection(source, exc.reason, exc.detail)
        return
    yield from read_bytes(data, source)


def read_bytes(data: bytes, source: str) -> Iterator[RawDocument | Rejection]:
    name = "" if source == STDIN else source
    try:
        if is_gzip(data):
            if peek_gzip(data).startswith(b"WARC/"):
                yield from read_warc(data, source)  # fastwarc reads gzip members itself
                return
            data = gunzip(data)
        fmt = sniff_format(data, strip_compression_suffix(name))
    except RejectedInput as exc:
        yield Rejection(source, exc.reason, exc.detail)
        return
    if fmt == "warc":
        yield from read_warc(data, source)
    elif fmt == "jsonl":
        yield from read_jsonl(data, source)
    elif fmt == "feed":
        yield from read_feed(data, source)
    else:
        yield RawDocument(data, source, fmt)


def _read_bytes(source: str) -> bytes:
    if source == STDIN:
        data = sys.stdin.buffer.read(MAX_INPUT_BYTES + 1)
    else:
        path = Path(source)
        try:
            if not path.exists():
                raise RejectedInput("not-found", "no such file or folder")
            if path.stat().st_size > MAX_INPUT_BYTES:
                raise RejectedInput("too-large", f"larger than {MAX_INPUT_BYTES} bytes")
            data = path.read_bytes()
        except OSError as exc:
            raise RejectedInput("unreadable", exc.strerror or str(exc)) from exc
    if len(data) > MAX_INPUT_BYTES:
        raise RejectedInput("too-large", f"larger than {MAX_INPUT_BYTES} bytes")
    return data
