"""Token-level spans for attributions: the speaker noun phrase on either side of a cue,
the object after "told", and the shared context (doc, sentences, quote regions)."""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from typing import Any

from spacy.tokens import Doc

from newsweave.analyze.quotes.marks import ALL_MARKS, QuoteRegion
from newsweave.analyze.quotes.text import DASHES, Lexicon, lexicon

# Prepositions join a noun phrase only inside a name or role ("ambassador to Iraq",
# "the spokesman in Basra", "Ministry of Defence"), never otherwise.
NP_PREPOSITIONS = frozenset({"of", "for", "in", "at", "to", "from", "on", "with"})
SENTENCE_ADVERBS = frozenset(
    {"but", "and", "however", "meanwhile", "earlier", "later", "yesterday", "today", "so", "now"}
)
ARTICLES = frozenset({"the", "a", "an"})
POSSESSIVE_DETERMINERS = frozenset({"his", "her", "their", "its", "our", "my", "your"})
CLAUSE_STARTERS = frozenset(
    {
        "the",
        "a",
        "an",
        "he",
        "she",
        "they",
        "it",
        "we",
        "i",
        "there",
        "his",
        "her",
        "their",
        "its",
        "this",
        "that",
        "these",
        "those",
        "you",
        "if",
        "what",
        "how",
        "why",
        "whether",
    }
)
OBJECT_WORDS = frozenset({"him", "her", "them", "me", "us", "reporters", "journalists"})
SEPARATOR_CHARS = frozenset(ALL_MARKS) | DASHES | frozenset({",", ":", ";", "(", ")"})


@dataclass(slots=True)
class Context:
    """What every attribution step needs, computed once per document."""

    doc: Doc
    text: str  # doc.text, read once
    sentences: list[tuple[int, int]]
    regions: tuple[QuoteRegion, ...]
    lex: Lexicon = field(default_factory=lexicon)
    region_starts: list[int] = field(default_factory=list)
    # Attributions found so far in the sentence being read ("and added" reuses them).
    drafts_in_sentence: list[Any] = field(default_factory=list)

    region_ends: list[int] = field(default_factory=list)

    def __post_init__(self) -> None:
        # Top-level regions never overlap, so both lists are sorted: lookups bisect.
        self.region_starts = [r.start for r in self.regions]
        self.region_ends = [r.end for r in self.regions]

    def regions_overlapping(self, begin: int, end: int) -> range:
        """Indices of the regions that overlap [begin, end)."""
        return range(bisect_right(self.region_ends, begin), bisect_left(self.region_starts, end))

    def region_ending_within(self, low: int, high: int) -> int | None:
        """The last region whose end lies in [low, high]."""
        i = bisect_right(self.region_ends, high) - 1
        return i if i >= 0 and self.region_ends[i] >= low else None

    def region_at(self, char: int) -> int | None:
        """Index of the region whose opening mark is at ``char``."""
        i = bisect_right(self.region_starts, char) - 1
        return i if i >= 0 and self.regions[i].start == char else None

    def region_containing(self, char: int) -> int | None:
        i = bisect_right(self.region_starts, char) - 1
        if i >= 0 and self.regions[i].start < char < self.regions[i].end - 1:
            return i
        return None

    def paragraph_end(self, char: int) -> int:
        end = self.text.find("\n", char)
        end = len(self.text) if end < 0 else end
        while end > char and self.text[end - 1] in ' \t"':
            end -= 1
        return end

    def sentence_end_char(self, end_token: int) -> int:
        """End of a sentence's text without its final punctuation."""
        doc = self.doc
        k = end_token
        while (
            k > 0
            and (doc[k - 1].is_punct or doc[k - 1].is_space)
            and (doc[k - 1].text not in ALL_MARKS)
        ):
            k -= 1
        if k <= 0:
            return 0
        return doc[k - 1].idx + len(doc[k - 1].text)


def is_pronoun(ctx: Context, i: int) -> bool:
    return ctx.doc[i].lower_ in ctx.lex.pronoun_gender


def _can_join_np(ctx: Context, i: int) -> bool:
    """May token ``i`` extend a speaker phrase leftwards?"""
    token = ctx.doc[i]
    lower = token.lower_
    if token.ent_type_ or lower in ("'s", "’s", "'", "’", "&"):
        return True
    if not (token.is_alpha or token.like_num or "." in token.text):
        return False
    if lower in ctx.lex.np_stop or lower in NP_PREPOSITIONS or lower in ctx.lex.cue_lemma:
        return lower in POSSESSIVE_DETERMINERS
    return not is_pronoun(ctx, i) or lower in POSSESSIVE_DETERMINERS


def _preposition_inside_np(ctx: Context, i: int, start: int) -> bool:
    """'ambassador to Iraq', 'the harbour master in Kettleby', 'spokesman for the
    council': a preposition between a role or name and a name. Not 'a reply from the
    spokesman' (a plain noun before 'from the')."""
    doc = ctx.doc
    if doc[i].lower_ not in NP_PREPOSITIONS or i - 1 < start:
        return False
    after, before = doc[i + 1], doc[i - 1]
    named_before = before.is_title or before.is_upper or before.lower_ in ctx.lex.role_nouns
    if after.lower_ == "the":
        return named_before
    plain_before = before.is_alpha and before.lower_ not in ctx.lex.np_stop
    return (after.is_title or after.is_upper) and (named_before or plain_before)


def walk_left(ctx: Context, last: int, start: int, limit: int = 10) -> tuple[int, int] | None:
    """The noun phrase ending at token ``last``, not reaching before ``start``."""
    doc = ctx.doc
    if last < start:
        return None
    if is_pronoun(ctx, last) and doc[last].lower_ not in POSSESSIVE_DETERMINERS:
        return (last, last + 1)
    if not _can_join_np(ctx, last) or doc[last].lower_ in POSSESSIVE_DETERMINERS:
        return None
    k = last
    while k - 1 >= start and last - k < limit:
        if _preposition_inside_np(ctx, k - 1, start):
            k -= 1
        elif doc[k].lower_ in ARTICLES:
            break  # an article opens its noun phrase: "On Tuesday the mayor said"
        elif _can_join_np(ctx, k - 1):
            k -= 1
        else:
            break
    while k <= last and doc[k].lower_ in SENTENCE_ADVERBS | ctx.lex.np_stop:
        k += 1
    if k < last and doc[k].is_lower and doc[k].lower_.endswith("ing") and len(doc[k]) > 4:
        k += 1  # "..., alarming Democrats who vowed": the participle is not the speaker's
    return (k, last + 1) if k <= last else None


def has_entity(ctx: Context, span: tuple[int, int]) -> bool:
    return any(ctx.doc[i].ent_type_ in ("PERSON", "ORG", "NORP", "GPE") for i in range(*span))


def has_role(ctx: Context, span: tuple[int, int]) -> bool:
    return any(ctx.doc[i].lower_ in ctx.lex.role_nouns for i in range(*span))


def left_speaker(ctx: Context, j: int, start: int) -> tuple[int, int] | None:
    """The speaker phrase ending at token ``j`` (just before the cue), if there is one.

    Handles "X, who said", and appositions: "Jack Doe, a retired judge, said" and
    "The party leader, Jane Roe, said".
    """
    doc = ctx.doc
    if j < start:
        return None
    if doc[j].lower_ in ("who", "which", "that"):
        j -= 1
        if j >= start and doc[j].text == ",":
            j -= 1
        return walk_left(ctx, j, start)
    if doc[j].text != ",":
        if doc[j].text in SEPARATOR_CHARS:
            return None
        return walk_left(ctx, j, start)
    k = j - 1
    while k >= start and doc[k].text not in SEPARATOR_CHARS and j - k < 30:
        k -= 1
    if k < start or doc[k].text != ",":
        return None
    segment = (k + 1, j)
    before = walk_left(ctx, k - 1, start)
    if before is None:
        return None
    if has_entity(ctx, before) or has_entity(ctx, segment) or has_role(ctx, before):
        return (before[0], j)
    return None


def right_speaker(ctx: Context, k: int, end: int, limit: int = 14) -> tuple[int, int] | None:
    """The speaker phrase after an inverted cue: '..., said one senior source.'"""
    doc = ctx.doc
    while k < end and doc[k].text == ",":
        k += 1
    if k >= end or doc[k].lower_ in ctx.lex.np_stop or doc[k].text in SEPARATOR_CHARS:
        return None
    if doc[k].lower_ in NP_PREPOSITIONS:
        return None  # '..., said of the impeachment effort': what about, not who
    m = k
    while (
        m < end and m - k < limit and (doc[m].text not in SEPARATOR_CHARS or _joined_hyphen(ctx, m))
    ):
        if doc[m].text in (".", "!", "?") and m + 1 >= end:
            break
        m += 1
    while m > k and (doc[m - 1].is_punct or doc[m - 1].is_space):
        m -= 1
    if all(t.ent_type_ in ("DATE", "TIME") or not t.is_alpha for t in doc[k:m]):
        return None  # '..., said Friday.' names a day, not a speaker
    return (k, m) if m > k else None


def _joined_hyphen(ctx: Context, m: int) -> bool:
    """'the semi-official Tasnim news agency', 'the 9-11 commission': a hyphen inside a
    word, not a dash between phrases."""
    doc = ctx.doc
    return doc[m].text == "-" and m > 0 and not doc[m - 1].whitespace_ and not doc[m].whitespace_


def skip_object(ctx: Context, k: int, end: int) -> int:
    """After "told"/"asked"/"warned": skip the hearer ("the BBC", "reporters")."""
    doc = ctx.doc
    for m in range(k, min(end, k + 7)):
        if doc[m].text in (",",) or doc[m].text in ALL_MARKS:
            break
        if doc[m].lower_ == "that" or doc[m].text == ":":
            return m + 1
    if k >= end:
        return k
    if doc[k].ent_iob_ == "B":
        m = k + 1
        while m < end and doc[m].ent_iob_ == "I":
            m += 1
        return m
    if doc[k].lower_ in OBJECT_WORDS:
        return k + 1
    if doc[k].lower_ in CLAUSE_STARTERS and doc[k].lower_ not in ("he", "she", "they", "it"):
        m = k + 1
        while m < end and m - k <= 4 and doc[m].is_alpha and doc[m].lower_ not in CLAUSE_STARTERS:
            m += 1
        if m < end and m - k <= 4 and doc[m].lower_ in CLAUSE_STARTERS:
            return m
    return k
