"""A speaker's role and side, as the text gives them.

The role is read from the phrases that name the speaker: the words before the name
("US ambassador Zalmay Khalilzad", "The Shadow Foreign Secretary, William Hague") or
the apposition after it ("Jack Keane, a retired US general who ..."), without the
clause about them; the most used one wins, and it takes the place it is of when an
article says so elsewhere ("US ambassador" -> "US ambassador to Iraq"). The side is
what those phrases say: a country or nationality the model tagged in them, an
organisation (tagged, or the possessor in "Tessa Hydro's chief executive"), and
government or opposition from the words used ("Shadow", "ministry", "government").
"""

from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache

from newsweave.analyze.entities import alias_of, looks_like_acronym, name_key
from newsweave.analyze.quotes.text import lexicon
from newsweave.reports.ledger import Side
from newsweave.reports.ledger_said import Said, SpeakerGroup
from newsweave.reports.ledger_sources import description

_OPPOSITION = re.compile(r"\b(?:shadow|opposition)\b", re.IGNORECASE)
_GOVERNMENT = re.compile(
    r"\b(?:government|minister|ministry|cabinet|downing street|white house|state department"
    r"|foreign office|home office|kremlin|pentagon|administration)\b",
    re.IGNORECASE,
)
# Capitalised role words that make a role on their own ("Mayor Ilse Varga").
_ROLE_HEADS = frozenset(
    {
        "secretary",
        "mayor",
        "president",
        "governor",
        "mp",
        "ambassador",
        "director",
        "general",
        "chief",
        "senator",
        "judge",
        "editor",
        "chairman",
        "chairwoman",
        "professor",
        "councillor",
        "chancellor",
        "premier",
        "envoy",
        "prosecutor",
        "sheriff",
        "coach",
        "captain",
    }
)
# The model tags parties as nationalities (NORP): they are organisations here.
_PARTIES = frozenset(
    {"republican", "republicans", "democrat", "democrats", "democratic", "conservative"}
    | {"conservatives", "labour", "liberal", "liberals", "socialist", "socialists", "tory"}
    | {"tories", "communist", "communists", "green", "greens"}
)
# What nationality words end in ("Dutch", "British", "Iraqi", "Chinese", "American"):
# a capitalised word the model tagged NORP without such an ending is seldom one.
_NATIONALITY = re.compile(r"(?:an|ese|ish|i|ch|ic|ek)$")
_TITLE_BEFORE = re.compile(r"\b(?:Mr|Mrs|Ms|Miss|Dr|Sir|Lord|Lady|Dame)\.?\s*$")
_PERSON_TITLES = frozenset({"mr", "mrs", "ms", "miss", "dr", "sir", "lady", "lord", "dame"})
_POSSESSOR = re.compile(r"^(?:the\s+)?(.+?)['’]s\s+(.*)$", re.IGNORECASE)
_KNOWN_COUNTRIES = frozenset(filter(None, (alias_of(n) for n in ("us", "uk", "un", "eu"))))
_BODY_LABELS = frozenset({"ORG", "FAC"})
# Every speaker is looked for among all the entities of their articles: the same
# few thousand names are keyed millions of times in a storyline.
_name_key = lru_cache(maxsize=1 << 16)(name_key)
MAX_ROLE_WORDS = 8


def role_and_side(group: SpeakerGroup) -> tuple[str | None, Side]:
    """The speaker's role (None for anonymous sources: their description is their
    name) and side."""
    body = group_is_body(group)
    roles: Counter[str] = Counter()
    organisations: Counter[str] = Counter()
    countries: Counter[str] = Counter()
    said_words: list[str] = []
    for said in group.said:
        described = group.described or body  # the phrase is the name, not a role
        written, possessor = _role_in(said.phrase, group.name) if not described else ("", None)
        if written:
            roles[written] += 1
        said_words.append(written if not group.described else description(said.phrase))
        if possessor:
            organisations[possessor] += 1
        for label, name in _entities_in(said, group.name):
            if label == "NORP" and name.lower() in _PARTIES:
                organisations[name] += 1
            elif (label == "NORP" and _NATIONALITY.search(name)) or (
                label == "GPE" and _is_country(name)
            ):
                countries[name] += 1
            elif label in _BODY_LABELS:
                organisations[name] += 1
    picked = _pick(roles)
    role = _extended(picked, group.said) if picked is not None else None
    words = " ".join([*said_words, role or ""])
    if body:
        words += " " + group.name
    camp = "opposition" if _OPPOSITION.search(words) else None
    if camp is None and _GOVERNMENT.search(words):
        camp = "government"
    return role, Side(_pick(countries), camp, _pick(organisations))


def group_is_body(group: SpeakerGroup) -> bool:
    """A named organisation rather than a person (by its entity label)."""
    if group.anonymous:
        return False
    key = _name_key(group.name)
    forms = {f.split()[0].lower().strip(".") for f in group.forms()}
    if forms & (_PERSON_TITLES | {"he", "she"}):
        return False  # "Ms Varga", "she said": a person, whatever the model tagged
    articles = {id(s.article): s.article for s in group.said}.values()  # each once
    labels = {e.label for a in articles for e in a.entities if _name_key(e.cluster) == key}
    return bool(labels & _BODY_LABELS) and "PERSON" not in labels


def _is_country(name: str) -> bool:
    """Without a gazetteer a tagged place is taken for a country only when it is one
    of the well-known aliases' targets or written as an acronym ("US", "UK")."""
    return name in _KNOWN_COUNTRIES or looks_like_acronym(name)


def _pick(counts: Counter[str]) -> str | None:
    if not counts:
        return None
    return max(counts, key=lambda r: (counts[r], len(r)))


def _role_in(phrase: str, name: str) -> tuple[str, str | None]:
    """The role words of a speaker phrase and the organisation it names as possessor."""
    surname = name.split()[-1]
    at = phrase.rfind(surname)
    if at < 0:
        return "", None
    # the name is the run of capitalised words (and titles) ending at the surname
    before = phrase[:at].split(" ")
    while len(before) > 1 and before[-2][:1].isupper() and not before[-2].endswith(","):
        if before[-2].lower().strip(".") in _ROLE_HEADS:
            break
        before.pop(-2)
    prefix = " ".join(before[:-1]).strip().rstrip(",").strip()
    suffix = phrase[at + len(surname) :].lstrip(" ,")
    possessor = None
    match = _POSSESSOR.match(prefix)
    if match and match.group(1)[:1].isupper():
        first = match.group(1).split()[0].lower().strip(".")
        if first not in _PERSON_TITLES:  # "Mr Weil's niece" is a role, not a body's
            possessor, prefix = match.group(1), match.group(2)
    # "Professor Leonie Kraft, a dam safety engineer at ...": the apposition says more
    # than a title before the name.
    title_only = len(prefix.split()) == 1 and prefix[:1].isupper()
    for candidate in (suffix, prefix) if title_only else (prefix, suffix):
        role = _clean_role(candidate)
        if role:
            return role, possessor
    return "", possessor


def _clean_role(text: str) -> str:
    if not text or text.split()[0].lower() in ("who", "which", "whose", "that"):
        return ""
    words = description(text).split()
    if [w.lower() for w in words] in (["the"], ["a"], ["an"]):
        return ""  # nothing but a determiner
    if words and words[0].lower() in ("its", "his", "her", "their"):
        words = words[1:]
    if not words or len(words) > MAX_ROLE_WORDS or not any(w.isalpha() for w in words):
        return ""
    if words[-1].lower() in ("of", "the", "for", "to", "in", "at", "and"):
        return ""  # "Office of the Inspector General": a name cut in two, not a role
    lowered = [w.lower().strip(".,") for w in words]
    role_like = lexicon().role_nouns | _ROLE_HEADS
    if len(words) == 1 and lowered[0] not in role_like and words[0][:1].isupper():
        return ""  # "Water, Tomas Redl": a cut-off name, not a role
    return " ".join(words)


def _extended(role: str, said: list[Said]) -> str:
    """'US ambassador' -> 'US ambassador to Iraq' when an article of the speaker's
    says so, with a capitalised place or body after the preposition."""
    pattern = re.compile(
        rf"(?<!\w)(?i:{re.escape(role)})\s+(?:to|of|for|at|in)\s+(?:the\s+)?"
        rf"[A-Z][\w’'-]*(?:\s+(?:of\s+)?[A-Z][\w’'-]*)*"
    )
    found: Counter[str] = Counter()
    for text in {s.article.text for s in said}:
        for match in pattern.finditer(text):
            found[role + match.group(0)[len(role) :]] += 1
    return _pick(found) or role


def _entities_in(said: Said, name: str) -> list[tuple[str, str]]:
    """(label, canonical name) of the entities inside the speaker phrase, the speaker's
    own name left out."""
    if said.phrase_start is None:
        return []
    start, end = said.phrase_start, said.phrase_start + len(said.phrase)
    own = _name_key(name)
    found = []
    for entity in said.article.entities:
        if entity.start >= start and entity.end <= end and _name_key(entity.cluster) != own:
            if _TITLE_BEFORE.search(said.article.text[start : entity.start]):
                continue  # "Mr Ostrow's press secretary": a person's, not a body's
            cluster = _name_key(entity.cluster)
            if cluster and (own.endswith(cluster) or own.split()[-1] in cluster.split()):
                continue  # "Mr Khalilzad" in "Zalmay Khalilzad"; "Brennick, Ilse Varga"
            found.append((entity.label, entity.cluster))
    return found
