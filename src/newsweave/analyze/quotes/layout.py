"""Attributions that page layout carries rather than a cue word: transcript turns
and headlines ("PENCE: ...", "Jane Roe: ...") and quotes signed with a dash."""

from __future__ import annotations

from newsweave.analyze.quotes.draft import Draft
from newsweave.analyze.quotes.marks import ALL_MARKS
from newsweave.analyze.quotes.spans import Context
from newsweave.analyze.quotes.text import token_index_at
from newsweave.records import QuoteKind


def find_turns(ctx: Context) -> list[Draft]:
    """'PENCE: Well, look ...' and 'Jane Roe: headline words': a name and a colon
    opening a paragraph attribute the rest of the paragraph to that name."""
    doc = ctx.doc
    # The words of PERSON mentions (the tokens whose ent_type_ is PERSON), read from
    # the mentions rather than from every token.
    surnames = {t.text.lower() for e in doc.ents if e.label_ == "PERSON" for t in e}
    drafts: list[Draft] = []
    previous_end = -1
    for start, end in ctx.sentences:
        first = start
        at_paragraph_start = (
            first == 0
            or "\n" in doc[first - 1].text
            or (previous_end >= 0 and "\n" in ctx.text[previous_end : doc[first].idx])
        )
        previous_end = doc[end - 1].idx + len(doc[end - 1].text)
        if not at_paragraph_start:
            continue
        if doc[first].text in ALL_MARKS:
            first += 1
        colon = next((k for k in range(first, min(end, first + 5)) if doc[k].text == ":"), None)
        if colon is None or colon == first or colon + 1 >= end:
            continue
        name = doc[first:colon]
        capitals = all(t.is_upper and len(t.text) > 2 for t in name if t.is_alpha)
        known = all(t.ent_type_ in ("PERSON", "ORG") for t in name) or (
            capitals and any(t.lower_ in surnames for t in name)
        )
        if not known:
            continue
        paragraph_end = ctx.paragraph_end(doc[colon].idx)
        begin = doc[colon + 1].idx
        kind: QuoteKind = "direct" if capitals or first > start else "indirect"
        inside = set(ctx.regions_overlapping(begin, paragraph_end))
        drafts.append(
            Draft([(begin, paragraph_end)], kind, (first, colon), (colon, colon + 1), inside)
        )
    return drafts


def find_dash_attributions(ctx: Context) -> list[Draft]:
    """'"We will rebuild." — Jane Roe, the mayor': a quote signed with a dash and a name."""
    doc = ctx.doc
    drafts: list[Draft] = []
    for index, region in enumerate(ctx.regions):
        k = token_index_at(doc, region.end)
        if k + 1 >= len(doc) or doc[k].text not in ("—", "–", "-", "--", "―"):
            continue
        name = k + 1
        if doc[name].ent_iob_ != "B" or doc[name].ent_type_ != "PERSON":
            continue
        end = name + 1
        while end < len(doc) and doc[end].ent_iob_ == "I":
            end += 1
        speaker = (name, end)
        drafts.append(Draft(list(region.pieces), "direct", speaker, (k, k + 1), {index}))
    return drafts
