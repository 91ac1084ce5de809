"""Attributions anchored on a cue word: who said it (left, right or apposed), and what
(the quoted region it introduces or closes, or the reported clause around it)."""

from __future__ import annotations

from newsweave.analyze.quotes.draft import (
    Draft,
    attach_split_continuation,
    clause_draft,
    region_draft,
)
from newsweave.analyze.quotes.marks import ALL_MARKS
from newsweave.analyze.quotes.spans import (
    SEPARATOR_CHARS,
    Context,
    left_speaker,
    right_speaker,
    skip_object,
)
from newsweave.analyze.quotes.subjects import extend_to_subject
from newsweave.analyze.quotes.text import indices_of_words
from newsweave.limits import check_deadline
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
THAT_WINDOW = 7  # "said on Friday that ...": how far ahead the content may start
HEARER_CUES = frozenset({"tell", "ask", "warn", "urge", "assure", "remind", "inform"})
PASSIVE_AUXILIARIES = frozenset({"was", "were", "been", "being", "is", "are", "be", "get", "got"})
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
    if nxt == "by" and lower.endswith("ed"):
        return None  # "the record reported by any state": a passive, not a speaker's cue
    if ctx.lex.cue_lemma[lower] in HEARER_CUES and prev in PASSIVE_AUXILIARIES:
        return None  # "commuters were told to take the ferry": they heard it, not said it
    if ctx.lex.cue_lemma[lower] == "add" and i + 1 < end and doc[i + 1].like_num:
        return None  # "the economy added 213,000 jobs"
    if lower in ctx.lex.weak_cues:
        window = [t.lower_ for t in doc[i + 1 : min(end, i + 4)]]
        if "that" not in window and ":" not in window and not any(w in ALL_MARKS for w in window):
            return None
    return (i, i + 1)


def find_attributions(ctx: Context) -> list[Draft]:
    drafts: list[Draft] = []
    # Only these tokens can open a cue (match_cue is None for every other one): the
    # sentences are read at them rather than token by token.
    cue_words = ctx.lex.cue_lemma
    candidates = indices_of_words(ctx.doc, lambda word: word in cue_words or word == "according")
    c = 0
    for index, (start, end) in enumerate(ctx.sentences):
        check_deadline()
        ctx.drafts_in_sentence = []
        i = start
        while c < len(candidates) and candidates[c] < end:
            if candidates[c] < i:
                c += 1
                continue
            i = candidates[c]
            cue = match_cue(ctx, i, start, end)
            if cue is None:
                c += 1
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
    if speaker is not None and doc[j].text != ",":
        # "Engineers familiar with the inspection of the dam said": the walk saw "the dam"
        speaker = extend_to_subject(ctx, speaker, start)
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
        return region_draft(ctx, region, speaker, cue)
    region = ctx.region_at(doc[k].idx)
    content_end = ctx.sentence_end_char(end)
    if region is not None:
        after = [t for t in doc[k:end] if t.idx >= ctx.regions[region].end and t.is_alpha]
        if len(after) < 2:
            return region_draft(ctx, region, speaker, cue)
    return clause_draft(ctx, doc[k].idx, content_end, speaker, cue)


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
        draft = region_draft(ctx, index, speaker, cue)
        attach_split_continuation(ctx, draft, max(cue[1], speaker[1]), sentence)
        return draft
    k = separator
    while k >= start and (doc[k].text in SEPARATOR_CHARS or doc[k].is_space):
        k -= 1
    if k < start:
        return None
    return clause_draft(ctx, doc[start].idx, doc[k].idx + len(doc[k].text), speaker, cue)


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
        return clause_draft(ctx, doc[start].idx, doc[j].idx + len(doc[j].text), speaker, cue)
    k = speaker[1]
    while k < end and doc[k].text in SEPARATOR_CHARS:
        k += 1
    if k >= end:
        return None
    return clause_draft(ctx, doc[k].idx, ctx.sentence_end_char(end), speaker, cue)
