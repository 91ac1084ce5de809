"""The quote-aware sentence splitter the analysis and the reports share.

Sentences end at . ! ? (with the closing marks after them) when the next token starts a
sentence, and at every line break, so none crosses a paragraph; a quotation that runs
over several sentences is split like any other text, its marks kept with the sentence
they close. Over-long runs with no full stop are cut (``MAX_SENTENCE_TOKENS``).
It works on tokens only, so a blank tokenizer (``sentences_of_text``) splits an
article as the analyzer's NER pipeline does.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import lru_cache
from typing import Any

from spacy.tokens import Doc

from newsweave.limits import check_deadline
from newsweave.records import Sentence

SENTENCE_END = frozenset({".", "!", "?", "...", "…"})
CLOSING_TOKENS = frozenset({'"', "”", "’", "'", ")", "]", "»"})
OPENING_QUOTES = frozenset({'"', "“", "‘", "'", "«", "„"})
# Longest sentence, in tokens, before it is cut: the quote and time-expression steps
# scan a sentence per cue word, so without a bound a paragraph with no full stop (one
# "sentence" of a million words) costs quadratic time. Real sentences stay far below.
MAX_SENTENCE_TOKENS = 250
# An over-long sentence is cut at the last of these in its second half, if any.
SOFT_BREAKS = frozenset({";", ",", ":", "—", "–"})
DEADLINE_EVERY_TOKENS = 4096


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


def sentence_records(doc: Doc, spans: list[tuple[int, int]] | None = None) -> tuple[Sentence, ...]:
    """The sentences of ``doc`` (its ``spans`` when already split) with their character
    offsets and text."""
    return tuple(
        Sentence(doc[a].idx, doc[b - 1].idx + len(doc[b - 1].text), doc[a:b].text)
        for a, b in (split_sentences(doc) if spans is None else spans)
    )


def sentences_of_text(text: str) -> tuple[Sentence, ...]:
    """Sentences of a plain text over a blank English tokenizer (no model): for text
    that was never analyzed."""
    return sentence_records(_blank_english()(text))


@lru_cache(maxsize=1)
def _blank_english() -> Any:
    import spacy

    return spacy.blank("en")
