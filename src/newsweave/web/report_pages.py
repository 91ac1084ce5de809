"""The reports, the same as the digest's: ``/api/reports/{id}`` (the JSON of
``newsweave report ID --format json``), the story and article pages rendered by the
digest's templates with links into this server, and their stylesheet and script.

A report takes tens to hundreds of milliseconds of CPU to make, so it is read from the
store, where the pipeline's report step keeps each one under a key naming what it was
made from; one missing or out of date is made here and (unless the server is
read-only) stored for the next request by the app's ``ReportKeeper``, off the
request's path. Only a report made here is also kept in the app's
:class:`~newsweave.web.cache.ReportCache` under that key, for what the store does not
have yet (or, read-only, ever); a stored one is read from the store each time (one
indexed row and its decompression, a tenth of a millisecond or so). The HTML page is
rendered from that same JSON."""

from __future__ import annotations

import json
from typing import Any

from fastapi import APIRouter, Request, Response
from fastapi.responses import HTMLResponse

from newsweave.errors import UnknownId
from newsweave.limits import deadline_after
from newsweave.reports.article import article_view
from newsweave.reports.render.html import (
    ASSETS,
    Links,
    asset_bytes,
    render_article_html,
    render_report_html,
)
from newsweave.reports.report import Subject, story_subject, storyline_subject, subject_of
from newsweave.reports.stored import Keep, current_report, subject_key
from newsweave.store.browsing import story_ids_of
from newsweave.store.reading import ReadSession
from newsweave.store.report_reads import stored_report
from newsweave.web.cache import ReportCache
from newsweave.web.keeper import ReportKeeper
from newsweave.web.session import Reader, Settings
from newsweave.web.settings import ServerSettings
from newsweave.web.templating import STATIC

api_router = APIRouter(prefix="/api")
router = APIRouter(include_in_schema=False)

# The digest's pages, pointed at this server's routes; the header links back to the
# server's own pages.
WEB_LINKS = Links(
    article="/articles/{id}",
    story="/stories/{id}",
    storyline="/storylines/{id}",
    asset="/assets/{name}",
    index="/",
    nav=(
        ("Stories", "/"),
        ("Storylines", "/storylines"),
        ("Speakers", "/speakers"),
        ("Outlets", "/outlets"),
        ("API", "/docs"),
    ),
)
ASSET_TYPES = {".css": "text/css; charset=utf-8", ".js": "text/javascript; charset=utf-8"}


def report_body(
    request: Request, reader: ReadSession, settings: ServerSettings, subject: Subject
) -> bytes:
    """The subject's report JSON: the stored one when current, else one made here
    for the same key and kept in memory, else made now (and stored unless the server
    is read-only)."""
    key = subject_key(reader, subject)
    stored = stored_report(reader, subject.id)
    if stored is not None and stored.key == key:
        return stored.body
    cache: ReportCache = request.app.state.report_cache
    keeper: ReportKeeper = request.app.state.report_keeper
    keep: Keep | None = None if settings.read_only else keeper.keep

    def make() -> bytes:
        # current_report reads the store again: the keeper may have stored it meanwhile.
        with deadline_after(settings.request_time_limit_s):
            return current_report(reader, subject, key=key, keep=keep)

    return cache.bytes_of(("report", subject.id, key), make)


@api_router.get(
    "/reports/{subject_id}",
    summary="A story's or storyline's report: summary, timeline, ledger, comparison",
    response_model=dict[str, Any],
)
def report(request: Request, reader: Reader, settings: Settings, subject_id: str) -> Response:
    """The same JSON as ``newsweave report ID --format json`` for a story or storyline
    (id or unambiguous prefix): the header (id, kind, label, span, outlets, article
    count) and one key per section."""
    body = report_body(request, reader, settings, subject_of(reader, subject_id))
    return Response(body, media_type="application/json")


@router.get("/stories/{story_id}", response_class=HTMLResponse)
def story_page(request: Request, reader: Reader, settings: Settings, story_id: str) -> Response:
    subject = story_subject(reader.get_story(story_id))
    data = json.loads(report_body(request, reader, settings, subject))
    return HTMLResponse(render_report_html(data, WEB_LINKS))


@router.get("/storylines/{storyline_id}", response_class=HTMLResponse)
def storyline_page(
    request: Request, reader: Reader, settings: Settings, storyline_id: str
) -> Response:
    subject = storyline_subject(reader.get_storyline(storyline_id))
    data = json.loads(report_body(request, reader, settings, subject))
    return HTMLResponse(render_report_html(data, WEB_LINKS))


@router.get("/articles/{article_id}", response_class=HTMLResponse)
def article_page(reader: Reader, settings: Settings, article_id: str) -> Response:
    """The clean text, quotes by speaker, entities and dates marked, what the cleaner
    removed, its story, and its original or copies."""
    with deadline_after(settings.request_time_limit_s):
        found = reader.get_article(article_id)
        story_id = story_ids_of(reader, [found.id]).get(found.id)
        story = None
        if story_id is not None:
            subject = story_subject(reader.get_story(story_id))
            story = {"id": subject.id, "label": subject.label}
        view = article_view(reader, found.id, story=story)
    return HTMLResponse(render_article_html(view, WEB_LINKS))


@router.get("/assets/{name}")
def asset(name: str) -> Response:
    """The reports' stylesheet and script (the package's own files, nothing else)."""
    if name not in ASSETS:
        raise UnknownId(f"no asset named {name!r}")
    media_type = ASSET_TYPES[name[name.rfind(".") :]]
    return Response(
        asset_bytes(name), media_type=media_type, headers={"cache-control": "max-age=3600"}
    )


@router.get("/favicon.ico")
def favicon() -> Response:
    """The icon a browser asks for by itself on pages (the report pages) that name none."""
    icon = (STATIC / "favicon.svg").read_bytes()
    return Response(icon, media_type="image/svg+xml", headers={"cache-control": "max-age=86400"})
