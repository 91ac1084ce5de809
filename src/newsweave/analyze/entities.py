"""Within-article entity linking: which named-entity mentions are the same entity.

Mentions of one entity share a ``cluster``, its canonical name: the longest full
name the article uses, with "the", titles and possessives stripped. Mentions are
merged when their names match after that normalisation (plus a few well-known
aliases: "U.S." / "America" / "United States"), when one is an acronym of the
other ("MoD" / "Ministry of Defence"), or when a person is named by part of their
full name ("Khalilzad" / "Zalmay Khalilzad"). spaCy sometimes labels one entity
differently in different places; the cluster takes its majority label.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from spacy.tokens import Doc

from newsweave.records import Entity

LINKED_LABELS = frozenset({"PERSON", "ORG", "GPE", "NORP", "LOC", "FAC", "EVENT"})
# Labels a surname-only mention may carry: spaCy often tags a lone surname as ORG.
# Under other labels ("Washington" as GPE) it must follow a personal title.
_PARTIAL_NAME_LABELS = frozenset({"PERSON", "ORG"})
_PERSONAL_TITLE_BEFORE = re.compile(r"\b(?:Mr|Mrs|Ms|Miss|Mx|Dr|Sir|Dame|Prof)\.?\s+$")
_PERSONAL_TITLE = re.compile(r"(?:Mr|Mrs|Ms|Miss|Mx|Dr|Sir|Dame|Prof)\.?\s+")

# Titles stripped from any mention: they never start an organisation's or a
# place's name ("Mr", "President"...).
_TITLES = (
    "Mr",
    "Mrs",
    "Ms",
    "Miss",
    "Mx",
    "Dr",
    "Prof",
    "Professor",
    "Sir",
    "Dame",
    "President",
    "Vice President",
    "Vice-President",
    "Prime Minister",
    "Senator",
    "Sen",
    "Rep",
    "Representative",
    "Congressman",
    "Congresswoman",
    "Gov",
    "Governor",
    "Rev",
    "Reverend",
    "Chancellor",
    "Mayor",
    "Ayatollah",
    "Sheikh",
    "Secretary of State",
    "Foreign Secretary",
    "Home Secretary",
    "Defence Secretary",
    "Defense Secretary",
    "Foreign Minister",
    "Chief Executive",
)
# Titles that also begin names of other things ("General Motors", "Prince Edward
# Island", "Lord's"): stripped only from mentions labelled PERSON.
_PERSON_TITLES = (
    "General",
    "Gen",
    "Lt",
    "Lieutenant",
    "Col",
    "Colonel",
    "Capt",
    "Captain",
    "Maj",
    "Major",
    "Sgt",
    "Sergeant",
    "Adm",
    "Admiral",
    "Cpl",
    "Corporal",
    "King",
    "Queen",
    "Prince",
    "Princess",
    "Lord",
    "Lady",
    "Judge",
    "Justice",
    "Pope",
    "Father",
    "Cardinal",
    "Bishop",
    "Archbishop",
    "Detective",
    "Inspector",
    "Chief",
    "Minister",
    "Secretary",
    "Ambassador",
    "Commander",
    "Premier",
    "Chairman",
    "Chairwoman",
)


def _title_pattern(titles: tuple[str, ...]) -> re.Pattern[str]:
    # Longest first so "Vice President" is tried before "President"; a title is
    # stripped only when a capitalised word follows it.
    alternatives = "|".join(re.escape(t) for t in sorted(titles, key=len, reverse=True))
    return re.compile(rf"^(?:{alternatives})\.?\s+(?=[A-Z])")


_TITLE = _title_pattern(_TITLES)
_PERSON_TITLE = _title_pattern(_TITLES + _PERSON_TITLES)
_LEADING_THE = re.compile(r"^the\s+", re.IGNORECASE)
# "'s" and "s'" possessives, with or without the tokeniser's space before them.
_POSSESSIVE = re.compile(r"\s*(?:['’]s|(?<=s)['’])$")
# Penn Treebank bracket and quote tokens left by tokenised corpora ("-RRB- Obama").
_BRACKET_TOKENS = re.compile(r"(?:^|\s)(?:-[LR][RSC]B-|``|'')(?=\s|$)")
_EDGE_PUNCTUATION = ' \t\n"“”‘,.;:()[]-–—'

# Very common news aliases, keyed by the dot-free, lower-cased form.
_ALIASES = {
    "us": "United States",
    "usa": "United States",
    "united states": "United States",
    "united states of america": "United States",
    "america": "United States",
    "uk": "United Kingdom",
    "britain": "United Kingdom",
    "great britain": "United Kingdom",
    "united kingdom": "United Kingdom",
    "un": "United Nations",
    "united nations": "United Nations",
    "eu": "European Union",
    "european union": "European Union",
}


def alias_of(name: str) -> str | None:
    """The canonical form of a well-known alias ("U.S." -> "United States"), if any."""
    return _ALIASES.get(name.replace(".", "").casefold())


def canonical_name(text: str, *, person: bool = False) -> str:
    """A mention's name without "the", honorifics, possessive and edge punctuation.

    ``person=True`` (a PERSON mention) also strips titles that may begin other names,
    such as "General" or "Prince". Well-known aliases map to one form ("the U.S.'s"
    -> "United States"). Whitespace runs become one space.
    """
    name = _BRACKET_TOKENS.sub("", " ".join(text.split())).strip(_EDGE_PUNCTUATION)
    name = _POSSESSIVE.sub("", name).strip(_EDGE_PUNCTUATION)
    name = _LEADING_THE.sub("", name)
    title = _PERSON_TITLE if person else _TITLE
    while True:  # titles stack: "Prime Minister Dr Ana Ruiz"
        stripped = title.sub("", name, count=1)
        if stripped == name:
            break
        name = stripped
    return alias_of(name) or name


def name_key(name: str) -> str:
    """The form two mentions must share to be the same name: dot-free, case-folded."""
    return " ".join(name.replace(".", "").casefold().split())


def looks_like_acronym(name: str) -> bool:
    """One token of mostly capitals: "BBC", "MoD", "F.B.I."."""
    letters = name.replace(".", "")
    if " " in name or not (2 <= len(letters) <= 8) or not letters.isalpha():
        return False
    capitals = sum(1 for ch in letters if ch.isupper())
    return capitals >= 2 and capitals * 2 >= len(letters)


_SKIPPABLE_WORDS = {"of", "and", "for", "the", "on", "in", "&"}


def acronym_forms(name: str) -> set[str]:
    """Initials an acronym of ``name`` may use, upper-cased.

    "Ministry of Defence" gives "MOD" (every word) and "MD" (capitalised words only),
    so both "MoD" and "MD" match it.
    """
    words = [w for w in re.split(r"[\s-]+", name) if w]
    if len(words) < 2:
        return set()
    every_word = "".join(w[0] for w in words if w != "&").upper()
    content_words = "".join(w[0] for w in words if w.lower() not in _SKIPPABLE_WORDS).upper()
    capitalised = "".join(w[0] for w in words if w[0].isupper())
    return {form for form in (every_word, content_words, capitalised) if len(form) >= 2}


@dataclass(frozen=True, slots=True)
class _Mention:
    start: int
    end: int
    text: str
    label: str
    name: str
    key: str
    titled: bool  # a personal title ("Mr", "Dr") precedes or opens the mention

    @property
    def words(self) -> list[str]:
        return self.key.split()


class _Clusters:
    """Union-find over mention indices: merging is symmetric and transitive."""

    def __init__(self, size: int) -> None:
        self._parent = list(range(size))

    def root(self, index: int) -> int:
        while self._parent[index] != index:
            self._parent[index] = self._parent[self._parent[index]]
            index = self._parent[index]
        return index

    def merge(self, first: int, second: int) -> None:
        self._parent[self.root(first)] = self.root(second)


def _mentions(doc: Doc, text: str) -> list[_Mention]:
    found = []
    for ent in doc.ents:
        if ent.label_ not in LINKED_LABELS:
            continue
        name = canonical_name(ent.text, person=ent.label_ == "PERSON")
        if not any(ch.isalpha() for ch in name):
            continue
        before = text[max(ent.start_char - 8, 0) : ent.start_char]
        titled = bool(_PERSONAL_TITLE_BEFORE.search(before) or _PERSONAL_TITLE.match(ent.text))
        found.append(
            _Mention(
                ent.start_char, ent.end_char, ent.text, ent.label_, name, name_key(name), titled
            )
        )
    return found


def _nearest(candidates: Sequence[int], mentions: Sequence[_Mention], index: int) -> int:
    """The candidate mention closest before ``index``, else the first after it."""
    before = [c for c in candidates if mentions[c].start < mentions[index].start]
    return max(before) if before else min(candidates)


def _merge_same_names(
    mentions: Sequence[_Mention], clusters: _Clusters, ambiguous: set[str]
) -> None:
    # An ambiguous partial name ("Halloway" with two Halloways in the article) is
    # left for _merge_partial_person_names to place mention by mention.
    first_with_key: dict[str, int] = {}
    for index, mention in enumerate(mentions):
        if mention.key not in ambiguous:
            clusters.merge(index, first_with_key.setdefault(mention.key, index))


def _ambiguous_partial_names(mentions: Sequence[_Mention]) -> set[str]:
    """Keys of partial names that fit two or more different people's full names."""
    # A name fits only full names with its surname: looked up by surname, so the
    # work grows with the names sharing one, not with all names squared.
    by_surname: dict[str, list[list[str]]] = defaultdict(list)
    for key in {m.key for m in mentions if m.label == "PERSON"}:
        words = key.split()
        if words:
            by_surname[words[-1]].append(words)
    ambiguous = set()
    for key in {m.key for m in mentions}:
        words = key.split()
        if not words:
            continue
        fits = [full for full in by_surname.get(words[-1], ()) if _is_part_of(words, full)]
        # "Clinton" fitting "Hillary Clinton" and "Hillary Rodham Clinton" is one
        # person: only names no other fitting name extends count as distinct.
        widest = [a for a in fits if not any(_is_part_of(a, b) for b in fits)]
        if len(widest) > 1:
            ambiguous.add(key)
    return ambiguous


def _merge_acronyms(mentions: Sequence[_Mention], clusters: _Clusters) -> None:
    expansions: dict[str, list[int]] = {}
    for index, mention in enumerate(mentions):
        for form in acronym_forms(mention.name):
            expansions.setdefault(form, []).append(index)
    for index, mention in enumerate(mentions):
        if looks_like_acronym(mention.name):
            candidates = expansions.get(mention.name.replace(".", "").upper())
            if candidates:
                clusters.merge(index, _nearest(candidates, mentions, index))


def _is_part_of(short: list[str], long: list[str]) -> bool:
    """Whether ``short`` names the same person as ``long``: same surname, and its
    words appear in order in ``long`` ("Rodham Clinton" in "Hillary Rodham Clinton")."""
    if len(short) >= len(long) or short[-1] != long[-1]:
        return False
    remaining = iter(long)
    return all(word in remaining for word in short)


def _merge_partial_person_names(mentions: Sequence[_Mention], clusters: _Clusters) -> None:
    # Mentions (in text order) of each person's name, grouped by surname, then name:
    # a partial name is compared with each distinct full name once, not each mention.
    person_keys = {m.key for m in mentions if m.label == "PERSON"}
    by_surname: dict[str, dict[str, list[int]]] = defaultdict(lambda: defaultdict(list))
    for i, m in enumerate(mentions):
        if m.key in person_keys and m.words:
            by_surname[m.words[-1]][m.key].append(i)
    for index, mention in enumerate(mentions):
        could_be_person = mention.label in _PARTIAL_NAME_LABELS or mention.titled
        if not could_be_person or looks_like_acronym(mention.name) or not mention.words:
            continue
        fitting = [
            places
            for key, places in by_surname.get(mention.words[-1], {}).items()
            if _is_part_of(mention.words, key.split())
        ]
        if fitting:
            clusters.merge(index, _nearest_of(fitting, index))


def _nearest_of(places_by_name: list[list[int]], index: int) -> int:
    """The mention closest before ``index`` among sorted lists of mention indices (text
    order), else the first after it: what ``_nearest`` gives over their union."""
    before = [places[p - 1] for places in places_by_name if (p := bisect_left(places, index))]
    return max(before) if before else min(places[0] for places in places_by_name)


def _cluster_name(members: Sequence[_Mention]) -> str:
    """The fullest name; among equals, ordinary casing over a dateline's capitals
    ("Houston" over "HOUSTON"), more capitalised words ("Gulf Coast" over "Gulf
    coast"), then the first used."""

    def preference(mention: _Mention) -> tuple[int, bool, int, int, int]:
        capitalised = sum(1 for word in mention.name.split() if word[:1].isupper())
        shouting = mention.name.isupper()
        return (len(mention.words), not shouting, capitalised, len(mention.name), -mention.start)

    return max(members, key=preference).name


def _majority_label(members: Sequence[_Mention]) -> str:
    counts = Counter(m.label for m in members)
    best = max(counts.values())
    return next(m.label for m in members if counts[m.label] == best)


def link_entities(doc: Doc, text: str | None = None) -> tuple[Entity, ...]:
    """One :class:`Entity` per PERSON/ORG/GPE/NORP/LOC/FAC/EVENT mention in ``doc``,
    in text order, with mentions of one entity sharing a cluster name and label.
    ``text``: the doc's text, when the caller has it (Doc.text rebuilds the string)."""
    mentions = _mentions(doc, doc.text if text is None else text)
    clusters = _Clusters(len(mentions))
    _merge_same_names(mentions, clusters, _ambiguous_partial_names(mentions))
    _merge_acronyms(mentions, clusters)
    _merge_partial_person_names(mentions, clusters)
    groups: dict[int, list[_Mention]] = {}
    for index, mention in enumerate(mentions):
        groups.setdefault(clusters.root(index), []).append(mention)
    named = {root: (_cluster_name(g), _majority_label(g)) for root, g in groups.items()}
    entities = []
    for index, mention in enumerate(mentions):
        cluster, label = named[clusters.root(index)]
        entities.append(Entity(mention.start, mention.end, mention.text, label, cluster))
    return tuple(entities)
