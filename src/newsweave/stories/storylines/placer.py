"""Placing one new or changed story: it joins the storyline it matches, or starts one,
and storylines it matches alike merge (see ``newsweave.stories.storylines``)."""

from __future__ import annotations

import math
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
    # A story joins the storyline whose profile it matches best, if that cosine (over
    # TF-IDF weights at the level of stories) reaches this, and their named entities
    # agree at least ``names_floor`` (see ``Similarity.score``). Tuned on Timeline17 dev
    # (benchmarks/storylines.py), one arrival order, from a store the ingest made.
    join_threshold: float = 0.06
    names_floor: float = 0.02
    # Two storylines whose profiles match this well are one: after each placement the
    # story's storyline is compared with the storylines listed under its salient keys.
    line_merge_threshold: float = 0.15
    # ... times 1 + this times the log of the smaller one's story count: the profile of a
    # storyline of many stories is settled, and two such storylines of one subject match
    # far better than the bar for a story or two; a low bar there lets one drift chain
    # two big subjects into one.
    line_merge_growth: float = 0.25
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
        else:
            target = self._new_line_id(story_id)
            self.state.save_line(target, LineState(seq=state.new_seq()), ())
        weight = story_weight(story.article_count)
        self._add(story_id, target, profile, weight, story.article_count, story.outlets)
        return self._merge_alike(target)

    def _merge_alike(self, line_id: str) -> str:
        """Merge ``line_id`` with the storyline whose profile matches it best, if one
        matches well enough, into the older of the two; returns the survivor. One at a
        time: a small storyline like two big ones must not chain them together (the
        merged profile is compared again when its next story is placed)."""
        state, cfg = self.state, self.config
        line = state.storyline(line_id)
        assert line is not None
        query = salient(line.profile, self.weight, cfg.profile.query_keys)
        best: tuple[float, int, str] | None = None
        for other_id in state.candidates(query, cfg.candidates, cfg.postings_cap):
            other = state.storyline(other_id)
            if other_id == line_id or other is None:
                continue
            score = similarity(line.profile, other.profile, self.weight).score(cfg.names_floor)
            smaller = min(line.story_count, other.story_count)
            bar = cfg.line_merge_threshold * (1 + cfg.line_merge_growth * math.log(smaller))
            if score >= bar and (best is None or (-score / bar, other.seq) < best[:2]):
                best = (-score / bar, other.seq, other_id)
        if best is None:
            return line_id
        older, younger = sorted([line_id, best[2]], key=self._seq)
        self._merge(younger, into=older)
        return older

    def _seq(self, line_id: str) -> int:
        line = self.state.storyline(line_id)
        assert line is not None
        return line.seq

    def _matches(self, profile: Profile, previous: str | None) -> list[tuple[float, str]]:
        """Storylines the profile matches, best first (ties: the oldest), with their
        scores."""
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
            score = similarity(profile, line.profile, self.weight).score(cfg.names_floor)
            if score >= cfg.join_threshold:
                scored.append((-score, line.seq, line_id))
        return [(-score, line_id) for score, _, line_id in sorted(scored)]

    def _new_line_id(self, story_id: str) -> str:
        line_id = "storyline-" + content_id("storyline", story_id, length=12)
        if self.state.storyline(line_id) is None:
            return line_id
        # The story started a storyline before and left it, which lives on.
        again = content_id("storyline", story_id, str(self.state.new_seq()), length=12)
        return "storyline-" + again

    def _add(
        self,
        story_id: str,
        line_id: str,
        profile: Profile,
        weight: float,
        articles: int,
        outlets: tuple[str, ...],
    ) -> None:
        state, keys = self.state, self.config.profile.storyline_keys
        line = state.storyline(line_id)
        assert line is not None
        line.profile = strongest(added(line.profile, profile, weight), keys)
        line.outlets.update(outlets)
        line.story_count += 1
        line.article_count += articles
        state.place(story_id, PlacedStory(line_id, profile, weight, articles, outlets))
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
        line.profile = strongest(
            added(line.profile, placed.profile, -placed.weight), len(line.profile)
        )
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
