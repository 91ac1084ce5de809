"""Outlet comparisons as the report JSON contract and as Markdown."""

from __future__ import annotations

from typing import Any

from newsweave.reports.compare.comparison import Comparison, Fact
from newsweave.reports.compare.conflicts import Conflict

# Markdown lists at most this many of one outlet's own facts (the JSON has them all).
OWN_FACTS_SHOWN = 8


def comparison_json(comparison: Comparison) -> dict[str, Any]:
    """``{"id", "outlets", "facts": [{"text", "outlets": {outlet: [{"article_id",
    "start", "end"}]}}], "only_one_outlet": [fact indexes], "conflicts": [{"kind",
    "about", "sides": [{"text", "outlet", "article_id", "source", "start", "end"}]}],
    "sourcing": {outlet: {"named", "anonymous", "direct", "reported", "sides"}}}``."""
    return {
        "id": comparison.id,
        "outlets": list(comparison.outlets),
        "facts": [
            {
                "text": fact.text,
                "outlets": {
                    outlet: [
                        {"article_id": p.article_id, "start": p.start, "end": p.end} for p in places
                    ]
                    for outlet, places in fact.outlets.items()
                },
            }
            for fact in comparison.facts
        ],
        "only_one_outlet": list(comparison.only_one_outlet),
        "conflicts": [
            {
                "kind": conflict.kind,
                "about": conflict.about,
                "sides": [
                    {
                        "text": side.text,
                        "outlet": side.outlet,
                        "article_id": side.article_id,
                        "source": side.source,
                        "start": side.start,
                        "end": side.end,
                    }
                    for side in conflict.sides
                ],
            }
            for conflict in comparison.conflicts
        ],
        "sourcing": {
            outlet: {
                "named": profile.named,
                "anonymous": profile.anonymous,
                "direct": profile.direct,
                "reported": profile.reported,
                "sides": dict(profile.sides),
            }
            for outlet, profile in comparison.sourcing.items()
        },
    }


def comparison_markdown(comparison: Comparison) -> str:
    """The label, then: where accounts conflict, what several outlets report (a fact ×
    outlet table), what only one outlet reports, and each outlet's sourcing."""
    lines = [f"# {comparison.label}", "", "Outlets: " + ", ".join(comparison.outlets), ""]
    lines += _conflicts(comparison.conflicts)
    lines += _shared(comparison)
    lines += _own(comparison)
    lines += _sourcing(comparison)
    return "\n".join(lines).rstrip("\n") + "\n"


def _conflicts(conflicts: tuple[Conflict, ...]) -> list[str]:
    lines = ["## Where the accounts conflict", ""]
    if not conflicts:
        return [*lines, "No conflicting accounts found.", ""]
    for conflict in conflicts:
        lines.append(f"### {conflict.kind}: {conflict.about}")
        lines.append("")
        for side in conflict.sides:
            source = f"source: {side.source}" if side.source else "no source given"
            lines.append(
                f"- {side.text} *({side.outlet}; {source}; {side.article_id[:10]}"
                f" {side.start}–{side.end})*"
            )
        lines.append("")
    return lines


def _shared(comparison: Comparison) -> list[str]:
    shared = [(k, f) for k, f in enumerate(comparison.facts) if len(f.outlets) >= 2]
    lines = ["## Reported by several outlets", ""]
    if not shared:
        return [*lines, "No fact is reported by two outlets or more.", ""]
    every = set(comparison.every_outlet)
    lines.append(f"{len(every)} of {len(shared)} reported by every outlet.")
    lines.append("")
    lines.append("| fact | " + " | ".join(_cell(o) for o in comparison.outlets) + " |")
    lines.append("|---" * (len(comparison.outlets) + 1) + "|")
    for _, fact in shared:
        marks = ["✓" if outlet in fact.outlets else "" for outlet in comparison.outlets]
        lines.append(f"| {_cell(fact.text)} | " + " | ".join(marks) + " |")
    return [*lines, ""]


def _own(comparison: Comparison) -> list[str]:
    lines = ["## Reported by one outlet only", ""]
    by_outlet: dict[str, list[Fact]] = {}
    for k in comparison.only_one_outlet:
        fact = comparison.facts[k]
        by_outlet.setdefault(next(iter(fact.outlets)), []).append(fact)
    if not by_outlet:
        return [*lines, "Nothing.", ""]
    for outlet in comparison.outlets:
        facts = by_outlet.get(outlet, [])
        if not facts:
            continue
        lines.append(f"**{outlet}** ({len(facts)})")
        lines.append("")
        for fact in facts[:OWN_FACTS_SHOWN]:
            place = next(iter(fact.outlets.values()))[0]
            lines.append(f"- {fact.text} *({place.article_id[:10]} {place.start}–{place.end})*")
        if len(facts) > OWN_FACTS_SHOWN:
            lines.append(f"- … and {len(facts) - OWN_FACTS_SHOWN} more")
        lines.append("")
    return lines


def _sourcing(comparison: Comparison) -> list[str]:
    lines = [
        "## Sourcing",
        "",
        "| outlet | named sources | anonymous sources | direct quotes | reported speech"
        " | sources by side |",
        "|---|---|---|---|---|---|",
    ]
    for outlet, p in comparison.sourcing.items():
        sides = ", ".join(f"{side} {n}" for side, n in p.sides.items())
        lines.append(
            f"| {_cell(outlet)} | {p.named} | {p.anonymous} | {p.direct} | {p.reported}"
            f" | {_cell(sides)} |"
        )
    return [*lines, ""]


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")
