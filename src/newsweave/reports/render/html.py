"""Reports, articles and the index as HTML, through Jinja2 templates (autoescaped).

Scraped text, titles, names and URLs are hostile: every value goes through the
template engine's escaping; links to sources are kept only when they are
``http(s)`` (:func:`http_url`); each page carries a Content-Security-Policy that
allows scripts and styles only from files beside it (no inline script, no event
handler attribute, no style attribute, nothing remote). The digest and the web app
share these templates; :class:`Links` says where a page's links point.
"""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import cache, lru_cache
from importlib import resources
from typing import Any
from urllib.parse import urlsplit

import jinja2

from newsweave.reports.render.charts import (
    coverage_svg,
    outlet_colours,
    sourcing_sides,
    sourcing_svg,
    swatch_svg,
    timeline_svg,
)

ASSETS = ("newsweave.css", "newsweave.js")


@dataclass(frozen=True, slots=True)
class Links:
    """Where links point, as patterns with ``{root}``, ``{id}`` and ``{name}``.

    The digest's pages use relative files (``root`` is ``"../"`` one folder down);
    the web app passes its routes (and its pages as ``nav``). ``article`` None leaves
    articles unlinked; ``inline_assets`` puts the stylesheet into the page (a one-file
    report)."""

    root: str = ""
    article: str | None = "{root}articles/{id}.html"
    story: str = "{root}stories/{id}.html"
    storyline: str = "{root}storylines/{id}.html"
    asset: str = "{root}assets/{name}"
    index: str | None = "{root}index.html"
    inline_assets: bool = False
    # More links for the page header, as (label, href): the web app's own pages.
    nav: tuple[tuple[str, str], ...] = ()

    def article_href(self, article_id: str, at: int | None = None) -> str | None:
        if self.article is None:
            return None
        href = self.article.format(root=self.root, id=article_id)
        return href if at is None else f"{href}#at-{at}"

    def story_href(self, story_id: str) -> str:
        return self.story.format(root=self.root, id=story_id)

    def storyline_href(self, storyline_id: str) -> str:
        return self.storyline.format(root=self.root, id=storyline_id)

    def asset_href(self, name: str) -> str:
        return self.asset.format(root=self.root, name=name)

    def index_href(self) -> str | None:
        return None if self.index is None else self.index.format(root=self.root)


def http_url(value: object) -> str | None:
    """``value`` if it is an absolute http(s) URL with a host and nothing that could
    break out of an attribute or hide a scheme; else None (shown as text instead)."""
    if not isinstance(value, str) or len(value) > 4000:
        return None
    if any(c.isspace() or ord(c) < 32 or c in "\"'<>`\\" for c in value):
        return None
    try:
        parts = urlsplit(value)
    except ValueError:
        return None
    return value if parts.scheme.lower() in ("http", "https") and parts.netloc else None


def day(value: object) -> str:
    """An ISO date or datetime as ``12 Mar 2025``; anything else as given, or ``undated``."""
    if not value:
        return "undated"
    return _day_of(str(value))


@lru_cache(maxsize=4096)  # a storyline's page shows the same few hundred dates thousands of times
def _day_of(shown: str) -> str:
    try:
        if len(shown) == 7:  # a month: 2025-03
            return f"{datetime.strptime(shown, '%Y-%m'):%b %Y}"
        if len(shown) == 4 and shown.isdigit():  # a year
            return shown
        moment = datetime.fromisoformat(shown)
        return f"{moment.day} {moment:%b %Y}"
    except ValueError:
        return shown


def span(start: object, end: object) -> str:
    first, last = day(start), day(end)
    return first if first == last else f"{first} – {last}"


def asset_bytes(name: str) -> bytes:
    return resources.files("newsweave.reports.render").joinpath("assets", name).read_bytes()


def content_security_policy(inline_style: str | None = None) -> str:
    """Scripts and styles only from the page's own origin (files beside it); an inline
    stylesheet only by its hash; no plugins, frames, forms, base or remote anything."""
    style = "'self'"
    if inline_style is not None:
        digest = base64.b64encode(hashlib.sha256(inline_style.encode()).digest()).decode()
        style = f"'sha256-{digest}'"
    return (
        f"default-src 'none'; script-src 'self'; style-src {style}; img-src 'self' data:;"
        " base-uri 'none'; form-action 'none'; object-src 'none'"
    )


@cache
def environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("newsweave.reports.render", "templates"),
        autoescape=True,  # every template, whatever its name
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        # The templates are package files: not checked for changes at every include.
        auto_reload=False,
    )
    env.filters.update(http_url=http_url, day=day, side_text=side_text, speaker_keys=speaker_keys)
    env.globals.update(span=span, swatch=swatch_svg)
    return env


def _page(template: str, links: Links, title: str, **context: Any) -> str:
    inline_style = asset_bytes("newsweave.css").decode() if links.inline_assets else None
    return (
        environment()
        .get_template(template)
        .render(
            links=links,
            page_title=title,
            csp=content_security_policy(inline_style),
            inline_style=inline_style,
            **context,
        )
    )


def article_titles(report: Mapping[str, Any]) -> dict[str, Mapping[str, Any]]:
    """Every article of a report (copies too) by id, for labelling links."""
    found: dict[str, Mapping[str, Any]] = {}
    for article in report.get("articles") or ():
        found[article["id"]] = article
        for copy in article.get("copies") or ():
            found[copy["id"]] = copy
    return found


def _all_outlets(report: Mapping[str, Any]) -> set[str]:
    """Every outlet a report names, so that one colour stands for one outlet on a page
    even when a section names an outlet the header does not."""
    outlets = {str(o) for o in report.get("outlets") or ()}
    outlets.update(str(o) for o in (report.get("compare") or {}).get("outlets") or ())
    for entry in (report.get("timeline") or {}).get("entries") or ():
        for sentence in entry.get("sentences") or ():
            outlets.update(str(o) for o in sentence.get("outlets") or ())
    return outlets


def render_report_html(report: Mapping[str, Any], links: Links) -> str:
    """A story's or storyline's report page; a section is shown when it is present."""
    compare = report.get("compare")
    colours = outlet_colours(_all_outlets(report))
    charts = {
        "timeline": timeline_svg(report["timeline"], colours) if "timeline" in report else None,
        "coverage": coverage_svg(compare, colours) if compare else None,
        "sourcing": sourcing_svg(compare.get("sourcing") or {}) if compare else None,
    }
    return _page(
        "report.html",
        links,
        str(report.get("label") or report["id"]),
        report=report,
        colours=colours,
        charts=charts,
        articles=article_titles(report),
        sourcing_sides=sourcing_sides,
    )


def render_article_html(article: Mapping[str, Any], links: Links) -> str:
    """An article page (:func:`newsweave.reports.article.article_view`)."""
    return _page("article.html", links, str(article.get("title") or article["id"]), article=article)


def render_index_html(entries: Sequence[Mapping[str, Any]], links: Links, title: str) -> str:
    """The list of storylines and stories (:func:`newsweave.reports.index.index_entry`)."""
    return _page("index.html", links, title, entries=entries)


def side_text(side: object) -> str:
    """A speaker's side as the ledger gives it (``{"country", "camp", "organisation"}``,
    only the known keys) or a plain string, as one short phrase."""
    if isinstance(side, dict):
        return ", ".join(str(value) for value in side.values() if value)
    return str(side) if side else ""


def speaker_keys(quotes: Sequence[Mapping[str, Any]]) -> list[tuple[Any, Any]]:
    """An article's speakers for its key, as (speaker, colour) in order of appearance,
    each once (names differing only in case count as one: the first is shown)."""
    seen: set[Any] = set()
    keys = []
    for quote in quotes:
        speaker = quote["speaker"]
        folded = speaker.lower() if isinstance(speaker, str) else speaker
        if folded not in seen:
            seen.add(folded)
            keys.append((speaker, quote["colour"]))
    return keys
