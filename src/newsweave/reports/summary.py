"""Cross-outlet extractive summaries: a story in a few sentences, from every side.

:func:`summarize` takes plain :class:`SourceArticle` records (so benchmarks and tests
call it without a store) and returns a :class:`StorySummary`: sentences chosen by
:mod:`newsweave.reports.selection`, put in reading order (by date, then by position
in the articles, a sentence that leans on the one before it right after that one).
Every sentence is the article's own text at its offsets, with the other articles
that carry the same sentence.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Literal

from newsweave.reports import STORY_SENTENCES
from newsweave.reports.candidates import Candidate, SourceArticle, SummaryWeights, reading_order
from newsweave.reports.selection import rank_candidates
from newsweave.reports.traits import sentence_traits

LeftOutReason = Literal["language", "no-sentences"]


@dataclass(frozen=True, slots=True)
class SummarySentence:
    """One summary sentence: ``text`` is exactly ``article.text[start:end]``."""

    text: str
    article_id: str
    outlet: str
    start: int
    end: int
    also_in: tuple[str, ...]  # other articles carrying the same sentence


@dataclass(frozen=True, slots=True)
class LeftOut:
    """An article of the story the summary could not draw on, and why."""

    article_id: str
    outlet: str
    reason: LeftOutReason


@dataclass(frozen=True, slots=True)
class StorySummary:
    id: str
    label: str
    sentences: tuple[SummarySentence, ...]
    left_out: tuple[LeftOut, ...] = ()


def summarize(
    summary_id: str,
    label: str,
    articles: Sequence[SourceArticle],
    *,
    sentences: int = STORY_SENTENCES,
    weights: SummaryWeights | None = None,
    left_out: Sequence[LeftOut] = (),
) -> StorySummary:
    """A summary of at most ``sentences`` sentences of ``articles`` (one story's, or a
    storyline's), in reading order."""
    if sentences < 1:
        raise ValueError(f"a summary needs at least one sentence, not {sentences}")
    usable = [a for a in articles if a.sentences]
    dropped = [LeftOut(a.id, a.outlet, "no-sentences") for a in articles if not a.sentences]
    if not usable:
        chosen = []
    elif _single_report(usable):
        chosen = _lead(usable, sentences)
    else:
        chosen = rank_candidates(usable, weights or SummaryWeights(), sentences)
    return StorySummary(
        id=summary_id,
        label=label,
        sentences=tuple(_summary_sentence(c) for c in _in_reading_order(chosen)),
        left_out=(*left_out, *dropped),
    )


def ranked_sentences(
    articles: Sequence[SourceArticle], weights: SummaryWeights | None = None
) -> list[SummarySentence]:
    """Every sentence selection would take, best first (for budgets in words)."""
    return [_summary_sentence(c) for c in rank_candidates(articles, weights or SummaryWeights())]


def _single_report(articles: Sequence[SourceArticle]) -> bool:
    """One article (with or without its copies): its lead is its summary."""
    return len([a for a in articles if a.copy_of is None]) <= 1


def _lead(articles: Sequence[SourceArticle], count: int) -> list[Candidate]:
    """The first sentences of a story of one article, skipping scraps of furniture;
    its copies are listed with each sentence they carry too."""
    original = reading_order(articles)[0]
    chosen: list[Candidate] = []
    for position, sentence in enumerate(original.sentences):
        traits = sentence_traits(sentence.text)
        if traits.fragment and position + 1 < len(original.sentences):
            continue
        copies = [a for a in articles if a is not original and sentence.text in a.text]
        chosen.append(Candidate(original, 0, position, sentence, traits, carriers=copies))
        if len(chosen) == count:
            break
    return chosen


def _in_reading_order(chosen: Sequence[Candidate]) -> list[Candidate]:
    """By day, then position, then article; a dangling sentence right after the one
    before it in its article."""
    by_place = {(c.article.id, c.position): c for c in chosen}
    leaning = {
        id(c) for c in chosen if c.traits.dangling and (c.article.id, c.position - 1) in by_place
    }
    ordered: list[Candidate] = []
    for candidate in sorted(
        (c for c in chosen if id(c) not in leaning),
        key=lambda c: (
            c.article.published is None,
            c.article.published.date() if c.article.published else date.min,
            c.position,
            c.order,
        ),
    ):
        ordered.append(candidate)
        follower = by_place.get((candidate.article.id, candidate.position + 1))
        while follower is not None and id(follower) in leaning:
            ordered.append(follower)
            follower = by_place.get((follower.article.id, follower.position + 1))
    return ordered


def _summary_sentence(candidate: Candidate) -> SummarySentence:
    sentence, article = candidate.sentence, candidate.article
    text = article.text[sentence.start : sentence.end]
    if text != sentence.text:
        raise ValueError(f"sentence offsets of article {article.id} do not match its text")
    return SummarySentence(
        text=text,
        article_id=article.id,
        outlet=article.outlet,
        start=sentence.start,
        end=sentence.end,
        also_in=tuple(a.id for a in candidate.carriers),
    )
