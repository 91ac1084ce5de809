"""SVG building blocks: escaped elements, the outlet palette, short labels."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from markupsafe import Markup

# Okabe-Ito and Tableau hues, told apart by most colour-blind readers; more outlets
# than colours reuse them in order.
PALETTE = (
    "#0072b2",
    "#e69f00",
    "#009e73",
    "#cc79a7",
    "#56b4e9",
    "#d55e00",
    "#7f7f7f",
    "#bcbd22",
    "#8c564b",
    "#17becf",
)
NO_OUTLET = "#999999"


def outlet_colours(outlets: Iterable[str]) -> dict[str, str]:
    """One colour per outlet, by sorted name, so every chart of a page agrees."""
    return {name: PALETTE[i % len(PALETTE)] for i, name in enumerate(sorted(set(outlets)))}


def number(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".")


def escaped(value: str) -> str:
    """``value`` with ``& < > " '`` escaped, character for character as
    ``markupsafe.escape`` does it, without making a ``Markup`` of every attribute (a
    coverage matrix has hundreds of thousands)."""
    return (
        value.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace('"', "&#34;")
        .replace("'", "&#39;")
    )


def _attribute(value: object) -> str:
    return number(value) if isinstance(value, float) else escaped(str(value))


def element(name: str, attrs: Mapping[str, object], *children: str) -> str:
    """``<name attrs>children</name>``; attribute values are escaped, children must
    already be markup (use :func:`text` for data)."""
    head = name + "".join(
        f' {key}="{_attribute(value)}"' for key, value in attrs.items() if value is not None
    )
    if not children:
        return f"<{head}/>"
    return f"<{head}>{''.join(children)}</{name}>"


def text(value: object) -> str:
    """Data as SVG text content, escaped."""
    return escaped(str(value))


def svg(width: float, height: float, label: str, css_class: str, *children: str) -> Markup:
    """A standalone ``<svg>`` with an accessible name."""
    body = element("title", {}, text(label)) + "".join(children)
    return Markup(
        element(
            "svg",
            {
                "xmlns": "http://www.w3.org/2000/svg",
                "class": f"chart {css_class}",
                "viewBox": f"0 0 {number(width)} {number(height)}",
                "width": width,
                "height": height,
                "role": "img",
            },
            body,
        )
    )


def swatch_svg(colour: str, size: int = 12) -> Markup:
    """A small filled square, for legends next to text."""
    return Markup(
        element(
            "svg",
            {"class": "swatch", "width": size, "height": size, "aria-hidden": "true"},
            element("rect", {"width": size, "height": size, "rx": 2, "fill": colour}),
        )
    )


def shorten(value: str, limit: int) -> str:
    value = " ".join(value.split())
    return value if len(value) <= limit else value[: limit - 1].rstrip() + "…"


def count(value: object) -> int:
    """A count from section JSON; anything that is not a non-negative number is 0."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return 0
    return max(0, int(value))
