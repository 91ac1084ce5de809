"""What a run reads: its inputs expanded into shards, and each shard read into documents.

A shard is one input file (a WARC, a JSONL file, one HTML page or text dump), local or
on object storage (``s3://``, ``gs://``: read through pyarrow's filesystems, which a
Ray cluster's nodes have). Shards are numbered in sorted input order: that number,
then the record's place in its file, is the run's canonical order, the order the
local ingest reads the same inputs in.
"""

from __future__ import annotations

import glob
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from fnmatch import fnmatch

from newsweave.errors import RejectedInput
from newsweave.ingest.files import (
    SkippedEntry,
    iter_input_files,
    read_at_most,
    read_bytes,
    read_input,
)
from newsweave.ingest.sniff import MAX_INPUT_BYTES
from newsweave.records import RawDocument, Rejection, content_id

# Read through pyarrow's filesystems (file:// too: the same path, for tests and NFS).
REMOTE_SCHEMES = ("s3://", "gs://", "gcs://", "hdfs://", "abfs://", "abfss://", "file://")
_GLOB_CHARS = frozenset("*?[")


@dataclass(frozen=True, slots=True)
class Shard:
    number: int  # its place in the run's sorted inputs: the canonical order
    path: str

    @property
    def id(self) -> str:
        return content_id(self.path)


def is_remote(path: str) -> bool:
    return path.startswith(REMOTE_SCHEMES)


def plan_shards(inputs: Sequence[str]) -> tuple[list[Shard], list[SkippedEntry]]:
    """The shards of ``inputs`` (files, folders, globs; local or remote), numbered in
    order, and what folders held that is not a file. A path that matches nothing stays
    a shard, for reading to reject with its reason, as ingest does."""
    paths: list[str] = []
    skipped: list[SkippedEntry] = []
    for given in inputs:
        if is_remote(given):
            paths.extend(_remote_files(given))
            continue
        matches = sorted(glob.glob(given, recursive=True)) if _GLOB_CHARS & set(given) else []
        for entry in iter_input_files(matches or [given]):
            if isinstance(entry, SkippedEntry):
                skipped.append(entry)
            else:
                paths.append(entry)
    unique = list(dict.fromkeys(paths))  # a file named twice is read once
    return [Shard(n, p) for n, p in enumerate(unique)], skipped


def read_shard(path: str) -> Iterator[RawDocument | Rejection]:
    """Every document of one shard, or the rejection that it cannot be read."""
    if not is_remote(path):
        yield from read_input(path)
        return
    try:
        data = _read_remote(path)
    except RejectedInput as exc:
        yield Rejection(path, exc.reason, exc.detail)
        return
    yield from read_bytes(data, path)


def _read_remote(uri: str) -> bytes:
    from pyarrow import fs

    try:
        filesystem, path = fs.FileSystem.from_uri(uri)
        # compression=None: the bytes as stored; gzip is detected as for a local file.
        with filesystem.open_input_stream(path, compression=None) as stream:
            return read_at_most(stream, MAX_INPUT_BYTES)
    except OSError as exc:
        raise RejectedInput("unreadable", str(exc)) from exc


def _remote_files(uri: str) -> list[str]:
    """Files under a remote folder or matching a remote glob (``s3://b/crawl/*.warc.gz``)."""
    from pyarrow import fs

    scheme, _, rest = uri.partition("://")
    pattern = rest if _GLOB_CHARS & set(rest) else None
    base = rest.split("*")[0].rsplit("/", 1)[0] if pattern else rest
    filesystem, _ = fs.FileSystem.from_uri(f"{scheme}://{base}")
    info = filesystem.get_file_info(base)
    if info.type == fs.FileType.File:
        return [uri]
    selector = fs.FileSelector(base, recursive=True, allow_not_found=True)
    found = sorted(i.path for i in filesystem.get_file_info(selector) if i.type == fs.FileType.File)
    if pattern:
        found = [p for p in found if fnmatch(p, pattern)]
    return [f"{scheme}://{p}" for p in found] or ([] if pattern else [uri])
