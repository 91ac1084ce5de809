"""One read session on the store per request (a FastAPI dependency)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated

from fastapi import Depends, Request

from newsweave.store.reading import ReadSession
from newsweave.web.settings import ServerSettings


def settings_of(request: Request) -> ServerSettings:
    settings: ServerSettings = request.app.state.settings
    return settings


def read_session(request: Request) -> Iterator[ReadSession]:
    """A read-only connection for this request, closed when the response is made; a
    statement still running after the request's time limit is interrupted."""
    settings = settings_of(request)
    with ReadSession(
        settings.db_path,
        time_limit_s=settings.request_time_limit_s,
        busy_timeout_s=settings.busy_timeout_s,
    ) as session:
        yield session


Reader = Annotated[ReadSession, Depends(read_session)]
Settings = Annotated[ServerSettings, Depends(settings_of)]
