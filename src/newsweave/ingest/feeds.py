"""RSS and Atom feeds whose items carry the article itself (content:encoded, atom content)."""

from __future__ import annotations

import calendar
import io
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import feedparser

from newsweave.errors import RejectedInput
from newsweave.ingest.decode import decode_bytes
from newsweave.records import RawDocument, Rejection

# Items whose content is shorter than this are teasers, not articles.
MIN_ITEM_CHARS = 400


# Tells feedparser the bytes are UTF-8 whatever their XML declaration says
# (RFC 3023: the charset of an application/xml type wins).
_DECODED_HEADERS = {"content-type": "application/xml; charset=utf-8"}


def read_feed(data: bytes, source: str) -> Iterator[RawDocument | Rejection]:
    try:
        text = decode_bytes(data)
    except RejectedInput as exc:
        yield Rejection(source, exc.reason, exc.detail)
        return
    # Decoded by newsweave's decoder (UTF-16 without a BOM, mixed encodings), handed
    # over as a stream: feedparser treats bytes and str as a file name or URL first.
    parsed = feedparser.parse(io.BytesIO(text.encode("utf-8")), response_headers=_DECODED_HEADERS)
    entries: list[Any] = list(parsed.entries)
    if not entries:
        problem = parsed.get("bozo_exception")
        yield Rejection(source, "bad-feed", f"no items ({problem})" if problem else "no items")
        return
    outlet = str(parsed.feed.get("title", "")).strip()
    for index, entry in enumerate(entries):
        item_source = f"{source}#{index}"
        body = _item_body(entry)
        if len(body) < MIN_ITEM_CHARS:
            yield Rejection(
                item_source, "no-content", "feed item carries only a summary, not the article"
            )
            continue
        hints = {"title": str(entry.get("title", "")).strip()}
        if outlet:
            hints["outlet"] = outlet
        if entry.get("author"):
            hints["author"] = str(entry["author"])
        published = _item_published(entry)
        if published:
            hints["published"] = published.isoformat()
        yield RawDocument(
            body.encode("utf-8"),
            item_source,
            "html",
            url=str(entry.get("link")) if entry.get("link") else None,
            hints={k: v for k, v in hints.items() if v},
        )


def _item_body(entry: Any) -> str:
    contents = entry.get("content") or []
    values = [str(c.get("value", "")) for c in contents]
    values.append(str(entry.get("summary", "")))
    return max(values, key=len)


def _item_published(entry: Any) -> datetime | None:
    for key in ("published_parsed", "updated_parsed"):
        struct = entry.get(key)
        if struct:
            return datetime.fromtimestamp(calendar.timegm(struct), tz=UTC)
    return None
