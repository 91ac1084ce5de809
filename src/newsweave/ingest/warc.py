"""WARC archives (plain or gzipped): every HTML response record becomes a RawDocument.

Records are read as raw blocks and their HTTP envelope parsed here, so a record cut
short by a truncated file is noticed (its block is shorter than its Content-Length)
and rejected, while every complete record before it is kept.
"""

from __future__ import annotations

import io
import zlib
from collections.abc import Iterator

from fastwarc.warc import ArchiveIterator, WarcRecordType

from newsweave.errors import RejectedInput
from newsweave.ingest.sniff import MAX_INPUT_BYTES, gunzip
from newsweave.records import RawDocument, Rejection

_HTML_TYPES = ("text/html", "application/xhtml+xml")


def read_warc(
    data: bytes, source: str, *, max_bytes: int = MAX_INPUT_BYTES
) -> Iterator[RawDocument | Rejection]:
    """Every HTML response record; a record over ``max_bytes`` (read, or inflated from
    gzip) is rejected as too large and the archive read on."""
    index = 0
    try:
        for record in ArchiveIterator(io.BytesIO(data), parse_http=False):
            url = record.headers.get("WARC-Target-URI")
            if url is None and record.content_length == 0:
                yield Rejection(
                    f"{source}#{index}", "truncated-warc", "archive ends inside a record"
                )
                return
            if record.record_type != WarcRecordType.response:
                continue
            record_source = f"{source}#{index}"
            index += 1
            block = record.reader.read(max_bytes + 1)
            if len(block) > max_bytes:
                yield Rejection(
                    record_source, "too-large", f"record for {url} is over {max_bytes} bytes"
                )
                continue
            declared = int(record.headers.get("Content-Length") or len(block))
            if len(block) < declared:
                yield Rejection(
                    record_source,
                    "truncated-warc",
                    f"record for {url} has {len(block)} of {declared} bytes (file cut short?)",
                )
                return
            try:
                payload = _http_html_payload(block, max_bytes)
            except RejectedInput as exc:
                yield Rejection(record_source, exc.reason, f"{url}: {exc.detail}")
                continue
            if payload is not None:
                yield RawDocument(
                    payload, record_source, "html", url=url, fetched_at=record.record_date
                )
    except Exception as exc:  # fastwarc raises assorted errors on broken archives
        yield Rejection(f"{source}#{index}", "corrupt-warc", f"cannot read on: {exc}")


def _http_html_payload(block: bytes, max_bytes: int) -> bytes | None:
    """The decoded body of an HTTP response if it is HTML, else None."""
    head, sep, body = block.partition(b"\r\n\r\n")
    if not sep:
        head, sep, body = block.partition(b"\n\n")
    lines = head.decode("latin-1").splitlines()
    if not lines or not lines[0].startswith("HTTP/"):
        raise RejectedInput("bad-http", "response record without an HTTP status line")
    status = lines[0].split()
    if len(status) < 2 or not status[1].startswith("2"):
        return None  # redirects and errors carry no article
    headers = {}
    for line in lines[1:]:
        name, _, value = line.partition(":")
        headers[name.strip().lower()] = value.strip().lower()
    if not any(t in headers.get("content-type", "text/html") for t in _HTML_TYPES):
        return None
    if "chunked" in headers.get("transfer-encoding", ""):
        body = _dechunk(body)
    encoding = headers.get("content-encoding", "")
    if encoding in ("gzip", "x-gzip"):
        body = gunzip(body, limit=max_bytes)
    elif encoding == "deflate":
        body = _inflate(body, max_bytes)
    elif encoding not in ("", "identity"):
        raise RejectedInput("unsupported-encoding", f"HTTP content-encoding {encoding!r}")
    return body


def _inflate(body: bytes, limit: int) -> bytes:
    """A deflate body, bounded like gzip: a small record must not inflate to gigabytes."""
    inflater = zlib.decompressobj()
    try:
        out = inflater.decompress(body, limit + 1)
    except zlib.error as exc:
        raise RejectedInput("bad-http", f"broken deflate body: {exc}") from exc
    if len(out) > limit or inflater.unconsumed_tail:
        raise RejectedInput("too-large", f"body inflates to more than {limit} bytes")
    return out


def _dechunk(body: bytes) -> bytes:
    out = bytearray()
    rest = body
    while rest:
        size_line, _, rest = rest.partition(b"\r\n")
        try:
            size = int(size_line.split(b";")[0].strip() or b"0", 16)
        except ValueError:
            return body  # not really chunked (archivers often pre-decode): keep as is
        if size == 0:
            break
        out += rest[:size]
        rest = rest[size + 2 :]
    return bytes(out)
