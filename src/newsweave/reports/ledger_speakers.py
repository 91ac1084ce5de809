"""Who said each quote of a subject, under one name across articles and outlets.

Within an article the analysis has already resolved "Mr Khalilzad" and "he" to the
full name. Across articles names are joined here: a name that ends with another
person's full name ("provincial governor Edvard Rusk" / "Edvard Rusk"), a lone
surname that fits one full name, an acronym of one organisation, a well-known alias.
Anonymous sources are grouped by their description (``ledger_sources``); a "he
said" whose antecedent is an anonymous role is that role's.
"""

from __future__ import annotations

from collections import Counter, defaultdict

from newsweave.analyze.entities import acronym_forms, alias_of, canonical_name, name_key
from newsweave.records import Quote
from newsweave.reports.ledger import LedgerArticle
from newsweave.reports.ledger_said import Said, SpeakerGroup
from newsweave.reports.ledger_sources import describe_groups

PRONOUNS = frozenset({"he", "she", "they", "it", "we", "i", "you"})
_NAME_PARTICLES = frozenset({"de", "da", "di", "van", "von", "der", "den", "la", "le", "bin", "al"})


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
    for key, (label, members) in describe_groups(described, person_names).items():
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
