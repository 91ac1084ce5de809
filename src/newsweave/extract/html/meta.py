"""Metadata from a parsed HTML page: title, outlet, publication date, byline, language.

Sources in order of trust: JSON-LD (schema.org Article and friends), meta tags
(Open Graph, article:*, Dublin Core, common CMS names), visible markup (<h1>,
rel=author, "By ..." lines), then the URL; the date has its own module
(html_dates). Nothing is guessed: a field no source states stays None.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from lxml.html import HtmlElement

from newsweave.extract.html.byline import json_ld_names, pick_author
from newsweave.extract.html.dates import page_date
from newsweave.extract.html.outlet import (
    brand_outlet,
    copyright_outlet,
    declared_page_url,
    title_affix_outlet,
)
from newsweave.extract.meta import known_outlet, outlet_from_url

_ARTICLE_TYPES = frozenset(
    (
        "article", "newsarticle", "blogposting", "reportage", "analysisnewsarticle",
        "opinionnewsarticle", "reviewnewsarticle", "backgroundnewsarticle", "liveblogposting",
        "techarticle", "scholarlyarticle", "socialmediaposting", "webpage", "medicalwebpage",
        "report",
    )
)  # fmt: skip
# A first <h1> this long is a headline even when it disagrees with og:title.
HEADLINE_MIN_WORDS = 3
_TITLE_SEPARATORS = re.compile(r"\s+[|–—·•:-]{1,2}\s+|\s+::\s+")
_WORDS = re.compile(r"\w+")


@dataclass(frozen=True, slots=True)
class PageMeta:
    title: str | None = None
    outlet: str | None = None
    published: datetime | None = None
    author: str | None = None
    language: str | None = None
    article_body: str | None = None  # JSON-LD articleBody, used to check the extraction


def _clean(text: str | None) -> str | None:
    if text is None:
        return None
    cleaned = " ".join(text.split())
    return cleaned or None


def _walk_json_ld(node: Any) -> Iterator[dict[str, Any]]:
    if isinstance(node, list):
        for item in node:
            yield from _walk_json_ld(item)
    elif isinstance(node, dict):
        yield node
        if "@graph" in node:
            yield from _walk_json_ld(node["@graph"])
        main = node.get("mainEntity")
        if isinstance(main, dict | list):
            yield from _walk_json_ld(main)


def read_json_ld(tree: HtmlElement) -> list[dict[str, Any]]:
    """Every JSON-LD object on the page (graphs flattened); broken blocks skipped."""
    objects: list[dict[str, Any]] = []
    for script in tree.iterfind(".//script[@type='application/ld+json']"):
        raw = (script.text or "").strip()
        if not raw:
            continue
        try:
            data = json.loads(raw)
        except ValueError:
            continue
        objects.extend(_walk_json_ld(data))
    return objects


def _types(obj: dict[str, Any]) -> set[str]:
    kind = obj.get("@type")
    kinds = kind if isinstance(kind, list) else [kind]
    return {k.lower() for k in kinds if isinstance(k, str)}


def _meta_tags(tree: HtmlElement) -> dict[str, str]:
    tags: dict[str, str] = {}
    for meta in tree.iterfind(".//meta"):
        key = meta.get("property") or meta.get("name") or meta.get("itemprop")
        content = meta.get("content")
        if key and content and content.strip():
            tags.setdefault(key.strip().lower(), content.strip())
    return tags


def _title_core(title: str, site_names: list[str]) -> str:
    """Strip "| Site Name" style prefixes and suffixes from a page title."""
    parts = _TITLE_SEPARATORS.split(title)
    if len(parts) < 2:
        return title
    site_keys = {" ".join(_WORDS.findall(s.lower())) for s in site_names if s}
    site_tokens = {t for s in site_names if s for t in _WORDS.findall(s.lower())}

    def is_site(part: str) -> bool:
        key = " ".join(_WORDS.findall(part.lower()))
        words = key.split()
        return key in site_keys or (bool(words) and len(words) <= 4 and set(words) <= site_tokens)

    while len(parts) > 1 and is_site(parts[-1]):
        parts.pop()
    while len(parts) > 1 and is_site(parts[0]):
        parts.pop(0)
    if len(parts) > 1 and len(parts[-1].split()) <= 3 and len(parts[0].split()) >= 3:
        parts = parts[:-1]  # an unrecognised short trailer is still most likely the site
    return " - ".join(parts) if len(parts) > 1 else parts[0]


def _norm(text: str) -> str:
    return " ".join(_WORDS.findall(text.lower()))


def _similarity(a: str, b: str) -> float:
    wa, wb = set(_WORDS.findall(a.lower())), set(_WORDS.findall(b.lower()))
    return len(wa & wb) / len(wa | wb) if wa and wb else 0.0


def _pick_title(
    tree: HtmlElement,
    tags: dict[str, str],
    article: dict[str, Any],
    outlet: str | None,
    url: str | None,
) -> str | None:
    site_names = [n for n in (outlet, tags.get("og:site_name"), tags.get("application-name")) if n]
    if url:
        host = outlet_from_url(url)
        if host:
            site_names += [host, host.split(".")[0]]
    headline = article.get("headline") if isinstance(article.get("headline"), str) else None
    title_el = tree.find(".//title")
    declared = _clean(
        tags.get("og:title")
        or headline
        or tags.get("twitter:title")
        or (title_el.text_content() if title_el is not None else None)
    )
    declared = _title_core(declared, site_names) if declared else None
    # The visible headline is what readers (and our development gold) call the
    # title: an <h1> agreeing with the declared title, or the JSON-LD headline, or
    # a headline-sized first <h1>; the declared title (site name stripped) otherwise.
    site_keys = {_norm(name) for name in site_names}
    headings = [
        heading
        for h1 in tree.iterfind(".//h1")
        if (heading := _clean(h1.text_content()))
        and len(heading) < 300
        and _norm(heading) not in site_keys
    ][:4]
    if not declared:
        return headings[0] if headings else None
    best = max(headings, key=lambda h: _similarity(h, declared), default=None)
    if best and _similarity(best, declared) >= 0.5:
        return best
    if headline and (match := next((h for h in headings if _norm(h) == _norm(headline)), None)):
        return match
    if headings and len(headings[0].split()) >= HEADLINE_MIN_WORDS:
        return headings[0]
    return declared


def _pick_language(tree: HtmlElement, tags: dict[str, str]) -> str | None:
    stated = tree.get("lang") or tree.get("xml:lang") or tags.get("og:locale")
    if not stated:
        stated = tags.get("content-language") or tags.get("language")
    if stated:
        code = re.split(r"[-_]", stated.strip().lower())[0]
        if len(code) == 2 and code.isalpha():
            return code
    return None


def _main_article(objects: list[dict[str, Any]]) -> dict[str, Any]:
    """The JSON-LD object describing the page's article (the first Article-like one,
    preferring one that carries a headline)."""
    candidates = [o for o in objects if _types(o) & _ARTICLE_TYPES]
    for obj in candidates:
        if "headline" in obj or "articleBody" in obj:
            return obj
    return candidates[0] if candidates else {}


def _headlines(tree: HtmlElement, tags: dict[str, str], article: dict[str, Any]) -> list[str]:
    """What the page calls its headline: og/twitter titles, JSON-LD headline, <h1>s."""
    stated = [tags.get("og:title"), tags.get("twitter:title"), article.get("headline")]
    found = [text for text in stated if isinstance(text, str)]
    found += [h1.text_content() for h1 in tree.iterfind(".//h1")][:4]
    return found


def _pick_outlet(
    tree: HtmlElement,
    tags: dict[str, str],
    article: dict[str, Any],
    page_url: str | None,
) -> str | None:
    """The outlet's name as the page states it, else as its title and masthead show
    it, else the URL's domain, else the footer's copyright holder."""
    publishers = json_ld_names(article.get("publisher"))
    declared = _clean(
        tags.get("og:site_name")
        or (publishers[0] if publishers else None)
        or tags.get("application-name")
    )
    if declared:
        return declared
    if page_url and (known := known_outlet(page_url)):
        return known
    title_el = tree.find(".//title")
    page_title = _clean(title_el.text_content()) if title_el is not None else None
    inferred = title_affix_outlet(page_title, _headlines(tree, tags, article)) or brand_outlet(tree)
    if inferred:
        return inferred
    domain = outlet_from_url(page_url) if page_url else None
    return domain or copyright_outlet(tree)


def read_page_meta(tree: HtmlElement, url: str | None = None) -> PageMeta:
    """Everything the page says about itself; fields it does not state are None.

    Without a ``url``, the page's own canonical link (or og:url) stands in for it
    in the date-from-URL and outlet-from-domain fallbacks."""
    objects = read_json_ld(tree)
    article = _main_article(objects)
    tags = _meta_tags(tree)
    page_url = url or declared_page_url(tree, tags)
    outlet = _pick_outlet(tree, tags, article, page_url)
    body = article.get("articleBody")
    return PageMeta(
        title=_pick_title(tree, tags, article, outlet, page_url),
        outlet=outlet,
        published=page_date(tree, tags, article, page_url),
        author=pick_author(tree, tags, article),
        language=_pick_language(tree, tags),
        article_body=body if isinstance(body, str) else None,
    )
