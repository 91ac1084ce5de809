"""Each outlet's sourcing: how many named and anonymous sources it quotes, how much in
their own words (direct) and how much in the outlet's (reported), and how many
sources it gives each side.

Sources are counted once per outlet: "US ambassador Zalmay Khalilzad" and "Mr
Khalilzad" are one (the quote finder's resolved name), and an anonymous source is
its description ("senior government sources"). A "he said" with no name leans on the
quote before it. Statements are counted per quote: ``direct`` holds quotes given in
full in the speaker's words, ``reported`` indirect speech and mixed quotes (the
outlet's words around a fragment of the speaker's). A syndicated copy's quotes are
its original's and count once.

Which side a source is on is a lookup (``sides``: speaker → side), as the quote
ledger settles it; without one, a source's side is the organisation, country or
group named in how the text introduces it ("US ambassador Zalmay Khalilzad": US;
"State Department spokesman Sean McCormack": State Department; "The Ministry of
Defence": itself), from the article's named entities, or ``unknown``.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from newsweave.records import Quote
from newsweave.reports.compare.facts import PRONOUNS, ComparedArticle

UNKNOWN_SIDE = "unknown"
SIDE_LABELS = frozenset({"ORG", "GPE", "NORP"})


@dataclass(frozen=True, slots=True)
class Source:
    """Who a quote is from, as one outlet gives it."""

    speaker: str  # the resolved name, or the description of an anonymous source
    anonymous: bool
    affiliation: str | None  # the body named where the text introduces it


@dataclass(frozen=True, slots=True)
class SourcingProfile:
    outlet: str
    named: int
    anonymous: int
    direct: int
    reported: int
    sides: Mapping[str, int]  # how many sources of each side the outlet quotes


def sourcing_profiles(
    articles: Sequence[ComparedArticle], sides: Mapping[str, str] | None = None
) -> dict[str, SourcingProfile]:
    """The sourcing of each outlet in ``articles``, by outlet name."""
    texts = {a.id: a.text for a in articles}
    sources: dict[str, dict[str, Source]] = defaultdict(dict)
    kinds: dict[str, Counter[str]] = defaultdict(Counter)
    for article in articles:
        original = texts.get(article.copy_of) if article.copy_of else None
        quotes = sorted(article.quotes, key=lambda q: q.start)
        kinds[article.outlet]  # an outlet that quotes nobody still has a profile
        for k, quote in enumerate(quotes):
            if original is not None and article.text[quote.start : quote.end] in original:
                continue
            kinds[article.outlet][quote.kind] += 1
            source = quote_source(article, quotes, k)
            if source is not None:
                sources[article.outlet].setdefault(source.speaker.lower(), source)
    return {
        outlet: _profile(outlet, list(sources[outlet].values()), counts, sides)
        for outlet, counts in sorted(kinds.items())
    }


def quote_source(article: ComparedArticle, quotes: Sequence[Quote], k: int) -> Source | None:
    """The source of ``quotes[k]`` (of ``article``); a pronoun with no name is the
    source of the quote before it; None when nobody can be told."""
    quote = quotes[k]
    if quote.speaker_name:
        speaker = quote.speaker_name
    elif quote.speaker and quote.speaker.lower() not in PRONOUNS:
        speaker = re.sub(r"^(?:the|a|an)\s+", "", quote.speaker.strip(), flags=re.IGNORECASE)
    else:
        return quote_source(article, quotes, k - 1) if k > 0 and quote.speaker else None
    return Source(speaker, quote.anonymous, _affiliation(article, quote))


def _affiliation(article: ComparedArticle, quote: Quote) -> str | None:
    """The first organisation, country or group named in the speaker's phrase."""
    span = quote.speaker_span
    if span is None:
        return None
    for entity in article.entities:
        if span.start <= entity.start < span.end and entity.label in SIDE_LABELS:
            return entity.cluster or entity.text
    return None


def _profile(
    outlet: str,
    sources: list[Source],
    kinds: Counter[str],
    sides: Mapping[str, str] | None,
) -> SourcingProfile:
    # The lookup (the ledger's sides) first; the body the text names beside the source
    # when the lookup does not know it.
    side_counts: Counter[str] = Counter(
        (sides or {}).get(s.speaker) or s.affiliation or UNKNOWN_SIDE for s in sources
    )
    return SourcingProfile(
        outlet=outlet,
        named=sum(1 for s in sources if not s.anonymous),
        anonymous=sum(1 for s in sources if s.anonymous),
        direct=kinds["direct"],
        reported=kinds["indirect"] + kinds["mixed"],
        sides=dict(sorted(side_counts.items())),
    )
