"""The outlet's name when a page does not declare it (no og:site_name, no publisher).

Readers see the name in three places, tried in this order by html_meta:
the <title> around the headline ("Headline — Northgate Daily"), the masthead or
logo in the page header (an element whose class or id says logo, brand, masthead,
site-name or site-title, or its image's alt text), and, when nothing else names
the site, the copyright line of the footer ("© 2025 Northgate Daily"), which often
names the owning company rather than the title, hence last.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from lxml.html import HtmlElement

_SEPARATOR = re.compile(r"\s+[|–—·•:-]{1,2}\s+|\s+::\s+")
_WORDS = re.compile(r"\w+")
# An outlet's name is short; longer leftovers are a section path or a second headline.
MAX_OUTLET_WORDS = 6
MAX_OUTLET_CHARS = 60
# Leftovers that are a page's section or a generic label, not a site's name.
_GENERIC = frozenset(
    (
        "home", "homepage", "news", "latest news", "breaking news", "article", "articles",
        "blog", "opinion", "sport", "sports", "business", "world", "politics", "video",
        "videos", "menu", "logo", "search", "skip to content", "skip to main content",
        "page", "story", "stories", "live", "local", "the", "main", "faq", "copyright",
        "contact", "contact us", "subscribe", "close", "back",
    )
)  # fmt: skip
# A class or id token naming the logo slot: "logo", "site-logo", "navbar-brand",
# "mast-logo", "site-title-link"; not "brand-color" or "logo-cloud" (partner logos).
_BRAND_MARK = re.compile(
    r"^(?:[a-z0-9]+[-_])*(?:logo|brand|branding|masthead|site[-_]?(?:name|title|logo|brand))"
    r"(?:[-_](?:link|text|name|title|wrap|wrapper|container|img|image|main|header|home))?$",
    re.IGNORECASE,
)
_LOGO_WORDS = re.compile(r"^\s*logo\b\s*[:|-]?\s*|\s*\b(?:logo|home(?:page)?)\b\W*$", re.IGNORECASE)
# Alt texts that are file names or slugs ("site-logo-black.png"), not names.
_FILE_NAME = re.compile(r"\.(?:png|jpe?g|gif|svg|webp)\b|^[\w.]+[-_][\w.-]+$", re.IGNORECASE)
_LABEL_START = re.compile(r"^(?:about|read more|log ?in|sign ?in|sign up|by|go to|back to)\b", re.I)
_COPYRIGHT = re.compile(
    r"(?:©|copyright\b)\s*(?:©\s*)?(?:(?:19|20)\d\d(?:\s*[-–]\s*(?:19|20)?\d\d)?,?\s*)?"
    r"(?:by\s+)?(?P<name>[^\W\d][^.,;|©\n]{1,80}?)"
    r"(?:\s+(?:19|20)\d\d)?\s*(?:[.,;|]|\ball rights\b|$)",
    re.IGNORECASE,
)
_COMPANY_SUFFIX = re.compile(
    r"(?:,?\s+(?:ltd|limited|inc|llc|plc|gmbh|ag|corp|corporation|co|s\.?a|b\.?v))+\.?$",
    re.IGNORECASE,
)
# Elements whose class or id speak of logos/brands and are looked at, at most.
MAX_BRAND_ELEMENTS = 12


def _norm(text: str) -> str:
    return " ".join(_WORDS.findall(text.casefold()))


def plausible_outlet(text: str | None) -> str | None:
    """``text`` as an outlet name when it could be one: short, not a generic label,
    not a date or a number."""
    if not text:
        return None
    name = " ".join(text.split()).strip(" |–—·•:-")
    key = _norm(name)
    if not key or key in _GENERIC or len(name) > MAX_OUTLET_CHARS:
        return None
    if len(name.split()) > MAX_OUTLET_WORDS or not any(ch.isalpha() for ch in name):
        return None
    if re.search(r"\b(?:19|20)\d\d\b", name) or re.fullmatch(r"(?:page|p\.?)\s*\d+", key):
        return None
    if _FILE_NAME.search(name) or _LABEL_START.match(name):
        return None
    if " " in name and name == name.lower():  # "hire a virtual assistant": a phrase
        return None
    return name


def title_affix_outlet(page_title: str | None, headlines: Iterable[str]) -> str | None:
    """What the <title> adds around the headline: "Headline — Site" or "Site | Headline"
    gives "Site". The outermost part is taken when the leftover is itself split
    ("Headline | Section | Site")."""
    if not page_title:
        return None
    keys = {key for headline in headlines if (key := _norm(headline))}
    if not keys:
        return None
    for separator in _SEPARATOR.finditer(page_title):
        before, after = page_title[: separator.start()], page_title[separator.end() :]
        if _norm(before) in keys:
            return plausible_outlet(_SEPARATOR.split(after)[-1])
        if _norm(after) in keys:
            return plausible_outlet(_SEPARATOR.split(before)[0])
    return None


# A logo element with more words than this is a whole header bar: its links are
# menus, not the site's name.
MAX_BRAND_BLOCK_WORDS = 15


def _brand_text(element: HtmlElement) -> str | None:
    """The name a logo element shows: its own short text, else (in a small block
    such as a logo plus tagline) a link's text or an image's alt text."""
    text = " ".join(element.text_content().split())
    if name := plausible_outlet(text):
        return name
    if len(text.split()) > MAX_BRAND_BLOCK_WORDS:
        return None
    for link in element.iterfind(".//a"):
        if name := plausible_outlet(link.text_content()):
            return name
    for image in element.iter("img"):
        if name := plausible_outlet(_LOGO_WORDS.sub("", image.get("alt") or "")):
            return name
    return None


def _in_article_or_footer(element: HtmlElement) -> bool:
    for ancestor in element.iterancestors():
        if ancestor.tag in ("article", "footer", "aside"):
            return True
        marks = f"{ancestor.get('class') or ''} {ancestor.get('id') or ''}".lower()
        if "footer" in marks or "comment" in marks:
            return True
    return False


def brand_outlet(tree: HtmlElement) -> str | None:
    """The site name shown by the masthead/logo element above the headline."""
    body = tree.find("body")
    if body is None:
        return None
    looked_at = 0
    for element in body.iter():
        if element.tag == "h1":
            break  # the masthead comes before the headline
        if not isinstance(element.tag, str) or element.tag in ("article", "footer", "body"):
            continue
        marks = f"{element.get('class') or ''} {element.get('id') or ''}".split()
        if not any(_BRAND_MARK.match(mark) for mark in marks):
            continue
        looked_at += 1
        if looked_at > MAX_BRAND_ELEMENTS:
            break
        if not _in_article_or_footer(element) and (text := _brand_text(element)):
            return text
    return None


def copyright_outlet(tree: HtmlElement) -> str | None:
    """The name in the page's copyright line ("© 2025 Northgate Daily"), company
    suffixes ("Ltd", "Inc") removed; the footer's line is preferred."""
    lines = tree.xpath(
        "//body//text()[contains(., '©') or contains(., 'Copyright') or contains(., 'copyright')]"
    )
    in_footer = [
        line
        for line in lines
        if any(
            a.tag == "footer" or "footer" in (a.get("class") or "") + (a.get("id") or "")
            for a in line.getparent().iterancestors()
        )
        or line.getparent().tag == "footer"
    ]
    for line in [*in_footer, *reversed(lines)]:
        match = _COPYRIGHT.search(str(line))
        if match and (name := plausible_outlet(_COMPANY_SUFFIX.sub("", match.group("name")))):
            return name
    return None


def declared_page_url(tree: HtmlElement, tags: dict[str, str]) -> str | None:
    """The page's own absolute URL from <link rel=canonical>, else og:url."""
    for link in tree.iterfind(".//link[@rel]"):
        if "canonical" in (link.get("rel") or "").lower().split():
            href = (link.get("href") or "").strip()
            if href.startswith(("http://", "https://")):
                return href
    og_url = tags.get("og:url", "").strip()
    if og_url.startswith(("http://", "https://")):
        return og_url
    return None
