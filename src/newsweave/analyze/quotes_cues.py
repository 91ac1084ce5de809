"""Attributions anchored on a cue word: who said it (left, right or apposed), and what
(the quoted region it introduces or closes, or the reported clause around it)."""

from __future__ import annotations

from dataclasses import dataclass, field

from newsweave.analyze.quotes_marks import ALL_MARKS
from newsweave.analyze.quotes_spans import (
    SEPARATOR_CHARS,
    Context,
    left_speaker,
    right_speaker,
    skip_object,
)
from newsweave.analyze.quotes_text import token_index_at
from newsweave.records import QuoteKind

# Forms that are as often nouns ("the claims", "his warning"): not a cue after these.
DETERMINERS = frozenset(
    {
        "the",
        "a",
        "an",
        "his",
        "her",
        "their",
        "its",
        "our",
        "my",
        "your",
        "these",
        "those",
        "this",
        "'s",
        "’s",
        "new",
        "such",
        "any",
        "no",
    }
)
SPEAKER_ENTITIES = frozenset({"PERSON", "ORG", "GPE", "NORP"})
SPLIT_ATTRIBUTION_TOKENS = 16  # at most this much attribution between two quote parts
THAT_WINDOW = 7  # "said on Friday that ...": how far ahead the content may start
HEARER_CUES = frozenset({"tell", "ask", "warn", "urge", "assure", "remind", "inform"})
TIME_OPENERS = frozenset(
    {
        "in",
        "on",
        "at",
        "during",
        "after",
        "last",
        "this",
        "yesterday",
        "today",
        "earlier",
        "later",
        "tonight",
        "recently",
        "afterwards",
        "again",
        "too",
        "privately",
        "publicly",
    }
)


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


def match_cue(ctx: Context, i: int, start: int, end: int) -> tuple[int, int] | None:
    doc = ctx.doc
    lower = doc[i].lower_
    if lower == "according" and i + 1 < end and doc[i + 1].lower_ == "to":
        return (i, i + 2)
    if lower not in ctx.lex.cue_lemma:
        return None
    if doc[i].is_title and i > start and doc[i - 1].text not in ALL_MARKS:
        return None  # "the United States", "Says Who": a name, not a cue
    if ctx.region_containing(doc[i].idx) is not None:
        return None  # a cue inside quoted speech belongs to the quoted speaker's story
    prev = doc[i - 1].lower_ if i > start else ""
    nxt = doc[i + 1].lower_ if i + 1 < end else ""
    if prev == "to" or (nxt == "to" and lower == "said") or prev in DETERMINERS:
        return None
    if lower in ctx.lex.weak_cues:
        window = [t.lower_ for t in doc[i + 1 : min(end, i + 4)]]
        if "that" not in window and ":" not in window and not any(w in ALL_MARKS for w in window):
            return None
    return (i, i + 1)


def find_attributions(ctx: Context) -> list[Draft]:
    drafts: list[Draft] = []
    for index, (start, end) in enumerate(ctx.sentences):
        ctx.drafts_in_sentence = []
        i = start
        while i < end:
            cue = match_cue(ctx, i, start, end)
            if cue is None:
                i += 1
                continue
            draft = _attribute(ctx, cue, index)
            if draft is not None:
                drafts.append(draft)
                ctx.drafts_in_sentence.append(draft)
            i = cue[1]
    return drafts


def _attribute(ctx: Context, cue: tuple[int, int], sentence: int) -> Draft | None:
    doc = ctx.doc
    start, end = ctx.sentences[sentence]
    if doc[cue[0]].lower_ == "according":
        return _according_to(ctx, cue, sentence)
    j = cue[0] - 1
    j = _skip_back_to_speaker(ctx, cue[0] - 1, start)
    participle = doc[cue[0]].lower_.endswith("ing")
    if participle and (j < start or doc[j].text == "," or doc[j].lower_ == "by"):
        # "..., saying the plan was dead": the speaker is the main clause's subject.
        subject = _sentence_subject(ctx, start, j)
        return _with_right_content(ctx, cue, sentence, subject)
    if j >= start and doc[j].lower_ == "and":
        # "X said A and added B": the second cue shares the first one's speaker.
        shared = next((d.speaker for d in reversed(ctx.drafts_in_sentence) if d.speaker), None)
        subject = shared or _sentence_subject(ctx, start, j)
        return _with_right_content(ctx, cue, sentence, subject)
    speaker = left_speaker(ctx, j, start)
    if speaker is not None:
        closes_quote = _quote_ends_at(ctx, speaker[0] - 1, start)
        if not closes_quote:
            wrapped = _parenthetical(ctx, cue, sentence, speaker)
            if wrapped is not None:
                return wrapped
        if closes_quote or not _right_is_substantive(ctx, cue, sentence):
            return _with_left_content(ctx, cue, sentence, speaker, speaker[0] - 1)
        return _with_right_content(ctx, cue, sentence, speaker)
    if j < start or doc[j].text not in SEPARATOR_CHARS:
        return None  # inversion ('"...," said X') needs a quote or comma before the cue
    inverted = right_speaker(ctx, cue[1], end)
    if inverted is None:
        return None
    return _with_left_content(ctx, cue, sentence, inverted, j)


def _quote_ends_at(ctx: Context, token: int, start: int) -> bool:
    """Does a quotation end at token ``token`` ('"...," she said')?"""
    if token < start or ctx.doc[token].text not in ALL_MARKS:
        return False
    end = ctx.doc[token].idx + 1
    return ctx.region_ending_within(end, end) is not None


def _parenthetical(
    ctx: Context, cue: tuple[int, int], sentence: int, speaker: tuple[int, int]
) -> Draft | None:
    """'The museum, Mr. Obama said, would make visitors face hard truths': the content
    is the sentence on both sides of an attribution set off by commas."""
    doc = ctx.doc
    start, end = ctx.sentences[sentence]
    before, after = speaker[0] - 1, cue[1]
    if before <= start or after >= end - 1:
        return None
    if doc[before].text != "," or doc[after].text != ",":
        return None
    if doc[after + 1].lower_.endswith("ing") or doc[after + 1].text in ALL_MARKS:
        return None  # '..., he said, adding that ...' / '..., he said, "B."'
    left = (doc[start].idx, doc[before - 1].idx + len(doc[before - 1].text))
    right = (doc[after + 1].idx, ctx.sentence_end_char(end))
    if right[1] <= right[0]:
        return None
    inside = set(ctx.regions_overlapping(left[0], left[1])) | set(
        ctx.regions_overlapping(right[0], right[1])
    )
    kind: QuoteKind = "mixed" if inside else "indirect"
    return Draft([left, right], kind, speaker, cue, inside)


def _skip_back_to_speaker(ctx: Context, j: int, start: int) -> int:
    """Step back over what sits between a speaker and the cue: auxiliaries and adverbs
    ("has also", "forcefully"), dates ("Jane Roe on Friday said") and a parenthesis
    ("Gwen Moore (D-Wis.) said")."""
    doc = ctx.doc
    while j >= start:
        token = doc[j]
        if _sits_before_cue(ctx, j):
            j -= 1
        elif token.text == ")":
            k = j - 1
            while k >= start and j - k < 10 and doc[k].text != "(":
                k -= 1
            if k < start or doc[k].text != "(":
                return j
            j = k - 1
        else:
            return j
    return j


def _sits_before_cue(ctx: Context, j: int) -> bool:
    doc = ctx.doc
    token = doc[j]
    lower = token.lower_
    if lower in ctx.lex.skip_before_cue or lower in ("long", "first", "also", "ago"):
        return True
    if token.is_lower and lower.endswith("ly") and len(lower) > 4:
        return True
    if token.ent_type_ in ("DATE", "TIME"):
        return True
    return lower == "on" and j + 1 < len(doc) and doc[j + 1].ent_type_ in ("DATE", "TIME")


def _sentence_subject(ctx: Context, start: int, before: int) -> tuple[int, int] | None:
    doc = ctx.doc
    k = start
    while (
        k < before
        and not (doc[k].ent_iob_ == "B" and doc[k].ent_type_ in SPEAKER_ENTITIES)
        and doc[k].lower_ not in ("he", "she", "they")
    ):
        if doc[k].text == ",":
            return None
        k += 1
    if k >= before:
        return None
    if doc[k].ent_iob_ != "B":
        return (k, k + 1)
    m = k + 1
    while m < before and doc[m].ent_iob_ == "I":
        m += 1
    return (k, m)


def _right_is_substantive(ctx: Context, cue: tuple[int, int], sentence: int) -> bool:
    doc = ctx.doc
    end = ctx.sentences[sentence][1]
    tail = [t for t in doc[cue[1] : end] if not t.is_space]
    while tail and tail[0].text in (",", "—", "–"):
        tail = tail[1:]
    words = [t for t in tail if t.is_alpha]
    if not tail:
        return _next_sentence_region(ctx, sentence) is not None and doc[cue[1] - 1].text == ":"
    first = tail[0].text
    if tail[-1].text == ":":  # 'X told reporters:' and the quote follows
        return True
    if first == ":" or first in ALL_MARKS or any(t.lower_ == "that" for t in tail[:7]):
        return True
    if first == "," or tail[0].is_punct:
        return False
    if tail[0].lower_ in TIME_OPENERS and len(words) <= 8:
        return False
    return len(words) >= 2


def _next_sentence_region(ctx: Context, sentence: int) -> int | None:
    if sentence + 1 >= len(ctx.sentences):
        return None
    first = ctx.doc[ctx.sentences[sentence + 1][0]]
    return ctx.region_at(first.idx)


def _with_right_content(
    ctx: Context, cue: tuple[int, int], sentence: int, speaker: tuple[int, int] | None
) -> Draft | None:
    doc = ctx.doc
    end = ctx.sentences[sentence][1]
    k = cue[1]
    if ctx.lex.cue_lemma.get(doc[cue[0]].lower_) in HEARER_CUES:
        k = skip_object(ctx, k, end)
    while k < end and (doc[k].text in (":", ",", "—", "–", "-") or doc[k].is_space):
        k += 1
    for m in range(k, min(end, k + THAT_WINDOW)):
        if doc[m].text in SEPARATOR_CHARS:
            break
        if doc[m].lower_ == "that":
            k = m + 1
            break
    if k >= end:
        region = _next_sentence_region(ctx, sentence)
        if region is None:
            return None
        return _region_draft(ctx, region, speaker, cue)
    region = ctx.region_at(doc[k].idx)
    content_end = ctx.sentence_end_char(end)
    if region is not None:
        after = [t for t in doc[k:end] if t.idx >= ctx.regions[region].end and t.is_alpha]
        if len(after) < 2:
            return _region_draft(ctx, region, speaker, cue)
    return _clause_draft(ctx, doc[k].idx, content_end, speaker, cue)


def _with_left_content(
    ctx: Context,
    cue: tuple[int, int],
    sentence: int,
    speaker: tuple[int, int],
    separator: int,
) -> Draft | None:
    doc = ctx.doc
    start, _ = ctx.sentences[sentence]
    if separator < start:
        return None
    sep_end = doc[separator].idx + len(doc[separator].text)
    index = ctx.region_ending_within(sep_end - 3, sep_end + 1)
    if index is not None:
        draft = _region_draft(ctx, index, speaker, cue)
        _attach_split_continuation(ctx, draft, max(cue[1], speaker[1]), sentence)
        return draft
    k = separator
    while k >= start and (doc[k].text in SEPARATOR_CHARS or doc[k].is_space):
        k -= 1
    if k < start:
        return None
    return _clause_draft(ctx, doc[start].idx, doc[k].idx + len(doc[k].text), speaker, cue)


def _attach_split_continuation(ctx: Context, draft: Draft, after: int, sentence: int) -> None:
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
    if not _ends_sentence(ctx, ctx.regions[region].end):
        return
    draft.pieces.extend(ctx.regions[region].pieces)
    draft.regions.add(region)


def _ends_sentence(ctx: Context, char: int) -> bool:
    rest = ctx.text[char : char + 3].lstrip(" .!?,")
    return not rest or rest[0] in "\n" or rest[0].isupper() or rest[0] in '"“'


def _region_draft(
    ctx: Context, region: int, speaker: tuple[int, int] | None, cue: tuple[int, int]
) -> Draft:
    pieces = list(ctx.regions[region].pieces)
    return Draft(pieces=pieces, kind="direct", speaker=speaker, cue=cue, regions={region})


def _clause_draft(
    ctx: Context, begin: int, end: int, speaker: tuple[int, int] | None, cue: tuple[int, int]
) -> Draft | None:
    if end <= begin:
        return None
    inside = set(ctx.regions_overlapping(begin, end))
    for i in inside:  # a quote that starts in the clause and runs on past the sentence
        end = max(end, ctx.regions[i].inner_end) if ctx.regions[i].start >= begin else end
    kind: QuoteKind = "mixed" if inside else "indirect"
    return Draft(pieces=[(begin, end)], kind=kind, speaker=speaker, cue=cue, regions=inside)


def _according_to(ctx: Context, cue: tuple[int, int], sentence: int) -> Draft | None:
    doc = ctx.doc
    start, end = ctx.sentences[sentence]
    speaker = right_speaker(ctx, cue[1], end)
    if speaker is None:
        return None
    j = cue[0] - 1
    while j >= start and doc[j].text in SEPARATOR_CHARS:
        j -= 1
    if j >= start:  # "X happened, according to Y"
        return _clause_draft(ctx, doc[start].idx, doc[j].idx + len(doc[j].text), speaker, cue)
    k = speaker[1]
    while k < end and doc[k].text in SEPARATOR_CHARS:
        k += 1
    if k >= end:
        return None
    return _clause_draft(ctx, doc[k].idx, ctx.sentence_end_char(end), speaker, cue)


def find_turns(ctx: Context) -> list[Draft]:
    """'PENCE: Well, look ...' and 'Jane Roe: headline words': a name and a colon
    opening a paragraph attribute the rest of the paragraph to that name."""
    doc = ctx.doc
    surnames = {t.text.lower() for t in doc if t.ent_type_ == "PERSON"}
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
