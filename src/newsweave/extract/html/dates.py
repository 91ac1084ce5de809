"""The publication date of an HTML page, from what the page itself states.

Order, measured on the development pages: the declared publication date (JSON-LD
datePublished, article:published_time and the other common meta names), then the
first dateline in the visible text after the headline (often an "Updated ..." line,
so only when nothing is declared), then a date in the URL path, then a dateline
anywhere outside navigation, sidebars and footers. Update dates are never taken
for publication dates, and nothing is guessed. Every date returned is timezone-aware:
a page that states no zone is read as UTC, so dates from all sources compare.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

from lxml.html import HtmlElement

from newsweave.extract.meta import date_from_url, parse_date_text

_DATE_META_NAMES = (
    "article:published_time",
    "og:published_time",
    "og:article:published_time",
    "datepublished",
    "pubdate",
    "publishdate",
    "publish-date",
    "publish_date",
    "published_time",
    "date",
    "dc.date",
    "dc.date.issued",
    "dc.date.created",
    "dcterms.created",
    "dcterms.issued",
    "sailthru.date",
    "parsely-pub-date",
    "article.published",
    "article_date_original",
    "cxenseparse:recs:publishtime",
)
_NON_VISIBLE = frozenset(("script", "style", "noscript", "template", "head", "title", "svg"))
_UPDATE_WORDS = re.compile(r"modif|updat|revis|expir")
_HAS_YEAR = re.compile(r"(?:19|20)\d\d")


def _headline_dates(tree: HtmlElement, limit: int = 400) -> Iterator[datetime]:
    """Dates written in short visible text after the page's <h1> (or from the top
    when there is none), in reading order: the dateline readers see."""
    body = tree.find("body")
    if body is None:
        return
    h1 = body.find(".//h1")
    started = h1 is None
    seen = 0
    for element in body.iter():
        if element is h1:
            started = True
        if not started or not isinstance(element.tag, str) or element.tag in _NON_VISIBLE:
            continue
        if element.tag == "time" and element.get("datetime"):
            found = parse_date_text(element.get("datetime", ""))
            if found:
                yield found
                continue
        for text in (element.text, element.tail):
            if text and len(text) < 200 and _HAS_YEAR.search(text):
                found = parse_date_text(text)
                if found:
                    yield found
        seen += 1
        if seen > limit:
            return


def _structured_date(
    tags: dict[str, str], article: dict[str, Any], keys: tuple[str, ...], names: tuple[str, ...]
) -> datetime | None:
    for key in keys:
        stated = article.get(key)
        if isinstance(stated, str) and (found := parse_date_text(stated)):
            return found
    for name in names:
        if name in tags and (found := parse_date_text(tags[name])):
            return found
    return None


def _any_published_meta(tags: dict[str, str]) -> datetime | None:
    """CMS-specific names ("w-published-date", "published"): any meta tag whose name
    speaks of publishing and not of updating."""
    for name, value in tags.items():
        if "publish" in name and not _UPDATE_WORDS.search(name):
            found = parse_date_text(value)
            if found:
                return found
    return None


def page_date(
    tree: HtmlElement, tags: dict[str, str], article: dict[str, Any], url: str | None
) -> datetime | None:
    """The page's publication date (timezone-aware). ``tags`` are its meta tags
    (lower-cased names), ``article`` its main JSON-LD object ({} if none)."""
    found = _stated_date(tree, tags, article, url)
    # A stated zone is kept as stated (converting could change the calendar day).
    if found is not None and found.tzinfo is None:
        return found.replace(tzinfo=UTC)
    return found


def _stated_date(
    tree: HtmlElement, tags: dict[str, str], article: dict[str, Any], url: str | None
) -> datetime | None:
    # Measured on the development pages: the declared publication date beats the
    # first visible dateline (often an "Updated ..." line), which beats the URL.
    published = _structured_date(tags, article, ("datePublished", "dateCreated"), _DATE_META_NAMES)
    if published is not None:
        return published
    published = _any_published_meta(tags)
    if published is not None:
        return published
    visible = next(_headline_dates(tree), None)
    if visible is not None:
        return visible
    in_url = date_from_url(url) if url else None
    if in_url is not None:
        return in_url
    return _dateline_anywhere(tree)


def _dateline_anywhere(tree: HtmlElement, limit: int = 300) -> datetime | None:
    """Last resort: the first short text stating a date anywhere in the page body
    outside navigation, sidebars and footers (some templates put the dateline
    above the headline)."""
    texts = tree.xpath(
        "//body//text()[not(ancestor::aside or ancestor::nav or ancestor::footer"
        " or ancestor::script or ancestor::style)]"
    )
    for text in texts[: limit * 20]:
        if len(text) < 200 and _HAS_YEAR.search(text) and (found := parse_date_text(text)):
            return found
    return None
