"""Reports as JSON-ready dicts, Markdown and HTML.

``summary`` turns a summary into JSON or Markdown; ``markdown`` and ``html`` render a
whole report (the JSON of :mod:`newsweave.reports.report`); ``charts`` draws its
sections as inline SVG. Templates and assets live in ``templates/`` and ``assets/``
beside these modules, shared by the static digest and the web app.
"""

from newsweave.reports.render.summary import summary_json, summary_markdown

__all__ = ["summary_json", "summary_markdown"]
