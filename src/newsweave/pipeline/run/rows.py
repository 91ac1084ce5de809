"""Records to the rows of a run's tables, and back (for the corpus step and ``load``)."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from newsweave.analyze import ANALYSIS_VERSION
from newsweave.extract.learned import DumpSample
from newsweave.records import Analysis, Article, DroppedBlock, RawDocument, Rejection
from newsweave.store.analysis_rows import analysis_to_json, quote_to_dict

Order = tuple[int, int]  # shard number, record number in the shard


def _order(order: Order) -> dict[str, int]:
    return {"shard": order[0], "record": order[1]}


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value else None


def article_row(article: Article, order: Order) -> dict[str, Any]:
    return {
        "id": article.id,
        "raw_id": article.raw_id,
        "source": article.source,
        "url": article.url,
        "outlet": article.outlet,
        "title": article.title,
        "published": _iso(article.published),
        "author": article.author,
        "language": article.language,
        "text": article.text,
        "dropped": json.dumps([[d.text, d.reason] for d in article.dropped], ensure_ascii=False),
        **_order(order),
    }


def article_from_row(row: dict[str, Any]) -> Article:
    text = str(row["text"])
    return Article(
        raw_id=row["raw_id"],
        source=row["source"],
        paragraphs=tuple(text.split("\n\n")) if text else (),
        title=row["title"],
        outlet=row["outlet"],
        published=datetime.fromisoformat(row["published"]) if row["published"] else None,
        author=row["author"],
        language=row["language"],
        url=row["url"],
        dropped=tuple(DroppedBlock(t, r) for t, r in json.loads(row["dropped"])),
    )


def input_row(raw: RawDocument, result: Article | Rejection, order: Order) -> dict[str, Any]:
    is_article = isinstance(result, Article)
    return {
        "raw_id": raw.id,
        "source": raw.source,
        "format": raw.format,
        "url": raw.url,
        "fetched_at": _iso(raw.fetched_at),
        "hints": json.dumps(dict(raw.hints), ensure_ascii=False),
        "content": raw.content,
        "status": "article" if is_article else "rejected",
        "article_id": result.id if isinstance(result, Article) else None,
        **_order(order),
    }


def raw_from_row(row: dict[str, Any]) -> RawDocument:
    return RawDocument(
        content=row["content"],
        source=row["source"],
        format=row["format"],
        url=row["url"],
        fetched_at=datetime.fromisoformat(row["fetched_at"]) if row["fetched_at"] else None,
        hints=json.loads(row["hints"]),
    )


def rejection_row(rejection: Rejection, order: Order) -> dict[str, Any]:
    return {
        "source": rejection.source,
        "reason": rejection.reason,
        "detail": rejection.detail,
        "raw_id": rejection.raw_id,
        **_order(order),
    }


def analysis_rows(analysis: Analysis, order: Order) -> dict[str, list[dict[str, Any]]]:
    """The analysis row (everything, for ``load``) and its quotes, entity mentions and
    time expressions, one row each."""
    article = {"article_id": analysis.article_id, **_order(order)}
    quotes = []
    for quote in analysis.quotes:
        row = quote_to_dict(quote)
        quotes.append({**article, **{k: row[k] for k in _QUOTE_COLUMNS}})
    return {
        "analyses": [
            {
                **article,
                "version": ANALYSIS_VERSION,
                "language": analysis.language,
                "data": analysis_to_json(analysis),
            }
        ],
        "quotes": quotes,
        "entity_mentions": [
            {
                **article,
                "start": e.start,
                "end": e.end,
                "text": e.text,
                "label": e.label,
                "cluster": e.cluster,
            }
            for e in analysis.entities
        ],
        "time_expressions": [
            {
                **article,
                "start": t.start,
                "end": t.end,
                "text": t.text,
                "value": t.value.isoformat() if t.value else None,
                "granularity": t.granularity,
                "relative": t.relative,
                "sentence": t.sentence,
            }
            for t in analysis.times
        ],
    }


_QUOTE_COLUMNS = ("start", "end", "text", "kind", "speaker", "speaker_name", "anonymous", "cue")


def sample_row(sample: DumpSample, order: Order) -> dict[str, Any]:
    return {
        "raw_id": sample.raw_id,
        "group": sample.group,
        "text": sample.text,
        "metadata_lines": json.dumps(sorted(sample.metadata_lines), ensure_ascii=False),
        **_order(order),
    }


def sample_from_row(row: dict[str, Any]) -> DumpSample:
    return DumpSample(
        row["raw_id"], row["group"], row["text"], frozenset(json.loads(row["metadata_lines"]))
    )


def entity_names(analysis_data: str | None) -> tuple[str, ...] | None:
    """The entity names grouping weighs an article by, from its analysis row, as the
    store gives them (``newsweave.store.stories.entity_names``): each entity's canonical
    name once per mention, most mentioned first, then by name; None when unanalysed."""
    if analysis_data is None:
        return None
    mentions: dict[str, int] = {}
    for _start, _end, _label, cluster in json.loads(analysis_data)["entities"]:
        mentions[cluster] = mentions.get(cluster, 0) + 1
    ranked = sorted(mentions.items(), key=lambda item: (-item[1], item[0]))
    return tuple(name for name, count in ranked for _ in range(count))
