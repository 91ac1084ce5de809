"""A denial beside the claim it denies: "has spoken of differences between the US and
Britain" against "has denied any differences with the US" and "there was no daylight
between us", in one article or across outlets.

A denial is a sentence that denies something ("denied", "dismissed", "rejected"…
then what is denied) or says there is none of it ("there was no tension between…",
"no daylight between us"). What is denied is the first content word after the
denial: the claim it conflicts with asserts that word (or a word of the same kind:
differences, disagreement, daylight, tension, rift are one kind) without denying or
negating it, and shares with the denial at least one more word or name beyond it. A
denial of a phrase ("denied that it had ignored warnings") needs the phrase's first
three content words in a claim with no negation in it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from newsweave.reports.compare.clashes import Clash
from newsweave.reports.compare.facts import Claim
from newsweave.reports.traits import STOP_WORDS, WORD, content_terms, stem, word_set

# "denied that / any / reports of X"; "dismissed / rejected claims… of X" (a plan or a
# call rejected is a decision, not a denial; "denying Cain the support" deprives, and
# "was denied bail" is passive: a denial names what it denies with one of these words;
# "did not deny that" is no denial at all).
DENIES = re.compile(
    r"(?<!was )(?<!were )(?<!been )(?<!be )(?<!not )(?<!n't )(?<!never )"
    r"\b(?:den(?:y|ies|ied|ying)|refut(?:es|ed|ing)|rebut(?:s|ted)?|dismiss(?:es|ed|ing)?"
    r"|reject(?:s|ed|ing)?)"
    r"(?:\s+(?:the|any|all|that|there\s+(?:was|were|is|are|had\s+been)))*"
    r"\s+(?:that|any|reports?|claims?|suggestions?|allegations?|accusations?|talk)"
    r"(?:\s+(?:of|that|about))?"
    r"\s+(?P<what>[^.;:!?]{3,120})",
    re.IGNORECASE,
)
NONE_OF = re.compile(
    r"\b(?:there\s+(?:is|was|are|were|has\s+been|had\s+been|would\s+be)\s+no|no)\s+"
    r"(?P<what>\w+(?:\s+\w+)?\s+between\b[^.;:!?]{0,80}|\w+[^.;:!?]{0,80})",
    re.IGNORECASE,
)
# Only "there is no X" and "no X between" deny; a bare "no" ("no doubt", "no final
# decision") is too often something else.
THERE_IS_NO = re.compile(r"\bthere\s+\w+(?:\s+\w+)?\s+no\s+\w+|\bno\s+\w+\s+between\b", re.I)
NEGATION = re.compile(r"\b(?:no|not|never|nor|without|n't|denie[sd]|deny|denying)\b", re.I)
DISCORD = frozenset(
    stem(w)
    for w in word_set(
        """difference differences differ differing disagreement disagreements disagree
        daylight tension tensions rift split division divisions friction dispute discord
        clash rupture"""
    )
)
DISCORD_BETWEEN = re.compile(
    r"\b(?:differences?|disagreements?|daylight|tensions?|rift|split|divisions?|friction"
    r"|disputes?|discord|clash(?:es)?|rupture)\s+(?:\w+\s+)?(?:between|with|over|among)\b"
    r"|\bdiffer\b",
    re.IGNORECASE,
)
MIN_PHRASE_WORDS = 2  # "denied reports he is about to resign" says too little to match
PHRASE_WORDS = 3  # what a denial of a phrase denies: its first few content words


@dataclass(frozen=True, slots=True)
class Denial:
    key: str  # the first content word denied (stemmed)
    words: tuple[str, ...]  # the first content words of what is denied
    phrase: str  # what is denied, as written


def denial_in(text: str) -> Denial | None:
    match = DENIES.search(text)
    if match is None and THERE_IS_NO.search(text):
        match = NONE_OF.search(text[THERE_IS_NO.search(text).start() :])  # type: ignore[union-attr]
    if match is None:
        return None
    phrase = match.group("what").strip()
    words = content_terms(phrase)[:PHRASE_WORDS]
    if not words:
        return None
    if words[0] not in DISCORD and len(words) < MIN_PHRASE_WORDS:
        return None
    # "There is no work for them" is no denial; "there was no tension between" is.
    if match.re is NONE_OF and words[0] not in DISCORD:
        return None
    return Denial(key=words[0], words=words, phrase=" ".join(WORD.findall(phrase)[:8]))


def denial_clashes(claims: Sequence[Claim]) -> list[Clash]:
    """Every denial with every claim it denies (claims of any article of the subject)."""
    denials = {k: d for k, c in enumerate(claims) if (d := denial_in(c.text)) is not None}
    if not denials:
        return []
    by_term: dict[str, list[int]] = {}
    for k, claim in enumerate(claims):
        for term in set(claim.terms):
            by_term.setdefault(term, []).append(k)
    found = []
    for k, denial in denials.items():
        kinds = DISCORD if denial.key in DISCORD else frozenset({denial.key})
        candidates = {j for term in kinds for j in by_term.get(term, ())}
        for j in sorted(candidates):
            if j != k and j not in denials and _asserts(claims[j], denial, claims[k]):
                key = "discord" if denial.key in DISCORD else denial.key
                found.append(Clash("denial", key, j, k, (denial.phrase,)))
    return found


def _asserts(claim: Claim, denial: Denial, denying: Claim) -> bool:
    """The claim says what the denial denies, in its own voice or a source's."""
    terms = set(claim.terms)
    kinds = DISCORD if denial.key in DISCORD else frozenset({denial.key})
    if _negated(claim.text, kinds):
        return False
    # A phrase denied ("that it had ignored warnings about the embankment") is asserted
    # only by a claim with all its first words and no negation at all.
    if denial.key not in DISCORD and (
        not set(denial.words) <= terms or NEGATION.search(claim.text) or "n't" in claim.text
    ):
        return False
    if denial.key in DISCORD:
        # Differences between whom: the claim speaks of discord between, with or over
        # someone ("differences between the US and Britain", not "disputed claims"),
        # and names a party the denial names.
        return bool(DISCORD_BETWEEN.search(claim.text)) and bool(claim.names & denying.names)
    shared = (terms - kinds) & (set(denying.terms) - kinds)
    return bool(shared or claim.names & denying.names)


def _negated(text: str, kinds: frozenset[str]) -> bool:
    """A word of ``kinds`` with a negation in the three words before it."""
    words = WORD.findall(text)
    for n, word in enumerate(words):
        if word.lower() in STOP_WORDS or stem(word.lower()) not in kinds:
            continue
        before = words[max(0, n - 3) : n]
        if any(NEGATION.fullmatch(w) or w.lower().endswith("n't") for w in before):
            return True
    return False
