"""Summaries as JSON-ready dicts and as Markdown."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # importing it would load the summariser's scipy into every page renderer
    from newsweave.reports.summary import StorySummary


def summary_json(summary: StorySummary) -> dict[str, Any]:
    """``{"id", "label", "sentences": [{"text", "article_id", "outlet", "start", "end",
    "also_in"}], "left_out": [{"article_id", "outlet", "reason"}]}``."""
    return {
        "id": summary.id,
        "label": summary.label,
        "sentences": [
            {
                "text": s.text,
                "article_id": s.article_id,
                "outlet": s.outlet,
                "start": s.start,
                "end": s.end,
                "also_in": list(s.also_in),
            }
            for s in summary.sentences
        ],
        "left_out": [
            {"article_id": a.article_id, "outlet": a.outlet, "reason": a.reason}
            for a in summary.left_out
        ],
    }


def summary_markdown(summary: StorySummary) -> str:
    """The label as a heading, then one paragraph per sentence with its source."""
    lines = [f"# {summary.label}", ""]
    for sentence in summary.sentences:
        also = f"; also in {len(sentence.also_in)} more" if sentence.also_in else ""
        lines.append(
            f"{sentence.text} *({sentence.outlet}, {sentence.article_id[:10]}"
            f" {sentence.start}–{sentence.end}{also})*"
        )
        lines.append("")
    if not summary.sentences:
        lines += ["No sentence to summarise.", ""]
    reasons = {"language": "in another language", "no-sentences": "no usable sentence"}
    for left in summary.left_out:
        lines.append(
            f"- left out: {left.outlet or 'unknown outlet'} {left.article_id[:10]}"
            f" ({reasons[left.reason]})"
        )
    return "\n".join(lines).rstrip() + "\n"
