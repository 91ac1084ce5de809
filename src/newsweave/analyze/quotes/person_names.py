"""Name resolution for speakers: the full name a person mention stands for ("Mr
Blair" -> "Tony Blair") and the gender the article tells for it."""

from __future__ import annotations

from spacy.tokens import Span as SpacySpan

from newsweave.analyze.quotes.names import NAME_TITLES, FullNames
from newsweave.analyze.quotes.spans import Context
from newsweave.analyze.quotes.text import Lexicon, indices_of_words


class PersonNames:
    """The article's person mentions, named in full and gendered where it can tell."""

    def __init__(self, ctx: Context, persons: list[SpacySpan]) -> None:
        self.ctx = ctx
        doc = ctx.doc
        self.names = FullNames(persons, ctx.text, ctx.lex.titles)
        # "Mr Meury said" anywhere in the article tells that Jonas Meury is a man (and
        # says nothing about his niece Hanna Meury): genders are kept by full name.
        self.name_gender: dict[str, str] = {}
        for i in indices_of_words(doc, lambda word: word.rstrip(".") in NAME_TITLES):
            nxt = doc[i + 1] if i + 1 < len(doc) else None
            if nxt is not None and nxt.is_title:
                full = self.names.nearest(nxt.text, nxt.idx)
                self.name_gender.setdefault(full, NAME_TITLES[doc[i].lower_.rstrip(".")])

    def full_name(self, person: SpacySpan) -> str:
        """'Mr Blair' -> 'Tony Blair' when the article named him in full before."""
        tokens = self.names.name_words(person)
        if not tokens:
            return person.text
        if len(tokens) > 1:
            return " ".join(tokens)
        return self.names.nearest(tokens[0], person.start_char)

    def person_gender(self, person: SpacySpan) -> str:
        lex = self.ctx.lex
        before = [self.ctx.doc[person.start - 1].lower_] if person.start else []
        g = gender_of(before, lex.male, lex.female)
        if g == "u":
            g = gender_of([t.lower_ for t in person], lex.male, lex.female)
        if g == "u":
            g = self.name_gender.get(self.full_name(person), "u")
        if g == "u":
            g = first_name_gender(self.full_name(person), lex)
        return g


def first_name_gender(full_name: str, lex: Lexicon) -> str:
    """'Megyn Kelly' -> 'f': the gender a common first name tells, else 'u'."""
    words = full_name.split()
    return lex.first_name_gender.get(words[0].lower(), "u") if len(words) > 1 else "u"


def gender_of(words: list[str], male: frozenset[str], female: frozenset[str]) -> str:
    if any(w in male for w in words):
        return "m"
    if any(w in female for w in words):
        return "f"
    return "u"
