"""What the quote finder learns about a speaker phrase: who it names, and how."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class SpeakerInfo:
    text: str
    start: int  # char offsets of the phrase as written
    end: int
    name: str | None
    anonymous: bool
    kind: str  # person | org | role | pronoun | other
    gender: str  # m | f | u (unknown) | n (neuter) | p (plural)
    # The earlier mention a pronoun or a definite role ("the spokesman") was resolved
    # to, as written, with its char offsets: the first mention of a chain of pronouns.
    antecedent: tuple[str, int, int] | None = None
