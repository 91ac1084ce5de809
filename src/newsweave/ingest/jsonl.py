"""JSONL inputs: one article per line with any of url, html, text, title, published, outlet."""

from __future__ import annotations

import json
from collections.abc import Iterator

from newsweave.errors import RejectedInput
from newsweave.ingest.decode import decode_bytes
from newsweave.records import RawDocument, Rejection

HINT_FIELDS = ("title", "published", "outlet", "author", "language")


def read_jsonl(data: bytes, source: str) -> Iterator[RawDocument | Rejection]:
    """Each line becomes a RawDocument, or a Rejection naming the line and what is wrong."""
    try:
        text = decode_bytes(data)
    except RejectedInput as exc:
        yield Rejection(source, exc.reason, exc.detail)
        return
    for index, line in enumerate(text.splitlines()):
        if not line.strip():
            continue
        record_source = f"{source}#{index}"
        try:
            yield _record(json.loads(line), record_source)
        except json.JSONDecodeError as exc:
            yield Rejection(record_source, "bad-json", f"line {index + 1}: {_json_problem(exc)}")
        except RejectedInput as exc:
            yield Rejection(record_source, exc.reason, exc.detail)


def _record(obj: object, source: str) -> RawDocument:
    if not isinstance(obj, dict):
        raise RejectedInput("bad-json", f"expected a JSON object, got {type(obj).__name__}")
    hints = {k: str(obj[k]) for k in HINT_FIELDS if isinstance(obj.get(k), str | int | float)}
    url = obj.get("url") if isinstance(obj.get("url"), str) else None
    for field, fmt in (("html", "html"), ("text", "text")):
        value = obj.get(field)
        if isinstance(value, str) and value.strip():
            return RawDocument(
                value.encode("utf-8"),
                source,
                "html" if fmt == "html" else "text",
                url=url,
                hints=hints,
            )
    raise RejectedInput("no-content", "record has neither a non-empty `html` nor `text` field")


def _json_problem(exc: json.JSONDecodeError) -> str:
    # Some messages end in "at" ("Unterminated string starting at"): the column completes them.
    return f"{exc.msg.removesuffix(' at')} at column {exc.colno}"
