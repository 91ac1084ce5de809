"""The ledger's sides as the lookup the outlet comparison's sourcing profile takes:
every form a speaker is written in -> one short label of their side."""

from __future__ import annotations

from newsweave.reports.ledger import Ledger, Side


def side_label(side: Side) -> str:
    """ "UK government", "United States", "opposition", "State Department"...: the
    country and camp when the text gives them, else the organisation."""
    parts = [part for part in (side.country, side.camp) if part]
    return " ".join(parts) if parts else side.organisation or ""


def sides_by_form(ledger: Ledger) -> dict[str, str]:
    """Each speaker's name and every form it is written in, mapped to its side's label
    (speakers with no side are left out: sourcing counts them as unknown)."""
    lookup: dict[str, str] = {}
    for speaker in ledger.speakers:
        label = side_label(speaker.side)
        if not label:
            continue
        for form in (speaker.name, *speaker.forms):
            lookup.setdefault(form, label)
            lowered = form.lower()
            for article in ("the ", "a ", "an "):
                if lowered.startswith(article):
                    lookup.setdefault(form[len(article) :], label)
    return lookup
