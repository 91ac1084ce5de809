"""Who a speaker phrase names: a person, an organisation, an anonymous role, or a
pronoun resolved to the nearest compatible earlier speaker or person mention."""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass

from spacy.tokens import Doc
from spacy.tokens import Span as SpacySpan

from newsweave.analyze.quotes_cues import Draft
from newsweave.analyze.quotes_spans import Context

NAME_LABELS = frozenset({"PERSON"})
BODY_LABELS = frozenset({"ORG", "GPE", "NORP", "FAC"})
POSSESSIVE = frozenset({"'s", "’s", "'", "’"})
# How far back (in paragraphs) the last speaker still outranks a closer plain mention.
SPEAKER_REACH_PARAGRAPHS = 2


@dataclass(frozen=True, slots=True)
class SpeakerInfo:
    text: str
    start: int  # char offsets of the phrase as written
    end: int
    name: str | None
    anonymous: bool
    kind: str  # person | org | role | pronoun | other
    gender: str  # m | f | u (unknown) | n (neuter) | p (plural)


class SpeakerResolver:
    """Resolves speaker phrases in reading order, remembering who spoke before."""

    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx
        doc = ctx.doc
        self.ents: list[SpacySpan] = list(doc.ents)  # Doc.ents builds new spans per access
        self.ent_starts = [e.start for e in self.ents]
        self.persons: list[SpacySpan] = [e for e in self.ents if e.label_ in NAME_LABELS]
        self.person_starts = [e.start_char for e in self.persons]
        text = ctx.text
        self.paragraph_starts = [0] + [i + 1 for i, ch in enumerate(text) if ch == "\n"]
        self.history: list[SpeakerInfo] = []
        # Mentions inside quoted speech or inside a role phrase ("Mr X's spokesman")
        # are not candidates for a later "he".
        self.blocked: list[tuple[int, int]] = [(r.start, r.end) for r in ctx.regions]

    def paragraph_of(self, char: int) -> int:
        return bisect_right(self.paragraph_starts, char) - 1

    def describe(self, span: tuple[int, int]) -> SpeakerInfo:
        doc, lex = self.ctx.doc, self.ctx.lex
        phrase = doc[span[0] : span[1]]
        text = phrase.text
        start, end = phrase.start_char, phrase.end_char
        lowers = [t.lower_ for t in phrase]
        gender = _gender(lowers, lex.male, lex.female)
        if len(phrase) == 1 and lowers[0] in lex.pronoun_gender:
            g = lex.pronoun_gender[lowers[0]]
            return SpeakerInfo(text, start, end, None, False, "pronoun", g)
        inside = self._ents_within(span)
        named = [e for e in inside if e.label_ in NAME_LABELS and not _possessive(doc, e, span[1])]
        outside = [t for t in phrase if not t.ent_type_]
        has_role = any(t.lower_ in lex.role_nouns for t in outside)
        if named:
            person = named[-1]
            title_gender = _gender(
                [doc[person.start - 1].lower_] if person.start else [], lex.male, lex.female
            )
            g = (
                title_gender
                if title_gender != "u"
                else _gender([t.lower_ for t in person], lex.male, lex.female)
            )
            return SpeakerInfo(text, start, end, self.full_name(person), False, "person", g)
        if has_role:
            plural = any(t.lower_.endswith("s") and t.lower_ in lex.role_nouns for t in outside)
            return SpeakerInfo(text, start, end, None, True, "role", "p" if plural else gender)
        bodies = [e for e in inside if e.label_ in BODY_LABELS and not _possessive(doc, e, span[1])]
        words = [t for t in phrase if t.is_alpha]
        if words and all(t.is_upper for t in words):  # transcript turns: "PENCE:"
            known = self._surname_lookup(words[-1].text.title())
            if known is not None:
                return SpeakerInfo(text, start, end, known, False, "person", "u")
        if bodies:
            return SpeakerInfo(text, start, end, _strip_the(bodies[-1].text), False, "org", "n")
        if any(t.is_title for t in phrase[1:]) or (
            len(phrase)
            and phrase[0].is_title
            and phrase[0].lower_ not in lex.np_stop
            and phrase[0].lower_ != "the"
        ):
            return SpeakerInfo(text, start, end, _strip_the(text), False, "other", gender)
        return SpeakerInfo(text, start, end, None, False, "other", gender)

    def _ents_within(self, span: tuple[int, int]) -> list[SpacySpan]:
        i = bisect_right(self.ent_starts, span[0] - 1)
        found = []
        while i < len(self.ents) and self.ents[i].start < span[1]:
            if self.ents[i].end <= span[1]:
                found.append(self.ents[i])
            i += 1
        return found

    def _surname_lookup(self, surname: str) -> str | None:
        lex = self.ctx.lex
        for other in self.persons:
            words = [t.text for t in other if t.lower_ not in lex.titles]
            words = [w for w in words if w not in POSSESSIVE]
            if len(words) > 1 and words[-1] == surname:
                return " ".join(words)
        return None

    def full_name(self, person: SpacySpan) -> str:
        """'Mr Blair' -> 'Tony Blair' when the article named him in full before."""
        lex = self.ctx.lex
        tokens = [t.text for t in person if t.lower_ not in lex.titles and t.text not in POSSESSIVE]
        if not tokens:
            return person.text
        if len(tokens) > 1:
            return " ".join(tokens)
        surname = tokens[0]
        best: str | None = None
        for other in self.persons:
            words = [
                t.text for t in other if t.lower_ not in lex.titles and t.text not in POSSESSIVE
            ]
            earlier = other.start_char < person.start_char
            if len(words) > 1 and words[-1] == surname and (earlier or best is None):
                best = " ".join(words)
        return best or surname

    def resolve(self, draft: Draft) -> SpeakerInfo | None:
        """The speaker of a draft, with pronouns resolved; recorded for later pronouns."""
        if draft.speaker is None:
            return None
        info = self.describe(draft.speaker)
        if info.kind == "pronoun":
            info = self._resolve_pronoun(info)
        if info.kind != "pronoun" or info.name or info.anonymous:
            self.history.append(info)
        if info.kind == "role":
            self.blocked.append((info.start, info.end))
        return info

    def _resolve_pronoun(self, pronoun: SpeakerInfo) -> SpeakerInfo:
        wanted = pronoun.gender
        if wanted not in ("m", "f", "p", "n"):
            return pronoun
        here = self.paragraph_of(pronoun.start)
        for earlier in reversed(self.history):
            if earlier.start >= pronoun.start:
                continue
            if here - self.paragraph_of(earlier.start) > SPEAKER_REACH_PARAGRAPHS:
                break
            if _compatible(wanted, earlier):
                return _as_pronoun(pronoun, earlier)
        if wanted in ("m", "f"):
            mention = self._nearest_person(pronoun.start, wanted)
            if mention is not None:
                return _as_pronoun(pronoun, mention)
        return pronoun

    def _nearest_person(self, before: int, wanted: str) -> SpeakerInfo | None:
        doc, lex = self.ctx.doc, self.ctx.lex
        i = bisect_right(self.person_starts, before) - 1
        while i >= 0:
            person = self.persons[i]
            i -= 1
            if any(a <= person.start_char < b for a, b in self.blocked):
                continue
            title = [doc[person.start - 1].lower_] if person.start else []
            g = _gender(title, lex.male, lex.female)
            if g in ("u", wanted):
                return SpeakerInfo(
                    person.text,
                    person.start_char,
                    person.end_char,
                    self.full_name(person),
                    False,
                    "person",
                    g,
                )
        return None


def _as_pronoun(pronoun: SpeakerInfo, antecedent: SpeakerInfo) -> SpeakerInfo:
    """The pronoun as written, carrying its antecedent's identity."""
    return SpeakerInfo(
        pronoun.text,
        pronoun.start,
        pronoun.end,
        antecedent.name,
        antecedent.anonymous,
        antecedent.kind,
        antecedent.gender,
    )


def _compatible(wanted: str, earlier: SpeakerInfo) -> bool:
    if wanted in ("m", "f"):
        return earlier.kind in ("person", "role") and earlier.gender in (wanted, "u")
    if wanted == "p":
        return earlier.gender == "p" or earlier.kind == "org"
    return earlier.kind == "org"


def _gender(words: list[str], male: frozenset[str], female: frozenset[str]) -> str:
    if any(w in male for w in words):
        return "m"
    if any(w in female for w in words):
        return "f"
    return "u"


def _possessive(doc: Doc, entity: SpacySpan, limit: int) -> bool:
    """'Tony Blair's spokesman': the entity qualifies someone else (NER may keep the 's)."""
    return entity[-1].text in POSSESSIVE or _followed_by_possessive(doc, entity.end, limit)


def _followed_by_possessive(doc: Doc, end: int, limit: int) -> bool:
    return end < limit and doc[end].text in POSSESSIVE


def _strip_the(text: str) -> str:
    return text[4:] if text.lower().startswith("the ") else text
