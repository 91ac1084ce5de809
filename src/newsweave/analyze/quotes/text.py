"""Shared pieces for quote extraction: the cue lexicon and token look-ups.

Everything here works on bare tokens plus named entities: the analysis pipeline runs
spaCy's NER but neither tagger nor parser (they would halve its speed), so attribution
is found from word lists and token shapes rather than from a parse.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import TYPE_CHECKING

import numpy

if TYPE_CHECKING:
    from spacy.tokens import Doc

DASHES = frozenset({"—", "–", "-", "--", "―"})


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
    # Common first names that tell a person's gender ("Megyn Kelly ... she")
    first_name_gender: dict[str, str]


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
        first_name_gender={n: "m" for n in raw["male_first_names"]}
        | {n: "f" for n in raw["female_first_names"]},
    )


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


def indices_of_words(doc: Doc, wanted: Callable[[str], bool]) -> list[int]:
    """Indices, in order, of the tokens whose lower-cased text passes ``wanted``: asked
    once per distinct word from the doc's attribute array, with no Token made per token
    (the quote steps look for a few cue and title words among thousands)."""
    if not len(doc):
        return []
    words, of_token = numpy.unique(doc.to_array("LOWER"), return_inverse=True)
    strings = doc.vocab.strings
    kept = numpy.array([wanted(strings[word]) for word in words.tolist()], dtype=bool)
    indices: list[int] = numpy.flatnonzero(kept[of_token]).tolist()
    return indices
