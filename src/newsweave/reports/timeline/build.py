"""A timeline from plain records: no store, so benchmarks and tests call it directly."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from newsweave.reports import TIMELINE_DATES, TIMELINE_SENTENCES
from newsweave.reports.timeline.dates import (
    DateWeights,
    SentenceRef,
    mentions_by_day,
    rank_days,
    sentence_days,
)
from newsweave.reports.timeline.records import (
    Carrier,
    Timeline,
    TimelineArticle,
    TimelineEntry,
    TimelineSentence,
)
from newsweave.reports.timeline.sentences import SentenceWeights, choose_sentences, leads_by_day
from newsweave.reports.timeline.space import SentenceSpace

# Cosine at or above which two outlets' sentences are one entry (with the same figures).
NEAR_IDENTICAL = 0.8


def build_timeline(
    timeline_id: str,
    label: str,
    articles: Sequence[TimelineArticle],
    *,
    dates: int = TIMELINE_DATES,
    sentences: int = TIMELINE_SENTENCES,
    within: tuple[date, date] | None = None,
    date_weights: DateWeights | None = None,
    sentence_weights: SentenceWeights | None = None,
) -> Timeline:
    """The ``dates`` best days of ``articles`` (only those ``within`` an inclusive range,
    if given), each with up to ``sentences`` sentences, in date order.

    Articles with no publication date are listed as ``undated``; only the dates their
    own text states in full (e.g. "on 24 January 2007") can place their sentences."""
    if dates < 1 or sentences < 1:
        raise ValueError(
            f"a timeline needs at least one date and sentence, not {dates}/{sentences}"
        )
    weights = sentence_weights or SentenceWeights()
    days_of = [sentence_days(article) for article in articles]
    ranked = rank_days(articles, days_of, date_weights, within)
    mentions = mentions_by_day(articles, days_of)
    leads = leads_by_day(articles, days_of, weights)
    space = SentenceSpace(articles)
    used: set[SentenceRef] = set()

    def usable(ref: SentenceRef) -> bool:
        return ref not in used and space.words(ref) >= weights.min_words

    entries: list[TimelineEntry] = []
    for day in ranked:
        if len(entries) == dates:
            break
        chosen = choose_sentences(
            mentions.get(day, []), leads.get(day, []), space, sentences, usable, weights
        )
        if not chosen:
            continue
        shown = []
        for ref in chosen:
            copies = space.near_copies(ref, NEAR_IDENTICAL)
            used.update([ref, *copies])
            shown.append(_timeline_sentence(articles, [ref, *copies]))
        entries.append(TimelineEntry(day, tuple(shown)))
    return Timeline(
        id=timeline_id,
        label=label,
        entries=tuple(sorted(entries, key=lambda entry: entry.day)),
        undated=tuple(article.id for article in articles if article.published is None),
    )


def _timeline_sentence(
    articles: Sequence[TimelineArticle], refs: Sequence[SentenceRef]
) -> TimelineSentence:
    carriers = tuple(_carrier(articles[a], s) for a, s in refs)
    first = carriers[0]
    return TimelineSentence(
        text=articles[refs[0][0]].text[first.start : first.end],
        article_id=first.article_id,
        outlet=first.outlet,
        start=first.start,
        end=first.end,
        carriers=carriers,
    )


def _carrier(article: TimelineArticle, index: int) -> Carrier:
    sentence = article.sentences[index]
    if article.text[sentence.start : sentence.end] != sentence.text:
        raise ValueError(f"sentence offsets of article {article.id} do not match its text")
    return Carrier(article.id, article.outlet, sentence.start, sentence.end)
