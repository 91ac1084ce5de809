"""One row shape per record, shared by the store's readers, the exports and the JSON API.

A row is a plain dict of JSON-able values (dates as ISO 8601 strings, tuples as
lists) with the keys of its ``*_FIELDS`` tuple, in that order.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from newsweave.records import Article, Story, Storyline

ARTICLE_FIELDS = (
    "id",
    "source",
    "url",
    "outlet",
    "title",
    "published",
    "author",
    "language",
    "text",
)
QUOTE_FIELDS = (
    "article_id",
    "outlet",
    "text",
    "speaker",
    "speaker_name",
    "anonymous",
    "cue",
    "kind",
    "start",
    "end",
    "antecedent",
    "antecedent_start",
    "antecedent_end",
)
STORY_FIELDS = (
    "id",
    "title",
    "label",
    "storyline_id",
    "article_ids",
    "start",
    "end",
    "outlets",
    "article_count",
)
STORYLINE_FIELDS = (
    "id",
    "label",
    "story_ids",
    "article_ids",
    "start",
    "end",
    "outlets",
    "story_count",
    "article_count",
)


def iso(value: datetime | None) -> str | None:
    return value.isoformat() if value else None


def article_row(article: Article) -> dict[str, Any]:
    return {
        "id": article.id,
        "source": article.source,
        "url": article.url,
        "outlet": article.outlet,
        "title": article.title,
        "published": iso(article.published),
        "author": article.author,
        "language": article.language,
        "text": article.text,
    }


def story_row(story: Story) -> dict[str, Any]:
    return {
        "id": story.id,
        "title": story.title,
        "label": story.label,
        "storyline_id": story.storyline_id,
        "article_ids": list(story.article_ids),
        "start": iso(story.start),
        "end": iso(story.end),
        "outlets": list(story.outlets),
        "article_count": len(story.article_ids),
    }


def storyline_row(storyline: Storyline) -> dict[str, Any]:
    return {
        "id": storyline.id,
        "label": storyline.label,
        "story_ids": list(storyline.story_ids),
        "article_ids": list(storyline.article_ids),
        "start": iso(storyline.start),
        "end": iso(storyline.end),
        "outlets": list(storyline.outlets),
        "story_count": len(storyline.story_ids),
        "article_count": len(storyline.article_ids),
    }


def quote_row(article_id: str, outlet: str | None, quote: Mapping[str, Any]) -> dict[str, Any]:
    """A quote of ``article_id`` (``quote`` holds the stored quote's columns, or a
    :class:`~newsweave.records.Quote`'s fields by name). ``antecedent`` is the earlier
    mention a pronoun or definite-role speaker was resolved to, as written, with its
    offsets: "he" after "Mr Blair's official spokesman" carries that phrase."""
    span = quote.get("antecedent_span")  # a Quote's Span, or asdict's {"start", "end"}
    if isinstance(span, Mapping):
        start, end = span["start"], span["end"]
    elif span is not None:
        start, end = span.start, span.end
    else:
        start, end = quote.get("antecedent_start"), quote.get("antecedent_end")
    return {
        "article_id": article_id,
        "outlet": outlet,
        "text": quote["text"],
        "speaker": quote["speaker"],
        "speaker_name": quote["speaker_name"],
        "anonymous": bool(quote["anonymous"]),
        "cue": quote["cue"],
        "kind": quote["kind"],
        "start": quote["start"],
        "end": quote["end"],
        "antecedent": quote.get("antecedent"),
        "antecedent_start": start,
        "antecedent_end": end,
    }
