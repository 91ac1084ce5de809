"""Quote extraction: direct, mixed and reported speech with speaker and cue.

``extract_quotes(doc)`` needs only tokens and named entities (no tagger or parser), so
it runs on the cheap NER-only doc the analysis pipeline makes. The steps:

1. quotation-mark regions, paragraph-aware (quotes_marks);
2. cue words and the speaker/content around each (quotes_cues, quotes_spans,
   quotes_draft), transcript turns and dash signatures (quotes_layout);
3. unattributed quotes that continue the previous speaker, and pull quotes set apart
   with a name line (here);
4. speaker resolution: names, anonymous roles, pronouns (quotes_speakers);
5. one quote per content: pull quotes and double cues are merged (here).

A quote split by its attribution ('"A," he said. "B."') is one Quote whose start/end
cover both parts and whose ``text`` joins them; a quote over several paragraphs joins
its paragraphs with a blank line.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from itertools import accumulate

from spacy.tokens import Doc

from newsweave.analyze.quotes.cues import find_attributions
from newsweave.analyze.quotes.draft import Draft
from newsweave.analyze.quotes.layout import find_dash_attributions, find_turns
from newsweave.analyze.quotes.marks import find_quote_regions
from newsweave.analyze.quotes.spans import Context
from newsweave.analyze.quotes.speaker_info import SpeakerInfo
from newsweave.analyze.quotes.speakers import SpeakerResolver
from newsweave.analyze.sentences import split_sentences
from newsweave.records import Quote, Span

_WORD = re.compile(r"\w+")
# A continuation may follow its attributed quote after at most this much other text.
CONTINUATION_GAP_WORDS = 12
PULL_QUOTE_NAME_TOKENS = 5
MIN_DEDUPE_WORDS = 4
CLAUSE_LINKS = frozenset({"before", "while", "after", "by", "and", "when"})
DEDUPE_WINDOW = 12  # quotes compared on each side: pull quotes sit near their source


def extract_quotes(
    doc: Doc, sentences: list[tuple[int, int]] | None = None, text: str | None = None
) -> tuple[Quote, ...]:
    """Every quote in ``doc`` (direct, mixed, indirect), in reading order; ``sentences``
    are the doc's sentence token ranges when the caller has split it already, ``text``
    its text when the caller has it (Doc.text rebuilds the string on every access)."""
    if text is None:
        text = doc.text
    if not text.strip():
        return ()
    spans = split_sentences(doc) if sentences is None else sentences
    ctx = Context(doc, text, spans, find_quote_regions(text))
    drafts = find_attributions(ctx) + find_turns(ctx)
    attributed = {r for d in drafts for r in d.regions}
    drafts += [d for d in find_dash_attributions(ctx) if not d.regions & attributed]
    drafts = _trim_at_other_speakers(ctx, drafts)
    drafts.extend(_pull_quotes(ctx, drafts))
    drafts.sort(key=lambda d: d.start)
    drafts = _with_continuations(ctx, drafts)
    resolver = SpeakerResolver(ctx)
    resolver.block_contents([piece for d in drafts for piece in d.pieces])
    infos: dict[int, SpeakerInfo | None] = {}
    for draft in sorted(drafts, key=lambda d: _speaker_position(ctx, d)):
        if draft.inherited_from is None:
            infos[id(draft)] = resolver.resolve(draft)
    quotes = []
    for draft in drafts:
        source = draft.inherited_from or draft
        quotes.append(_build(ctx, draft, infos.get(id(source))))
    return _dedupe(quotes)


def _speaker_position(ctx: Context, draft: Draft) -> int:
    if draft.speaker is not None:
        return ctx.doc[draft.speaker[0]].idx
    return draft.start


def _trim_at_other_speakers(ctx: Context, drafts: list[Draft]) -> list[Draft]:
    """A clause running on into someone else's attribution ("..., provoking a reply from
    the army spokesman, who said ...") stops before that other speaker."""
    doc = ctx.doc
    speaker_chars = sorted(
        doc[d.speaker[0]].idx
        for d in drafts
        if d.speaker is not None and d.cue is not None and d.speaker[0] < d.cue[0]
    )
    # "..., noting that ...", "... before claiming that ...": a second attribution by
    # the same speaker starts where its linking word does.
    for d in drafts:
        if d.cue is not None and doc[d.cue[0]].lower_.endswith("ing") and d.cue[0] > 0:
            link = d.cue[0] - 1
            if doc[link].lower_ in CLAUSE_LINKS or doc[link].text == ",":
                speaker_chars.append(doc[link].idx)
    speaker_chars.sort()
    kept = []
    for draft in drafts:
        if draft.kind != "direct" and len(draft.pieces) == 1:
            begin, end = draft.pieces[0]
            i = bisect_right(speaker_chars, begin)
            if i < len(speaker_chars) and speaker_chars[i] < end:
                end = _trim_end(ctx.text, begin, speaker_chars[i])
            draft.pieces = [(begin, end)]
        if draft.end > draft.start:
            kept.append(draft)
    return kept


def _trim_end(text: str, begin: int, end: int) -> int:
    while end > begin and not text[end - 1].isalnum() and text[end - 1] not in "\"”’'":
        end -= 1
    return end


def _with_continuations(ctx: Context, drafts: list[Draft]) -> list[Draft]:
    """Quoted paragraphs right after an attributed direct quote belong to its speaker."""
    used = set().union(*(d.regions for d in drafts)) if drafts else set()
    by_region = {r: d for d in drafts for r in d.regions if d.kind == "direct"}
    text = ctx.text
    out = list(drafts)
    for index, region in enumerate(ctx.regions):
        if index in used or index == 0:
            continue
        previous = by_region.get(index - 1)
        if previous is None or (previous.speaker is None and previous.inherited_from is None):
            continue
        gap = text[ctx.regions[index - 1].end : region.start]
        inner = text[region.inner_start : region.inner_end]
        if len(_WORD.findall(gap)) > CONTINUATION_GAP_WORDS or len(_WORD.findall(inner)) < 3:
            continue
        if not _starts_a_sentence(text, region.start) or not _ends_a_sentence(text, region.end):
            continue
        source = previous.inherited_from or previous
        draft = Draft(list(region.pieces), "direct", None, None, {index}, inherited_from=source)
        by_region[index] = draft
        out.append(draft)
    out.sort(key=lambda d: d.start)
    return out


def _starts_a_sentence(text: str, at: int) -> bool:
    before = text[:at].rstrip(" \t")
    return not before or before[-1] in ".!?\n:"


def _ends_a_sentence(text: str, at: int) -> bool:
    rest = text[at : at + 3].lstrip(" .!?,")
    return not rest or rest[0] == "\n" or rest[0].isupper() or rest[0] in '"“'


def _pull_quotes(ctx: Context, drafts: list[Draft]) -> list[Draft]:
    """A paragraph followed by a paragraph that is only a person's name (or a quote
    ending in '— Name'): the layout of a pull quote."""
    doc = ctx.doc
    covered = sorted((d.start, d.end) for d in drafts)
    covered_starts = [a for a, _ in covered]
    reach = list(accumulate((b for _, b in covered), max))  # furthest end so far
    found: list[Draft] = []
    for index in range(len(ctx.sentences) - 1):
        start, end = ctx.sentences[index]
        n_start, n_end = ctx.sentences[index + 1]
        between = ctx.text[doc[end - 1].idx : doc[n_start].idx]
        name = doc[n_start:n_end]
        if "\n" not in between or n_end - n_start > PULL_QUOTE_NAME_TOKENS:
            continue
        words = [t for t in name if not t.is_punct]
        if not words or any(t.ent_type_ != "PERSON" for t in words) or words[0].ent_iob_ != "B":
            continue
        begin, finish = doc[start].idx, doc[end - 1].idx + len(doc[end - 1].text)
        last = bisect_left(covered_starts, finish) - 1
        if last >= 0 and reach[last] > begin:
            continue
        if ctx.text[begin] in "\"“'‘" and ctx.text[finish - 1] in "\"”'’":
            begin, finish = begin + 1, finish - 1
        speaker = (words[0].i, words[-1].i + 1)
        found.append(Draft([(begin, finish)], "direct", speaker, None))
    return found


def _build(ctx: Context, draft: Draft, info: SpeakerInfo | None) -> Quote:
    doc = ctx.doc
    text = ctx.text
    parts = [text[a:b] for a, b in draft.pieces]
    joined = parts[0]
    for (_, prev_end), (start, _), part in zip(
        draft.pieces, draft.pieces[1:], parts[1:], strict=False
    ):
        joined += ("\n\n" if "\n" in text[prev_end:start] else " ") + part
    cue_text = cue_span = None
    if draft.cue is not None:
        cue = doc[draft.cue[0] : draft.cue[1]]
        cue_text, cue_span = cue.text, Span(cue.start_char, cue.end_char)
    own = draft.inherited_from is None and info is not None
    return Quote(
        start=draft.start,
        end=draft.end,
        text=joined,
        kind=draft.kind,
        speaker=info.text if info is not None else None,
        speaker_name=info.name if info is not None else None,
        anonymous=info.anonymous if info is not None else False,
        cue=cue_text,
        speaker_span=Span(info.start, info.end) if own and info is not None else None,
        cue_span=cue_span,
        antecedent=info.antecedent[0] if info is not None and info.antecedent else None,
        antecedent_span=(
            Span(info.antecedent[1], info.antecedent[2])
            if info is not None and info.antecedent
            else None
        ),
    )


def _normalised(text: str) -> str:
    return " ".join(w.lower() for w in _WORD.findall(text))


def _dedupe(quotes: list[Quote]) -> tuple[Quote, ...]:
    """Drop a quote whose words a nearby quote of the same speaker already holds (a pull
    quote repeating the body; two cues around one quote)."""
    normalised = [_normalised(q.text) for q in quotes]
    dropped: set[int] = set()
    for i, quote in enumerate(quotes):
        words = normalised[i]
        long_enough = words.count(" ") + 1 >= MIN_DEDUPE_WORDS
        for j in range(max(0, i - DEDUPE_WINDOW), min(len(quotes), i + DEDUPE_WINDOW + 1)):
            other = quotes[j]
            if j == i or j in dropped:
                continue
            longer = (other.end - other.start, -j) > (quote.end - quote.start, -i)
            if not longer:
                continue
            overlaps = quote.start < other.end and other.start < quote.end
            same_words = words == normalised[j]
            contained = long_enough and words in normalised[j]
            same_speaker = quote.speaker_name == other.speaker_name or quote.speaker is None
            if (same_words and overlaps) or (contained and (same_speaker or not overlaps)):
                dropped.add(i)
                break
    return tuple(q for i, q in enumerate(quotes) if i not in dropped)
