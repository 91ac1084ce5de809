"""The claims a comparison works on: one per sentence that states something, with what
it is compared by (its words, names, counts, dates) and who the text says it is from.

A syndicated copy's sentences are its original's: a copy repeating them adds no
independent reporting, so only what the copy adds of its own becomes a claim.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from newsweave.records import Entity, Quote, Sentence, TimeExpr
from newsweave.reports.compare.numbers import Count, counts_in, numbers_in
from newsweave.reports.traits import CLOSING_PUNCTUATION, content_terms, word_set

# Entity labels that name who or what a claim is about.
NAME_LABELS = frozenset({"PERSON", "ORG", "GPE", "NORP", "FAC", "LOC", "EVENT"})
# A claim needs this many content words: shorter sentences ("We're talking about
# this.") carry too little to be matched or contradicted.
MIN_TERMS = 4
CLOSING = tuple(CLOSING_PUNCTUATION)
CLOSING_MARKS = "\"”’'») "
# Words a subject does not open with ("Of the 78 cases reported", "On Friday, …").
NOT_A_SUBJECT = word_set(
    "of in on at for by with from after before during as when while since if but and so"
)
PRONOUNS = frozenset({"he", "she", "they", "it", "we", "i"})
# "X has spoken of", "X said": a subject short enough to be a source, then a report verb.
REPORTED_BY = re.compile(
    r"^(?P<source>[A-Z][^,;:\"“”]{2,70}?)\s+(?:has |have |had |also )?"
    r"(?:spoken of|said|says|told|warned|claimed|alleged|accused|insisted|reported|"
    r"confirmed|announced|denied|dismissed|rejected)\b"
)
DAY_OF_MONTH = re.compile(
    r"\d.*\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\b"
    r"|\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d",
    re.IGNORECASE,
)
LEADING_ARTICLE = re.compile(r"^(?:the|a|an)\s+", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class ComparedArticle:
    """One article as the comparison needs it; every span indexes into ``text``.

    ``copy_of`` names the article this one is a syndicated copy of, when that one is
    compared too."""

    id: str
    outlet: str
    published: datetime | None
    text: str
    sentences: tuple[Sentence, ...]
    entities: tuple[Entity, ...] = ()
    times: tuple[TimeExpr, ...] = ()
    quotes: tuple[Quote, ...] = ()
    copy_of: str | None = None


@dataclass(frozen=True, slots=True)
class Claim:
    """One sentence of one article: ``text`` is exactly ``article.text[start:end]``."""

    article: ComparedArticle
    position: int  # the sentence's index in its article
    start: int
    end: int
    text: str
    terms: tuple[str, ...]
    names: frozenset[str]  # who and what it names, as comparable keys
    people: frozenset[str]  # the people among them (surnames)
    subjects: frozenset[str]  # what it names, its speakers aside (whom it is about)
    numbers: int  # how many numbers it gives (a count, a range, a change…)
    counts: tuple[Count, ...]
    dates: tuple[date, ...]  # days it names outright ("12 March"), not "on Wednesday"
    source: str | None  # the quote's speaker or attributed source, if any

    @property
    def outlet(self) -> str:
        return self.article.outlet


def claims_of(articles: Sequence[ComparedArticle]) -> list[Claim]:
    """Every claim of ``articles``, in article then sentence order; a copy gives only
    the sentences its original does not have."""
    texts = {a.id: a.text for a in articles}
    claims: list[Claim] = []
    for article in articles:
        original = texts.get(article.copy_of) if article.copy_of else None
        layout = _Layout(article)
        for position, sentence in enumerate(article.sentences):
            if original is not None and sentence.text in original:
                continue
            claim = _claim(article, position, sentence, layout)
            if claim is not None:
                claims.append(claim)
    return claims


class _Layout:
    """An article's entities, times and quotes found by position in one bisect each
    (a story of thousands of sentences cannot scan every entity per sentence)."""

    def __init__(self, article: ComparedArticle) -> None:
        self.entities = sorted(article.entities, key=lambda e: e.start)
        self.entity_starts = [e.start for e in self.entities]
        self.times = sorted(article.times, key=lambda t: t.start)
        self.time_starts = [t.start for t in self.times]
        self.quotes = sorted(article.quotes, key=lambda q: q.start)

    def entities_in(self, sentence: Sentence) -> list[Entity]:
        return self.entities[_span(self.entity_starts, sentence)]

    def times_in(self, sentence: Sentence) -> list[TimeExpr]:
        return self.times[_span(self.time_starts, sentence)]


def _span(starts: list[int], sentence: Sentence) -> slice:
    return slice(bisect_left(starts, sentence.start), bisect_left(starts, sentence.end))


def _claim(
    article: ComparedArticle, position: int, sentence: Sentence, layout: _Layout
) -> Claim | None:
    text = article.text[sentence.start : sentence.end]
    if text != sentence.text:
        raise ValueError(f"sentence offsets of article {article.id} do not match its text")
    stripped = text.rstrip()
    if not stripped.endswith(CLOSING) or stripped.rstrip(CLOSING_MARKS).endswith("?"):
        return None  # a caption, crosshead or scrap of furniture; or a question
    quotes = [q for q in layout.quotes if q.start < sentence.end and sentence.start < q.end]
    # Numbers are compared as counts, not as words ("1,200" would be "200").
    terms = tuple(
        t for t in content_terms(_without_speakers(sentence, quotes)) if not t[0].isdigit()
    )
    if len(set(terms)) < MIN_TERMS:
        return None
    named = [e for e in layout.entities_in(sentence) if e.label in NAME_LABELS]
    return Claim(
        article=article,
        position=position,
        start=sentence.start,
        end=sentence.end,
        text=text,
        terms=terms,
        names=frozenset(_name_key(e) for e in named),
        people=frozenset(_name_key(e) for e in named if e.label == "PERSON"),
        subjects=frozenset(
            _name_key(e) for e in named if not any(_spoken_by(q, e.start) for q in quotes)
        ),
        numbers=numbers_in(text),
        counts=counts_in(text),
        dates=tuple(
            t.value
            for t in layout.times_in(sentence)
            if t.value is not None
            and t.granularity == "day"
            # A weekday or "yesterday" is resolved against each article's own date,
            # which outlets give loosely: comparing them across outlets would find
            # days that differ when the accounts do not. "12 March" is safe.
            and (not t.relative or bool(DAY_OF_MONTH.search(t.text)))
        ),
        source=_source(layout.quotes, quotes, sentence),
    )


def _spoken_by(quote: Quote, offset: int) -> bool:
    span = quote.speaker_span
    return span is not None and span.start <= offset < span.end


def _without_speakers(sentence: Sentence, quotes: Sequence[Quote]) -> str:
    """The sentence with its speakers blanked out: a fact is what is said, so two
    statements of one person ("Henrike Dossel, the Civic Union MP for Upper Tessa,
    said…") are not alike for the words that introduce her."""
    chars = list(sentence.text)
    for quote in quotes:
        span = quote.speaker_span
        if span is None or span.end <= sentence.start or span.start >= sentence.end:
            continue
        for k in range(max(span.start, sentence.start), min(span.end, sentence.end)):
            chars[k - sentence.start] = " "
    return "".join(chars)


def _name_key(entity: Entity) -> str:
    """People by surname ("Mr Khalilzad" is "Zalmay Khalilzad"), the rest whole."""
    name = (entity.cluster or entity.text).lower().replace("’", "'")
    name = LEADING_ARTICLE.sub("", name).removesuffix("'s")
    return name.split()[-1] if entity.label == "PERSON" and name.split() else name


def _source(all_quotes: list[Quote], quotes: list[Quote], sentence: Sentence) -> str | None:
    """Who the sentence is from: the speaker of a quote in it (a "he" whose name is
    not known is the speaker of the quote before it in the article), else a short
    subject before a report verb ("The US ambassador to Iraq has spoken of"), else
    nobody: the outlet says it in its own voice."""
    if quotes:
        return _speaker(all_quotes, all_quotes.index(quotes[0]))
    match = REPORTED_BY.match(sentence.text)
    if match is None:
        return None
    source = match.group("source")
    if source.lower() in PRONOUNS or source.split()[0].lower() in NOT_A_SUBJECT:
        return None
    return source


def _speaker(quotes: Sequence[Quote], k: int) -> str | None:
    # One step back only: a "he said" leans on the quote right before it, no further.
    for quote in (quotes[k], quotes[k - 1]) if k > 0 else (quotes[k],):
        if quote.speaker_name:
            return quote.speaker_name
        if quote.speaker and quote.speaker.lower() not in PRONOUNS:
            return quote.speaker
    return None
