"""The grouper's state held wholly in memory: what the benchmarks and tests group with,
and the reference the store-backed state (``newsweave.store.grouping``) must equal."""

from __future__ import annotations

import bisect
from collections.abc import Mapping, Sequence
from datetime import datetime
from operator import itemgetter

from newsweave.stories.grouper.state import ArticleState, DateMarks, GroupingState, StoryState
from newsweave.stories.index import FeatureSpace, FloatArray, IdArray, InvertedIndex, SparseCounts


class MemoryState(GroupingState):
    def __init__(self, *, entity_boost: float, postings_cap: int, neighbours: int) -> None:
        self.space = FeatureSpace(entity_boost)
        self._index = InvertedIndex(postings_cap)
        self._neighbours = neighbours
        self._articles: list[ArticleState] = []
        self._ids: list[str] = []  # the articles' ids again: a story record lists them all
        self._number_of: dict[str, int] = {}
        self._story_of: list[str] = []
        self._stories: dict[str, StoryState] = {}
        # The neighbour graph: each article's edges to earlier ones (fixed at arrival),
        # and the strongest ``neighbours`` edges later articles made to it.
        self._earlier: list[dict[int, float]] = []
        self._later: list[list[tuple[float, int]]] = []
        # Near-copies: copy -> the graph node it copies, and node -> its copies.
        self._copy_of: dict[int, int] = {}
        self._copies: dict[int, list[int]] = {}
        self._copy_span: dict[int, tuple[datetime, datetime]] = {}

    def encode(self, counts: Sequence[tuple[str, int]]) -> SparseCounts:
        return self.space.encode(counts)

    def count(self, sparse: SparseCounts, sign: int) -> None:
        self.space.count(sparse, sign)

    def idf(self, ids: IdArray) -> FloatArray:
        return self.space.idf(ids)

    def date_marks(self, ids: IdArray) -> DateMarks:
        return DateMarks(*self.space.date_marks(ids))

    def key_of(self, feature_id: int) -> str:
        return self.space.keys[feature_id]

    def recent_postings(self, feature_ids: Sequence[int]) -> list[IdArray]:
        return [self._index.recent(feature) for feature in feature_ids]

    def index(self, number: int, keys: Sequence[str]) -> None:
        self._index.add(number, [self.space.vocab[key] for key in keys])

    def __len__(self) -> int:
        return len(self._articles)

    def number_of(self, article_id: str) -> int | None:
        return self._number_of.get(article_id)

    def article(self, number: int) -> ArticleState:
        return self._articles[number]

    def article_ids(self, numbers: Sequence[int]) -> list[str]:
        if len(numbers) < 2:
            return [self._ids[n] for n in numbers]
        # Read after each article for every story it changed: one C-level pass over
        # a long-running story's thousands of members, not a Python loop.
        return list(itemgetter(*numbers)(self._ids))

    def earlier(self, number: int) -> Mapping[int, float]:
        return self._earlier[number]

    def later(self, number: int) -> Sequence[tuple[float, int]]:
        return self._later[number]

    def append(self, article: ArticleState, earlier: Mapping[int, float]) -> int:
        number = len(self._articles)
        self._articles.append(article)
        self._ids.append(article.article_id)
        self._number_of[article.article_id] = number
        for other, sim in earlier.items():
            later = self._later[other]
            bisect.insort(later, (-sim, -number))  # strongest first, ties: most recent
            del later[self._neighbours :]
        self._earlier.append(dict(earlier))
        self._later.append([])
        return number

    def copy_of(self, number: int) -> int | None:
        return self._copy_of.get(number)

    def copies(self, number: int) -> Sequence[int]:
        return self._copies.get(number, ())

    def copy_span(self, number: int) -> tuple[datetime, datetime] | None:
        return self._copy_span.get(number)

    def add_copy(self, number: int, original: int, span: tuple[datetime, datetime] | None) -> None:
        self._copy_of[number] = original
        self._copies.setdefault(original, []).append(number)
        if span is not None:
            self._copy_span[original] = span

    def story_of(self, number: int) -> str:
        return self._story_of[number]

    def story(self, story_id: str) -> StoryState | None:
        return self._stories.get(story_id)

    def story_ids(self) -> list[str]:
        return sorted(self._stories)

    def assignments(self) -> dict[str, str]:
        return {a.article_id: self._story_of[n] for n, a in enumerate(self._articles)}

    def _set_story_of(self, numbers: Sequence[int], story_id: str) -> None:
        for number in numbers:
            if number < len(self._story_of):
                self._story_of[number] = story_id
            else:
                self._story_of.append(story_id)

    def _saved(self, story_id: str, story: StoryState) -> None:
        self._stories[story_id] = story

    def _dropped(self, story_id: str) -> None:
        del self._stories[story_id]
