"""The JSON API over who said what: quotes, speakers across stories, outlets'
sourcing. Everything comes from the stored quote rows (see ``store.sourcing``)."""

from __future__ import annotations

from dataclasses import asdict
from typing import Annotated, Any

from fastapi import APIRouter, Query

from newsweave.errors import UnknownId
from newsweave.store.browsing import Listing, list_stories
from newsweave.store.sourcing import (
    OutletProfile,
    SpeakerCount,
    list_quotes,
    list_speakers,
    outlet_profiles,
    sourcing_by_month,
)
from newsweave.web.api import story_listing
from newsweave.web.listing import Limit, Offset, Outlet
from newsweave.web.responses import page_json
from newsweave.web.session import Reader

router = APIRouter(prefix="/api")


def speaker_row(speaker: SpeakerCount) -> dict[str, Any]:
    return asdict(speaker)


def outlet_row(profile: OutletProfile) -> dict[str, Any]:
    return asdict(profile)


@router.get("/quotes", summary="Stored quotes, oldest article first")
def quotes(
    reader: Reader,
    speaker: Annotated[
        str | None, Query(description="Resolved name, or the words used for an anonymous one.")
    ] = None,
    article_id: Annotated[str | None, Query(description="Only this article's.")] = None,
    outlet: Outlet = None,
    limit: Limit = 50,
    offset: Offset = 0,
) -> dict[str, Any]:
    page = list_quotes(
        reader, speaker=speaker, article_id=article_id, outlet=outlet, limit=limit, offset=offset
    )
    return page_json(page, dict)


@router.get("/speakers", summary="Speakers, the most quoted first")
def speakers(
    reader: Reader,
    q: Annotated[str | None, Query(max_length=200, description="Name contains.")] = None,
    limit: Limit = 50,
    offset: Offset = 0,
) -> dict[str, Any]:
    return page_json(
        list_speakers(reader, name_contains=q, limit=limit, offset=offset), speaker_row
    )


@router.get("/speakers/{name:path}", summary="Everything one speaker said")
def speaker(reader: Reader, name: str, limit: Limit = 100, offset: Offset = 0) -> dict[str, Any]:
    """One person, organisation or anonymous-source description ("a senior official"),
    as ``/api/speakers`` names them (case does not matter): their statements across
    stories, with the article, outlet and date of each."""
    statements = list_quotes(reader, speaker=name, limit=limit, offset=offset)
    if statements.total == 0:
        raise UnknownId(f"no quote from a speaker named {name!r}")
    return {
        "name": name,
        "anonymous": any(q["anonymous"] for q in statements.items),
        "statements": page_json(statements, dict),
    }


@router.get("/outlets", summary="Outlets with their sourcing")
def outlets(reader: Reader) -> dict[str, Any]:
    """Every outlet: articles, stories, dated span, and how it sources what it
    reports: quotes from ``named`` and ``anonymous`` speakers, ``direct`` (direct or
    mixed) and ``reported`` speech."""
    profiles = outlet_profiles(reader)
    return {"total": len(profiles), "items": [outlet_row(p) for p in profiles]}


@router.get("/outlets/{name:path}", summary="One outlet: stories and sourcing by month")
def outlet(reader: Reader, name: str, limit: Limit = 50, offset: Offset = 0) -> dict[str, Any]:
    """The outlet's profile (as in ``/api/outlets``), its sourcing per month of
    publication, and the stories it covered, newest first (``story_list``, paged)."""
    profile = next((p for p in outlet_profiles(reader) if p.outlet == name), None)
    if profile is None:
        raise UnknownId(f"no outlet named {name!r}")
    return outlet_row(profile) | {
        "by_month": [
            {"month": month, **asdict(counts)} for month, counts in sourcing_by_month(reader, name)
        ],
        "story_list": page_json(
            list_stories(reader, Listing(outlet=name, limit=limit, offset=offset)), story_listing
        ),
    }
