"""Charts drawn as inline SVG from a report's section JSON (no library, no network).

Each function takes the section as the report holds it and returns markup safe to
put in a page: every text and attribute from the data is escaped here.
"""

from newsweave.reports.render.charts.matrix import coverage_svg
from newsweave.reports.render.charts.sourcing import sourcing_sides, sourcing_svg
from newsweave.reports.render.charts.svg import outlet_colours, swatch_svg
from newsweave.reports.render.charts.timeline import timeline_svg

__all__ = [
    "coverage_svg",
    "outlet_colours",
    "sourcing_sides",
    "sourcing_svg",
    "swatch_svg",
    "timeline_svg",
]
