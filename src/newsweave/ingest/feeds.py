"""RSS and Atom feeds whose items carry the article itself (content:encoded, atom content)."""

from __future__ import annotations

import calendar
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import feedparser

from newsweave.records import RawDocument, Rejection

# Items whose content is shorter than this are teasers, not articles.
MIN_ITEM_CHARS = 400


def read_feed(data: bytes, source: str) -> Iterator[RawDocument | Rejection]:
    parsed = feedparser.parse(data)
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
