"""Shared pieces for quote extraction: the cue lexicon and a quote-aware sentence splitter.

Everything here works on bare tokens plus named entities: the analysis pipeline runs
spaCy's NER but neither tagger nor parser (they would halve its speed), so attribution
is found from word lists and token shapes rather than from a parse.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from spacy.tokens import Doc

from newsweave.limits import check_deadline

SENTENCE_END = frozenset({".", "!", "?", "...", "…"})
CLOSING_TOKENS = frozenset({'"', "”", "’", "'", ")", "]", "»"})
OPENING_QUOTES = frozenset({'"', "“", "‘", "'", "«", "„"})
DASHES = frozenset({"—", "–", "-", "--", "―"})
# Longest sentence, in tokens, before it is cut: the quote and time-expression steps
# scan a sentence per cue word, so without a bound a paragraph with no full stop (one
# "sentence" of a million words) costs quadratic time. Real sentences stay far below.
MAX_SENTENCE_TOKENS = 250
# An over-long sentence is cut at the last of these in its second half, if any.
SOFT_BREAKS = frozenset({";", ",", ":", "—", "–"})
DEADLINE_EVERY_TOKENS = 4096


@dataclass(frozen=True, slots=True)
class Lexicon:
    """Word lists for cues, speakers and genders (analyze/data/quote_lexicon.json)."""

    cue_lemma: dict[str, str]  # inflected form -> lemma
    weak_cues: frozenset[str]
    role_nouns: frozenset[str]
    male: frozenset[str]
    female: frozenset[str]
    np_stop: frozenset[str]
    skip_before_cue: frozenset[str]
    pronoun_gender: dict[str, str]
    titles: frozenset[str]


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    raw = json.loads(
        resources.files("newsweave.analyze").joinpath("data/quote_lexicon.json").read_text("utf-8")
    )
    cue_lemma = {form: lemma for lemma, forms in raw["cue_verbs"].items() for form in forms}
    male_titles = frozenset(raw["male_titles"])
    female_titles = frozenset(raw["female_titles"])
    return Lexicon(
        cue_lemma=cue_lemma,
        weak_cues=frozenset(raw["weak_cues"]),
        role_nouns=frozenset(raw["role_nouns"]),
        male=male_titles | frozenset(raw["male_words"]),
        female=female_titles | frozenset(raw["female_words"]),
        np_stop=frozenset(raw["np_stop_words"]),
        skip_before_cue=frozenset(raw["skip_before_cue"]),
        pronoun_gender=dict(raw["pronouns"]),
        titles=male_titles | female_titles | frozenset({"dr", "dr.", "prof", "prof.", "rev"}),
    )


def split_sentences(doc: Doc) -> list[tuple[int, int]]:
    """Sentences as token ranges [start, end): ends at . ! ? (plus closing marks) and
    at every line break, so no sentence ever crosses a paragraph; none is longer than
    MAX_SENTENCE_TOKENS."""
    sentences: list[tuple[int, int]] = []
    n = len(doc)
    start = 0
    i = 0
    while i < n:
        if i % DEADLINE_EVERY_TOKENS == 0:
            check_deadline()
        token = doc[i]
        if token.is_space and "\n" in token.text:
            if i > start:
                sentences.append((start, i))
            start = i + 1
            i += 1
            continue
        if token.text in SENTENCE_END:
            j = i + 1
            while j < n and doc[j].text in CLOSING_TOKENS and _closes(doc, j):
                j += 1
            if j >= n or _starts_sentence(doc, j):
                sentences.append((start, j))
                start = j
                i = j
                continue
        i += 1
    if start < n:
        sentences.append((start, n))
    bounded = (piece for s, e in sentences for piece in _bounded(doc, s, e))
    return [(s, _trim_space(doc, s, e)) for s, e in bounded if _has_words(doc, s, e)]


def _bounded(doc: Doc, start: int, end: int) -> Iterator[tuple[int, int]]:
    """Cut [start, end) into pieces of at most MAX_SENTENCE_TOKENS, after a comma or
    the like when one is in the second half of a piece."""
    while end - start > MAX_SENTENCE_TOKENS:
        limit = start + MAX_SENTENCE_TOKENS
        cut = next(
            (
                k + 1
                for k in range(limit - 1, limit - MAX_SENTENCE_TOKENS // 2, -1)
                if doc[k].text in SOFT_BREAKS
            ),
            limit,
        )
        yield start, cut
        start = cut
    yield start, end


def _closes(doc: Doc, j: int) -> bool:
    # A straight mark right after the full stop closes the quote unless a word follows
    # it with no space in between (then it opens the next quote).
    return doc[j].text not in ("'", '"') or bool(doc[j - 1].whitespace_ == "")


def _starts_sentence(doc: Doc, j: int) -> bool:
    token = doc[j]
    first = token.text[:1]
    return token.is_space or first.isupper() or first.isdigit() or first in OPENING_QUOTES


def _trim_space(doc: Doc, start: int, end: int) -> int:
    while end > start and doc[end - 1].is_space:
        end -= 1
    return end


def _has_words(doc: Doc, start: int, end: int) -> bool:
    return any(not t.is_space for t in doc[start:end])


def token_index_at(doc: Doc, char: int) -> int:
    """Index of the token covering (or first starting after) character ``char``."""
    lo, hi = 0, len(doc)
    while lo < hi:
        mid = (lo + hi) // 2
        if doc[mid].idx + len(doc[mid].text) <= char:
            lo = mid + 1
        else:
            hi = mid
    return lo
