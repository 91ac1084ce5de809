"""Local re-clustering: the new article and the recent members of its candidates'
stories, clustered by average link; what the new article's cluster says is applied
(join, merge, move; see ``newsweave.stories.grouper``)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from datetime import datetime

import numpy as np
from scipy.cluster.hierarchy import fcluster, linkage
from scipy.spatial.distance import squareform

from newsweave.records import content_id
from newsweave.stories.features import StoryFeatures
from newsweave.stories.grouper.config import GrouperConfig, StoryAssignment
from newsweave.stories.grouper.scoring import Scorer
from newsweave.stories.grouper.state import GroupingState


class Reclusterer:
    def __init__(self, config: GrouperConfig, state: GroupingState, scorer: Scorer) -> None:
        self.config = config
        self.state = state
        self.scorer = scorer

    def hood_members(self, hood_stories: Sequence[str], published: datetime | None) -> list[int]:
        """The latest ``hood_members`` graph nodes of each story (its near-copies are
        not nodes), those of them within about two weeks of a dated article only."""
        cfg = self.config
        hood: list[int] = []
        for story_id in hood_stories:
            recent = self.state.existing_story(story_id).nodes[-cfg.hood_members :]
            if published is not None:
                recent = [
                    m
                    for m in recent
                    if self.scorer.time_factor(published, self.scorer.date_near(m, published))
                    >= cfg.hood_min_time_factor
                ]
            hood += recent
        return hood

    def recluster(
        self, number: int, members: Sequence[int], features: StoryFeatures
    ) -> StoryAssignment:
        """Cluster the new article with its neighbourhood ``members`` and apply what its
        own cluster says; see the module docstring."""
        state = self.state
        article = state.article(number)
        hood = [number, *members]
        # Only the new article's cluster acts: the others' members stay where they are,
        # so a story whose older members drift apart is not cut up on their account.
        mates = self.cluster(hood)
        in_hood = Counter(state.story_of(h) for h in hood[1:])
        with_article = Counter(state.story_of(h) for h in mates)
        story_id = self.claim(with_article, in_hood) or new_story_id(article.article_id)
        created = state.story(story_id) is None
        state.attach(number, story_id)
        merged: list[tuple[str, str]] = []
        moved: list[tuple[str, str]] = []
        changed: list[str] = []
        for other in sorted(with_article):
            if other == story_id:
                continue
            if with_article[other] == len(state.existing_story(other).nodes):
                state.merge(other, into=story_id)
                merged.append((other, story_id))
                continue
            for h in mates:
                if state.story_of(h) == other:
                    for m in (h, *state.copies(h)):  # a node's copies go with it
                        state.detach(m, other)
                        state.attach(m, story_id)
                        moved.append((state.article(m).article_id, story_id))
            changed.append(other)
        earlier = state.earlier(number)
        score = max((earlier.get(h, 0.0) for h in mates), default=0.0)
        return StoryAssignment(
            article.article_id,
            story_id,
            created,
            score,
            features,
            tuple(merged),
            tuple(moved),
            tuple(changed),
        )

    def claim(self, with_article: Counter[str], in_hood: Counter[str]) -> str | None:
        """The story the new article's cluster takes over: the one it shares most members
        with (ties: the larger story, then the smaller id) among those of which it holds
        at least ``claim_share`` of the neighbourhood members; None for a new story."""
        sizes = {
            sid: len(story.members) for sid in with_article if (story := self.state.story(sid))
        }
        ranked = sorted(with_article, key=lambda sid: (-with_article[sid], -sizes[sid], sid))
        share = self.config.claim_share
        return next((sid for sid in ranked if with_article[sid] >= share * in_hood[sid]), None)

    def cluster(self, hood: Sequence[int]) -> list[int]:
        """The members of ``hood`` that average link over the blended first- and
        second-order similarity puts in one cluster with the new article (hood[0])."""
        if len(hood) == 1:
            return []
        cfg = self.config
        size = len(hood)
        position = {h: i for i, h in enumerate(hood)}
        first = np.eye(size)
        lists = np.eye(size)
        for i, h in enumerate(hood):
            for other, sim in self.state.earlier(h).items():
                j = position.get(other)
                if j is not None:
                    first[i, j] = first[j, i] = sim
            for other, sim in self.neighbour_list(h):
                j = position.get(other)
                if j is not None:
                    lists[i, j] = sim
        lists /= np.linalg.norm(lists, axis=1, keepdims=True)
        a = cfg.second_order_weight
        similarity = (1.0 - a) * first + a * (lists @ lists.T)
        distance = np.clip(1.0 - (similarity + similarity.T) / 2.0, 0.0, 2.0)
        np.fill_diagonal(distance, 0.0)
        tree = linkage(squareform(distance, checks=False), method="average")
        labels = fcluster(tree, t=1.0 - cfg.cluster_threshold, criterion="distance")
        return [
            h for h, label in zip(hood[1:], labels[1:].tolist(), strict=True) if label == labels[0]
        ]

    def neighbour_list(self, number: int) -> list[tuple[int, float]]:
        """The article's strongest edges either way, down to ``neighbour_ratio`` of the
        strongest: the list whose overlap is second-order similarity."""
        edges = [(s, n) for n, s in self.state.earlier(number).items()]
        edges += [(-s, -n) for s, n in self.state.later(number)]
        edges.sort(key=lambda e: (-e[0], -e[1]))
        edges = edges[: self.config.neighbours]
        if not edges:
            return []
        bar = self.config.neighbour_ratio * edges[0][0]
        return [(n, s) for s, n in edges if s >= bar]


def new_story_id(article_id: str) -> str:
    return "story-" + content_id("story", article_id, length=12)
