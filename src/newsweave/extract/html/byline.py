"""The byline of an HTML page: who wrote it, from JSON-LD, meta tags or visible text.

Visible text is read line by line the way a browser lays it out: <br> and block
elements break lines, and the texts of neighbouring inline elements are joined with
a space, so a byline never runs into the dateline printed next to it
("By Ana Ruiz in Tarvo<br>Monday 3 May" is two lines, not "...TarvoMonday").
A byline's place ("in Tarvo"), role ("Political Editor") or agency is not the name.
"""

from __future__ import annotations

import re
from typing import Any

from lxml import etree
from lxml.html import HtmlElement

from newsweave.extract.meta import MONTHS

AUTHOR_META_NAMES = ("author", "article:author", "dc.creator", "parsely-author", "sailthru.author")
_BY = r"(?:(?:written|posted|authored|words|reported|story|text)\s+)?(?:by|von|par|por|di|door|av)"
_BYLINE = re.compile(rf"^\s*{_BY}\b:?\s+(?P<name>[^\n|•·,]{{3,80}})", re.I)
# A line that only introduces the name on the next line ("By", "Written by:").
_BYLINE_LABEL = re.compile(rf"^\s*(?:{_BY}|authors?)\s*:?\s*$", re.I)
_BLOCK_TAGS = frozenset(
    (
        "address", "article", "aside", "blockquote", "br", "dd", "div", "dl", "dt",
        "figcaption", "figure", "footer", "h1", "h2", "h3", "h4", "h5", "h6", "header",
        "hr", "li", "main", "nav", "ol", "p", "section", "table", "td", "th", "tr", "ul",
    )
)  # fmt: skip
_SPACE_BEFORE_PUNCTUATION = re.compile(r"\s+([,.;:!?)])")
# Where a byline stops being a name: a place ("in Tarvo", "reporting from Sarn"), a
# publication ("for The Sarn Star"), a date (a digit, a weekday, "March 3"), or a
# "Published"/"Updated" stamp.
_MONTH_NAMES = "|".join(sorted(MONTHS, key=len, reverse=True))
_NAME_END = re.compile(
    r"\s+(?:in|from|reporting from|for)\s+(?=[A-Z])"
    r"|\s*\d"
    r"|\s+(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b"
    rf"|\s+(?:{_MONTH_NAMES})\.?\s+\d"
    r"|\s+(?:published|updated|posted|last updated)\b",
    re.I,
)
# Comma-separated byline parts naming a role or an organisation, not a person.
_ROLE_WORDS = re.compile(
    r"\b(?:editor|correspondent|reporter|writer|staff|contributor|columnist|journalist"
    r"|producer|analyst|agency|press|news|newsroom|desk|bureau|times|post|media|wire"
    r"|service|chief|senior|political|deputy|associate|special|for|expert|specialist"
    r"|founder|officer|manager|president|director|representative)\b",
    re.I,
)
# Words a byline slot holds when it holds no name.
_NOT_A_NAME = frozenset(
    (
        "by", "author", "authors", "the author", "written by", "posted", "posted by",
        "updated", "published", "guide", "admin", "share", "follow", "more", "about",
        "mon", "tue", "wed", "thu", "fri", "sat", "sun", *MONTHS,
        "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
    )
)  # fmt: skip
_AUTHOR_CLASS = re.compile(r"^(?:[a-z]+[-_])?(?:author|authors)(?:[-_]name)?$", re.I)
# Names longer than this many words are a sentence or a bio, not a byline.
MAX_NAME_WORDS = 8


def visible_lines(element: HtmlElement) -> list[str]:
    """The element's text as a reader sees it, one string per visual line."""
    pieces: list[str] = []
    for event, node in etree.iterwalk(element, events=("start", "end")):
        is_element = isinstance(node.tag, str)
        breaks = is_element and node.tag in _BLOCK_TAGS
        if event == "start":
            if breaks:
                pieces.append("\n")
            if is_element and node.text and node.tag not in ("script", "style"):
                pieces.append(node.text)
            continue
        if breaks:
            pieces.append("\n")
        if node is not element and node.tail:
            pieces.append(node.tail)
    lines = (" ".join(line.split()) for line in " ".join(pieces).split("\n"))
    return [_SPACE_BEFORE_PUNCTUATION.sub(r"\1", line) for line in lines if line]


def json_ld_names(value: Any) -> list[str]:
    """Person/organisation names from a JSON-LD author or publisher value."""
    if isinstance(value, str):
        return [value] if not value.startswith("http") else []
    if isinstance(value, list):
        return [name for item in value for name in json_ld_names(item)]
    if isinstance(value, dict):
        name = value.get("name")
        if isinstance(name, str):
            return [name]
    return []


def _clean(text: str | None) -> str | None:
    if text is None:
        return None
    cleaned = " ".join(text.split())
    return cleaned or None


def person_name(value: str | None) -> str | None:
    """A byline value that reads as a name or a user handle: not a URL, a numeric
    id or a CMS slug ("jdoe-editor2"), and not longer than a few names."""
    name = _clean(value)
    if not name or name.startswith("http") or len(name) > 100:
        return None
    if " " not in name and ("-" in name or sum(ch.isdigit() for ch in name) >= 2):
        return None
    return name


def _name_only(text: str) -> str | None:
    """The person in a byline text: place, date and role or agency cut away."""
    if cut := _NAME_END.search(text):
        text = text[: cut.start()]
    parts = [part.strip(" -–—|:©") for part in text.split(",")]
    people = [part for part in parts if part and not _ROLE_WORDS.search(part)]
    # "Ana Ruiz, Reuters": a one-word part after a name is an agency, not a person.
    people = [p for i, p in enumerate(people) if i == 0 or len(p.split()) > 1]
    # Only a role or a team ("Staff", "Newsdesk") is still what the byline credits.
    name = person_name(", ".join(people) or parts[0])
    if name is None or name.casefold() in _NOT_A_NAME or len(name.split()) > MAX_NAME_WORDS:
        return None
    return name


def _byline_lines(lines: list[str]) -> list[str]:
    """Lines with a lone "By" (or "Written by:") label joined to the name after it."""
    joined: list[str] = []
    for line in lines:
        if joined and _BYLINE_LABEL.match(joined[-1]):
            joined[-1] = f"{joined[-1]} {line}"
        else:
            joined.append(line)
    return joined


def _byline_in(line: str) -> str | None:
    match = _BYLINE.match(line)
    return _name_only(match.group("name")) if match else None


def _visible_byline(tree: HtmlElement, limit: int = 300) -> str | None:
    """A "By Jane Doe" line in the text after the headline."""
    body = tree.find("body")
    h1 = body.find(".//h1") if body is not None else None
    if body is None or h1 is None:
        return None
    for seen, element in enumerate(h1.itersiblings()):
        if seen > limit or not isinstance(element.tag, str):
            break
        if len(" ".join(element.text_content().split())) > 200:
            continue
        for line in _byline_lines(visible_lines(element)):
            # A capital letter: "By the end of the year" starts a sentence, not a byline.
            name = _byline_in(line) if len(line) < 120 else None
            if name and not name[0].islower():
                return name
    return None


def _in_comments(element: HtmlElement) -> bool:
    return any("comment" in (a.get("class") or "").lower() for a in element.iterancestors())


def _marked_byline(tree: HtmlElement) -> str | None:
    """The text of an element marked as the byline (rel/itemprop author, a byline
    class), else of one whose class names the author outside the comments."""
    marked = tree.xpath("//*[@rel='author' or @itemprop='author' or contains(@class,'byline')]")
    by_class = [
        el
        for el in tree.xpath("//*[contains(@class,'author')]")[:20]
        if any(_AUTHOR_CLASS.match(token) for token in (el.get("class") or "").split())
        and not _in_comments(el)
    ]
    for candidates in (marked[:5], by_class[:3]):
        for element in candidates:
            lines = _byline_lines(visible_lines(element))
            if not lines or len(" ".join(lines)) > 200:
                continue
            for line in lines[:4]:
                if name := _byline_in(line):
                    return name
            if len(lines[0].split()) <= 6 and (name := _name_only(lines[0])):
                return name
    return None


def pick_author(tree: HtmlElement, tags: dict[str, str], article: dict[str, Any]) -> str | None:
    """The page's author(s): JSON-LD, then author meta tags, then marked and visible bylines."""
    names = [n for raw in json_ld_names(article.get("author")) if (n := person_name(raw))]
    if names:
        return ", ".join(dict.fromkeys(names))
    for name in AUTHOR_META_NAMES:
        if found := person_name(tags.get(name)):
            return found
    return _marked_byline(tree) or _visible_byline(tree)
