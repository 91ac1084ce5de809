"""Walk the inputs a user names (files, folders, ``-`` for stdin) and read each one.

Every input ends as RawDocuments or Rejections: an unreadable file, a truncated gzip or
a binary blob is recorded with its reason and the walk goes on. Only regular files are
read, and never more than MAX_INPUT_BYTES of anything (counted as read, since a
device or a growing file has no size to trust): a FIFO would block, /dev/zero never
ends. Named on the command line, such a thing is rejected; met inside a folder, it
is skipped and reported as skipped.
"""

from __future__ import annotations

import os
import stat
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

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
NOT_A_FILE = "not-a-file"
# Reads from a source with no size to go by (stdin, a file still growing) go in steps.
_READ_CHUNK = 1 << 20
# Files no one means to ingest: editor backups, OS metadata, VCS internals.
_SKIPPED_NAMES = (".DS_Store", "Thumbs.db")
_SKIPPED_DIRS = (".git", ".hg", ".svn", "__pycache__", ".venv")


@dataclass(frozen=True, slots=True)
class SkippedEntry:
    """Something inside a named folder that is not a regular file (a FIFO, a device,
    a socket, a broken link): never opened, but reported, so the user sees it."""

    source: str
    reason: str
    detail: str


def iter_input_files(paths: Iterable[str | SkippedEntry]) -> Iterator[str | SkippedEntry]:
    """Expand folders recursively (sorted, so runs are reproducible); keep ``-`` as is.

    Entries of a folder that are not regular files come out as SkippedEntry; a path
    named directly comes out as it is, for ``read_input`` to read or reject.
    """
    for raw in paths:
        if isinstance(raw, SkippedEntry) or raw == STDIN:
            yield raw
            continue
        path = Path(raw)
        if path.is_dir():
            for child in sorted(path.rglob("*")):
                if _skipped(child) or child.is_dir():
                    continue
                try:
                    kind = _not_a_file_kind(child)
                except OSError:
                    # Unreadable files are read_input's to reject, with the reason why.
                    kind = "broken link" if child.is_symlink() else None
                if kind is None:
                    yield str(child)
                else:
                    yield SkippedEntry(str(child), NOT_A_FILE, f"a {kind}, not a regular file")
        else:
            yield str(path)


def _skipped(path: Path) -> bool:
    return (
        path.name in _SKIPPED_NAMES
        or path.name.startswith(".")
        or any(part in _SKIPPED_DIRS for part in path.parts)
    )


def read_input(
    source: str, *, max_bytes: int = MAX_INPUT_BYTES
) -> Iterator[RawDocument | Rejection]:
    """Read one file (or stdin) into documents, whatever its format."""
    try:
        data = _read_bytes(source, max_bytes)
    except RejectedInput as exc:
        yield Rejection(source, exc.reason, exc.detail)
        return
    yield from read_bytes(data, source, max_bytes=max_bytes)


def read_bytes(
    data: bytes, source: str, *, max_bytes: int = MAX_INPUT_BYTES
) -> Iterator[RawDocument | Rejection]:
    name = "" if source == STDIN else source
    try:
        if is_gzip(data):
            if peek_gzip(data).startswith(b"WARC/"):
                # fastwarc reads gzip members itself; read_warc bounds each record.
                yield from read_warc(data, source, max_bytes=max_bytes)
                return
            data = gunzip(data, limit=max_bytes)
        fmt = sniff_format(data, strip_compression_suffix(name))
    except RejectedInput as exc:
        yield Rejection(source, exc.reason, exc.detail)
        return
    if fmt == "warc":
        yield from read_warc(data, source, max_bytes=max_bytes)
    elif fmt == "jsonl":
        yield from read_jsonl(data, source)
    elif fmt == "feed":
        yield from read_feed(data, source)
    else:
        yield RawDocument(data, source, fmt)


def read_at_most(stream: BinaryIO, limit: int, *, expected: int = 0) -> bytes:
    """All of ``stream``, or RejectedInput('too-large') once it has given more than
    ``limit`` bytes. ``expected`` (a file's size) lets the common case be one read."""
    chunks: list[bytes] = []
    total = 0
    want = min(expected, limit) + 1 if expected else _READ_CHUNK
    while total <= limit:
        chunk = stream.read(min(want, limit + 1 - total))
        if not chunk:
            break
        chunks.append(chunk)
        total += len(chunk)
        want = _READ_CHUNK
    if total > limit:
        raise RejectedInput("too-large", f"larger than {limit} bytes")
    return chunks[0] if len(chunks) == 1 else b"".join(chunks)


def _read_bytes(source: str, limit: int) -> bytes:
    if source == STDIN:
        return read_at_most(sys.stdin.buffer, limit)
    path = Path(source)
    try:
        if not path.exists():
            if path.is_symlink():
                raise RejectedInput("not-found", "a broken link: what it points to is missing")
            raise RejectedInput("not-found", "no such file or folder")
        kind = _not_a_file_kind(path)
        if kind is not None:
            raise RejectedInput(NOT_A_FILE, _not_a_file_detail(kind))
        # Non-blocking, in case a FIFO took the file's place since the check above.
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)
        with os.fdopen(fd, "rb") as stream:
            status = os.fstat(fd)
            if not stat.S_ISREG(status.st_mode):
                raise RejectedInput(NOT_A_FILE, _not_a_file_detail(_kind_of(status.st_mode)))
            return read_at_most(stream, limit, expected=status.st_size)
    except OSError as exc:
        raise RejectedInput("unreadable", exc.strerror or str(exc)) from exc


def _not_a_file_kind(path: Path) -> str | None:
    """What ``path`` is when it is not a regular file (links followed), else None;
    OSError when it cannot be looked at."""
    mode = path.stat().st_mode
    return None if stat.S_ISREG(mode) else _kind_of(mode)


def _kind_of(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "folder"
    if stat.S_ISFIFO(mode):
        return "FIFO (named pipe)"
    if stat.S_ISCHR(mode):
        return "character device"
    if stat.S_ISBLK(mode):
        return "block device"
    if stat.S_ISSOCK(mode):
        return "socket"
    return "special file"


def _not_a_file_detail(kind: str) -> str:
    return (
        f"this is a {kind}, not a regular file; newsweave reads regular files, folders"
        " and - (stdin): to ingest a stream, pipe it in as `newsweave ingest - < SOURCE`"
    )
