"""Described sources (anonymous ones and bodies named by a description, "the council"):
grouped by what the description says.

Two descriptions are one source when they have the same content words, titles,
determiners and plural endings aside ("Senior council sources", "a senior council
source"), with possessor names in full ("Mr Blair's" is "Tony Blair's"); a description
contained in exactly one more specific one with the same head noun joins it ("Tony
Blair's spokesman" in "Mr Blair's official spokesman"). "Another source" says it is
someone else than the source before it and stays apart.
"""

from __future__ import annotations

import re
from collections import Counter

from newsweave.reports.ledger_said import Said

ANOTHER = "+another"  # marks a description that says it is someone else
_WORD = re.compile(r"[\w’'-]+")
# Words that say how many or which, not who: left out of a description's key.
_DETERMINERS = frozenset(
    {"a", "an", "the", "one", "two", "three", "four", "several", "some", "many", "another"}
    | {"other", "its", "his", "her", "their", "our", "both", "all", "most", "few", "more"}
)
_FUNCTION = frozenset({"of", "at", "in", "for", "to", "from", "on", "with", "and", "by"})
_TITLES = frozenset({"mr", "mrs", "ms", "miss", "dr", "sir", "lady", "lord", "dame", "prof"})
_PREPOSITIONS = frozenset({"of", "at", "in", "for", "to", "from", "on", "with", "by"})
# A description stops where a clause about the source begins.
_CLAUSE = re.compile(r",|\s(?:who|which|that|whose)\s", re.IGNORECASE)
# ... or where a participle adds what was done ("the inspection carried out in 2023"),
_PARTICIPLE = re.compile(r"\s[a-z]+ed\s(?:out|up|off|by|in|at|on|from|to|for|with)\b")
# ... or at a second plain prepositional phrase ("engineers familiar with the inspection
# of the dam"); one inside a name stays ("official at the Ministry of Defence").
_SECOND_PREPOSITION = re.compile(
    r"^(.*?\s(?:of|at|in|for|to|from|on|with|near)\s.*?)\s(?:of|at|in|for|to|from|on|with|near)"
    r"\s(?:the\s|a\s|an\s)?[a-z]"
)


def description(phrase: str) -> str:
    """A source's description without the clause about it: "A senior official at the
    ministry, who asked not to be named" -> "senior official at the ministry"."""
    core = _CLAUSE.split(phrase, maxsplit=1)[0].strip()
    core = _PARTICIPLE.split(core, maxsplit=1)[0]
    second = _SECOND_PREPOSITION.match(core)
    if second is not None:
        core = second.group(1)
    words = core.split()
    if words and words[0].lower() in ("a", "an", "the"):
        words = words[1:]
    return " ".join(words) or phrase


def description_key(phrase: str, person_names: set[str]) -> tuple[frozenset[str], str]:
    """The content words of a description (possessor names in full, plurals singular)
    and its head noun."""
    core = description(phrase)
    words: list[str] = []
    head = ""
    first = phrase.split()[0].lower() if phrase.split() else ""
    if first in ("another", "other") or phrase.lower().startswith("the other "):
        words.append(ANOTHER)  # "Another source" is not the "one source" before it
    for raw in _WORD.findall(core):
        possessive = raw.endswith(("'s", "’s"))
        word = raw[:-2] if possessive else raw
        lower = word.lower()
        if possessive and word[:1].isupper():
            fits = [n for n in person_names if n.split()[-1] == word]
            words.extend(w.lower() for w in (fits[0] if len(fits) == 1 else word).split())
            continue
        if lower in _DETERMINERS or lower in _FUNCTION or lower in _TITLES:
            if lower in _PREPOSITIONS and words and not head:
                head = words[-1]
            continue
        words.append(_singular(lower))
    if not head and words:
        head = words[-1]
    return frozenset(words), head


def _singular(word: str) -> str:
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith("men"):
        return word[:-3] + "man"
    if word.endswith("s") and not word.endswith("ss") and len(word) > 3:
        return word[:-1]
    return word


def describe_groups(
    described: list[Said], person_names: set[str]
) -> dict[str, tuple[str, list[Said]]]:
    """Described (anonymous or unnamed) sources grouped by description."""
    by_key: dict[frozenset[str], list[Said]] = {}
    heads: dict[frozenset[str], str] = {}
    for said in described:
        words, head = description_key(said.phrase, person_names)
        if not words:
            words = frozenset({said.phrase.casefold()})
        by_key.setdefault(words, []).append(said)
        heads.setdefault(words, head)
    merged_into: dict[frozenset[str], frozenset[str]] = {}
    for key in by_key:
        supersets = [
            other
            for other in by_key
            if other != key and key < other and heads[other] == heads[key] and ANOTHER not in other
        ]
        minimal = [s for s in supersets if not any(t < s for t in supersets)]
        if len(minimal) != 1:
            continue
        target = minimal[0]
        same_article = {s.article.id for s in by_key[key]} & {s.article.id for s in by_key[target]}
        if len(key) >= 2 or same_article:
            merged_into[key] = target
    groups: dict[str, tuple[str, list[Said]]] = {}
    for key, members in by_key.items():
        root = key
        while root in merged_into:
            root = merged_into[root]
        label_key = " ".join(sorted(root))
        if label_key not in groups:
            groups[label_key] = (_label(by_key[root]), [])
        groups[label_key][1].extend(members)
    return groups


def _label(members: list[Said]) -> str:
    """The description most used as written (the first written, on a tie)."""
    counts = Counter(description(s.phrase) for s in members)
    return counts.most_common(1)[0][0]
