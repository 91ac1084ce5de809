"""Full names by surname within one article: "Mr Blair" is "Tony Blair" when the
article names him in full.

Looked up for every titled surname, so the article's person mentions are indexed by
surname once, and a full name the model missed is searched for once per surname: the
cost grows with the article's length, not with its square.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Sequence

from spacy.tokens import Span as SpacySpan

POSSESSIVE = frozenset({"'s", "’s", "'", "’"})
NAME_TITLES = {
    "mr": "m",
    "sir": "m",
    "lord": "m",
    "mrs": "f",
    "ms": "f",
    "miss": "f",
    "lady": "f",
    "dame": "f",
}


class FullNames:
    """The full names (two words or more) of an article's person mentions."""

    def __init__(self, persons: Sequence[SpacySpan], text: str, titles: frozenset[str]) -> None:
        self.text = text
        self.titles = titles
        # surname -> (start characters, full names) of its mentions, in text order
        self.by_surname: dict[str, tuple[list[int], list[str]]] = {}
        for person in persons:
            words = self.name_words(person)
            if len(words) > 1:
                starts, names = self.by_surname.setdefault(words[-1], ([], []))
                starts.append(person.start_char)
                names.append(" ".join(words))
        self.missed: dict[str, tuple[int, str] | None] = {}

    def name_words(self, person: SpacySpan) -> list[str]:
        """The words of a mention without titles and possessive endings."""
        return [t.text for t in person if t.lower_ not in self.titles and t.text not in POSSESSIVE]

    def first(self, surname: str) -> str | None:
        """The first full name in the article with this surname."""
        found = self.by_surname.get(surname)
        return found[1][0] if found else None

    def nearest(self, surname: str, position: int) -> str:
        """The last full name with this surname before ``position``, else the first
        after it, else one the model missed before it, else the surname itself."""
        found = self.by_surname.get(surname)
        if found:
            starts, names = found
            earlier = bisect_left(starts, position)
            return names[earlier - 1] if earlier else names[0]
        return self._missed_before(surname, position) or surname

    def _missed_before(self, surname: str, before: int) -> str | None:
        """'Ms Pirow' -> 'Dana Pirow' when the model missed the full name as an entity."""
        if surname not in self.missed:
            self.missed[surname] = self._first_missed(surname)
        first = self.missed[surname]
        return first[1] if first is not None and first[0] <= before else None

    def _first_missed(self, surname: str) -> tuple[int, str] | None:
        pattern = re.compile(r"\b([A-Z][a-z]+) " + re.escape(surname) + r"\b")
        not_first_names = self.titles | NAME_TITLES.keys()
        for match in pattern.finditer(self.text):
            if match.group(1).lower() not in not_first_names:
                return match.end(), f"{match.group(1)} {surname}"
        return None
