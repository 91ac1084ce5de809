"""Antecedent resolution for speakers: the earlier speaker or person mention a pronoun
("he said") or a definite role ("the spokesman said") stands for."""

from __future__ import annotations

import re
from bisect import bisect_right
from itertools import accumulate

from spacy.tokens import Span as SpacySpan

from newsweave.analyze.quotes.names import POSSESSIVE
from newsweave.analyze.quotes.person_names import PersonNames
from newsweave.analyze.quotes.spans import Context
from newsweave.analyze.quotes.speaker_info import SpeakerInfo

# How far back (in paragraphs) the last speaker still outranks a closer plain mention.
SPEAKER_REACH_PARAGRAPHS = 2
MENTION_LOOKBACK = 30  # person mentions searched back for a pronoun
# Words that make a described source a group ("two engineers"): "One said" is one of it.
_GROUP_WORDS = frozenset({"two", "three", "four", "five", "several", "some", "many", "both"})


class Antecedents:
    """Who spoke before and which persons were mentioned, read in reading order."""

    def __init__(self, ctx: Context, persons: list[SpacySpan], naming: PersonNames) -> None:
        self.ctx = ctx
        self.persons = persons
        self.person_starts = [e.start_char for e in persons]
        self.naming = naming
        self.paragraph_starts = [0] + [m.end() for m in re.finditer(r"\n+", ctx.text)]
        self.history: list[SpeakerInfo] = []
        # Mentions inside quoted speech or inside a role phrase ("Mr X's spokesman")
        # are not candidates for a later "he".
        self.blocked_roles: list[tuple[int, int]] = []
        self.content_starts: list[int] = []
        self.content_reach: list[int] = []

    def block_contents(self, spans: list[tuple[int, int]]) -> None:
        """Mentions inside what someone said are not antecedents for a later pronoun."""
        ordered = sorted(spans)
        self.content_starts = [a for a, _ in ordered]
        self.content_reach = list(accumulate((b for _, b in ordered), max))

    def paragraph_of(self, char: int) -> int:
        return bisect_right(self.paragraph_starts, char) - 1

    def resolve(self, info: SpeakerInfo) -> SpeakerInfo:
        """A described speaker with pronouns and definite roles resolved; recorded for
        later pronouns."""
        if info.kind == "pronoun":
            info = self._resolve_pronoun(info)
        elif info.kind == "role":
            info = self._resolve_definite_role(info)
        if info.kind != "pronoun" or info.name or info.anonymous:
            self.history.append(info)
        if info.kind != "pronoun":
            # mentions inside a speaker phrase are that speaker ("Mr X's spokesman",
            # "Jane Roe, a nurse from Millbank"), not separate antecedents
            self.blocked_roles.append((info.start, info.end))
        return info

    def _resolve_pronoun(self, pronoun: SpeakerInfo) -> SpeakerInfo:
        """The nearest compatible earlier speaker or person mention, whichever is closer."""
        wanted = pronoun.gender
        if wanted not in ("m", "f", "p", "n"):
            return pronoun
        here = self.paragraph_of(pronoun.start)
        speaker: SpeakerInfo | None = None
        for earlier in reversed(self.history):
            if earlier.start >= pronoun.start:
                continue
            if here - self.paragraph_of(earlier.start) > SPEAKER_REACH_PARAGRAPHS:
                break
            if _compatible(wanted, earlier):
                speaker = earlier
                break
        mention = self._nearest_person(pronoun.start, wanted) if wanted in ("m", "f") else None
        if mention is not None and (speaker is None or mention.start > speaker.end):
            return _as_pronoun(pronoun, mention)
        return _as_pronoun(pronoun, speaker) if speaker is not None else pronoun

    def _blocked(self, char: int) -> bool:
        if self.ctx.regions_overlapping(char, char + 1):
            return True
        i = bisect_right(self.content_starts, char) - 1
        if i >= 0 and self.content_reach[i] > char:
            return True
        return any(a <= char < b for a, b in self.blocked_roles[-8:])

    def _looks_like_person(self, person: SpacySpan) -> bool:
        """Single capitalised words the model calls PERSON are often places ("Millbank");
        a mention counts when it has two names or a title."""
        lex = self.ctx.lex
        names = [t for t in person if t.lower_ not in lex.titles and t.text not in POSSESSIVE]
        titled = person.start > 0 and self.ctx.doc[person.start - 1].lower_ in lex.titles
        if len(names) >= 2 or titled or len(names) < len(person):
            return True
        # "Mayorkas" after "Alejandro Mayorkas": a surname the article gave in full
        return len(names) == 1 and " " in self.naming.names.nearest(
            names[0].text, person.start_char
        )

    def _resolve_definite_role(self, role: SpeakerInfo) -> SpeakerInfo:
        """'the spokesman said' after 'council spokesman Tim Burr said' is Tim Burr;
        'One said' after 'two engineers said' is one of those engineers."""
        words = role.text.lower().split()
        if words in (["one"], ["another"], ["the", "other"]):
            return self._one_of_a_group(role)
        if len(words) != 2 or words[0] != "the":
            return role
        here = self.paragraph_of(role.start)
        for earlier in reversed(self.history):
            if here - self.paragraph_of(earlier.start) > SPEAKER_REACH_PARAGRAPHS * 2:
                break
            if words[1] in earlier.text.lower().split():
                return SpeakerInfo(
                    role.text,
                    role.start,
                    role.end,
                    earlier.name,
                    earlier.anonymous,
                    earlier.kind,
                    earlier.gender,
                    _mention_of(earlier),
                )
        return role

    def _one_of_a_group(self, role: SpeakerInfo) -> SpeakerInfo:
        here = self.paragraph_of(role.start)
        for earlier in reversed(self.history):
            if here - self.paragraph_of(earlier.start) > SPEAKER_REACH_PARAGRAPHS:
                break
            plural = earlier.gender == "p" or bool(_GROUP_WORDS & set(earlier.text.lower().split()))
            if earlier.anonymous and plural and earlier.start < role.start:
                return SpeakerInfo(
                    role.text, role.start, role.end, None, True, "role", "u", _mention_of(earlier)
                )
        return role

    def _nearest_person(self, before: int, wanted: str) -> SpeakerInfo | None:
        i = bisect_right(self.person_starts, before) - 1
        oldest = max(0, i - MENTION_LOOKBACK)
        while i >= oldest:
            person = self.persons[i]
            i -= 1
            if self._blocked(person.start_char) or not self._looks_like_person(person):
                continue
            g = self.naming.person_gender(person)
            if g in ("u", wanted):
                return SpeakerInfo(
                    person.text,
                    person.start_char,
                    person.end_char,
                    self.naming.full_name(person),
                    False,
                    "person",
                    g,
                )
        return None


def _as_pronoun(pronoun: SpeakerInfo, antecedent: SpeakerInfo) -> SpeakerInfo:
    """The pronoun as written, carrying its antecedent's identity (and what the pronoun
    tells about an antecedent of unknown gender)."""
    gender = pronoun.gender if antecedent.gender == "u" else antecedent.gender
    return SpeakerInfo(
        pronoun.text,
        pronoun.start,
        pronoun.end,
        antecedent.name,
        antecedent.anonymous,
        antecedent.kind,
        gender,
        _mention_of(antecedent),
    )


def _mention_of(info: SpeakerInfo) -> tuple[str, int, int]:
    """The mention ``info`` stands for: its own antecedent when it is itself resolved
    ("he" after "he" after "the spokesman"), else its own phrase."""
    return info.antecedent or (info.text, info.start, info.end)


def _compatible(wanted: str, earlier: SpeakerInfo) -> bool:
    if wanted in ("m", "f"):
        return earlier.kind in ("person", "role") and earlier.gender in (wanted, "u")
    if wanted == "p":
        return earlier.gender == "p" or earlier.kind == "org"
    return earlier.kind == "org"
