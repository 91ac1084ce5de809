"""The SVG charts, drawn from section JSON in the contract's shapes."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from typing import Any

import markupsafe

from newsweave.reports.render.charts import (
    coverage_svg,
    outlet_colours,
    sourcing_sides,
    sourcing_svg,
    timeline_svg,
)
from newsweave.reports.render.charts.svg import escaped
from newsweave.reports.render.charts.timeline import entry_date, timeline_marks
from tests.reports.conftest import COURIER, HERALD, WIRE

SVG = "{http://www.w3.org/2000/svg}"


def parse(markup: object) -> ET.Element:
    """The chart as XML: it must be well-formed whatever the data held."""
    return ET.fromstring(str(markup))


def colours() -> dict[str, str]:
    return outlet_colours([HERALD, COURIER, WIRE])


def test_outlet_colours_are_stable_and_distinct() -> None:
    first = outlet_colours([WIRE, HERALD, COURIER])
    assert first == outlet_colours([COURIER, WIRE, HERALD, HERALD])
    assert len(set(first.values())) == 3


def test_timeline_marks_grow_with_outlets_and_take_their_colours(sections: dict[str, Any]) -> None:
    svg = parse(timeline_svg(sections["timeline"], colours()))
    marks = svg.findall(f".//{SVG}g[@class='mark']")
    assert len(marks) == 3
    by_number = {m.find(f"{SVG}text").text: m for m in marks}  # type: ignore[union-attr]
    three = by_number["1"]  # reported by three outlets: three slices
    assert [p.get("fill") for p in three.findall(f"{SVG}path")] == [
        colours()[HERALD],
        colours()[COURIER],
        colours()[WIRE],
    ]
    single = by_number["2"].find(f"{SVG}circle")
    assert single is not None and single.get("fill") == colours()[COURIER]
    radii = {m.number: m.radius for m in timeline_marks(sections["timeline"])}
    assert radii[1] > radii[3] > radii[2]
    hover = three.find(f"{SVG}title")
    assert hover is not None and "Flood barriers on the Marren" in (hover.text or "")


def test_timeline_axis_covers_the_dates(sections: dict[str, Any]) -> None:
    svg = parse(timeline_svg(sections["timeline"], colours()))
    ticks = [t.text for t in svg.findall(f".//{SVG}text[@class='tick']")]
    assert ticks and all(re.fullmatch(r"\d{1,2} [A-Z][a-z]{2}", t or "") for t in ticks)


def test_timeline_without_dates_draws_nothing() -> None:
    assert timeline_svg({"entries": [], "undated": ["a1"]}, {}) is None
    assert timeline_svg({"entries": [{"date": "soon", "sentences": []}]}, {}) is None


def test_entry_dates_of_each_granularity() -> None:
    assert str(entry_date("2025-03-12")) == "2025-03-12"
    assert str(entry_date("2025-03-12T10:00:00+01:00")) == "2025-03-12"
    assert str(entry_date("2025-03")) == "2025-03-01"
    assert str(entry_date("2025")) == "2025-01-01"
    assert entry_date("2025-13-40") is None and entry_date(None) is None


def test_timeline_over_years_labels_years() -> None:
    entries = [
        {"date": f"{year}-06-01", "sentences": [{"text": "x", "outlets": [HERALD]}]}
        for year in (2001, 2010, 2020)
    ]
    svg = parse(timeline_svg({"entries": entries}, colours()))
    ticks = [t.text for t in svg.findall(f".//{SVG}text[@class='tick']")]
    assert ticks and all(re.fullmatch(r"\d{4}", t or "") for t in ticks)


def test_coverage_matrix_fills_reported_cells_and_marks_conflicts(sections: dict[str, Any]) -> None:
    svg = parse(coverage_svg(sections["compare"], colours()))
    rows = svg.findall(f".//{SVG}g[@class]")
    facts = [r for r in rows if (r.get("class") or "").startswith("fact-row")]
    assert len(facts) == 2
    filled = [len(r.findall(f".//{SVG}rect[@class='filled']")) for r in facts]
    assert filled == [2, 1]
    assert facts[1].get("class") == "fact-row only-one"  # only_one_outlet: [1]
    conflict = next(r for r in rows if r.get("class") == "conflict-row")
    marked = conflict.findall(f".//{SVG}rect[@class='conflict']")
    assert len(marked) == 2  # the Herald's 1,200 and the Courier's 2,000
    hovers = " ".join(t.text or "" for t in conflict.iter(f"{SVG}title"))
    assert "1,200 residents" in hovers and "2,000 people" in hovers


def test_coverage_matrix_of_nothing_is_none() -> None:
    assert coverage_svg({"outlets": [HERALD], "facts": [], "conflicts": []}, {}) is None


def test_sourcing_bars_scale_together(sections: dict[str, Any]) -> None:
    svg = parse(sourcing_svg(sections["compare"]["sourcing"]))
    widths = {
        (r.find(f"{SVG}title").text or ""): float(r.get("width") or 0)  # type: ignore[union-attr]
        for r in svg.iter(f"{SVG}rect")
        if r.find(f"{SVG}title") is not None
    }
    assert widths[f"{HERALD}: 4 named"] == 4 * widths[f"{WIRE}: 1 named"]
    assert f"{WIRE}: 0 anonymous" not in widths  # an empty part is not drawn
    assert sourcing_sides(sections["compare"]["sourcing"][HERALD]) == [
        ("county", 3),
        ("residents", 1),
    ]
    assert sourcing_sides({"sides": ["not", "counts"]}) == []
    assert sourcing_svg({}) is None


def test_hostile_text_stays_text_in_every_chart(sections: dict[str, Any]) -> None:
    evil = '"><script>alert(1)</script><img src=x onerror=alert(2)>'
    sections["timeline"]["entries"][0]["sentences"][0]["text"] = evil
    sections["timeline"]["entries"][0]["sentences"][0]["outlets"] = [evil]
    sections["compare"]["outlets"].append(evil)
    sections["compare"]["facts"][0]["text"] = evil
    sections["compare"]["sourcing"][evil] = {"named": "<b>", "anonymous": 2}
    drawn = [
        timeline_svg(sections["timeline"], outlet_colours([evil])),
        coverage_svg(sections["compare"], colours()),
        sourcing_svg(sections["compare"]["sourcing"]),
    ]
    for chart in drawn:
        markup = str(chart)
        parse(markup)
        assert "<script" not in markup and "<img" not in markup
        assert "&lt;script&gt;" in markup


def test_chart_escaping_matches_the_template_engine() -> None:
    # Charts escape without markupsafe's Markup objects (for speed); the characters
    # they produce must stay those the templates produce for the same text.
    for value in ["", "plain", "a & b", '<b>"it\'s"</b>', "&amp; already", "é ≠ ü\n\t"]:
        assert escaped(value) == str(markupsafe.escape(value))
