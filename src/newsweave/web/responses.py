"""Responses shared by the API and the pages: JSON errors, error pages, paged lists."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from fastapi import Request
from fastapi.responses import HTMLResponse, JSONResponse
from starlette.responses import Response

from newsweave.store.browsing import Page
from newsweave.web.templating import render

T = TypeVar("T")


def wants_json(request: Request) -> bool:
    return request.url.path.startswith("/api/") or request.url.path == "/api"


def error_response(request: Request, status: int, message: str) -> Response:
    """``{"error": message}`` for the API; an error page for everything else."""
    if wants_json(request):
        return JSONResponse({"error": message}, status_code=status)
    return HTMLResponse(render("error.html", status=status, message=message), status_code=status)


def page_json(page: Page[T], row: Callable[[T], dict[str, Any]]) -> dict[str, Any]:
    """A page of a listing: its rows, the total matching, and where the next page starts
    (None on the last)."""
    following = page.offset + len(page.items)
    return {
        "total": page.total,
        "limit": page.limit,
        "offset": page.offset,
        "next_offset": following if following < page.total else None,
        "items": [row(item) for item in page.items],
    }
