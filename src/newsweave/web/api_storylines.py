"""The JSON API over storylines: a page at a time, newest first, filtered like stories;
one storyline with its stories. A storyline's report is ``/api/reports/{id}``."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from newsweave.rows import storyline_row
from newsweave.store.storyline_browsing import list_storylines
from newsweave.web.api import story_listing
from newsweave.web.listing import Listed
from newsweave.web.responses import page_json
from newsweave.web.session import Reader

router = APIRouter(prefix="/api")


@router.get("/storylines", summary="Storylines, newest first")
def storylines(reader: Reader, listing: Listed) -> dict[str, Any]:
    """Storylines whose span overlaps [since, until] and that ``outlet`` covered, with
    their story and article ids and counts."""
    return page_json(list_storylines(reader, listing), storyline_row)


@router.get("/storylines/{storyline_id}", summary="One storyline with its stories")
def storyline(reader: Reader, storyline_id: str) -> dict[str, Any]:
    """A storyline by id or unambiguous prefix, with its stories oldest first (as the
    stories listing gives them)."""
    found = reader.get_storyline(storyline_id)
    return storyline_row(found) | {
        "stories": [story_listing(reader.get_story(i)) for i in found.story_ids]
    }
