"""What the storyline step reads and writes, apart from how it decides (the store
implements it: ``newsweave.store.storylines``)."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

from newsweave.stories.storylines.profile import Profile

# How much of an article's opening ``StorylineState.lead`` gives.
LEAD_CHARS = 600


def spread_sample(items: Sequence[str], limit: int) -> list[str]:
    """At most ``limit`` of ``items``, spread evenly from the first to the last: the
    sample of a story's members the step reads (every state takes the same one)."""
    if len(items) <= limit:
        return list(items)
    last = len(items) - 1
    return [items[i * last // (limit - 1)] for i in range(limit)]


@dataclass(frozen=True, slots=True)
class Member:
    """One sampled article of a story: its id, grouping feature counts and headline."""

    article_id: str
    counts: tuple[tuple[str, int], ...]
    title: str


@dataclass(frozen=True, slots=True)
class StoryInput:
    """A story as the storyline step reads it: its central headline (may be empty), its
    size and outlets, and a bounded sample of its articles."""

    story_id: str
    title: str
    article_count: int
    outlets: tuple[str, ...]
    members: tuple[Member, ...]


@dataclass(frozen=True, slots=True)
class PlacedStory:
    """A story as it was placed: what its storyline's figures hold of it."""

    storyline_id: str
    profile: Profile
    weight: float  # the profile's share in its storyline's
    article_count: int
    outlets: tuple[str, ...]


@dataclass(slots=True)
class LineState:
    seq: int
    profile: Profile = field(default_factory=dict)
    outlets: Counter[str] = field(default_factory=Counter)  # outlet -> its stories
    story_count: int = 0
    article_count: int = 0


class StorylineState(ABC):
    # ---- stories -----------------------------------------------------------------

    @abstractmethod
    def story_input(self, story_id: str, sample: int) -> StoryInput | None:
        """The story with at most ``sample`` of its articles (spread over it), or None
        when it no longer exists (merged into another)."""

    @abstractmethod
    def lead(self, article_id: str) -> str:
        """The opening of an article's text (a few hundred characters)."""

    @abstractmethod
    def set_story_label(self, story_id: str, label: str) -> None: ...

    @abstractmethod
    def placed(self, story_id: str) -> PlacedStory | None: ...

    @abstractmethod
    def place(self, story_id: str, placed: PlacedStory) -> None:
        """Record the story in its storyline (``placed.storyline_id``)."""

    @abstractmethod
    def unplace(self, story_id: str) -> None: ...

    # ---- story-level frequencies -----------------------------------------------------

    @abstractmethod
    def df(self, key: str) -> int: ...

    @abstractmethod
    def placed_count(self) -> int: ...

    @abstractmethod
    def count(self, keys: Sequence[str], sign: int) -> None:
        """Count a story's profile keys in (``sign`` 1) or out (-1) of the frequencies."""

    # ---- storylines --------------------------------------------------------------------

    @abstractmethod
    def candidates(self, keys: Sequence[str], limit: int, per_key: int) -> list[str]:
        """Storylines listed under any of ``keys`` (the ``per_key`` most recently
        changed per key), those listed under most of them first; at most ``limit``."""

    @abstractmethod
    def storyline(self, storyline_id: str) -> LineState | None: ...

    @abstractmethod
    def new_seq(self) -> int: ...

    @abstractmethod
    def save_line(self, storyline_id: str, line: LineState, posted: Sequence[str]) -> None:
        """Keep a new or changed storyline, listed under ``posted`` keys; its record's
        label and span are taken from its stories."""

    @abstractmethod
    def drop_line(self, storyline_id: str) -> None: ...

    @abstractmethod
    def move_stories(self, storyline_id: str, into: str) -> None:
        """Every story of one storyline now belongs to another."""
