"""The coverage matrix: facts down the side, outlets across the top, a filled cell
where an outlet reports the fact; then one row per conflict, its sides marked ``≠``
in the outlets that take them (the side's wording on hover)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from markupsafe import Markup

from newsweave.reports.render.charts.svg import (
    NO_OUTLET,
    element,
    escaped,
    number,
    shorten,
    svg,
    text,
)

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
    columns = _Columns.of(outlets, colours)
    for row, fact in enumerate(facts):
        parts.append(_fact_row(row, fact, columns, row in only_one))
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
    # Written out rather than through element(): one per fact, with the same markup.
    y = number(HEADER_H + row * CELL + CELL * 0.68)
    return (
        f'<text x="{LABEL_W - 8}" y="{y}" class="{escaped(css_class)}" text-anchor="end">'
        f"<title>{text(full)}</title>{text(shorten(label, LABEL_CHARS))}</text>"
    )


def _cell(row: int, col: int, fill: str, css_class: str, title: str, mark: str = "") -> str:
    """One cell; ``fill``, ``css_class`` and ``title`` are already escaped. Written out
    rather than through :func:`element`: a matrix has one per fact and outlet,
    hundreds of thousands in a digest (the markup is the same; the constants are whole
    numbers)."""
    x, y = LABEL_W + col * CELL + 2, HEADER_H + row * CELL + 2
    size = CELL - 4
    shapes = (
        f'<rect x="{x}" y="{y}" width="{size}" height="{size}" rx="3"'
        f' fill="{fill}" class="{css_class}"/>'
    )
    if mark:
        shapes += element(
            "text",
            {
                "x": x + size / 2,
                "y": y + size * 0.75,
                "class": "cell-mark",
                "text-anchor": "middle",
            },
            text(mark),
        )
    return f"<g><title>{title}</title>{shapes}</g>"


@dataclass(frozen=True, slots=True)
class _Columns:
    """Each outlet's escaped fill and hover texts, made once per matrix rather than
    once per cell."""

    outlets: list[str]
    fills: list[str]
    reports: list[str]  # "OUTLET reports: " (the fact follows)
    silent: list[str]  # "OUTLET does not report this"

    @classmethod
    def of(cls, outlets: list[str], colours: Mapping[str, str]) -> _Columns:
        return cls(
            outlets,
            [escaped(colours.get(outlet, NO_OUTLET)) for outlet in outlets],
            [text(f"{outlet} reports: ") for outlet in outlets],
            [text(f"{outlet} does not report this") for outlet in outlets],
        )


def _fact_row(row: int, fact: Mapping[str, Any], columns: _Columns, only: bool) -> str:
    fact_text = str(fact.get("text", ""))
    reported = fact.get("outlets") or {}
    shown = text(shorten(fact_text, 300))  # the same in every outlet's hover
    parts = [_row_label(row, ("① " if only else "") + fact_text, fact_text, "fact-label")]
    for col, outlet in enumerate(columns.outlets):
        if reported.get(outlet):
            hover = columns.reports[col] + shown
            parts.append(_cell(row, col, columns.fills[col], "filled", hover))
        else:
            parts.append(_cell(row, col, "none", "empty", columns.silent[col]))
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
            hover = text(f"{outlet}: " + " / ".join(shorten(s, 200) for s in said))
            parts.append(_cell(row, col, escaped(CONFLICT_COLOUR), "conflict", hover, "≠"))
    return element("g", {"class": "conflict-row"}, *parts)
