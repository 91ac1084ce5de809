"""Server-rendered pages the static digest has no counterpart for: the stories list
with search and an outlet filter (and the add-articles form), storylines, speakers,
outlets.
The story, storyline and article pages come from the digest's templates."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query
from fastapi.responses import HTMLResponse

from newsweave.errors import BadQuery
from newsweave.store.browsing import (
    DateRange,
    Listing,
    list_story_heads,
    outlet_names,
    search_articles,
)
from newsweave.store.sourcing import (
    list_quotes,
    list_speakers,
    outlet_profiles,
    sourcing_by_month,
)
from newsweave.store.storyline_browsing import list_storylines
from newsweave.web.listing import Offset, Outlet
from newsweave.web.session import Reader, Settings
from newsweave.web.templating import render

router = APIRouter(include_in_schema=False)

PAGE_SIZE = 50
# Search hits a page: each needs a snippet made from its text.
HITS_PAGE_SIZE = 20
Search = Annotated[str | None, Query(max_length=500)]
# A form's empty date field arrives as "": not a date, but no filter.
DayField = Annotated[str | None, Query(max_length=10)]


def _day(value: str | None, name: str) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise BadQuery(f"{name}: give a day as YYYY-MM-DD, not {value!r}") from exc


def form_listing(
    outlet: Outlet = None,
    since: DayField = None,
    until: DayField = None,
    offset: Offset = 0,
) -> Listing:
    """A page of a listing as its form asks for it (an empty field is no filter)."""
    dates = DateRange(_day(since, "since"), _day(until, "until"))
    return Listing(outlet or None, dates, PAGE_SIZE, offset)


FormListed = Annotated[Listing, Depends(form_listing)]


@router.get("/", response_class=HTMLResponse)
def stories_page(
    reader: Reader, settings: Settings, listing: FormListed, q: Search = None
) -> HTMLResponse:
    query = (q or "").strip()
    context: dict[str, Any] = {
        "q": query,
        "outlet": listing.outlet,
        "since": listing.dates.since,
        "until": listing.dates.until,
        "outlets": outlet_names(reader),
        "read_only": settings.read_only,
        "max_upload_mb": settings.max_upload_bytes / 1024 / 1024,
        "hits": None,
        "stories": None,
    }
    if query:
        context["hits"] = search_articles(
            reader, query, outlet=listing.outlet, limit=HITS_PAGE_SIZE, offset=listing.offset
        )
    else:
        context["stories"] = list_story_heads(reader, listing)
    return HTMLResponse(render("stories.html", **context))


@router.get("/storylines", response_class=HTMLResponse)
def storylines_page(reader: Reader, listing: FormListed) -> HTMLResponse:
    return HTMLResponse(
        render(
            "storylines.html",
            storylines=list_storylines(reader, listing),
            outlets=outlet_names(reader),
            outlet=listing.outlet,
            since=listing.dates.since,
            until=listing.dates.until,
        )
    )


@router.get("/speakers", response_class=HTMLResponse)
def speakers_page(reader: Reader, q: Search = None, offset: Offset = 0) -> HTMLResponse:
    page = list_speakers(reader, name_contains=q or None, limit=PAGE_SIZE, offset=offset)
    return HTMLResponse(render("speakers.html", q=q or "", speakers=page))


@router.get("/speakers/{name:path}", response_class=HTMLResponse)
def speaker_page(reader: Reader, name: str, offset: Offset = 0) -> HTMLResponse:
    from newsweave.errors import UnknownId

    statements = list_quotes(reader, speaker=name, limit=PAGE_SIZE * 2, offset=offset)
    if statements.total == 0:
        raise UnknownId(f"no quote from a speaker named {name!r}")
    return HTMLResponse(render("speaker.html", speaker=name, statements=statements))


@router.get("/outlets", response_class=HTMLResponse)
def outlets_page(reader: Reader) -> HTMLResponse:
    profiles = outlet_profiles(reader)
    most = max((p.sourcing.named + p.sourcing.anonymous for p in profiles), default=0)
    return HTMLResponse(render("outlets.html", profiles=profiles, most=max(most, 1)))


@router.get("/outlets/{name:path}", response_class=HTMLResponse)
def outlet_page(reader: Reader, name: str, offset: Offset = 0) -> HTMLResponse:
    """One outlet: its sourcing month by month and the stories it covered."""
    from newsweave.errors import UnknownId

    profile = next((p for p in outlet_profiles(reader) if p.outlet == name), None)
    if profile is None:
        raise UnknownId(f"no outlet named {name!r}")
    by_month = sourcing_by_month(reader, name)
    most = max((c.named + c.anonymous for _, c in by_month), default=0)
    stories = list_story_heads(reader, Listing(outlet=name, limit=PAGE_SIZE, offset=offset))
    return HTMLResponse(
        render(
            "outlet.html", profile=profile, by_month=by_month, most=max(most, 1), stories=stories
        )
    )
