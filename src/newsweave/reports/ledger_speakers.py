"""Who said each quote of a subject, under one name across articles and outlets.

Within an article the analysis has already resolved "Mr Khalilzad" and "he" to the
full name. Across articles names are joined here: a name that ends with another
person's full name ("provincial governor Edvard Rusk" / "Edvard Rusk"), a lone
surname that fits one full name, an acronym of one organisation, a well-known alias.
Anonymous sources are grouped by their description: the same content words (titles,
determiners and plural endings aside), or a description contained in exactly one
more specific one with the same head noun ("Tony Blair's spokesman" in "Mr Blair's
official spokesman"). A "he said" whose antecedent is an anonymous role is that
role's.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from newsweave.analyze.entities import acronym_forms, alias_of, canonical_name, name_key
from newsweave.records import Quote
from newsweave.reports.ledger import LedgerArticle

ANOTHER = "+another"  # marks a description that says it is someone else
PRONOUNS = frozenset({"he", "she", "they", "it", "we", "i", "you"})
_WORD = re.compile(r"[\w’'-]+")
# Words that say how many or which, not who: left out of a description's key.
_NAME_PARTICLES = frozenset({"de", "da", "di", "van", "von", "der", "den", "la", "le", "bin", "al"})
_DETERMINERS = frozenset(
    {"a", "an", "the", "one", "two", "three", "four", "several", "some", "many", "another"}
    | {"other", "its", "his", "her", "their", "our", "both", "all", "most", "few", "more"}
)
_FUNCTION = frozenset({"of", "at", "in", "for", "to", "from", "on", "with", "and", "by"})
_TITLES = frozenset({"mr", "mrs", "ms", "miss", "dr", "sir", "lady", "lord", "dame", "prof"})
_PREPOSITIONS = frozenset({"of", "at", "in", "for", "to", "from", "on", "with", "by"})
# A description stops where a clause about the source begins.
_CLAUSE = re.compile(r",|\s(?:who|which|that|whose)\s", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Said:
    """One quote and the phrase that names its speaker (its antecedent for "he")."""

    article: LedgerArticle
    quote: Quote
    phrase: str
    phrase_start: int | None


@dataclass(slots=True)
class SpeakerGroup:
    name: str
    anonymous: bool
    said: list[Said] = field(default_factory=list)
    described: bool = False  # named by a description ("the council"), not a name

    def forms(self) -> list[str]:
        """The speaker as written (pronouns included), most used first."""
        counts = Counter(s.quote.speaker for s in self.said if s.quote.speaker)
        return [form for form, _ in counts.most_common()]


def group_speakers(articles: list[LedgerArticle]) -> tuple[list[SpeakerGroup], int]:
    """Speaker groups in order of first appearance, and the count of quotes with no
    speaker at all (or an unresolved pronoun)."""
    named: list[tuple[str, Said]] = []
    described: list[Said] = []
    unattributed = 0
    for article in articles:
        for quote in article.quotes:
            said = _said(article, quote)
            if said is None:
                unattributed += 1
            elif quote.speaker_name and not quote.anonymous:
                named.append((quote.speaker_name, said))
            else:
                described.append(said)
    canonical = canonical_names([name for name, _ in named])
    groups: dict[tuple[bool, str], SpeakerGroup] = {}
    for name, said in named:
        final = canonical[name]
        groups.setdefault((False, name_key(final)), SpeakerGroup(final, False)).said.append(said)
    # full names, for possessors in descriptions ("Mr Blair's spokesman")
    person_names = {canonical[n] for n, _ in named if " " in canonical[n]}
    person_names |= {
        e.cluster for a in articles for e in a.entities if e.label == "PERSON" and " " in e.cluster
    }
    for key, (label, members) in _describe_groups(described, person_names).items():
        anonymous = any(s.quote.anonymous for s in members)
        groups[(True, key)] = SpeakerGroup(label, anonymous, members, described=True)
    return list(groups.values()), unattributed


def _said(article: LedgerArticle, quote: Quote) -> Said | None:
    if quote.speaker is None:
        return None
    if quote.antecedent and quote.antecedent_span is not None:
        return Said(article, quote, quote.antecedent, quote.antecedent_span.start)
    if quote.speaker.casefold() in PRONOUNS and not quote.speaker_name:
        return None  # "she said" with no one to refer to
    start = quote.speaker_span.start if quote.speaker_span is not None else None
    return Said(article, quote, quote.speaker, start)


def canonical_names(names: list[str]) -> dict[str, str]:
    """Each name as written -> the one name it is known by across the subject."""
    cleaned = {n: _name_part(canonical_name(n, person=True) or n) for n in set(names)}
    counts = Counter(cleaned[n] for n in names)
    # full names: two words or more, capitalised ("de Blasio" is a surname)
    full = sorted(
        {c for c in counts if len(c.split()) >= 2 and c[:1].isupper()},
        key=lambda c: -len(c.split()),
    )
    by_surname: dict[str, set[str]] = defaultdict(set)
    by_acronym: dict[str, set[str]] = defaultdict(set)
    for name in full:
        for form in acronym_forms(name):
            by_acronym[form].add(name)
    # "provincial governor Edvard Rusk" is Edvard Rusk: a name ending in a shorter one.
    by_words = {tuple(name_key(name).split()): name for name in full}
    shortest: dict[str, str] = {}
    for name in full:
        words = tuple(name_key(name).split())
        # the shortest other full name the name ends with (looked up, not compared)
        inner = (by_words.get(words[-k:]) for k in range(2, len(words)))
        shortest[name] = next((other for other in inner if other is not None), name)
    for name in full:
        if shortest[name] == name:
            by_surname[name_key(name).split()[-1]].add(name)
    result = {}
    for written, clean in cleaned.items():
        result[written] = _one_name(clean, shortest, by_surname, by_acronym)
    return result


def _name_part(name: str) -> str:
    """'New York mayor Bill de Blasio' -> 'Bill de Blasio': the capitalised run (with
    name particles) after the last other lower-case word, when it has two words."""
    words = name.split()
    for i in range(len(words) - 1, -1, -1):
        if words[i][:1].islower() and words[i] not in _NAME_PARTICLES:
            rest = words[i + 1 :]
            if len(rest) >= 2 and rest[0][:1].isupper() and rest[-1][:1].isupper():
                return " ".join(rest)
            return name
    return name


def _one_name(
    name: str,
    shortest: dict[str, str],
    by_surname: dict[str, set[str]],
    by_acronym: dict[str, set[str]],
) -> str:
    if name in shortest:
        return shortest[name]
    alias = alias_of(name)
    if alias:
        return alias
    words = name_key(name).split()
    # a lone surname, with its particles ("de Blasio")
    surname = words[-1] if words and all(w in _NAME_PARTICLES for w in words[:-1]) else ""
    fits = by_surname.get(surname, set())
    if len(fits) == 1:
        return next(iter(fits))
    expansions = by_acronym.get(name.replace(".", "").upper(), set())
    if len(expansions) == 1 and name.replace(".", "").isalpha():
        return next(iter(expansions))
    return name


def description(phrase: str) -> str:
    """A source's description without the clause about it: "A senior official at the
    ministry, who asked not to be named" -> "senior official at the ministry"."""
    core = _CLAUSE.split(phrase, maxsplit=1)[0].strip()
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


def _describe_groups(
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
