"""The timeline chart: dates on a time axis, one mark per dated entry.

A mark's size grows with how many outlets report the entry and it is cut into one
slice per outlet, in the outlet's colour; its number matches the entry list under
the chart, and hovering shows the entry's text (an SVG ``<title>``).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from markupsafe import Markup

from newsweave.reports.render.charts.svg import NO_OUTLET, element, shorten, svg, text

WIDTH = 760
MARGIN = 28
LANE_GAP = 6
AXIS_H = 34
MAX_LANES = 6


@dataclass(frozen=True, slots=True)
class Mark:
    number: int  # 1-based, as in the list under the chart
    day: date
    outlets: tuple[str, ...]
    label: str

    @property
    def radius(self) -> float:
        return min(26.0, 8.0 + 7.0 * (math.sqrt(max(1, len(self.outlets))) - 1.0))


def entry_date(value: object) -> date | None:
    """A timeline entry's date: ``YYYY-MM-DD`` (a datetime's date part), ``YYYY-MM``
    or ``YYYY``, the first day of a month or year; anything else is None."""
    if not isinstance(value, str):
        return None
    parts = value[:10].split("-")
    try:
        numbers = [int(p) for p in parts]
        if len(numbers) == 3:
            return date(numbers[0], numbers[1], numbers[2])
        if len(numbers) == 2:
            return date(numbers[0], numbers[1], 1)
        if len(numbers) == 1 and len(parts[0]) == 4:
            return date(numbers[0], 1, 1)
    except ValueError:
        return None
    return None


def entry_outlets(entry: Mapping[str, Any]) -> tuple[str, ...]:
    """The outlets reporting an entry, in first-mention order."""
    seen: dict[str, None] = {}
    for sentence in entry.get("sentences") or ():
        for outlet in sentence.get("outlets") or ():
            seen.setdefault(str(outlet), None)
    return tuple(seen)


def timeline_marks(timeline: Mapping[str, Any]) -> list[Mark]:
    marks = []
    for number, entry in enumerate(timeline.get("entries") or (), start=1):
        day = entry_date(entry.get("date"))
        if day is None:
            continue
        sentences = entry.get("sentences") or ()
        label = " / ".join(str(s.get("text", "")) for s in sentences)
        marks.append(Mark(number, day, entry_outlets(entry), label))
    return marks


def timeline_svg(timeline: Mapping[str, Any], colours: Mapping[str, str]) -> Markup | None:
    """The chart of a ``timeline`` section, or None when no entry has a date."""
    marks = timeline_marks(timeline)
    if not marks:
        return None
    first = min(m.day for m in marks)
    last = max(m.day for m in marks)
    pad = max(1, (last - first).days // 20)
    first, last = first - timedelta(days=pad), last + timedelta(days=pad)
    span = (last - first).days

    def x_of(day: date) -> float:
        return MARGIN + (day - first).days / span * (WIDTH - 2 * MARGIN)

    lane_h = 2 * max(m.radius for m in marks) + LANE_GAP + 10
    placed, lanes = _lanes(marks, x_of)
    height = 8 + lanes * lane_h + AXIS_H
    axis_y = height - AXIS_H + 6
    parts = [_axis(first, last, x_of, axis_y)]
    for mark, lane in placed:
        cx, cy = x_of(mark.day), 8 + lane * lane_h + lane_h / 2 + 4
        # A faint stem down to the axis says which day a mark sits on.
        stem = {"x1": cx, "x2": cx, "y1": cy + mark.radius, "y2": axis_y, "class": "stem"}
        parts.append(element("line", stem))
        parts.append(_mark(mark, cx, cy, colours))
    label = f"Timeline of {timeline.get('label') or 'the story'}: {len(marks)} dated entries"
    return svg(WIDTH, height, label, "timeline-chart", *parts)


def _lanes(marks: list[Mark], x_of: Any) -> tuple[list[tuple[Mark, int]], int]:
    # Marks on nearby dates go to the first lane where they do not overlap.
    right_edges: list[float] = []
    placed = []
    for mark in sorted(marks, key=lambda m: (m.day, m.number)):
        x, r = x_of(mark.day), mark.radius
        lane = next((i for i, edge in enumerate(right_edges) if x - r > edge + 2), None)
        if lane is None and len(right_edges) < MAX_LANES:
            right_edges.append(-math.inf)
            lane = len(right_edges) - 1
        if lane is None:
            lane = min(range(len(right_edges)), key=lambda i: right_edges[i])
        right_edges[lane] = x + r
        placed.append((mark, lane))
    return placed, max(1, len(right_edges))


def _mark(mark: Mark, cx: float, cy: float, colours: Mapping[str, str]) -> str:
    outlets = mark.outlets or ("",)
    r = mark.radius
    shapes = []
    if len(outlets) == 1:
        shapes.append(
            element("circle", {"cx": cx, "cy": cy, "r": r, "fill": _colour(outlets[0], colours)})
        )
    else:
        step = 2 * math.pi / len(outlets)
        for i, outlet in enumerate(outlets):
            a0, a1 = -math.pi / 2 + i * step, -math.pi / 2 + (i + 1) * step
            path = (
                f"M{cx:.1f},{cy:.1f} L{cx + r * math.cos(a0):.1f},{cy + r * math.sin(a0):.1f}"
                f" A{r:.1f},{r:.1f} 0 0 1 {cx + r * math.cos(a1):.1f},{cy + r * math.sin(a1):.1f} Z"
            )
            shapes.append(element("path", {"d": path, "fill": _colour(outlet, colours)}))
    shapes.append(
        element(
            "text",
            {"x": cx, "y": cy - r - 3, "class": "mark-number", "text-anchor": "middle"},
            text(mark.number),
        )
    )
    who = ", ".join(mark.outlets) or "no outlet named"
    hover = f"{mark.number}. {mark.day.isoformat()} ({who}): {shorten(mark.label, 400)}"
    return element("g", {"class": "mark"}, element("title", {}, text(hover)), *shapes)


def _colour(outlet: str, colours: Mapping[str, str]) -> str:
    return colours.get(outlet, NO_OUTLET)


def _axis(first: date, last: date, x_of: Any, y: float) -> str:
    parts = [
        element("line", {"x1": MARGIN, "x2": WIDTH - MARGIN, "y1": y, "y2": y, "class": "axis"})
    ]
    for day, label in _ticks(first, last):
        x = x_of(day)
        parts.append(element("line", {"x1": x, "x2": x, "y1": y, "y2": y + 5, "class": "axis"}))
        parts.append(
            element(
                "text", {"x": x, "y": y + 18, "class": "tick", "text-anchor": "middle"}, text(label)
            )
        )
    return element("g", {"class": "axis"}, *parts)


def _ticks(first: date, last: date) -> list[tuple[date, str]]:
    """Tick dates and labels: days, weeks, months or years, at most about a dozen."""
    days = (last - first).days
    if days <= 120:
        step = 1 if days <= 14 else 7 * math.ceil(days / 10 / 7)
        ticks = [first + timedelta(days=d) for d in range(0, days + 1, step)]
        return [(d, f"{d.day} {d:%b}") for d in ticks]
    if days <= 1500:
        months = []
        cursor = date(first.year, first.month, 1)
        while cursor <= last:
            if cursor >= first:
                months.append(cursor)
            cursor = date(cursor.year + cursor.month // 12, cursor.month % 12 + 1, 1)
        keep = max(1, math.ceil(len(months) / 12))
        return [(d, f"{d:%b %Y}") for d in months[::keep]]
    years = [date(y, 1, 1) for y in range(first.year + 1, last.year + 1)]
    keep = max(1, math.ceil(len(years) / 12))
    return [(d, str(d.year)) for d in years[::keep]]
