"""Reading an article's metadata lines: mark every dateline, byline and masthead, then
pick the ones that belong to the article (nearest above its first body line)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from newsweave.extract.text.lines import Line
from newsweave.extract.text.meta import (
    LABEL_ONLY_RE,
    byline_author,
    dateline_date,
    looks_like_name,
    outlet_from_furniture,
    outlet_from_masthead,
)

BYLINE_MAX_WORDS = 12
# Past this many lines above the body, a date belongs to another item on the page.
HEADER_REACH = 60
# Lines below the body where a date may still be the article's own.
FOOTER_REACH = 5


@dataclass(frozen=True, slots=True)
class MetaLine:
    index: int
    published: datetime | None = None
    author: str | None = None


@dataclass(frozen=True, slots=True)
class Header:
    published: datetime | None
    author: str | None
    outlet: str | None


def mark_metadata(lines: list[Line]) -> tuple[list[MetaLine], str | None]:
    """Mark metadata lines as dropped; return them and the outlet (masthead or furniture)."""
    found: list[MetaLine] = []
    outlet: str | None = None
    for i, line in enumerate(lines):
        if line.reason is not None:
            outlet = outlet or outlet_from_furniture(line.text)
            continue
        if outlet is None and line.words <= 3 and (name := outlet_from_masthead(line.text)):
            outlet, line.reason = name, "masthead"
            continue
        moment = dateline_date(line.text)
        author = byline_author(line.text) if line.words <= BYLINE_MAX_WORDS else None
        if moment is None and author is None and LABEL_ONLY_RE.match(line.text):
            moment, author = _value_on_next_line(lines, i)
        if moment is not None or author is not None:
            line.reason = "dateline" if moment is not None else "byline"
            found.append(MetaLine(i, moment, author))
    _mark_bare_names(lines, found)
    return found, outlet


def _value_on_next_line(lines: list[Line], i: int) -> tuple[datetime | None, str | None]:
    """A label line ("Published:", "By") whose value the page printed on the next line."""
    if i + 1 >= len(lines) or lines[i + 1].reason is not None:
        return None, None
    value = lines[i + 1].text
    moment = dateline_date(value)
    if moment is not None:
        return moment, None
    if lines[i].text.lower().rstrip(" :").endswith("by") and looks_like_name(value):
        lines[i + 1].reason = "byline"
        return None, value
    return None, None


def _mark_bare_names(lines: list[Line], found: list[MetaLine]) -> None:
    """A bare name right next to a dateline is the byline ("Ann Lee" / "May 2, 2024")."""
    for meta in list(found):
        if meta.published is None:
            continue
        for j in (meta.index - 1, meta.index + 1):
            if 0 <= j < len(lines) and lines[j].reason is None and looks_like_name(lines[j].text):
                lines[j].reason = "byline"
                found.append(MetaLine(j, None, lines[j].text))
                break


def pick_header(found: list[MetaLine], outlet: str | None, span: range) -> Header:
    """The date and author closest above the body; failing that, the first inside the
    body's span, then the nearest just below it (some sites print the date last)."""

    def rank(meta: MetaLine) -> float:
        if meta.index < span.start:
            return span.start - meta.index
        if meta.index < span.stop:
            return HEADER_REACH + meta.index - span.start
        return 2 * HEADER_REACH + meta.index - span.stop

    def usable(meta: MetaLine) -> bool:
        return span.start - HEADER_REACH <= meta.index < span.stop + FOOTER_REACH

    dated = sorted((m for m in found if m.published is not None and usable(m)), key=rank)
    named = sorted((m for m in found if m.author is not None and usable(m)), key=rank)
    return Header(
        published=dated[0].published if dated else None,
        author=named[0].author if named else None,
        outlet=outlet,
    )
