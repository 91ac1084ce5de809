"""Timelines as the report JSON and as Markdown."""

from __future__ import annotations

from typing import Any

from newsweave.reports.timeline.records import Timeline


def timeline_json(timeline: Timeline) -> dict[str, Any]:
    """``{"id", "label", "entries": [{"date", "sentences": [{"text", "article_id",
    "start", "end", "outlets", "articles": [{"article_id", "outlet", "start", "end"}]}]}],
    "undated": [article ids]}``; ``articles`` lists every article carrying the sentence
    (or a near-identical version of it), the one quoted first."""
    return {
        "id": timeline.id,
        "label": timeline.label,
        "entries": [
            {
                "date": entry.day.isoformat(),
                "sentences": [
                    {
                        "text": s.text,
                        "article_id": s.article_id,
                        "start": s.start,
                        "end": s.end,
                        "outlets": list(s.outlets),
                        "articles": [
                            {
                                "article_id": c.article_id,
                                "outlet": c.outlet,
                                "start": c.start,
                                "end": c.end,
                            }
                            for c in s.carriers
                        ],
                    }
                    for s in entry.sentences
                ],
            }
            for entry in timeline.entries
        ],
        "undated": list(timeline.undated),
    }


def timeline_markdown(timeline: Timeline) -> str:
    """The label as a heading, a section per date, a bullet per sentence with its
    outlets and the article it is quoted from."""
    lines = [f"# {timeline.label or timeline.id}", ""]
    for entry in timeline.entries:
        lines += [f"## {entry.day.strftime('%A')} {entry.day.day} {entry.day:%B %Y}", ""]
        for s in entry.sentences:
            more = len(s.carriers) - 1
            also = f"; also in {more} more" if more else ""
            lines.append(
                f"- {s.text} *({', '.join(s.outlets)}; {s.article_id[:10]}"
                f" {s.start}–{s.end}{also})*"
            )
        lines.append("")
    if not timeline.entries:
        lines += ["No dated event found.", ""]
    if timeline.undated:
        lines.append(
            "Undated articles (no publication date): "
            + ", ".join(article_id[:10] for article_id in timeline.undated)
        )
    return "\n".join(lines).rstrip() + "\n"
