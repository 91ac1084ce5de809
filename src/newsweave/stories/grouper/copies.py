"""Near-copies: an article the duplicate index linked, or whose plain TF-IDF cosine
to a candidate reaches ``copy_cosine``, joins the story of the graph node it copies
and stays out of the index, the frequencies and the edges."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from datetime import datetime

from newsweave.stories.features import StoryFeatures
from newsweave.stories.grouper.config import GrouperConfig, StoryAssignment
from newsweave.stories.grouper.scoring import Scorer
from newsweave.stories.grouper.state import (
    ArticleState,
    GroupingState,
    max_date,
    min_date,
)
from newsweave.stories.index import FloatArray, SparseCounts, cosine_many


class Copies:
    def __init__(self, config: GrouperConfig, state: GroupingState, scorer: Scorer) -> None:
        self.config = config
        self.state = state
        self.scorer = scorer

    def original(
        self, published: datetime | None, numbers: Sequence[int], cosines: Sequence[float]
    ) -> tuple[int, float] | None:
        """The candidate the new article is a near-copy of and their cosine, if any (the
        closest one)."""
        best: int | None = None
        best_cosine = self.config.copy_cosine
        for n, cosine in zip(numbers, cosines, strict=True):
            if cosine < best_cosine:
                continue
            factor = self.scorer.time_factor(published, self.scorer.date_near(n, published))
            if factor >= self.config.hood_min_time_factor:
                best, best_cosine = n, cosine
        return None if best is None else (best, round(best_cosine, 6))

    def linked_original(
        self, duplicate_of: str | None, sparse: SparseCounts, weights: FloatArray
    ) -> tuple[int, float] | None:
        """The graph node of the article the new one was linked to as a duplicate, if
        grouped, and their cosine. The duplicate link decides, not the cosine or dates:
        a wire copy under its own headline, or re-run months later, is still the same
        report, and a story report that counts syndicated copies once needs them in the
        story of their original."""
        linked = None if duplicate_of is None else self.state.number_of(duplicate_of)
        if linked is None:
            return None
        node = self.state.copy_of(linked)
        node = linked if node is None else node
        others = [self.state.article(node).counts]
        cosine = cosine_many(sparse.ids, weights, others, self.state)
        return node, round(float(cosine[0]), 6)

    def add(
        self,
        features: StoryFeatures,
        article: ArticleState,
        original: int,
        cosine: float,
    ) -> StoryAssignment:
        """Add the new article as a near-copy of node ``original``."""
        state = self.state
        state.count(article.counts, -1)  # a copy adds nothing to document frequencies
        features = dataclasses.replace(features, copy_of=state.article(original).article_id)
        number = append_copy(state, article, original)
        story_id = state.story_of(original)
        state.attach(number, story_id)
        return StoryAssignment(features.article_id, story_id, False, cosine, features)


def append_copy(state: GroupingState, article: ArticleState, original: int) -> int:
    """Append a near-copy (no index keys, no edges: nothing indexed) and widen the
    span of the node it copies."""
    number = state.append(article, {})
    span = state.copy_span(original) or (state.article(original).published,)
    known = [d for d in (article.published, *span) if d is not None]
    first, last = min_date(known), max_date(known)
    state.add_copy(number, original, None if first is None or last is None else (first, last))
    return number
