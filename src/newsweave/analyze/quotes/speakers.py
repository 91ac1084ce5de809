"""Who a speaker phrase names: a person, an organisation, an anonymous role, or a
pronoun resolved to the nearest compatible earlier speaker or person mention (names:
``person_names``; pronouns and definite roles: ``antecedents``)."""

from __future__ import annotations

from bisect import bisect_right

from spacy.tokens import Doc, Token
from spacy.tokens import Span as SpacySpan

from newsweave.analyze.quotes.antecedents import Antecedents
from newsweave.analyze.quotes.draft import Draft
from newsweave.analyze.quotes.names import NAME_TITLES, POSSESSIVE
from newsweave.analyze.quotes.person_names import PersonNames, first_name_gender, gender_of
from newsweave.analyze.quotes.spans import Context
from newsweave.analyze.quotes.speaker_info import SpeakerInfo
from newsweave.analyze.quotes.subjects import postmodifier_at
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


class SpeakerResolver:
    """Resolves speaker phrases in reading order, remembering who spoke before."""

    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx
        doc = ctx.doc
        self.ents: list[SpacySpan] = list(doc.ents)  # Doc.ents builds new spans per access
        self.ent_starts = [e.start for e in self.ents]
        # "harbour master" tagged PERSON is no name; "Ines Taavi" tagged ORG after a
        # role word is one
        persons: list[SpacySpan] = sorted(
            [e for e in self.ents if e.label_ in NAME_LABELS and not e.text.islower()]
            + misread_persons(doc, self.ents, ctx.lex),
            key=lambda e: e.start,
        )
        self.naming = PersonNames(ctx, persons)
        self.names = self.naming.names
        self.antecedents = Antecedents(ctx, persons, self.naming)

    def block_contents(self, spans: list[tuple[int, int]]) -> None:
        """Mentions inside what someone said are not antecedents for a later pronoun."""
        self.antecedents.block_contents(spans)

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
        gender = gender_of(lowers, lex.male, lex.female)
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
            g = self.naming.person_gender(person)
            return SpeakerInfo(text, start, end, self.naming.full_name(person), False, "person", g)
        titled = titled_name_in(phrase, lex)
        if titled is not None:
            g = gender_of(lowers, lex.male, lex.female)
            g = g if g != "u" else self.naming.name_gender.get(titled.text, "u")
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
            name = self.naming.full_name(apposed)
            g = self.naming.person_gender(apposed)
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

    def _ents_within(self, span: tuple[int, int]) -> list[SpacySpan]:
        i = bisect_right(self.ent_starts, span[0] - 1)
        found = []
        while i < len(self.ents) and self.ents[i].start < span[1]:
            if self.ents[i].end <= span[1]:
                found.append(self.ents[i])
            i += 1
        return found

    def resolve(self, draft: Draft) -> SpeakerInfo | None:
        """The speaker of a draft, with pronouns resolved; recorded for later pronouns."""
        if draft.speaker is None:
            return None
        return self.antecedents.resolve(self.describe(draft.speaker))


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


def _possessive(doc: Doc, entity: SpacySpan, limit: int) -> bool:
    """'Tony Blair's spokesman': the entity qualifies someone else (NER may keep the 's)."""
    return entity[-1].text in POSSESSIVE or _followed_by_possessive(doc, entity.end, limit)


def _followed_by_possessive(doc: Doc, end: int, limit: int) -> bool:
    return end < limit and doc[end].text in POSSESSIVE


def _strip_the(text: str) -> str:
    return text[4:] if text.lower().startswith("the ") else text
