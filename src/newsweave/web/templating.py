"""The Jinja2 environment of the server's pages: autoescaped, so scraped titles,
names and text are always shown as text; links to sources only when http(s)."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode, urlsplit

from jinja2 import Environment, FileSystemLoader, select_autoescape

TEMPLATES = Path(__file__).parent / "templates"
STATIC = Path(__file__).parent / "static"
# Links made per page run to hundreds (a story's outlets each link to their filter), so
# each is made once per process: the same few thousand ids and names recur.
HREFS_KEPT = 8192


@lru_cache(maxsize=HREFS_KEPT)
def story_href(story_id: str) -> str:
    # The story's report page (newsweave.web.report_pages).
    return f"/stories/{quote(story_id, safe='')}"


@lru_cache(maxsize=HREFS_KEPT)
def storyline_href(storyline_id: str) -> str:
    return f"/storylines/{quote(storyline_id, safe='')}"


@lru_cache(maxsize=HREFS_KEPT)
def article_href(article_id: str) -> str:
    return f"/articles/{quote(article_id, safe='')}"


@lru_cache(maxsize=HREFS_KEPT)
def speaker_href(name: str) -> str:
    return f"/speakers/{quote(name, safe='')}"


@lru_cache(maxsize=HREFS_KEPT)
def outlet_href(name: str) -> str:
    return "/outlets/" + quote(name, safe="")


def source_href(url: str | None) -> str | None:
    """A source URL fit to link to: http(s) only (never ``javascript:``, ``data:``)."""
    if not url:
        return None
    try:
        scheme = urlsplit(url.strip()).scheme.lower()
    except ValueError:
        return None
    return url.strip() if scheme in ("http", "https") else None


def page_href(path: str, params: dict[str, Any]) -> str:
    kept = {key: value for key, value in params.items() if value not in (None, "", 0)}
    return path + ("?" + urlencode(kept) if kept else "")


@lru_cache(maxsize=1)
def environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=select_autoescape(["html"], default_for_string=True, default=True),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.globals.update(
        story_href=story_href,
        storyline_href=storyline_href,
        article_href=article_href,
        speaker_href=speaker_href,
        outlet_href=outlet_href,
        source_href=source_href,
        page_href=page_href,
    )
    return env


def render(template: str, **context: Any) -> str:
    return environment().get_template(template).render(**context)
