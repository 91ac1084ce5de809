"""Index entries: one line per storyline or story, from its report.

An entry is ``{"kind", "id", "label", "start", "end", "outlets", "article_count",
"summary_line", "href", "filter_text", "children"}``; a storyline's entry lists its
stories' entries as ``children``. :func:`newest_first` orders them for the index.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any


def summary_line(report: Mapping[str, Any], limit: int = 240) -> str:
    """The first summary sentence, cut to ``limit`` characters."""
    sentences = (report.get("summary") or {}).get("sentences") or ()
    if not sentences:
        return ""
    line = " ".join(str(sentences[0]["text"]).split())
    return line if len(line) <= limit else line[: limit - 1].rstrip() + "…"


def index_entry(
    report: Mapping[str, Any], href: str, children: Sequence[Mapping[str, Any]] = ()
) -> dict[str, Any]:
    line = summary_line(report)
    outlets = [str(o) for o in report.get("outlets") or ()]
    words = [str(report.get("label") or ""), line, *outlets]
    words += [str(child["filter_text"]) for child in children]
    return {
        "kind": report.get("kind", "story"),
        "id": report["id"],
        "label": report.get("label") or report["id"],
        "start": report.get("start"),
        "end": report.get("end"),
        "outlets": outlets,
        "article_count": report.get("article_count", 0),
        "summary_line": line,
        "href": href,
        "filter_text": " ".join(words).lower(),
        "children": list(children),
    }


def newest_first(entries: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """Latest end date first (then latest start, then label); undated ones last."""
    dated = sorted(
        (e for e in entries if e.get("end") or e.get("start")),
        key=lambda e: (str(e.get("end") or e.get("start")), str(e.get("start") or ""), e["label"]),
        reverse=True,
    )
    return dated + sorted(
        (e for e in entries if not (e.get("end") or e.get("start"))), key=lambda e: e["label"]
    )
