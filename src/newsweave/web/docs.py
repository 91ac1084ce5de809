"""The API reference at ``/docs``, drawn on the server from the OpenAPI schema.

FastAPI's Swagger UI and ReDoc pages load their scripts from a CDN, which this app
never uses, and the installed FastAPI ships no copy of them; this page needs no
script at all. The machine-readable schema is at ``/api/openapi.json``."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from newsweave.web.templating import render

router = APIRouter(include_in_schema=False)

_METHODS = ("get", "post", "put", "patch", "delete")


def operations(schema: dict[str, Any]) -> list[dict[str, Any]]:
    """One entry per path and method: summary, description, parameters, body types."""
    found = []
    for path, item in schema.get("paths", {}).items():
        for method in _METHODS:
            operation = item.get(method)
            if operation is None:
                continue
            found.append(
                {
                    "method": method.upper(),
                    "path": path,
                    "summary": operation.get("summary", ""),
                    "description": operation.get("description", ""),
                    "parameters": [
                        {
                            "name": p["name"],
                            "where": p.get("in", ""),
                            "required": p.get("required", False),
                            "description": p.get("description", ""),
                            "type": _type_of(p.get("schema", {})),
                        }
                        for p in operation.get("parameters", ())
                    ],
                    "body": sorted(operation.get("requestBody", {}).get("content", {})),
                }
            )
    return found


def _type_of(schema: dict[str, Any]) -> str:
    if "anyOf" in schema:
        return " or ".join(_type_of(s) for s in schema["anyOf"] if s.get("type") != "null")
    kind = str(schema.get("type", "any"))
    return f"{kind} ({schema['format']})" if "format" in schema else kind


@router.get("/docs", response_class=HTMLResponse)
def api_docs(request: Request) -> HTMLResponse:
    schema = request.app.openapi()
    return HTMLResponse(
        render("docs.html", title=schema["info"]["title"], operations=operations(schema))
    )
