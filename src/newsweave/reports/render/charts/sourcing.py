"""The sourcing profile: per outlet, two bars: named against anonymous sources, and
direct quotes against reported speech, on one scale so outlets compare at a glance."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from markupsafe import Markup

from newsweave.reports.render.charts.svg import count, element, shorten, svg, text

WIDTH = 640
LABEL_W = 190
BAR_H = 12
ROW_H = 2 * BAR_H + 16
LEGEND_H = 26
VALUES_W = 170  # room right of the longest bar for its numbers
BARS = (
    (("named", "#1f5f99"), ("anonymous", "#9cc3e6")),
    (("direct", "#b5521b"), ("reported", "#f0bb93")),
)


def sourcing_svg(sourcing: Mapping[str, Any]) -> Markup | None:
    """The chart of a ``compare`` section's ``sourcing``, or None when it is empty."""
    outlets = [o for o in sorted(sourcing) if isinstance(sourcing[o], Mapping)]
    if not outlets:
        return None
    scale_max = max(
        1, *(sum(count(sourcing[o].get(k)) for k, _ in bar) for o in outlets for bar in BARS)
    )
    bar_w = WIDTH - LABEL_W - VALUES_W
    parts = [_legend()]
    for row, outlet in enumerate(outlets):
        top = LEGEND_H + row * ROW_H
        profile = sourcing[outlet]
        parts.append(
            element(
                "text",
                {
                    "x": LABEL_W - 8,
                    "y": top + BAR_H + 4,
                    "text-anchor": "end",
                    "class": "outlet-name",
                },
                element("title", {}, text(outlet)),
                text(shorten(outlet, 28)),
            )
        )
        for index, bar in enumerate(BARS):
            y = top + index * (BAR_H + 2)
            parts.append(_bar(outlet, profile, bar, y, bar_w / scale_max))
    height = LEGEND_H + ROW_H * len(outlets)
    label = "Sourcing per outlet: named and anonymous sources, direct and reported quotes"
    return svg(WIDTH, height, label, "sourcing-chart", *parts)


def _bar(
    outlet: str, profile: Mapping[str, Any], bar: tuple[tuple[str, str], ...], y: float, unit: float
) -> str:
    x = float(LABEL_W)
    parts = []
    for key, colour in bar:
        value = count(profile.get(key))
        if value:
            parts.append(
                element(
                    "rect",
                    {"x": x, "y": y, "width": value * unit, "height": BAR_H, "fill": colour},
                    element("title", {}, text(f"{outlet}: {value} {key}")),
                )
            )
        x += value * unit
    numbers = " / ".join(f"{count(profile.get(key))} {key}" for key, _ in bar)
    parts.append(
        element("text", {"x": x + 6, "y": y + BAR_H - 2, "class": "bar-value"}, text(numbers))
    )
    return element("g", {"class": "bar"}, *parts)


def _legend() -> str:
    parts = []
    x = float(LABEL_W)
    for bar in BARS:
        for key, colour in bar:
            parts.append(
                element("rect", {"x": x, "y": 4, "width": 12, "height": 12, "fill": colour})
            )
            parts.append(element("text", {"x": x + 16, "y": 14, "class": "legend"}, text(key)))
            x += 22 + 8 * len(key)
    return element("g", {"class": "legend"}, *parts)


def sourcing_sides(profile: Mapping[str, Any]) -> list[tuple[str, int]]:
    """An outlet's ``sides`` as (side, count) pairs, largest first; anything that is
    not a mapping of counts gives nothing."""
    sides = profile.get("sides")
    if not isinstance(sides, Mapping):
        return []
    pairs = [(str(side), count(value)) for side, value in sides.items()]
    return sorted((p for p in pairs if p[1]), key=lambda p: (-p[1], p[0]))
