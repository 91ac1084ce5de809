"""The query parameters every filtered listing takes (stories, articles, storylines):
an outlet, a date range and a page, read once into a store :class:`Listing`."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import Depends, Query

from newsweave.store.browsing import DateRange, Listing

Limit = Annotated[int, Query(ge=1, le=500, description="Items per page.")]
Offset = Annotated[int, Query(ge=0, description="Items to skip.")]
Outlet = Annotated[str | None, Query(description="Only this outlet's (exact name).")]
Since = Annotated[date | None, Query(description="From this day (YYYY-MM-DD), inclusive.")]
Until = Annotated[date | None, Query(description="Up to this day (YYYY-MM-DD), inclusive.")]


def listing_query(
    outlet: Outlet = None,
    since: Since = None,
    until: Until = None,
    limit: Limit = 50,
    offset: Offset = 0,
) -> Listing:
    return Listing(outlet, DateRange(since, until), limit, offset)


# An endpoint's parameter of this type takes ?outlet=&since=&until=&limit=&offset=.
Listed = Annotated[Listing, Depends(listing_query)]
