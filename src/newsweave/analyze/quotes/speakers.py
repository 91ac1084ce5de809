"""Who a speaker phrase names: a person, an organisation, an anonymous role, or a
pronoun resolved to the nearest compatible earlier speaker or person mention."""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from itertools import accumulate

from spacy.tokens import Doc, Token
from spacy.tokens import Span as SpacySpan

from newsweave.analyze.quotes.draft import Draft
from newsweave.analyze.quotes.names import NAME_TITLES, POSSESSIVE, FullNames
from newsweave.analyze.quotes.spans import Context
from newsweave.analyze.quotes.subjects import postmodifier_at
from newsweave.analyze.quotes.text import Lexicon, indices_of_words
from newsweave.analyze.quotes.titled import misread_persons, titled_name_in

NAME_LABELS = frozenset({"PERSON"})
BODY_LABELS = frozenset({"ORG", "GPE", "NORP", "FAC"})
# Bodies that speak as themselves: "the council said" is neither named nor anonymous.
INSTITUTIONS = frozenset(
    {
        "government",
        "administration",
        "ministry",
        "department",
        "council",
        "company",
        "firm",
        "campaign",
        "police",
        "army",
        "military",
        "agency",
        "commission",
        "committee",
        "court",
        "party",
        "board",
        "union",
        "group",
        "report",
        "study",
        "survey",
        "poll",
        "polls",
        "statement",
        "letter",
        "website",
        "newspaper",
        "paper",
        "network",
        "bank",
        "team",
        # documents and numbers speak for whoever published them, never as "he"
        "data",
        "figures",
        "statistics",
        "documents",
        "records",
        "filing",
        "filings",
        "estimates",
        "memo",
        "analysis",
        "research",
        "reports",
        "studies",
        "video",
        "footage",
    }
)
# How far back (in paragraphs) the last speaker still outranks a closer plain mention.
SPEAKER_REACH_PARAGRAPHS = 2
MENTION_LOOKBACK = 30  # person mentions searched back for a pronoun
# Words that make a described source a group ("two engineers"): "One said" is one of it.
_GROUP_WORDS = frozenset({"two", "three", "four", "five", "several", "some", "many", "both"})


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


class SpeakerResolver:
    """Resolves speaker phrases in reading order, remembering who spoke before."""

    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx
        doc = ctx.doc
        self.ents: list[SpacySpan] = list(doc.ents)  # Doc.ents builds new spans per access
        self.ent_starts = [e.start for e in self.ents]
        # "harbour master" tagged PERSON is no name; "Ines Taavi" tagged ORG after a
        # role word is one
        self.persons: list[SpacySpan] = sorted(
            [e for e in self.ents if e.label_ in NAME_LABELS and not e.text.islower()]
            + misread_persons(doc, self.ents, ctx.lex),
            key=lambda e: e.start,
        )
        self.person_starts = [e.start_char for e in self.persons]
        self.names = FullNames(self.persons, ctx.text, ctx.lex.titles)
        text = ctx.text
        self.paragraph_starts = [0] + [m.end() for m in re.finditer(r"\n+", text)]
        self.history: list[SpeakerInfo] = []
        # Mentions inside quoted speech or inside a role phrase ("Mr X's spokesman")
        # are not candidates for a later "he".
        self.blocked_roles: list[tuple[int, int]] = []
        self.content_starts: list[int] = []
        self.content_reach: list[int] = []
        # "Mr Meury said" anywhere in the article tells that Jonas Meury is a man (and
        # says nothing about his niece Hanna Meury): genders are kept by full name.
        self.name_gender: dict[str, str] = {}
        for i in indices_of_words(doc, lambda word: word.rstrip(".") in NAME_TITLES):
            nxt = doc[i + 1] if i + 1 < len(doc) else None
            if nxt is not None and nxt.is_title:
                full = self.names.nearest(nxt.text, nxt.idx)
                self.name_gender.setdefault(full, NAME_TITLES[doc[i].lower_.rstrip(".")])

    def block_contents(self, spans: list[tuple[int, int]]) -> None:
        """Mentions inside what someone said are not antecedents for a later pronoun."""
        ordered = sorted(spans)
        self.content_starts = [a for a, _ in ordered]
        self.content_reach = list(accumulate((b for _, b in ordered), max))

    def paragraph_of(self, char: int) -> int:
        return bisect_right(self.paragraph_starts, char) - 1

    def describe(self, span: tuple[int, int]) -> SpeakerInfo:
        cut = postmodifier_at(self.ctx, span)
        if cut is None:
            return self._describe(span)
        # "Sources close to Mayor Ilse Varga": the sources, described by what follows
        core = self._describe((span[0], cut))
        phrase = self.ctx.doc[span[0] : span[1]]
        anonymous = core.anonymous or core.kind == "other"
        kind = "role" if core.kind == "other" else core.kind
        gender = core.gender
        if kind == "role" and gender == "u" and phrase[cut - span[0] - 1].lower_.endswith("s"):
            gender = "p"  # "Engineers familiar with ...": a group
        name = None if anonymous else core.name
        return SpeakerInfo(
            phrase.text, phrase.start_char, phrase.end_char, name, anonymous, kind, gender
        )

    def _describe(self, span: tuple[int, int]) -> SpeakerInfo:
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
        named = [
            e
            for e in inside
            if e.label_ in NAME_LABELS and not _possessive(doc, e, span[1]) and not e.text.islower()
        ]
        outside = [t for t in phrase if not t.ent_type_]
        if named:
            # "Tessa Hydro spokeswoman Dana Pirow": the name that ends the phrase;
            # "Mila Odrin, a nurse from Millbank": otherwise the first one
            person = named[-1] if named[-1].end == span[1] else named[0]
            g = self._person_gender(person)
            return SpeakerInfo(text, start, end, self.full_name(person), False, "person", g)
        titled = titled_name_in(phrase, lex)
        if titled is not None:
            g = _gender(lowers, lex.male, lex.female)
            g = g if g != "u" else self.name_gender.get(titled.text, "u")
            g = g if g != "u" else first_name_gender(titled.text, lex)
            return SpeakerInfo(text, start, end, titled.text, False, "person", g)
        words = [t for t in phrase if t.is_alpha]
        bare_name = "," not in text and not any(t.text in POSSESSIVE for t in phrase)
        if bare_name and 2 <= len(words) <= 3 and words[0].lower_ in NAME_TITLES:
            # "Ms Pirow" when the model did not see a person in it
            name = self.names.nearest(words[-1].text, start)
            return SpeakerInfo(
                text, start, end, name, False, "person", NAME_TITLES[words[0].lower_]
            )
        if bare_name and len(words) == 1 and words[0].is_title:
            full = self.names.nearest(words[0].text, start)
            if " " in full:  # "Varga told ..." after "Mayor Ilse Varga said ..."
                return SpeakerInfo(text, start, end, full, False, "person", "u")
        if [w.lower_ for w in words] in (["one"], ["another"], ["the", "other"]):
            # "One said ...", "Another said ...": one of an unnamed group
            return SpeakerInfo(text, start, end, None, True, "role", "u")
        apposed = _apposed_name(phrase)
        if apposed is not None:
            name = self.full_name(apposed)
            g = self._person_gender(apposed)
            return SpeakerInfo(text, start, end, name, False, "person", g)
        head = _head(phrase, lex.np_stop)
        body = next((e for e in inside if e.start <= head.i < e.end), None)
        if body is not None and body.label_ in BODY_LABELS:
            return SpeakerInfo(text, start, end, _strip_the(body.text), False, "org", "n")
        if any(t.lower_ in lex.role_nouns for t in outside):
            plural = any(t.lower_.endswith("s") and t.lower_ in lex.role_nouns for t in outside)
            return SpeakerInfo(text, start, end, None, True, "role", "p" if plural else gender)
        words = [t for t in phrase if t.is_alpha]
        if words and all(t.is_upper for t in words):  # transcript turns: "PENCE:"
            known = self.names.first(words[-1].text.title())
            if known is not None:
                return SpeakerInfo(text, start, end, known, False, "person", "u")
        if head.is_lower and head.is_alpha and head.lower_ not in INSTITUTIONS:
            # "the harbour master in Kettleby": a described, unnamed person
            return SpeakerInfo(text, start, end, None, True, "role", gender)
        bodies = [e for e in inside if e.label_ in BODY_LABELS and not _possessive(doc, e, span[1])]
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

    def _person_gender(self, person: SpacySpan) -> str:
        lex = self.ctx.lex
        before = [self.ctx.doc[person.start - 1].lower_] if person.start else []
        g = _gender(before, lex.male, lex.female)
        if g == "u":
            g = _gender([t.lower_ for t in person], lex.male, lex.female)
        if g == "u":
            g = self.name_gender.get(self.full_name(person), "u")
        if g == "u":
            g = first_name_gender(self.full_name(person), lex)
        return g

    def _ents_within(self, span: tuple[int, int]) -> list[SpacySpan]:
        i = bisect_right(self.ent_starts, span[0] - 1)
        found = []
        while i < len(self.ents) and self.ents[i].start < span[1]:
            if self.ents[i].end <= span[1]:
                found.append(self.ents[i])
            i += 1
        return found

    def full_name(self, person: SpacySpan) -> str:
        """'Mr Blair' -> 'Tony Blair' when the article named him in full before."""
        tokens = self.names.name_words(person)
        if not tokens:
            return person.text
        if len(tokens) > 1:
            return " ".join(tokens)
        return self.names.nearest(tokens[0], person.start_char)

    def resolve(self, draft: Draft) -> SpeakerInfo | None:
        """The speaker of a draft, with pronouns resolved; recorded for later pronouns."""
        if draft.speaker is None:
            return None
        info = self.describe(draft.speaker)
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
        return len(names) == 1 and " " in self.names.nearest(names[0].text, person.start_char)

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
            g = self._person_gender(person)
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


def _apposed_name(phrase: SpacySpan) -> SpacySpan | None:
    """'The mayor of Brennick, Ilse Varga, who ...': a comma-set run of two or three
    capitalised words is a name even when the model labels it otherwise."""
    segments: list[list[Token]] = [[]]
    for token in phrase:
        if token.text == ",":
            segments.append([])
        else:
            segments[-1].append(token)
    if len(segments) < 2:
        return None
    for segment in segments:
        if 2 <= len(segment) <= 3 and all(t.is_title and t.is_alpha for t in segment):
            if segment[0].lower_ in ("the", "a", "an"):
                continue
            return phrase.doc[segment[0].i : segment[-1].i + 1]
    return None


def _head(phrase: SpacySpan, stop: frozenset[str]) -> Token:
    """The head word of a speaker phrase: the last word before a preposition or comma."""
    for token in phrase:
        if (
            token.lower_ in ("of", "in", "at", "for", "from", "to", "on", "with")
            or token.text == ","
        ) and token.i > phrase.start:
            return phrase.doc[token.i - 1]
    return phrase[-1]


def first_name_gender(full_name: str, lex: Lexicon) -> str:
    """'Megyn Kelly' -> 'f': the gender a common first name tells, else 'u'."""
    words = full_name.split()
    return lex.first_name_gender.get(words[0].lower(), "u") if len(words) > 1 else "u"


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
