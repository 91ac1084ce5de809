"""Which format is this input? Decided by content first, the file name second.

Names lie (a `.html` that is a gzip, a `.txt` holding a feed), so the first bytes
decide whenever they can; the extension only breaks ties between formats whose
content looks alike (a text dump and a JSONL file that has one malformed line).
"""

from __future__ import annotations

import re
import zlib
from pathlib import PurePath

from newsweave.errors import RejectedInput
from newsweave.ingest.decode import looks_binary, wide_encoding
from newsweave.records import InputFormat

GZIP_MAGIC = b"\x1f\x8b"
# The largest input we read, after decompression: a bound on hostile gzip bombs.
MAX_INPUT_BYTES = 200 * 1024 * 1024

_HTML_START = re.compile(
    rb"^\s*(<!--.*?-->\s*)*<(!doctype\s+html|html|head|body|meta|title)\b", re.I | re.S
)
_HTML_TAGS = re.compile(rb"<(p|div|span|a|br|table|article|section|script|h[1-6])\b", re.I)
_FEED = re.compile(rb"<(rss|feed|rdf:RDF)\b", re.I)

_SUFFIX_FORMATS: dict[str, InputFormat] = {
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".txt": "text",
    ".text": "text",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".json": "jsonl",
    ".warc": "warc",
    ".arc": "warc",
    ".rss": "feed",
    ".atom": "feed",
    ".xml": "feed",
}


def gunzip(data: bytes, *, limit: int = MAX_INPUT_BYTES) -> bytes:
    """Decompress all gzip members; reject truncated or oversized streams with a reason."""
    out = bytearray()
    view = data
    while view:
        decomp = zlib.decompressobj(16 + zlib.MAX_WBITS)
        try:
            out += decomp.decompress(view, limit - len(out) + 1)
        except zlib.error as exc:
            raise RejectedInput("corrupt-gzip", f"not a valid gzip stream: {exc}") from exc
        if len(out) > limit or decomp.unconsumed_tail:
            raise RejectedInput("too-large", f"decompresses to more than {limit} bytes")
        if not decomp.eof:
            raise RejectedInput("truncated-gzip", "gzip stream ends early (file cut short?)")
        view = decomp.unused_data
        if view and not view.startswith(GZIP_MAGIC):
            break  # trailing garbage after the last member, as gzip(1) tolerates
    return bytes(out)


def strip_compression_suffix(name: str) -> str:
    return name[:-3] if name.lower().endswith(".gz") else name


def sniff_format(data: bytes, name: str = "") -> InputFormat:
    """Guess the format of (already decompressed) bytes; raise RejectedInput if hopeless."""
    if not data.strip():
        raise RejectedInput("empty", "no content")
    head = data[:4096]
    if head.startswith(b"WARC/"):
        return "warc"
    wide = wide_encoding(head)
    if wide is not None:
        # UTF-16/32 text: sniff it as the UTF-8 it decodes to.
        head = head.decode(wide, "ignore").lstrip("\ufeff").encode("utf-8")
    elif looks_binary(head):
        raise RejectedInput(
            "binary", "contains control bytes; not a text, HTML, JSONL, WARC or feed"
        )
    stripped = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    suffix = PurePath(strip_compression_suffix(name)).suffix.lower()
    if (stripped.startswith(b"<?xml") and _FEED.search(head)) or _FEED.match(stripped):
        return "feed"
    if stripped.startswith(b"{") and _first_line_is_object(stripped):
        return "jsonl"
    if _is_html(stripped):
        return "html"
    return "jsonl" if _SUFFIX_FORMATS.get(suffix) == "jsonl" else "text"


def _is_html(head: bytes) -> bool:
    if _HTML_START.match(head):
        return True
    # Fragments without <html>: many tags per KiB means markup, not prose.
    return len(_HTML_TAGS.findall(head)) >= 5


def _first_line_is_object(head: bytes) -> bool:
    first = head.split(b"\n", 1)[0].strip()
    return first.startswith(b"{") and first.endswith(b"}")


def is_gzip(data: bytes) -> bool:
    return data[:2] == GZIP_MAGIC


def read_maybe_gzip(data: bytes) -> bytes:
    return gunzip(data) if is_gzip(data) else data


def peek_gzip(data: bytes, size: int = 65536) -> bytes:
    """The first ``size`` decompressed bytes, for sniffing without inflating everything."""
    try:
        return zlib.decompressobj(16 + zlib.MAX_WBITS).decompress(data, size)
    except zlib.error as exc:
        raise RejectedInput("corrupt-gzip", f"not a valid gzip stream: {exc}") from exc
