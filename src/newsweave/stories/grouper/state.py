"""What the story grouper reads and writes, apart from how it decides.

:class:`GroupingState` is the grouper's whole memory: the TF-IDF space (vocabulary,
document frequencies), the inverted index, one :class:`ArticleState` per article by
arrival number, the neighbour graph's edges, near-copies and their spans, and the
stories. The grouper asks only for the parts one new article touches, so a state can
keep everything in memory (:class:`~newsweave.stories.grouper.memory.MemoryState`, for
benchmarks and tests) or read those parts from the store on demand and write each
change as it is made (``newsweave.store.grouping``). The bookkeeping of stories (who
belongs where, dates, outlets) is written here once, for both.
"""

from __future__ import annotations

import bisect
import heapq
from abc import ABC, abstractmethod
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime

import numpy as np

from newsweave.stories.features import FloatVector, StoryFeatures
from newsweave.stories.index import FloatArray, IdArray, SparseCounts


@dataclass(frozen=True, slots=True)
class DateMarks:
    """Feature ids of the years, days of the week and months a text names: an undated
    article's clues to when its event happened."""

    years: frozenset[int]
    weekdays: frozenset[int]
    months: frozenset[int]


@dataclass(frozen=True, slots=True)
class ArticleState:
    article_id: str
    title: str
    published: datetime | None
    outlet: str | None
    counts: SparseCounts
    embedding: FloatVector | None
    marks: DateMarks

    @classmethod
    def from_features(
        cls, record: StoryFeatures, counts: SparseCounts, marks: DateMarks
    ) -> ArticleState:
        """The state of a stored article, from its feature row and its encoded counts."""
        return cls(
            record.article_id,
            record.title,
            record.published,
            record.outlet,
            counts,
            record.embedding,
            marks,
        )


@dataclass(slots=True)
class StoryState:
    members: list[int] = field(default_factory=list)  # article numbers, ascending
    nodes: list[int] = field(default_factory=list)  # the members that are not copies
    # What the story record shows, kept up to date so that reading it after each
    # article (as ingest does) costs the same for a story of ten or ten thousand.
    outlets: Counter[str] = field(default_factory=Counter)
    start: datetime | None = None
    end: datetime | None = None


class GroupingState(ABC):
    """The grouper's state; see the module docstring. Numbers are arrival order from 0."""

    # ---- the TF-IDF space ------------------------------------------------------------

    @abstractmethod
    def encode(self, counts: Sequence[tuple[str, int]]) -> SparseCounts:
        """Sparse counts, new keys getting the next feature ids; frequencies unchanged."""

    @abstractmethod
    def count(self, sparse: SparseCounts, sign: int) -> None:
        """Count a document in the frequencies (``sign`` 1) or take it out again (-1)."""

    @abstractmethod
    def idf(self, ids: IdArray) -> FloatArray: ...

    @abstractmethod
    def date_marks(self, ids: IdArray) -> DateMarks:
        """Which of ``ids`` (of a text encoded before) are years, weekdays, months."""

    @abstractmethod
    def key_of(self, feature_id: int) -> str: ...

    def weights(self, counts: SparseCounts) -> FloatArray:
        """L2-normalised TF-IDF weights of ``counts`` under the current frequencies."""
        weights: FloatArray = counts.tf * self.idf(counts.ids)
        norm = float(np.sqrt(weights @ weights))
        return weights / norm if norm > 0 else weights

    # ---- the inverted index ----------------------------------------------------------

    @abstractmethod
    def recent_postings(self, feature_ids: Sequence[int]) -> list[IdArray]:
        """Per feature, the numbers of the latest ``postings_cap`` articles indexed
        under it, ascending (empty for a feature nobody listed)."""

    @abstractmethod
    def index(self, number: int, keys: Sequence[str]) -> None: ...

    # ---- articles, the neighbour graph and copies ------------------------------------

    @abstractmethod
    def __len__(self) -> int: ...

    @abstractmethod
    def number_of(self, article_id: str) -> int | None: ...

    @abstractmethod
    def article(self, number: int) -> ArticleState: ...

    @abstractmethod
    def article_ids(self, numbers: Sequence[int]) -> list[str]:
        """The ids of articles ``numbers`` (cheaper than their whole states)."""

    @abstractmethod
    def earlier(self, number: int) -> Mapping[int, float]:
        """The article's edges to earlier articles, fixed on arrival."""

    @abstractmethod
    def later(self, number: int) -> Sequence[tuple[float, int]]:
        """The strongest ``neighbours`` edges later articles made to it, as
        (-similarity, -number), strongest first (ties: the most recent)."""

    @abstractmethod
    def append(self, article: ArticleState, earlier: Mapping[int, float]) -> int:
        """Add the next article with its edges (each also a later edge of its target);
        returns its number."""

    @abstractmethod
    def copy_of(self, number: int) -> int | None: ...

    @abstractmethod
    def copies(self, number: int) -> Sequence[int]:
        """The near-copies of a graph node, in arrival order."""

    @abstractmethod
    def copy_span(self, number: int) -> tuple[datetime, datetime] | None:
        """The first and last date of a node and its copies (nodes with dated copies)."""

    @abstractmethod
    def add_copy(self, number: int, original: int, span: tuple[datetime, datetime] | None) -> None:
        """Record ``number`` as a near-copy of node ``original``, whose span is now ``span``."""

    # ---- stories -----------------------------------------------------------------------

    @abstractmethod
    def story_of(self, number: int) -> str: ...

    @abstractmethod
    def story(self, story_id: str) -> StoryState | None:
        """The story's state, to read or to change followed by ``_saved``; None if none."""

    def existing_story(self, story_id: str) -> StoryState:
        found = self.story(story_id)
        if found is None:
            raise KeyError(story_id)
        return found

    @abstractmethod
    def story_ids(self) -> list[str]: ...

    @abstractmethod
    def _set_story_of(self, numbers: Sequence[int], story_id: str) -> None: ...

    @abstractmethod
    def _saved(self, story_id: str, story: StoryState) -> None:
        """Keep a new or changed story (its members are what ``_set_story_of`` said)."""

    @abstractmethod
    def _dropped(self, story_id: str) -> None: ...

    def attach(self, number: int, story_id: str) -> None:
        story = self.story(story_id) or StoryState()  # read before its members change
        self._set_story_of([number], story_id)
        _insert(story.members, number)
        if self.copy_of(number) is None:
            _insert(story.nodes, number)
        article = self.article(number)
        if article.outlet:
            story.outlets[article.outlet] += 1
        story.start = min_date([d for d in (story.start, article.published) if d is not None])
        story.end = max_date([d for d in (story.end, article.published) if d is not None])
        self._saved(story_id, story)

    def merge(self, story_id: str, *, into: str) -> None:
        absorbed, target = self.existing_story(story_id), self.existing_story(into)
        self._dropped(story_id)
        self._set_story_of(absorbed.members, into)
        target.members = _merged(target.members, absorbed.members)
        target.nodes = _merged(target.nodes, absorbed.nodes)
        target.outlets.update(absorbed.outlets)
        target.start = min_date([d for d in (target.start, absorbed.start) if d is not None])
        target.end = max_date([d for d in (target.end, absorbed.end) if d is not None])
        self._saved(into, target)

    def detach(self, number: int, story_id: str) -> None:
        """Take an article out of its story (it is attached elsewhere next)."""
        story = self.existing_story(story_id)
        story.members.remove(number)
        if self.copy_of(number) is None:
            story.nodes.remove(number)
        article = self.article(number)
        if article.outlet:
            story.outlets[article.outlet] -= 1
            if not story.outlets[article.outlet]:
                del story.outlets[article.outlet]
        if article.published is not None and article.published in (story.start, story.end):
            # Only a story's first or last date needs a scan of its members (moves are rare).
            dates = [d for m in story.members if (d := self.article(m).published) is not None]
            story.start, story.end = min_date(dates), max_date(dates)
        self._saved(story_id, story)


def _insert(numbers: list[int], number: int) -> None:
    """Insert into an ascending list; new articles (the usual case) go on the end."""
    if numbers and number < numbers[-1]:
        bisect.insort(numbers, number)
    else:
        numbers.append(number)


def _merged(many: list[int], few: list[int]) -> list[int]:
    """Two ascending lists as one; a few into many without a pass over the many."""
    if len(few) * 16 < len(many):
        for number in few:
            bisect.insort(many, number)
        return many
    return list(heapq.merge(many, few))


def min_date(dates: list[datetime]) -> datetime | None:
    return min(dates, key=sort_key) if dates else None


def max_date(dates: list[datetime]) -> datetime | None:
    return max(dates, key=sort_key) if dates else None


def sort_key(value: datetime) -> float:
    # Naive and aware datetimes cannot be compared; order both on a naive-UTC clock.
    return value.replace(tzinfo=None).timestamp() if value.tzinfo else value.timestamp()
