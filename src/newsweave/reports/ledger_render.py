"""Quote ledgers as JSON-ready dicts (the ``quotes`` report section) and as Markdown."""

from __future__ import annotations

from typing import Any

from newsweave.reports.ledger import Carrier, Ledger, LedgerSpeaker, Side, Statement


def ledger_json(ledger: Ledger) -> dict[str, Any]:
    """``{"id", "label", "speakers": [{"name", "role", "side", "anonymous", "forms",
    "outlets", "statements": [{"text", "kind", "cue", "articles": [{"article_id",
    "outlet", "published", "start", "end"}]}]}], "anonymous_by_outlet",
    "unattributed"}``: named speakers first, most quoted first, then anonymous ones."""
    return {
        "id": ledger.id,
        "label": ledger.label,
        "speakers": [_speaker(s) for s in ledger.speakers],
        "anonymous_by_outlet": ledger.anonymous_by_outlet,
        "unattributed": ledger.unattributed,
    }


def _speaker(speaker: LedgerSpeaker) -> dict[str, Any]:
    return {
        "name": speaker.name,
        "role": speaker.role,
        "side": _side(speaker.side),
        "anonymous": speaker.anonymous,
        "forms": list(speaker.forms),
        "outlets": speaker.by_outlet,
        "statements": [_statement(s) for s in speaker.statements],
    }


def _side(side: Side) -> dict[str, str] | None:
    if not side:
        return None
    fields = {"country": side.country, "camp": side.camp, "organisation": side.organisation}
    return {k: v for k, v in fields.items() if v}


def _statement(statement: Statement) -> dict[str, Any]:
    return {
        "text": statement.text,
        "kind": statement.kind,
        "cue": statement.cue,
        "articles": [_carrier(c) for c in statement.carriers],
    }


def _carrier(carrier: Carrier) -> dict[str, Any]:
    return {
        "article_id": carrier.article_id,
        "outlet": carrier.outlet,
        "published": carrier.published.isoformat() if carrier.published else None,
        "start": carrier.start,
        "end": carrier.end,
    }


def ledger_markdown(ledger: Ledger) -> str:
    """The label as a heading; a section per speaker with role, side and statements."""
    lines = [f"# Who said what: {ledger.label}", ""]
    named = [s for s in ledger.speakers if not s.anonymous]
    anonymous = [s for s in ledger.speakers if s.anonymous]
    if not ledger.speakers:
        lines += ["No attributed quote.", ""]
    for title, speakers in (("Named sources", named), ("Anonymous sources", anonymous)):
        if speakers:
            lines += [f"## {title}", ""]
        for speaker in speakers:
            lines += _speaker_markdown(speaker)
    if anonymous:
        counts = ", ".join(
            f"{outlet} {c['sources']} ({c['statements']} statements)"
            for outlet, c in ledger.anonymous_by_outlet.items()
        )
        lines += [f"Anonymous sources per outlet: {counts}.", ""]
    if ledger.unattributed:
        lines += [f"Quotes with no speaker: {ledger.unattributed}.", ""]
    return "\n".join(lines).rstrip() + "\n"


def _speaker_markdown(speaker: LedgerSpeaker) -> list[str]:
    about = [speaker.role] if speaker.role else []
    side = _side(speaker.side)
    if side:
        about.append(" · ".join(side.values()))
    heading = f"### {speaker.name}" + (f" — {'; '.join(about)}" if about else "")
    forms = ", ".join(f"“{f}”" for f in speaker.forms)
    lines = [heading, "", f"*As written: {forms}*", ""]
    for statement in speaker.statements:
        where = "; ".join(
            f"{c.outlet}{' ' + c.published.date().isoformat() if c.published else ''}"
            f" {c.article_id[:10]} {c.start}–{c.end}"
            for c in statement.carriers
        )
        cue = f", {statement.cue}" if statement.cue else ""
        text = statement.text.replace("\n\n", " ¶ ")  # one list item per statement
        lines.append(f"- ({statement.kind}{cue}) {text} *({where})*")
    return [*lines, ""]
