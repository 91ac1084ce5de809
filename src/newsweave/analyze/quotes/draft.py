"""An attribution in the making (Draft) and the content spans it can take: a quoted
region, a reported clause, and the second half of a quote split by its attribution."""

from __future__ import annotations

from dataclasses import dataclass, field

from newsweave.analyze.quotes.spans import Context
from newsweave.records import QuoteKind

SPLIT_ATTRIBUTION_TOKENS = 16  # at most this much attribution between two quote parts


@dataclass(slots=True)
class Draft:
    """An attribution before speaker resolution; spans are token ranges, content is chars."""

    pieces: list[tuple[int, int]]
    kind: QuoteKind
    speaker: tuple[int, int] | None
    cue: tuple[int, int] | None
    regions: set[int] = field(default_factory=set)
    inherited_from: Draft | None = None  # a continuation takes its speaker from here

    @property
    def start(self) -> int:
        return self.pieces[0][0]

    @property
    def end(self) -> int:
        return self.pieces[-1][1]


def attach_split_continuation(ctx: Context, draft: Draft, after: int, sentence: int) -> None:
    """'"We would like X," he said. "It is clear Y."': the second part is the same quote,
    when the first part broke off at a comma and the second ends its sentence."""
    doc, text = ctx.doc, ctx.text
    last_piece = draft.pieces[-1]
    closes_mid_sentence = text[last_piece[1] - 1 : last_piece[1] + 2].strip()[:1] in (",", "—")
    if not closes_mid_sentence:
        return
    sentence_end = ctx.sentences[sentence][1]
    region = None
    for k in range(after, min(sentence_end, after + SPLIT_ATTRIBUTION_TOKENS)):
        # '"A," Jane Roe said at the rally in Kettleby, "B."': the next quote in the
        # attribution's sentence, after a comma or colon.
        region = ctx.region_at(doc[k].idx)
        if region is not None:
            if k == after or doc[k - 1].text not in (",", ":", "—"):
                region = None
            break
    if region is None and sentence + 1 < len(ctx.sentences) and doc[sentence_end - 1].text == ".":
        # "..., he said, speaking of the plan. "B."": the next sentence, same paragraph.
        k = ctx.sentences[sentence + 1][0]
        if "\n" not in text[doc[after - 1].idx : doc[k].idx]:
            region = ctx.region_at(doc[k].idx)
    if region is None or region in draft.regions:
        return
    if not ends_sentence(ctx, ctx.regions[region].end):
        return
    draft.pieces.extend(ctx.regions[region].pieces)
    draft.regions.add(region)


def ends_sentence(ctx: Context, char: int) -> bool:
    rest = ctx.text[char : char + 3].lstrip(" .!?,")
    return not rest or rest[0] in "\n" or rest[0].isupper() or rest[0] in '"“'


def region_draft(
    ctx: Context, region: int, speaker: tuple[int, int] | None, cue: tuple[int, int]
) -> Draft:
    pieces = list(ctx.regions[region].pieces)
    return Draft(pieces=pieces, kind="direct", speaker=speaker, cue=cue, regions={region})


def clause_draft(
    ctx: Context, begin: int, end: int, speaker: tuple[int, int] | None, cue: tuple[int, int]
) -> Draft | None:
    if end <= begin:
        return None
    inside = set(ctx.regions_overlapping(begin, end))
    for i in inside:  # a quote that starts in the clause and runs on past the sentence
        end = max(end, ctx.regions[i].inner_end) if ctx.regions[i].start >= begin else end
    kind: QuoteKind = "mixed" if inside else "indirect"
    return Draft(pieces=[(begin, end)], kind=kind, speaker=speaker, cue=cue, regions=inside)
