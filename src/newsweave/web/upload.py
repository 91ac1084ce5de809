"""``POST /api/articles``: add articles from uploaded files or pasted text, through the
same ingest job as ``newsweave ingest`` (same formats, rejections and per-document
time limit, which holds in the server's worker threads), one upload at a time.

New articles are analysed and grouped before the response, so the next request finds
them in their stories: readers open a new session per request, nothing to reload.
"""

from __future__ import annotations

import json
import re
import threading
from typing import TYPE_CHECKING, Any

from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse
from starlette.datastructures import UploadFile
from starlette.requests import Request as StarletteRequest

from newsweave.errors import BadQuery
from newsweave.records import content_id
from newsweave.store.browsing import articles_by_id, story_ids_of
from newsweave.store.queries import StoreReader
from newsweave.store.reading import StoreBusy
from newsweave.web.errors import ReadOnly, TooLarge
from newsweave.web.session import settings_of
from newsweave.web.settings import ServerSettings

if TYPE_CHECKING:
    from newsweave.records import content_id
from newsweave.pipeline.job import JobReport

router = APIRouter(prefix="/api")

# The fields of pasted text; the same keys a JSONL record may carry.
PASTE_FIELDS = ("text", "title", "outlet", "url", "published", "author")
MAX_FILES = 200
_UNSAFE_NAME = re.compile(r"[\x00-\x1f\x7f/\\]+")

_BODY_SCHEMA = {
    "requestBody": {
        "required": True,
        "content": {
            "multipart/form-data": {
                "schema": {
                    "type": "object",
                    "properties": {
                        "files": {"type": "array", "items": {"type": "string", "format": "binary"}},
                        **{name: {"type": "string"} for name in PASTE_FIELDS},
                    },
                }
            },
            "application/json": {
                "schema": {
                    "type": "object",
                    "properties": {name: {"type": "string"} for name in PASTE_FIELDS},
                    "required": ["text"],
                }
            },
        },
    }
}


class Writer:
    """The server's one writer: uploads are ingested one after another (the store's
    grouping lock also keeps them apart from an ingest run by another process)."""

    def __init__(self, settings: ServerSettings) -> None:
        self.settings = settings
        self._lock = threading.Lock()

    def ingest(self, contents: list[tuple[str, bytes]]) -> dict[str, Any]:
        from newsweave.pipeline.job import run_contents_job
        from newsweave.store.db import Store

        if not self._lock.acquire(timeout=self.settings.writer_wait_s):
            raise StoreBusy("another upload is still being ingested; try again when it ends")
        try:
            with Store(self.settings.db_path) as store:
                job = run_contents_job(
                    store,
                    contents,
                    analyze=self.settings.analyze_uploads,
                    time_limit_s=self.settings.time_limit_s,
                )
                return _job_json(store, job)
        finally:
            self._lock.release()


@router.post("/articles", summary="Add articles from files or text", openapi_extra=_BODY_SCHEMA)
async def add_articles(request: Request) -> JSONResponse:
    """Files (HTML, text dumps, JSONL, WARC, RSS/Atom, also gzipped) as ``files`` in a
    multipart form, and/or pasted ``text`` (with optional ``title``, ``outlet``,
    ``url``, ``published``, ``author``) as form fields or a JSON object. Rejected
    inputs are listed with their reasons, as ``newsweave rejects`` would."""
    settings = settings_of(request)
    if settings.read_only:
        raise ReadOnly("this server was started with --read-only: it refuses every write")
    body = await _read_bounded(request, settings.max_upload_bytes)
    contents = await _contents(request, body, settings.max_upload_bytes)
    if not contents:
        raise BadQuery("nothing to add: send files as `files` or pasted text as `text`")
    writer: Writer = request.app.state.writer
    return JSONResponse(await run_in_threadpool(writer.ingest, contents))


async def _read_bounded(request: Request, limit: int) -> bytes:
    declared = request.headers.get("content-length")
    if declared is not None and declared.isdigit() and int(declared) > limit:
        raise TooLarge(_too_large(limit))
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:  # no or a false Content-Length: counted as it arrives
            raise TooLarge(_too_large(limit))
        chunks.append(chunk)
    return b"".join(chunks)


def _too_large(limit: int) -> str:
    megabytes = limit / 1024 / 1024
    return f"upload larger than this server's limit of {megabytes:g} MB; send less at once"


async def _contents(request: Request, body: bytes, limit: int) -> list[tuple[str, bytes]]:
    """The inputs an upload carries, as (source name, bytes)."""
    kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if kind == "application/json":
        try:
            fields = json.loads(body)
        except (json.JSONDecodeError, UnicodeDecodeError) as exc:
            raise BadQuery(f"the request body is not valid JSON: {exc}") from exc
        if not isinstance(fields, dict):
            raise BadQuery("send a JSON object with at least `text`")
        return _pasted(fields)
    if kind not in ("multipart/form-data", "application/x-www-form-urlencoded"):
        raise BadQuery("send multipart/form-data (files, text) or application/json (text)")

    async def replay() -> dict[str, Any]:
        return {"type": "http.request", "body": body, "more_body": False}

    form = await StarletteRequest(request.scope, replay).form(
        max_files=MAX_FILES, max_fields=len(PASTE_FIELDS) + 5, max_part_size=limit
    )
    try:
        contents = [
            (f"upload:{_safe_name(item.filename)}", await item.read())
            for item in form.getlist("files")
            if isinstance(item, UploadFile) and (item.filename or item.size)
        ]
        fields = {key: value for key, value in form.items() if isinstance(value, str)}
    finally:
        await form.close()
    return contents + _pasted(fields)


def _pasted(fields: dict[str, Any]) -> list[tuple[str, bytes]]:
    """Pasted text as one JSONL record, so its title, outlet and date are used as a
    JSONL input's would be."""
    text = fields.get("text")
    if not isinstance(text, str) or not text.strip():
        return []
    record = {k: v for k in PASTE_FIELDS if isinstance(v := fields.get(k), str) and v.strip()}
    line = json.dumps(record, ensure_ascii=False).encode("utf-8") + b"\n"
    # A JSONL record's input id hashes its source and text, not its other fields: the
    # source names the whole paste, so the same text pasted with another title is a
    # new input, and the same paste twice is one.
    return [(f"pasted:{content_id(line, length=12)}", line)]


def _safe_name(filename: str | None) -> str:
    name = _UNSAFE_NAME.sub("_", (filename or "").rsplit("/", 1)[-1]).strip()
    return name[:200] or "unnamed"


def _job_json(reader: StoreReader, job: JobReport) -> dict[str, Any]:
    """What the upload did: the new articles with the stories they joined, the
    rejected inputs with their reasons, articles not analysed or grouped."""
    report = job.ingest
    added = articles_by_id(reader, report.new_article_ids)
    story_of = story_ids_of(reader, report.new_article_ids)
    return {
        "new": report.new,
        "duplicate": report.duplicate,
        "rejected": report.rejected,
        "articles": [
            {"id": a.id, "title": a.title, "outlet": a.outlet, "story_id": story_of.get(a.id)}
            for a in (added[i] for i in report.new_article_ids if i in added)
        ],
        "rejections": [
            {"source": r.source, "reason": r.reason, "detail": r.detail} for r in report.rejections
        ],
        "analyzed": job.analyzed,
        "grouped": job.grouped,
        "not_analyzed": [
            {"article_id": f.article_id, "reason": f.reason, "detail": f.detail}
            for f in job.analysis_failures
        ],
        "not_grouped": [
            {"article_id": f.article_id, "reason": f.reason, "detail": f.detail}
            for f in job.grouping_failures
        ],
    }
