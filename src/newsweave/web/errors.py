"""Every failure as a clear answer with the right status: ``{"error": message}`` for
the API, a short error page for the HTML pages. The server goes on serving."""

from __future__ import annotations

import logging
import sqlite3

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from starlette.exceptions import HTTPException
from starlette.responses import Response

from newsweave.errors import (
    AmbiguousId,
    BadQuery,
    ConfigError,
    LimitExceeded,
    NewsweaveError,
    StoreError,
    UnknownId,
)
from newsweave.store.reading import StoreBusy, session_error
from newsweave.web.responses import error_response

log = logging.getLogger(__name__)


class ReadOnly(NewsweaveError):
    """A write asked of a server started with --read-only."""


class TooLarge(NewsweaveError):
    """An upload over the server's size limit."""


# Most specific first: the first class an error is an instance of gives its status.
_STATUS: tuple[tuple[type[Exception], int], ...] = (
    (UnknownId, 404),
    (AmbiguousId, 409),
    (BadQuery, 400),
    (ReadOnly, 403),
    (TooLarge, 413),
    (StoreBusy, 503),
    (LimitExceeded, 503),
    (StoreError, 503),  # the file is missing, damaged, not a store: the operator's to fix
    (ConfigError, 503),
)


def status_of(exc: Exception) -> int:
    for kind, status in _STATUS:
        if isinstance(exc, kind):
            return status
    return 500


def install_error_handlers(app: FastAPI) -> None:
    async def newsweave_error(request: Request, exc: Exception) -> Response:
        if isinstance(exc, LimitExceeded):
            message = f"the request took too long ({exc.detail}); try a narrower one"
        else:
            message = str(exc)
        return error_response(request, status_of(exc), message)

    async def sqlite_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, sqlite3.Error)
        settings = request.app.state.settings
        error = session_error(settings.db_path, exc, settings.request_time_limit_s)
        return error_response(request, status_of(error), str(error))

    async def bad_parameters(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, RequestValidationError)
        problems = [
            f"{'.'.join(str(part) for part in error.get('loc', ())[1:]) or 'request'}:"
            f" {error.get('msg', 'invalid')}"
            for error in exc.errors()
        ]
        return error_response(request, 400, "bad parameters: " + "; ".join(problems))

    async def http_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, HTTPException)
        message = exc.detail if isinstance(exc.detail, str) else "request failed"
        if exc.status_code == 404 and message == "Not Found":
            message = f"no such page: {request.url.path}"
        return error_response(request, exc.status_code, message)

    async def internal_error(request: Request, exc: Exception) -> Response:
        log.exception("internal error on %s", request.url.path, exc_info=exc)
        return error_response(
            request, 500, f"internal error: {type(exc).__name__} (see the server's log)"
        )

    app.add_exception_handler(NewsweaveError, newsweave_error)
    app.add_exception_handler(sqlite3.Error, sqlite_error)
    app.add_exception_handler(RequestValidationError, bad_parameters)
    app.add_exception_handler(HTTPException, http_error)
    app.add_exception_handler(Exception, internal_error)
