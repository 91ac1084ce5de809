"""The coverage matrix: facts down the side, outlets across the top, a filled cell
where an outlet reports the fact; then one row per conflict, its sides marked ``≠``
in the outlets that take them (the side's wording on hover)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from markupsafe import Markup

from newsweave.reports.render.charts.svg import NO_OUTLET, element, shorten, svg, text

LABEL_W = 330
CELL = 22
HEADER_H = 130
LABEL_CHARS = 52
CONFLICT_COLOUR = "#c0392b"


def coverage_svg(compare: Mapping[str, Any], colours: Mapping[str, str]) -> Markup | None:
    """The matrix of a ``compare`` section, or None when it has no fact or conflict."""
    outlets = [str(o) for o in compare.get("outlets") or ()]
    facts = list(compare.get("facts") or ())
    conflicts = list(compare.get("conflicts") or ())
    if not outlets or not (facts or conflicts):
        return None
    only_one = {i for i in compare.get("only_one_outlet") or () if isinstance(i, int)}
    width = LABEL_W + CELL * len(outlets) + HEADER_H  # room for the slanted names
    height = HEADER_H + CELL * (len(facts) + len(conflicts)) + 8
    parts = [_header(outlets)]
    for row, fact in enumerate(facts):
        parts.append(_fact_row(row, fact, outlets, colours, row in only_one))
    for offset, conflict in enumerate(conflicts):
        parts.append(_conflict_row(len(facts) + offset, conflict, outlets))
    label = (
        f"Coverage: {len(facts)} facts and {len(conflicts)} conflicts across {len(outlets)} outlets"
    )
    return svg(width, height, label, "coverage-chart", *parts)


def _header(outlets: list[str]) -> str:
    parts = []
    for col, outlet in enumerate(outlets):
        x = LABEL_W + col * CELL + CELL / 2
        parts.append(
            element(
                "text",
                {
                    "x": x,
                    "y": HEADER_H - 6,
                    "class": "outlet-label",
                    "transform": f"rotate(-55 {x:.1f} {HEADER_H - 6})",
                },
                element("title", {}, text(outlet)),
                text(shorten(outlet, 22)),
            )
        )
    return element("g", {"class": "header"}, *parts)


def _row_label(row: int, label: str, full: str, css_class: str) -> str:
    y = HEADER_H + row * CELL + CELL * 0.68
    return element(
        "text",
        {"x": LABEL_W - 8, "y": y, "class": css_class, "text-anchor": "end"},
        element("title", {}, text(full)),
        text(shorten(label, LABEL_CHARS)),
    )


def _cell(row: int, col: int, fill: str, css_class: str, hover: str, mark: str = "") -> str:
    x, y = LABEL_W + col * CELL + 2, HEADER_H + row * CELL + 2
    size = CELL - 4
    shapes = [
        element(
            "rect",
            {
                "x": x,
                "y": y,
                "width": size,
                "height": size,
                "rx": 3,
                "fill": fill,
                "class": css_class,
            },
        )
    ]
    if mark:
        shapes.append(
            element(
                "text",
                {
                    "x": x + size / 2,
                    "y": y + size * 0.75,
                    "class": "cell-mark",
                    "text-anchor": "middle",
                },
                text(mark),
            )
        )
    return element("g", {}, element("title", {}, text(hover)), *shapes)


def _fact_row(
    row: int, fact: Mapping[str, Any], outlets: list[str], colours: Mapping[str, str], only: bool
) -> str:
    fact_text = str(fact.get("text", ""))
    reported = fact.get("outlets") or {}
    parts = [_row_label(row, ("① " if only else "") + fact_text, fact_text, "fact-label")]
    for col, outlet in enumerate(outlets):
        if reported.get(outlet):
            hover = f"{outlet} reports: {shorten(fact_text, 300)}"
            parts.append(_cell(row, col, colours.get(outlet, NO_OUTLET), "filled", hover))
        else:
            parts.append(_cell(row, col, "none", "empty", f"{outlet} does not report this"))
    return element("g", {"class": "fact-row only-one" if only else "fact-row"}, *parts)


def _conflict_row(row: int, conflict: Mapping[str, Any], outlets: list[str]) -> str:
    about = str(conflict.get("about") or conflict.get("kind") or "conflict")
    sides: dict[str, list[str]] = {}
    for side in conflict.get("sides") or ():
        sides.setdefault(str(side.get("outlet")), []).append(str(side.get("text", "")))
    parts = [
        _row_label(
            row, f"≠ {about}", f"Conflict ({conflict.get('kind', '')}): {about}", "conflict-label"
        )
    ]
    for col, outlet in enumerate(outlets):
        said = sides.get(outlet)
        if said:
            hover = f"{outlet}: " + " / ".join(shorten(s, 200) for s in said)
            parts.append(_cell(row, col, CONFLICT_COLOUR, "conflict", hover, "≠"))
    return element("g", {"class": "conflict-row"}, *parts)
