"""Persons the model tags ORG or misses: a role or title word, then a capitalised
First Last name ("Harbour master Ines Taavi", "council spokeswoman Maren Holt").

The small English model often reads a name it has not seen as an organisation, and a
lower-case role before it as a PERSON ("harbour master"); the role word in front is
what says a person follows.
"""

from __future__ import annotations

from collections.abc import Sequence

from spacy.tokens import Doc, Token
from spacy.tokens import Span as SpacySpan

from newsweave.analyze.quotes.names import NAME_TITLES
from newsweave.analyze.quotes.text import Lexicon

# Title words written before a name, capitalised or not ("Mayor", "harbour master").
TITLE_WORDS = frozenset(
    {
        "mayor",
        "master",
        "captain",
        "chief",
        "director",
        "inspector",
        "professor",
        "judge",
        "president",
        "governor",
        "senator",
        "chairman",
        "chairwoman",
        "councillor",
        "councilman",
        "councilwoman",
        "engineer",
        "manager",
        "secretary",
        "superintendent",
        "sergeant",
        "constable",
        "detective",
        "general",
        "colonel",
        "dr",
        "dr.",
        "prof",
        "prof.",
    }
)
# Words that make a capitalised run an organisation's or a place's name.
NOT_NAME_WORDS = frozenset(
    {
        "council",
        "ministry",
        "department",
        "authority",
        "board",
        "agency",
        "company",
        "group",
        "party",
        "university",
        "hospital",
        "police",
        "service",
        "services",
        "office",
        "water",
        "hydro",
        "bank",
        "court",
        "the",
        "of",
        "and",
    }
)
NOT_NAME_LABELS = frozenset({"GPE", "NORP", "FAC", "LOC", "DATE", "TIME", "CARDINAL"})


def _is_title_word(token: Token, lex: Lexicon) -> bool:
    lower = token.lower_.rstrip(".") if token.lower_ != "dr." else token.lower_
    return lower in TITLE_WORDS or lower in NAME_TITLES or lower in lex.titles


def _is_role_word(token: Token, lex: Lexicon) -> bool:
    """A lower-case role ("spokeswoman", "master") or any title word."""
    if _is_title_word(token, lex):
        return True
    return token.is_lower and token.is_alpha and token.lower_ in lex.role_nouns


def _name_word(token: Token) -> bool:
    return (
        token.is_alpha
        and token.is_title
        and len(token.text) > 1
        and token.lower_ not in NOT_NAME_WORDS
        and token.ent_type_ not in NOT_NAME_LABELS
    )


def titled_name_at(doc: Doc, first: int, lex: Lexicon, limit: int) -> SpacySpan | None:
    """The First Last (or First Middle Last) name starting at token ``first`` when a
    role or title word stands right before it."""
    if first == 0 or not _is_role_word(doc[first - 1], lex):
        return None
    end = first
    while end < limit and end - first < 3 and _name_word(doc[end]):
        end += 1
    if end - first < 2 or _is_title_word(doc[first], lex):
        return None
    if end < limit and doc[end].is_title and doc[end].is_alpha:
        return None  # a longer capitalised run is more likely an organisation
    return doc[first:end]


def titled_name_in(phrase: SpacySpan, lex: Lexicon) -> SpacySpan | None:
    """A titled name that ends a speaker phrase ("Harbour master Ines Taavi")."""
    doc = phrase.doc
    for first in range(phrase.start + 1, phrase.end - 1):
        found = titled_name_at(doc, first, lex, phrase.end)
        if found is not None and found.end == phrase.end:
            return found
    return None


def misread_persons(doc: Doc, ents: Sequence[SpacySpan], lex: Lexicon) -> list[SpacySpan]:
    """ORG entities that are titled names: person mentions for pronouns and surnames."""
    found = []
    for entity in ents:
        if entity.label_ != "ORG":
            continue
        first = entity.start + int(_is_title_word(doc[entity.start], lex))  # "Mayor Ilse Varga"
        name = titled_name_at(doc, first, lex, entity.end)
        if name is not None and name.end == entity.end:
            found.append(name)
    return found
