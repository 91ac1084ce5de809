"""Speaker phrases with a postmodifier, found without a parser.

The left walk from a cue stops at the first word that cannot join a name or role, so
"Engineers familiar with the inspection of the dam carried out two years ago said"
gives "the dam carried out". A parser would give the subject as the subtree of the
cue's nsubj; the analysis runs NER only (a parser would halve its speed), so the
subject is read from token shapes instead: a short noun phrase opening its clause,
then a postmodifier (a relative pronoun, an adjective such as "familiar" or "close",
a participle with its preposition, or a preposition), then anything up to the cue
that holds no clause boundary.

``postmodifier_at`` is the same reading for a phrase already found: the speaker is
the noun phrase before the postmodifier ("Sources close to Mayor Ilse Varga" are
sources, not the mayor).
"""

from __future__ import annotations

from spacy.tokens import Token

from newsweave.analyze.quotes.spans import (
    NP_PREPOSITIONS,
    POSSESSIVE_DETERMINERS,
    SENTENCE_ADVERBS,
    SEPARATOR_CHARS,
    Context,
    is_pronoun,
)

RELATIVES = frozenset({"who", "whom", "whose", "which", "that"})
# Adjectives and participles that open a description of who the speaker is.
POSTMODIFIER_WORDS = frozenset(
    {
        "familiar",
        "close",
        "involved",
        "responsible",
        "aware",
        "briefed",
        "linked",
        "connected",
        "loyal",
        "opposed",
        "based",
        "knowledgeable",
        "speaking",
        "working",
        "living",
    }
)
PREPOSITIONS = NP_PREPOSITIONS | frozenset(
    {"near", "inside", "outside", "across", "around", "behind", "within", "among", "by", "close"}
)
# Verbs a relative clause may hold ("residents who were evacuated").
RELATIVE_AUXILIARIES = frozenset({"is", "are", "was", "were", "has", "have", "had", "been", "be"})
HEAD_MAX_TOKENS = 5
SUBJECT_MAX_TOKENS = 28


def _is_participle(token: Token, after: Token | None) -> bool:
    """'carried out', 'quoted by', 'evacuated from': a lower-case -ed word before a
    preposition or particle."""
    if not (token.is_lower and token.is_alpha and token.lower_.endswith("ed")):
        return False
    return after is not None and after.lower_ in PREPOSITIONS | {"out", "up", "off"}


def _opens_postmodifier(ctx: Context, i: int, limit: int, prepositions: bool) -> bool:
    doc = ctx.doc
    token = doc[i]
    lower = token.lower_
    if lower in RELATIVES or lower in POSTMODIFIER_WORDS:
        return True
    if prepositions and lower in PREPOSITIONS:
        return True
    return _is_participle(token, doc[i + 1] if i + 1 < limit else None)


def _can_head(ctx: Context, i: int, first: bool) -> bool:
    """May token ``i`` be part of the noun phrase that heads a subject?"""
    token = ctx.doc[i]
    lower = token.lower_
    if token.ent_type_ in ("DATE", "TIME") or token.text in SEPARATOR_CHARS:
        return False
    if first and lower in ("the", "a", "an"):
        return True
    if lower in ctx.lex.np_stop or lower in PREPOSITIONS or lower in ctx.lex.cue_lemma:
        return False
    if is_pronoun(ctx, i) and lower not in POSSESSIVE_DETERMINERS:
        return False
    if first and not token.ent_type_ and len(lower) > 4 and lower.endswith(("ed", "ing")):
        return False  # "Asked about the dam ...", "Speaking to reporters ..."
    return token.is_alpha or token.like_num or token.text in ("'s", "’s", "-")


def _fits_inside(ctx: Context, i: int, after_relative: bool) -> bool:
    """May token ``i`` sit between the postmodifier's start and the cue?"""
    token = ctx.doc[i]
    lower = token.lower_
    if token.text in SEPARATOR_CHARS or token.is_space:
        return False
    if is_pronoun(ctx, i) and lower not in POSSESSIVE_DETERMINERS and lower != "it":
        return False
    if lower in RELATIVES or lower in PREPOSITIONS or lower in ("the", "a", "an"):
        return True
    if after_relative and lower in RELATIVE_AUXILIARIES:
        return True
    return lower not in ctx.lex.np_stop and lower not in ctx.lex.cue_lemma


def extend_to_subject(ctx: Context, speaker: tuple[int, int], start: int) -> tuple[int, int]:
    """The whole subject when ``speaker`` (ending just before the cue) is only the tail
    of a noun phrase with a postmodifier that opens its clause."""
    doc = ctx.doc
    begin, end = speaker
    if end - begin == 1 and is_pronoun(ctx, begin):
        return speaker
    whole = _clause_subject(ctx, speaker, start)
    if whole is not None:
        return whole
    # "... according to one source familiar with the matter, who said": the noun
    # phrase before "familiar with"
    if (
        begin - 3 >= start
        and doc[begin - 1].lower_ in PREPOSITIONS
        and doc[begin - 2].lower_ in POSTMODIFIER_WORDS
        and _can_head(ctx, begin - 3, False)
    ):
        head = begin - 3
        while head - 1 >= start and _can_head(ctx, head - 1, False) and begin - head < 8:
            head -= 1
        while head - 1 >= start and doc[head - 1].lower_ in ("the", "a", "an"):
            head -= 1
        return (head, end)
    return speaker


def _clause_subject(ctx: Context, speaker: tuple[int, int], start: int) -> tuple[int, int] | None:
    """The subject from the start of the clause, when it opens with a noun phrase and
    a postmodifier that runs on to ``speaker``."""
    doc = ctx.doc
    begin, end = speaker
    if begin > start and doc[begin - 1].lower_ in RELATIVES:
        return None  # "choices that Nancy Pelosi called": the relative clause's own subject
    h = begin - 1  # back to the clause's start: a separator or the sentence's start
    while h >= start and doc[h].text not in SEPARATOR_CHARS and begin - h < SUBJECT_MAX_TOKENS:
        h -= 1
    if h >= start and doc[h].text not in SEPARATOR_CHARS:
        return None
    h += 1
    while h < begin and doc[h].lower_ in SENTENCE_ADVERBS:
        h += 1
    if h >= begin or not _can_head(ctx, h, first=True):
        return None
    t = h + 1
    while t < begin and t - h < HEAD_MAX_TOKENS and not _opens_postmodifier(ctx, t, end, True):
        if not _can_head(ctx, t, first=False):
            return None
        t += 1
    if t >= begin or not _opens_postmodifier(ctx, t, end, True):
        return None
    after_relative = False
    for k in range(t, begin):
        after_relative = after_relative or doc[k].lower_ in RELATIVES
        if not _fits_inside(ctx, k, after_relative):
            return None
    return (h, end)


def postmodifier_at(ctx: Context, span: tuple[int, int]) -> int | None:
    """Where the description of a speaker phrase starts ("familiar", "who", "close"),
    after its head noun phrase; prepositions do not count ("spokesman for the
    council" is named by all of it)."""
    for i in range(span[0] + 1, span[1]):
        if _opens_postmodifier(ctx, i, span[1], prepositions=False):
            return i
    return None
