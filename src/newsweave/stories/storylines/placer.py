"""Placing one new or changed story: it joins the storyline it matches, or starts one,
and storylines it matches alike merge (see ``newsweave.stories.storylines``)."""

from __future__ import annotations

from dataclasses import dataclass, field

from newsweave.records import content_id
from newsweave.stories.storylines.labels import story_label
from newsweave.stories.storylines.profile import (
    Profile,
    ProfileConfig,
    added,
    idf,
    salient,
    similarity,
    story_profile,
    story_weight,
    strongest,
)
from newsweave.stories.storylines.state import LineState, PlacedStory, StorylineState


@dataclass(frozen=True, slots=True)
class StorylineConfig:
    profile: ProfileConfig = field(default_factory=ProfileConfig)
    # A story joins a storyline whose profile it matches this well, both on all keys
    # and on entity keys alone (see ``Similarity.score``).
    join_threshold: float = 0.2
    # Another storyline the story matches at least this well merges with the first.
    merge_threshold: float = 0.2
    # Storylines compared with a story, and storylines read per query key.
    candidates: int = 24
    postings_cap: int = 64


class StorylinePlacer:
    def __init__(self, state: StorylineState, config: StorylineConfig | None = None) -> None:
        self.state = state
        self.config = config or StorylineConfig()

    def weight(self, key: str) -> float:
        return idf(self.state.df(key), self.state.placed_count())

    def update(self, story_id: str) -> str | None:
        """Place a new or changed story again; take out one that no longer exists.
        Returns the story's storyline, None for a story that is gone."""
        state, cfg = self.state, self.config
        before = state.placed(story_id)
        if before is not None:
            self._take_out(story_id, before)
        story = state.story_input(story_id, cfg.profile.sample)
        if story is None:
            return None
        profile = story_profile((m.counts for m in story.members), cfg.profile.story_keys)
        state.set_story_label(story_id, story_label(story, profile, state.lead))
        state.count(list(profile), 1)
        matches = self._matches(profile, None if before is None else before.storyline_id)
        if matches:
            target = matches[0][1]
            for score, other in matches[1:]:
                if score >= cfg.merge_threshold:
                    self._merge(other, into=target)
        else:
            target = self._new_line_id(story_id)
            self.state.save_line(target, LineState(seq=state.new_seq()), ())
        self._add(story_id, target, profile, story.article_count, story.outlets)
        return target

    def _matches(self, profile: Profile, previous: str | None) -> list[tuple[float, str]]:
        """Storylines the profile matches, oldest first, with their scores."""
        cfg = self.config
        query = salient(profile, self.weight, cfg.profile.query_keys)
        found = self.state.candidates(query, cfg.candidates, cfg.postings_cap)
        if previous is not None and previous not in found:
            found.append(previous)
        scored = []
        for line_id in found:
            line = self.state.storyline(line_id)
            if line is None:
                continue
            score = similarity(profile, line.profile, self.weight).score()
            if score >= cfg.join_threshold:
                scored.append((line.seq, score, line_id))
        return [(score, line_id) for _, score, line_id in sorted(scored)]

    def _new_line_id(self, story_id: str) -> str:
        line_id = "storyline-" + content_id("storyline", story_id, length=12)
        if self.state.storyline(line_id) is None:
            return line_id
        # The story started a storyline before and left it, which lives on.
        again = content_id("storyline", story_id, str(self.state.new_seq()), length=12)
        return "storyline-" + again

    def _add(
        self, story_id: str, line_id: str, profile: Profile, articles: int, outlets: tuple[str, ...]
    ) -> None:
        state, keys = self.state, self.config.profile.storyline_keys
        line = state.storyline(line_id)
        assert line is not None
        line.profile = strongest(added(line.profile, profile, story_weight(articles)), keys)
        line.outlets.update(outlets)
        line.story_count += 1
        line.article_count += articles
        state.place(story_id, PlacedStory(line_id, profile, articles, outlets))
        self._save(line_id, line)

    def _take_out(self, story_id: str, placed: PlacedStory) -> None:
        state = self.state
        line = state.storyline(placed.storyline_id)
        state.unplace(story_id)
        state.count(list(placed.profile), -1)
        if line is None:
            return
        line.story_count -= 1
        if line.story_count <= 0:
            state.drop_line(placed.storyline_id)
            return
        weight = story_weight(placed.article_count)
        line.profile = strongest(added(line.profile, placed.profile, -weight), len(line.profile))
        line.outlets.subtract(placed.outlets)
        line.outlets = +line.outlets  # drop outlets with no story left
        line.article_count -= placed.article_count
        self._save(placed.storyline_id, line)

    def _merge(self, line_id: str, *, into: str) -> None:
        state = self.state
        absorbed, target = state.storyline(line_id), state.storyline(into)
        assert absorbed is not None and target is not None
        keys = self.config.profile.storyline_keys
        target.profile = strongest(added(target.profile, absorbed.profile, 1.0), keys)
        target.outlets.update(absorbed.outlets)
        target.story_count += absorbed.story_count
        target.article_count += absorbed.article_count
        state.move_stories(line_id, into)
        state.drop_line(line_id)
        self._save(into, target)

    def _save(self, line_id: str, line: LineState) -> None:
        posted = salient(line.profile, self.weight, self.config.profile.posted_keys)
        self.state.save_line(line_id, line, posted)
