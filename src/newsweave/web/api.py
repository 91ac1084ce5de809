"""The JSON API over stories and articles: listings a page at a time, one story or
article in full, full-text search, a story's summary.

Rows keep the shapes of :mod:`newsweave.rows` (``story_row``, ``article_row``,
``quote_row``), the same as the exports. Paths to be added when the branches that
compute them are merged, next to these. Storylines are in
:mod:`newsweave.web.api_storylines`; a subject's full report is ``/api/reports/{id}``
(:mod:`newsweave.web.report_pages`).
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request, Response

from newsweave.limits import deadline_after
from newsweave.records import Article, Entity, Story, TimeExpr
from newsweave.reports import STORY_SENTENCES
from newsweave.rows import article_row, story_row
from newsweave.store.browsing import (
    SearchHit,
    articles_by_id,
    links_among,
    list_articles,
    list_stories,
    search_articles,
    story_ids_of,
)
from newsweave.store.queries import StoredLink
from newsweave.store.sourcing import list_quotes
from newsweave.web.cache import ReportCache
from newsweave.web.listing import Limit, Listed, Offset, Outlet
from newsweave.web.responses import page_json
from newsweave.web.session import Reader, Settings

router = APIRouter(prefix="/api")

# The most quotes one article's page lists.
ARTICLE_QUOTES = 500


def article_brief(article: Article) -> dict[str, Any]:
    """``article_row`` without the text, with its length in words (for listings)."""
    row = article_row(article)
    row["words"] = len(row.pop("text").split())
    return row


def story_listing(story: Story) -> dict[str, Any]:
    return story_row(story) | {"outlet_count": len(story.outlets)}


def link_row(link: StoredLink) -> dict[str, Any]:
    return {
        "article_id": link.article_id,
        "original_id": link.original_id,
        "kind": link.kind,
        "similarity": round(link.similarity, 4),
    }


@router.get("/stories", summary="Stories, newest first")
def stories(reader: Reader, listing: Listed) -> dict[str, Any]:
    """Stories whose span overlaps [since, until] and that ``outlet`` covered, with
    their counts of articles and outlets."""
    return page_json(list_stories(reader, listing), story_listing)


@router.get("/stories/{story_id}", summary="One story with its articles and copies")
def story(reader: Reader, story_id: str) -> dict[str, Any]:
    """A story by id or unambiguous prefix: its articles (oldest first, without their
    text) and the duplicate links among them."""
    found = reader.get_story(story_id)
    members = articles_by_id(reader, found.article_ids)
    links = [
        link
        for link in links_among(reader, found.article_ids)
        if link.article_id in members and link.original_id in members
    ]
    return story_listing(found) | {
        "articles": [article_brief(members[i]) for i in found.article_ids if i in members],
        "copies": [link_row(link) for link in links],
    }


@router.get(
    "/stories/{story_id}/summary",
    summary="A story in a few sentences",
    response_model=dict[str, Any],
)
def summary(
    request: Request,
    reader: Reader,
    settings: Settings,
    story_id: str,
    sentences: Annotated[int, Query(ge=1, le=50)] = STORY_SENTENCES,
) -> Response:
    """The same JSON as ``newsweave summary ID --format json``."""
    from newsweave.reports.render import summary_json
    from newsweave.reports.story import story_summary

    found = reader.get_story(story_id)
    cache: ReportCache = request.app.state.report_cache

    def make() -> dict[str, Any]:
        with deadline_after(settings.request_time_limit_s):
            return summary_json(story_summary(reader, found.id, sentences=sentences))

    body = cache.body(("summary", found.id, found.article_ids, sentences), make)
    return Response(body, media_type="application/json")


@router.get("/articles", summary="Articles, newest first")
def articles(reader: Reader, listing: Listed) -> dict[str, Any]:
    page = list_articles(reader, listing)
    stories_of = story_ids_of(reader, [a.id for a in page.items])
    return page_json(page, lambda a: article_brief(a) | {"story_id": stories_of.get(a.id)})


@router.get("/articles/{article_id}", summary="One article with its analysis")
def article(reader: Reader, article_id: str) -> dict[str, Any]:
    """The clean text and metadata; what the cleaner removed (``dropped``); quotes,
    named entities and time expressions with their offsets into ``text``; its story,
    the article it copies and its copies."""
    found = reader.get_article(article_id)
    analysis = reader.get_analysis(found)
    links = links_among(reader, [found.id])
    quotes = list_quotes(reader, article_id=found.id, limit=ARTICLE_QUOTES)
    return article_row(found) | {
        "story_id": story_ids_of(reader, [found.id]).get(found.id),
        "sources": reader.sources_of(found.id),
        "dropped": [{"text": d.text, "reason": d.reason} for d in found.dropped],
        "analyzed": analysis is not None,
        "quotes": list(quotes.items),
        "entities": [entity_row(e) for e in (analysis.entities if analysis else ())],
        "times": [time_row(t) for t in (analysis.times if analysis else ())],
        "copy_of": next((link_row(k) for k in links if k.article_id == found.id), None),
        "copies": [link_row(k) for k in links if k.original_id == found.id],
    }


def entity_row(entity: Entity) -> dict[str, Any]:
    return {
        "start": entity.start,
        "end": entity.end,
        "text": entity.text,
        "label": entity.label,
        "cluster": entity.cluster,
    }


def time_row(expr: TimeExpr) -> dict[str, Any]:
    return {
        "start": expr.start,
        "end": expr.end,
        "text": expr.text,
        "value": expr.value.isoformat() if expr.value else None,
        "granularity": expr.granularity,
        "relative": expr.relative,
    }


@router.get("/search", summary="Full-text search over titles and text")
def search(
    reader: Reader,
    q: Annotated[str, Query(min_length=1, max_length=500, description="FTS5 query.")],
    outlet: Outlet = None,
    limit: Limit = 20,
    offset: Offset = 0,
) -> dict[str, Any]:
    """SQLite FTS5 syntax: words, "exact phrases", AND, OR, NOT, prefix*. A query it
    cannot parse is a 400 with the reason. Snippets mark matches in [brackets]."""
    page = search_articles(reader, q, outlet=outlet, limit=limit, offset=offset)
    return page_json(page, hit_row)


def hit_row(hit: SearchHit) -> dict[str, Any]:
    return article_brief(hit.article) | {"snippet": hit.snippet, "story_id": hit.story_id}
