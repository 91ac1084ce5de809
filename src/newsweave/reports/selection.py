"""Choosing summary sentences from several outlets' articles on one story.

Three decisions, in the spirit of centroid, LexRank and MMR summarisers:

1. **One sentence, one candidate.** A sentence that two articles carry almost word for
   word (a syndicated copy, a wire lead reused) is one candidate; the other articles
   are listed with it (``also_in``) and are not counted as support for it.
2. **Score.** What several outlets report is the core of the story, so the main signal
   is *cross-outlet support*: how closely each other outlet (that wrote that day or
   later) has a sentence saying the same. Then closeness to the day's headlines and to
   the story's centroid, the position in the article (reporters put what happened
   first), names and figures; minus penalties for questions, teasers, quotes with
   nobody saying them, emotive wording and first-person asides.
3. **Greedy MMR.** Take the best candidate that is not redundant with one already
   taken, adding to its score the words and word pairs several outlets share that the
   summary lacks yet, and the news of a day the summary has nothing from yet (what
   is unlike the earlier days' coverage). Outlets stay balanced (at every step no
   outlet holds more than half of what is taken while another outlet still has
   something new); a sentence that leans on the one before it ("He said", "But") goes
   in only after that one; a count the outlets disagree on goes in only attributed and
   beside the other version (:mod:`newsweave.reports.figures`).
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from itertools import pairwise

from newsweave.records import Sentence
from newsweave.reports.figures import Figure, conflicts, figures_in
from newsweave.reports.traits import SentenceTraits, content_terms, sentence_traits
from newsweave.reports.vectors import Vector, centroid_of, cosine, idf_of, tfidf


@dataclass(frozen=True, slots=True)
class SourceArticle:
    """One article as the summariser needs it; ``sentences`` index into ``text``.

    ``copy_of`` names the article this one copies (a syndicated copy): its sentences
    are the original's, so they add no support to them."""

    id: str
    outlet: str
    published: datetime | None
    text: str
    sentences: tuple[Sentence, ...]
    title: str = ""
    copy_of: str | None = None


@dataclass(frozen=True, slots=True)
class SummaryWeights:
    """How much each signal counts (fitted on NeuS val; see benchmarks/summaries.py)."""

    support: float = 1.5
    headline: float = 1.5
    centroid: float = 0.4
    position: float = 0.35
    informative: float = 0.05
    question: float = 0.6
    teaser: float = 0.8
    unattributed_quote: float = 0.35
    emotive: float = 0.15
    first_person: float = 0.3
    coverage: float = 0.5  # share of the concepts two outlets or more share, not yet covered
    new_day: float = 0.5  # for news of a day no sentence taken comes from yet
    overlap: float = 0.5  # penalty per unit of cosine with the closest sentence taken
    redundancy: float = 0.5  # cosine at or above which a candidate repeats one taken
    copy: float = 0.85  # cosine at or above which two sentences are one (also_in)
    dispute: float = 0.15  # cosine from which two sentences' counts are one count's versions
    min_words: int = 5
    max_words: int = 70


@dataclass(slots=True)
class Candidate:
    """A sentence that may go into the summary, with every article that carries it."""

    article: SourceArticle
    order: int  # the article's place in reading order (by date, then as given)
    position: int  # the sentence's index in its article
    sentence: Sentence
    traits: SentenceTraits
    carriers: list[SourceArticle] = field(default_factory=list)
    vector: Vector = field(default_factory=dict)
    concepts: set[str] = field(default_factory=set)
    figures: tuple[Figure, ...] = ()
    disputed: tuple[Figure, ...] = ()  # its counts another outlet gives differently
    news: float = 1.0  # how unlike anything reported on an earlier day
    score: float = 0.0

    @property
    def outlets(self) -> set[str]:
        return {self.article.outlet} | {a.outlet for a in self.carriers}


def reading_order(articles: Sequence[SourceArticle]) -> list[SourceArticle]:
    """Dated articles by date, undated after them; an original before its copies."""
    return sorted(
        articles,
        key=lambda a: (
            a.published is None,
            a.published.timestamp() if a.published else 0.0,
            a.copy_of is not None,
        ),
    )


def rank_candidates(
    articles: Sequence[SourceArticle], weights: SummaryWeights, limit: int | None = None
) -> list[Candidate]:
    """Candidates in the order greedy selection takes them (best first), at most ``limit``."""
    ordered = reading_order(articles)
    candidates = _candidates(ordered, weights)
    if not candidates:
        return []
    idf = idf_of([c.traits.terms for c in candidates])
    for candidate in candidates:
        candidate.vector = tfidf(candidate.traits.terms, idf)
    candidates = _merge_copies(candidates, weights.copy)
    _mark_disputes(candidates, weights.dispute)
    concepts = _shared_concepts(candidates)
    for candidate in candidates:
        candidate.concepts = _concepts(candidate.traits.terms) & concepts.keys()
    headlines = _headlines_by_day(ordered, idf)
    centroid = centroid_of([c.vector for c in candidates])
    _mark_news(candidates)
    for candidate in candidates:
        candidate.score = _score(candidate, candidates, headlines, centroid, weights)
    return _greedy(candidates, weights, limit if limit is not None else len(candidates), concepts)


def _headlines_by_day(
    ordered: Sequence[SourceArticle], idf: dict[str, float]
) -> dict[date | None, Vector]:
    """A story told over days has news each day: a dated sentence is compared with the
    headlines of its day (and of undated articles), an undated one with them all."""
    days = {_published_day(a) for a in ordered} | {None}
    return {
        day: tfidf(
            tuple(
                term
                for a in ordered
                if day is None or _published_day(a) in (day, None)
                for term in content_terms(a.title)
            ),
            idf,
        )
        for day in days
    }


def _candidates(ordered: Sequence[SourceArticle], weights: SummaryWeights) -> list[Candidate]:
    candidates = []
    for order, article in enumerate(ordered):
        for position, sentence in enumerate(article.sentences):
            traits = sentence_traits(sentence.text)
            if traits.fragment or not weights.min_words <= traits.words <= weights.max_words:
                continue
            if not traits.terms:
                continue
            candidates.append(Candidate(article, order, position, sentence, traits))
    return candidates


def _merge_copies(candidates: list[Candidate], threshold: float) -> list[Candidate]:
    """Fold near-identical sentences of later articles into the first one that has it."""
    kept: list[Candidate] = []
    for candidate in candidates:
        same = next(
            (
                k
                for k in kept
                if k.article.id != candidate.article.id
                and candidate.article.id not in {a.id for a in k.carriers}
                and cosine(k.vector, candidate.vector) >= threshold
            ),
            None,
        )
        if same is None:
            kept.append(candidate)
        else:
            same.carriers.append(candidate.article)
    return kept


def _score(
    candidate: Candidate,
    candidates: Sequence[Candidate],
    headlines: dict[date | None, Vector],
    centroid: Vector,
    weights: SummaryWeights,
) -> float:
    traits = candidate.traits
    score = (
        weights.support * _support(candidate, candidates)
        + weights.headline * cosine(candidate.vector, headlines[_day(candidate)])
        + weights.centroid * cosine(candidate.vector, centroid)
        + weights.position / (1.0 + candidate.position)
        + weights.informative * min(4, traits.names + traits.figures)
    )
    score -= weights.question * traits.question + weights.teaser * traits.teaser
    score -= weights.unattributed_quote * traits.unattributed_quote
    score -= weights.emotive * min(2, traits.emotive)
    score -= weights.first_person * traits.first_person
    return score


def _support(candidate: Candidate, candidates: Sequence[Candidate]) -> float:
    """Mean over the other outlets that wrote on that day or later of their closest
    sentence to this one: how much of the coverage that could say the same, does."""
    own = candidate.outlets
    copies = {a.id for a in candidate.carriers} | {candidate.article.id}
    family = copies | {a.copy_of for a in candidate.carriers if a.copy_of}
    family.add(candidate.article.copy_of or candidate.article.id)
    day = _day(candidate)
    best: dict[str, float] = defaultdict(float)
    for other in candidates:
        outlet = other.article.outlet
        if outlet in own or other.article.id in family or other.article.copy_of in family:
            continue
        other_day = _day(other)
        if day is not None and other_day is not None and other_day < day:
            continue
        best[outlet] = max(best[outlet], cosine(candidate.vector, other.vector))
    return sum(best.values()) / len(best) if best else 0.0


def _greedy(
    candidates: list[Candidate], weights: SummaryWeights, limit: int, concepts: dict[str, float]
) -> list[Candidate]:
    covered: set[str] = set()
    total = sum(concepts.values()) or 1.0

    days: set[date | None] = set()

    def gain(c: Candidate) -> float:
        fresh = sum(concepts[k] for k in c.concepts - covered) / total
        news = weights.new_day * c.news * (_day(c) not in days)
        return (
            c.score + news + weights.coverage * fresh - weights.overlap * _max_similarity(c, taken)
        )

    outlets = {c.article.outlet for c in candidates}
    taken: list[Candidate] = []
    counts: Counter[str] = Counter()
    remaining = sorted(candidates, key=lambda c: -c.score)
    while remaining and len(taken) < limit:
        fresh = [c for c in remaining if _novel(c, taken, weights.redundancy)]
        readable = [c for c in fresh if _antecedent_ok(c, taken) and _may_state(c)]
        if not readable:
            break
        # Questions and teasers are the last resort, whatever their words: they are
        # no news an outlet has to give.
        fit = [c for c in readable if not _asks(c)] or readable
        cap = _outlet_cap(len(taken) + 1, len(outlets))
        balanced = [c for c in fit if counts[c.article.outlet] < cap]
        best = max(balanced or fit, key=gain)
        step = [best]
        if not _answered(best, taken):
            rival = _rival(best, readable)
            if rival is None or len(taken) + 2 > limit:
                remaining = [c for c in fresh if c is not best]
                continue
            step.append(rival)
        for chosen in step:
            taken.append(chosen)
            counts[chosen.article.outlet] += 1
            covered.update(chosen.concepts)
            days.add(_day(chosen))
        remaining = [c for c in fresh if all(c is not chosen for chosen in step)]
    return taken


def _day(candidate: Candidate) -> date | None:
    return _published_day(candidate.article)


def _published_day(article: SourceArticle) -> date | None:
    return article.published.date() if article.published is not None else None


def _mark_news(candidates: Sequence[Candidate]) -> None:
    """What a later day adds: one minus the closest sentence of an earlier day."""
    for candidate in candidates:
        day = _day(candidate)
        earlier = [
            c for c in candidates if day is not None and (d := _day(c)) is not None and d < day
        ]
        candidate.news = 1.0 - max(
            (cosine(candidate.vector, c.vector) for c in earlier), default=0.0
        )


def _mark_disputes(candidates: Sequence[Candidate], closeness: float) -> None:
    for candidate in candidates:
        candidate.figures = figures_in(candidate.sentence.text)
    for candidate in candidates:
        candidate.disputed = _disputed(candidate, candidates, closeness)


def _disputed(
    candidate: Candidate, candidates: Sequence[Candidate], closeness: float
) -> tuple[Figure, ...]:
    """The candidate's counts that a close sentence of another outlet gives otherwise
    (a value the candidate gives itself as well is a change it reports, not a dispute)."""
    own = set(candidate.figures)
    rivals = [
        theirs
        for other in candidates
        if other.outlets.isdisjoint(candidate.outlets)
        and cosine(candidate.vector, other.vector) >= closeness
        for theirs in other.figures
        if theirs not in own
    ]
    return tuple(f for f in candidate.figures if any(conflicts(f, r) for r in rivals))


def _may_state(candidate: Candidate) -> bool:
    """A disputed count goes in only with who gave it."""
    return not candidate.disputed or candidate.traits.attributed


def _answered(candidate: Candidate, taken: Sequence[Candidate]) -> bool:
    """Every disputed count of the candidate has its other version in the summary."""
    return all(
        any(conflicts(figure, theirs) for t in taken for theirs in t.figures)
        for figure in candidate.disputed
    )


def _rival(candidate: Candidate, pool: Sequence[Candidate]) -> Candidate | None:
    """The best attributed sentence of another outlet giving another version."""
    rivals = [
        c
        for c in pool
        if c.outlets.isdisjoint(candidate.outlets)
        and c.traits.attributed
        and any(conflicts(f, g) for f in candidate.disputed for g in c.figures)
    ]
    return max(rivals, key=lambda c: c.score, default=None)


def _concepts(terms: Sequence[str]) -> set[str]:
    return set(terms) | {f"{a} {b}" for a, b in pairwise(terms)}


def _shared_concepts(candidates: Sequence[Candidate]) -> dict[str, float]:
    """Words and word pairs that two outlets or more use, weighted by how many do."""
    outlets: dict[str, set[str]] = defaultdict(set)
    for candidate in candidates:
        for concept in _concepts(candidate.traits.terms):
            outlets[concept] |= candidate.outlets
    return {k: float(len(v)) for k, v in outlets.items() if len(v) >= 2}


def _asks(candidate: Candidate) -> bool:
    return candidate.traits.question or candidate.traits.teaser


def _outlet_cap(size: int, outlets: int) -> int:
    """Most sentences one outlet may hold in a summary of ``size``: half, rounded down
    with three outlets or more, rounded up with two; one outlet holds them all."""
    if outlets <= 1:
        return size
    half = size // 2 if outlets >= 3 else (size + 1) // 2
    return max(1, half)


def _novel(candidate: Candidate, taken: Sequence[Candidate], threshold: float) -> bool:
    """Not another version of a sentence taken. Judged on plain shared words, not
    TF-IDF: the words every outlet's version shares are the story's own words, which
    TF-IDF weighs down the most."""
    return all(_word_overlap(candidate, t) < threshold for t in taken)


def _word_overlap(left: Candidate, right: Candidate) -> float:
    ours, theirs = set(left.traits.terms), set(right.traits.terms)
    return len(ours & theirs) / math.sqrt(len(ours) * len(theirs)) if ours and theirs else 0.0


def _antecedent_ok(candidate: Candidate, taken: Sequence[Candidate]) -> bool:
    """A sentence opening on "He", "This", "But"… goes in only after the sentence
    before it in its article (which the reading order then puts right before it)."""
    if not candidate.traits.dangling:
        return True
    return any(
        t.article.id == candidate.article.id and t.position == candidate.position - 1 for t in taken
    )


def _max_similarity(candidate: Candidate, taken: Sequence[Candidate]) -> float:
    return max((cosine(candidate.vector, t.vector) for t in taken), default=0.0)
