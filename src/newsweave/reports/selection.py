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

from collections.abc import Sequence
from datetime import date

import numpy as np

from newsweave.reports.candidates import (
    Candidate,
    SourceArticle,
    SummaryWeights,
    article_day,
    candidate_day,
    reading_order,
)
from newsweave.reports.greedy import concepts_of, mark_disputes, select, shared_concepts
from newsweave.reports.similarity import Matrix, Similarities
from newsweave.reports.traits import content_terms, sentence_traits

# Bounds on the work for a story with hundreds of articles: each article's first
# sentences (reporters put what happened first), fewer the more articles there are.
MAX_CANDIDATES = 1500
MIN_PER_ARTICLE = 4


def rank_candidates(
    articles: Sequence[SourceArticle], weights: SummaryWeights, limit: int | None = None
) -> list[Candidate]:
    """Candidates in the order greedy selection takes them (best first), at most ``limit``."""
    ordered = reading_order(articles)
    candidates = _candidates(ordered, weights)
    if not candidates:
        return []
    sims = Similarities([c.traits.terms for c in candidates])
    candidates = _merge_copies(candidates, sims, weights.copy)
    mark_disputes(candidates, sims, weights.dispute)
    concepts = shared_concepts(candidates)
    for candidate in candidates:
        candidate.concepts = concepts_of(candidate.traits.terms) & concepts.keys()
    headline = _headline_similarity(ordered, candidates, sims)
    centroid = sims.centroid_similarity([c.index for c in candidates])
    support = _support(candidates, sims)
    _mark_news(candidates, sims)
    for k, candidate in enumerate(candidates):
        candidate.score = _score(
            candidate, float(support[k]), float(headline[k]), float(centroid[k]), weights
        )
    return select(candidates, sims, weights, len(candidates) if limit is None else limit, concepts)


def _candidates(ordered: Sequence[SourceArticle], weights: SummaryWeights) -> list[Candidate]:
    """Sentences that can stand in a summary: whole (no scrap of furniture), neither
    tiny nor sprawling; an exact repeat of an earlier article's sentence (a copy) is
    listed with it at once."""
    per_article = max(MIN_PER_ARTICLE, MAX_CANDIDATES // max(1, len(ordered)))
    candidates: list[Candidate] = []
    by_text: dict[str, Candidate] = {}
    for order, article in enumerate(ordered):
        for position, sentence in enumerate(article.sentences[:per_article]):
            same = by_text.get(sentence.text)
            if same is not None:
                # Articles come in order: a repeat within one article is its last carrier.
                last = same.carriers[-1] if same.carriers else same.article
                if last.id != article.id:
                    same.carriers.append(article)
                continue
            traits = sentence_traits(sentence.text)
            if traits.fragment or not weights.min_words <= traits.words <= weights.max_words:
                continue
            if not traits.terms:
                continue
            candidate = Candidate(article, order, position, sentence, traits)
            candidate.index = len(candidates)
            by_text[sentence.text] = candidate
            candidates.append(candidate)
    return candidates


def _merge_copies(
    candidates: list[Candidate], sims: Similarities, threshold: float
) -> list[Candidate]:
    """Fold near-identical sentences of later articles into the first one that has it."""
    kept: list[Candidate] = []
    kept_rows = np.zeros(len(candidates), dtype=np.intp)  # kept[k]'s row, for k < len(kept)
    for candidate in candidates:
        close = sims.cosine[candidate.index, kept_rows[: len(kept)]] >= threshold
        same = next(
            (
                k
                for k in (kept[int(at)] for at in np.flatnonzero(close))
                if k.article.id != candidate.article.id
                and all(a.id != candidate.article.id for a in k.carriers)
            ),
            None,
        )
        if same is None:
            kept_rows[len(kept)] = candidate.index
            kept.append(candidate)
        else:
            same.carriers.append(candidate.article)
    return kept


def _score(
    candidate: Candidate, support: float, headline: float, centroid: float, weights: SummaryWeights
) -> float:
    traits = candidate.traits
    score = (
        weights.support * support
        + weights.headline * headline
        + weights.centroid * centroid
        + weights.position / (1.0 + candidate.position)
        + weights.informative * min(4, traits.names + traits.figures)
    )
    score -= weights.question * traits.question + weights.teaser * traits.teaser
    score -= weights.unattributed_quote * traits.unattributed_quote
    score -= weights.emotive * min(2, traits.emotive)
    score -= weights.first_person * traits.first_person
    return score


def _headline_similarity(
    ordered: Sequence[SourceArticle], candidates: Sequence[Candidate], sims: Similarities
) -> Matrix:
    """A story told over days has news each day: a dated sentence is compared with the
    headlines of its day (and of undated articles), an undated one with them all."""
    by_day: dict[date | None, Matrix] = {}
    for day in {candidate_day(c) for c in candidates}:
        titles = [
            term
            for a in ordered
            if day is None or article_day(a) in (day, None)
            for term in content_terms(a.title)
        ]
        by_day[day] = sims.similarity_to(titles)
    return np.array([by_day[candidate_day(c)][c.index] for c in candidates])


def _support(candidates: Sequence[Candidate], sims: Similarities) -> Matrix:
    """For each candidate, the mean over the other outlets that wrote on its day or
    later of their closest sentence to it: how much of the coverage that could say the
    same, does. A copy is no support for its original, nor an outlet for itself."""
    rows = [c.index for c in candidates]
    cosine = sims.cosine[np.ix_(rows, rows)]
    days = np.array([_ordinal(candidate_day(c)) for c in candidates])
    undated = days < 0
    # Column j may support row i if it is not from an earlier day (undated: either way).
    allowed = (days[None, :] >= days[:, None]) | undated[None, :] | undated[:, None]
    outlets = {o: k for k, o in enumerate(sorted({c.article.outlet for c in candidates}))}
    outlet_of = np.array([outlets[c.article.outlet] for c in candidates])
    roots = {r: k for k, r in enumerate(sorted({_root(c.article) for c in candidates}))}
    root_of = np.array([roots[_root(c.article)] for c in candidates])
    # own_outlet[i, k]: outlet k carries candidate i; own_root[i, r]: so does article r.
    own_outlet = np.zeros((len(candidates), len(outlets)), dtype=bool)
    own_root = np.zeros((len(candidates), len(roots)), dtype=bool)
    for i, candidate in enumerate(candidates):
        own_outlet[i, [outlets[o] for o in candidate.outlets if o in outlets]] = True
        own_root[i, [roots[r] for r in _roots(candidate) if r in roots]] = True
    allowed &= ~own_outlet[:, outlet_of] & ~own_root[:, root_of]
    total = np.zeros(len(candidates))
    count = np.zeros(len(candidates))
    for k in range(len(outlets)):
        best = np.where(allowed & (outlet_of == k)[None, :], cosine, -1.0).max(axis=1)
        total += np.maximum(best, 0.0)
        count += best >= 0.0
    return np.divide(total, count, out=np.zeros_like(total), where=count > 0)


def _root(article: SourceArticle) -> str:
    """The article a copy copies; an original is its own."""
    return article.copy_of or article.id


def _roots(candidate: Candidate) -> set[str]:
    return {_root(a) for a in (candidate.article, *candidate.carriers)}


def _mark_news(candidates: Sequence[Candidate], sims: Similarities) -> None:
    """What a later day adds: one minus the closest sentence of an earlier day."""
    rows = [c.index for c in candidates]
    cosine = sims.cosine[np.ix_(rows, rows)]
    days = np.array([_ordinal(candidate_day(c)) for c in candidates])
    earlier = (days[None, :] < days[:, None]) & (days[None, :] >= 0) & (days[:, None] >= 0)
    closest = np.where(earlier, cosine, 0.0).max(axis=1)
    for candidate, value in zip(candidates, closest, strict=True):
        candidate.news = 1.0 - float(value)


def _ordinal(day: date | None) -> int:
    return day.toordinal() if day is not None else -1
