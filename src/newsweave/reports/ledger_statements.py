"""One speaker's quotes as statements: the same statement in several articles once.

Two quotes of one speaker are one statement when they are the same words (most of
their content words shared), a paraphrase (five content words or more, and most of
the shorter one's, shared), or when they are paraphrased around the same quoted
words: a quoted passage of three words or more in one found in the other, or the
same short quoted words with part of the paraphrase shared. Within one article two
quotes are one statement only when their words are the same.
"""

from __future__ import annotations

import re
from itertools import combinations

from newsweave.reports.ledger import Carrier, Statement
from newsweave.reports.ledger_said import Said

_WORD = re.compile(r"\w+")
_QUOTED = re.compile(r"[\"“”]([^\"“”]+)[\"“”]")
_STOP = frozenset(
    [
        "a",
        "an",
        "the",
        "and",
        "or",
        "but",
        "of",
        "to",
        "in",
        "on",
        "at",
        "for",
        "by",
        "with",
        "from",
        "as",
        "is",
        "are",
        "was",
        "were",
        "be",
        "been",
        "has",
        "have",
        "had",
        "that",
        "this",
        "it",
        "its",
        "he",
        "she",
        "they",
        "we",
        "i",
        "you",
        "our",
        "their",
        "his",
        "her",
        "not",
        "no",
        "would",
        "will",
        "could",
        "should",
        "can",
        "may",
        "there",
        "said",
        "says",
    ]
)
SAME_WORDS = 0.5  # content-word Jaccard of two renderings of one statement
PARAPHRASE_WORDS = 5  # content words two paraphrases of one statement share at least
PARAPHRASE_SHARE = 0.6  # ... and this share of the shorter one's
SHORT_QUOTE_OVERLAP = 0.25  # what else two quotes around the same short words share
KINDS = {"direct": "direct", "mixed": "mixed", "indirect": "reported"}


def merge_statements(said: list[Said]) -> list[Statement]:
    """The statements of one speaker, in order of first appearance."""
    words = [_words(s.quote.text) for s in said]
    content = [frozenset(w for w in ws if w not in _STOP) for ws in words]
    quoted = [_quoted(s) for s in said]
    parent = list(range(len(said)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, j in combinations(range(len(said)), 2):
        if root(i) == root(j):
            continue
        if words[i] == words[j]:
            same = True
        elif said[i].article.id == said[j].article.id:
            same = False
        else:
            same = _same_statement(content[i], content[j], quoted[i], quoted[j])
        if same:
            parent[root(j)] = root(i)
    groups: dict[int, list[int]] = {}
    for i in range(len(said)):
        groups.setdefault(root(i), []).append(i)
    statements = [_statement([said[i] for i in members]) for members in groups.values()]
    statements.sort(key=lambda s: _order(s.carriers[0]))
    return statements


def _words(text: str) -> tuple[str, ...]:
    return tuple(w.lower() for w in _WORD.findall(text))


def _quoted(said: Said) -> list[str]:
    """The quoted passages, as lower-case words joined by spaces (all of a direct
    quote's words)."""
    if said.quote.kind == "direct":
        return [" ".join(_words(said.quote.text))]
    return [" ".join(_words(m.group(1))) for m in _QUOTED.finditer(said.quote.text)]


def _same_statement(
    first: frozenset[str], second: frozenset[str], quoted_a: list[str], quoted_b: list[str]
) -> bool:
    shared = len(first & second)
    overlap = shared / len(first | second) if first or second else 0.0
    if overlap >= SAME_WORDS and min(len(first), len(second)) >= 3:
        return True
    # a paraphrase: most of the shorter rendering's words in the longer one
    if shared >= PARAPHRASE_WORDS and shared >= PARAPHRASE_SHARE * min(len(first), len(second)):
        return True
    for a in quoted_a:
        for b in quoted_b:
            shorter, longer = (a, b) if len(a) <= len(b) else (b, a)
            if not shorter or f" {shorter} " not in f" {longer} ":
                continue
            if shorter.count(" ") >= 2 or overlap >= SHORT_QUOTE_OVERLAP:
                return True
    return False


def _statement(members: list[Said]) -> Statement:
    members = sorted(members, key=lambda s: _order(_carrier(s)))
    # The fullest rendering stands for the statement; the earliest on a tie.
    best = max(members, key=lambda s: (len(s.quote.text), -members.index(s)))
    return Statement(
        text=best.quote.text,
        kind=KINDS.get(best.quote.kind, best.quote.kind),
        cue=best.quote.cue,
        carriers=tuple(_carrier(s) for s in members),
    )


def _carrier(said: Said) -> Carrier:
    article = said.article
    return Carrier(article.id, article.outlet, article.published, said.quote.start, said.quote.end)


def _order(carrier: Carrier) -> tuple[str, str, int]:
    published = carrier.published.isoformat() if carrier.published else "9999"
    return (published, carrier.article_id, carrier.start)
