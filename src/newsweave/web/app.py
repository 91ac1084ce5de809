"""The web application: ``create_app(db_path, ...)`` gives a FastAPI app for uvicorn."""

from __future__ import annotations

import json
import os
from pathlib import Path

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from newsweave import __version__
from newsweave.limits import DEFAULT_TIME_LIMIT_S
from newsweave.web import (
    api,
    api_sourcing,
    api_storylines,
    docs,
    pages,
    report_pages,
    upload,
)
from newsweave.web.cache import ReportCache
from newsweave.web.errors import install_error_handlers
from newsweave.web.keeper import ReportKeeper
from newsweave.web.security import SecurityHeaders
from newsweave.web.settings import (
    DEFAULT_BUSY_TIMEOUT_S,
    DEFAULT_MAX_UPLOAD_BYTES,
    DEFAULT_REQUEST_TIME_LIMIT_S,
    ServerSettings,
)
from newsweave.web.templating import STATIC


def create_app(
    db_path: str | Path,
    read_only: bool = False,
    *,
    max_upload_bytes: int = DEFAULT_MAX_UPLOAD_BYTES,
    time_limit_s: float = DEFAULT_TIME_LIMIT_S,
    request_time_limit_s: float = DEFAULT_REQUEST_TIME_LIMIT_S,
    busy_timeout_s: float = DEFAULT_BUSY_TIMEOUT_S,
    analyze_uploads: bool = True,
) -> FastAPI:
    """The app over the store at ``db_path``. Each request opens its own read-only
    session, so the store may be written meanwhile (by uploads here, or an ingest in
    another process); with ``read_only`` every write is refused with a 403."""
    settings = ServerSettings(
        db_path=str(db_path),
        read_only=read_only,
        max_upload_bytes=max_upload_bytes,
        time_limit_s=time_limit_s,
        request_time_limit_s=request_time_limit_s,
        busy_timeout_s=busy_timeout_s,
        analyze_uploads=analyze_uploads,
    )
    app = FastAPI(
        title="newsweave",
        version=__version__,
        description="Stories, articles, quotes, speakers and outlets of a newsweave store.",
        openapi_url="/api/openapi.json",
        # FastAPI's own docs pages load Swagger UI and ReDoc from a CDN; ours is local.
        docs_url=None,
        redoc_url=None,
    )
    app.state.settings = settings
    app.state.writer = upload.Writer(settings)
    app.state.report_cache = ReportCache()
    app.state.report_keeper = ReportKeeper(settings.db_path)
    install_error_handlers(app)
    for router in (
        api.router,
        api_storylines.router,
        report_pages.api_router,
        api_sourcing.router,
        upload.router,
        pages.router,
        report_pages.router,
        docs.router,
    ):
        app.include_router(router)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    app.add_middleware(SecurityHeaders, read_only=read_only)
    return app


# How `newsweave serve --workers N` hands its settings to each worker process, which
# uvicorn starts afresh and which builds its app with ``app_from_environment``.
SETTINGS_ENV = "NEWSWEAVE_SERVE_SETTINGS"


def app_from_environment() -> FastAPI:
    """The app as ``create_app(**settings)`` with the JSON settings in SETTINGS_ENV."""
    settings = json.loads(os.environ[SETTINGS_ENV])
    return create_app(settings.pop("db_path"), **settings)
