"""The storyline step's state in memory, for a run that places a whole corpus's stories
at once (``newsweave run``): the same reads and writes as the store's
(``newsweave.store.storylines``), so the same stories placed in the same order give
the same storylines as the store's step."""

from __future__ import annotations

import heapq
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime

from newsweave.stories.storylines.state import (
    LEAD_CHARS,
    LineState,
    Member,
    PlacedStory,
    StoryInput,
    StorylineState,
    spread_sample,
)


@dataclass(frozen=True, slots=True)
class StoryFacts:
    """What the step reads of a story: its record's fields, members in arrival order
    (their features are the state's ``features``)."""

    story_id: str
    title: str
    start: datetime | None
    end: datetime | None
    outlets: tuple[str, ...]
    article_ids: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class StorylineRecord:
    """A storyline as the step left it."""

    id: str
    seq: int
    label: str
    start: datetime | None
    end: datetime | None
    outlets: dict[str, int]
    story_count: int
    article_count: int
    story_ids: tuple[str, ...]  # oldest first (start, then id)


@dataclass(slots=True)
class MemoryStorylineState(StorylineState):
    stories: Mapping[str, StoryFacts]
    features: Mapping[str, tuple[tuple[tuple[str, int], ...], str]]  # article -> counts, title
    texts: Mapping[str, str]  # article id -> text (its lead)
    labels: dict[str, str] = field(default_factory=dict)
    _placed: dict[str, PlacedStory] = field(default_factory=dict)
    _df: Counter[str] = field(default_factory=Counter)
    _placed_count: int = 0
    _lines: dict[str, LineState] = field(default_factory=dict)
    _postings: dict[str, dict[str, int]] = field(default_factory=dict)  # key -> line: touched
    _posted: dict[str, tuple[str, ...]] = field(default_factory=dict)
    _touched: int = 0

    def story_input(self, story_id: str, sample: int) -> StoryInput | None:
        story = self.stories.get(story_id)
        if story is None:
            return None
        members = []
        for article_id in spread_sample(story.article_ids, sample):
            found = self.features.get(article_id)
            if found is not None:
                members.append(Member(article_id, found[0], found[1]))
        return StoryInput(
            story_id, story.title, len(story.article_ids), story.outlets, tuple(members)
        )

    def lead(self, article_id: str) -> str:
        return self.texts.get(article_id, "")[:LEAD_CHARS]

    def set_story_label(self, story_id: str, label: str) -> None:
        self.labels[story_id] = label

    def placed(self, story_id: str) -> PlacedStory | None:
        return self._placed.get(story_id)

    def place(self, story_id: str, placed: PlacedStory) -> None:
        self._placed[story_id] = placed

    def unplace(self, story_id: str) -> None:
        self._placed.pop(story_id, None)

    def df(self, key: str) -> int:
        return self._df[key]

    def placed_count(self) -> int:
        return self._placed_count

    def count(self, keys: Sequence[str], sign: int) -> None:
        for key in keys:
            self._df[key] += sign
        self._placed_count += sign

    def candidates(self, keys: Sequence[str], limit: int, per_key: int) -> list[str]:
        hits: Counter[str] = Counter()
        for key in keys:
            posted = self._postings.get(key)
            if posted:
                for line_id, _ in heapq.nlargest(per_key, posted.items(), key=_touched):
                    hits[line_id] += 1
        return [line_id for line_id, _ in sorted(hits.items(), key=lambda kv: (-kv[1], kv[0]))][
            :limit
        ]

    def storyline(self, storyline_id: str) -> LineState | None:
        return self._lines.get(storyline_id)

    def new_seq(self) -> int:
        return max((line.seq for line in self._lines.values()), default=-1) + 1

    def save_line(self, storyline_id: str, line: LineState, posted: Sequence[str]) -> None:
        self._lines[storyline_id] = line
        self._touched += 1
        self._unpost(storyline_id)
        for key in posted:
            self._postings.setdefault(key, {})[storyline_id] = self._touched
        self._posted[storyline_id] = tuple(posted)

    def drop_line(self, storyline_id: str) -> None:
        self._lines.pop(storyline_id, None)
        self._unpost(storyline_id)

    def move_stories(self, storyline_id: str, into: str) -> None:
        for story_id, placed in list(self._placed.items()):
            if placed.storyline_id == storyline_id:
                self._placed[story_id] = PlacedStory(
                    into, placed.profile, placed.weight, placed.article_count, placed.outlets
                )

    def _unpost(self, storyline_id: str) -> None:
        for key in self._posted.pop(storyline_id, ()):
            posted = self._postings.get(key)
            if posted is not None:
                posted.pop(storyline_id, None)

    def records(self) -> list[StorylineRecord]:
        """Every storyline, oldest (lowest seq) first, with the label and span the
        store's step gives it: the label of its biggest story (then the earliest, then
        by id), the earliest start and the latest end of its stories."""
        members: dict[str, list[str]] = {}
        for story_id, placed in self._placed.items():
            members.setdefault(placed.storyline_id, []).append(story_id)
        out = []
        for line_id, line in sorted(self._lines.items(), key=lambda kv: kv[1].seq):
            stories = sorted(members.get(line_id, []), key=lambda s: self._oldest(s))
            biggest = min(
                stories,
                # SQLite orders a story without a start (NULL) before the dated ones.
                key=lambda s: (
                    -self._placed[s].article_count,
                    not self._start_key(s)[0],
                    self._start_key(s)[1],
                    s,
                ),
                default=None,
            )
            label = "" if biggest is None else self.labels.get(biggest) or ""
            if biggest is not None and not label:
                label = self.stories[biggest].title
            starts = [d for s in stories if (d := self.stories[s].start) is not None]
            ends = [d for s in stories if (d := self.stories[s].end) is not None]
            out.append(
                StorylineRecord(
                    id=line_id,
                    seq=line.seq,
                    label=label,
                    start=min(starts, key=_utc) if starts else None,
                    end=max(ends, key=_utc) if ends else None,
                    outlets=dict(sorted(line.outlets.items())),
                    story_count=line.story_count,
                    article_count=line.article_count,
                    story_ids=tuple(stories),
                )
            )
        return out

    def _start_key(self, story_id: str) -> tuple[bool, float]:
        start = self.stories[story_id].start
        return (start is None, 0.0 if start is None else _utc(start))

    def _oldest(self, story_id: str) -> tuple[bool, float, str]:
        return (*self._start_key(story_id), story_id)


def placing_order(stories: Sequence[StoryFacts]) -> list[str]:
    """The order the store's step takes a fresh store's queued stories in: oldest start
    first, undated last, ties by id."""
    return [s.story_id for s in sorted(stories, key=lambda s: _story_key(s))]


def _story_key(story: StoryFacts) -> tuple[bool, float, str]:
    return (story.start is None, 0.0 if story.start is None else _utc(story.start), story.story_id)


def _utc(value: datetime) -> float:
    """An instant as SQLite's julianday compares it: a time without zone taken as UTC."""
    return (value if value.tzinfo else value.replace(tzinfo=UTC)).timestamp()


def _touched(item: tuple[str, int]) -> int:
    return item[1]
