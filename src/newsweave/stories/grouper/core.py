"""The story grouper: one article at a time, through retrieval and scoring
(``scoring``), near-copies (``copies``) and local re-clustering (``clustering``), over a
:class:`~newsweave.stories.grouper.state.GroupingState`."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import numpy as np

from newsweave.limits import check_deadline
from newsweave.records import Story
from newsweave.stories.features import StoryDoc, StoryFeatures, feature_counts, stored_precision
from newsweave.stories.grouper.clustering import Reclusterer
from newsweave.stories.grouper.config import GrouperConfig, StoryAssignment
from newsweave.stories.grouper.copies import Copies, append_copy
from newsweave.stories.grouper.memory import MemoryState
from newsweave.stories.grouper.scoring import Scorer, strongest_first
from newsweave.stories.grouper.state import ArticleState, GroupingState
from newsweave.stories.index import FloatArray

# Members whose headlines compete for a story's title: all of a story up to this size,
# else this many spread evenly over it, so the title costs the same for any story size.
TITLE_CANDIDATES = 48


class StoryGrouper:
    """Groups articles into stories one at a time; see ``newsweave.stories.grouper``.
    Without a ``state`` it keeps everything in memory."""

    def __init__(self, config: GrouperConfig | None = None, state: GroupingState | None = None):
        self.config = cfg = config or GrouperConfig()
        if state is None:  # not ``state or``: an empty state has length 0
            state = MemoryState(
                entity_boost=cfg.entity_boost,
                postings_cap=cfg.postings_cap,
                neighbours=cfg.neighbours,
            )
        self.state: GroupingState = state
        self._scorer = Scorer(cfg, self.state)
        self._copies = Copies(cfg, self.state, self._scorer)
        self._reclusterer = Reclusterer(cfg, self.state, self._scorer)

    def __len__(self) -> int:
        return len(self.state)

    def add(self, doc: StoryDoc) -> StoryAssignment:
        state = self.state
        if state.number_of(doc.article_id) is not None:
            raise ValueError(f"article {doc.article_id!r} already grouped")
        cfg = self.config
        counts = feature_counts(doc, title_boost=cfg.title_boost, max_features=cfg.max_features)
        # Nothing is changed before this point: past the deadline, the article is left
        # as it came (in threads, where no alarm can interrupt, this is where it stops).
        check_deadline()
        sparse = state.encode(counts)
        state.count(sparse, 1)
        weights = state.weights(sparse)
        embedding = stored_precision(doc.embedding)
        features = StoryFeatures(
            article_id=doc.article_id,
            seq=len(state),
            title=doc.title,
            published=doc.published,
            outlet=doc.outlet,
            counts=counts,
            embedding=embedding,
        )
        marks = state.date_marks(sparse.ids)
        article = ArticleState(
            doc.article_id, doc.title, doc.published, doc.outlet, sparse, embedding, marks
        )
        linked = self._copies.linked_original(doc.duplicate_of, sparse, weights)
        if linked is not None:
            return self._copies.add(features, article, *linked)
        order = np.argsort(-weights, kind="stable")
        numbers = self._scorer.candidates(sparse, weights, order)
        scorer = self._scorer
        sims, cosines = scorer.similarity(numbers, sparse, weights, doc.published, embedding, marks)
        copied = self._copies.original(doc.published, numbers, cosines)
        if copied is not None:
            return self._copies.add(features, article, *copied)
        numbers, sims = strongest_first(numbers, sims)
        hood_stories: list[str] = []
        for n, s in zip(numbers, sims, strict=True):
            story_id = state.story_of(n)
            if s < cfg.hood_floor or len(hood_stories) == cfg.hood_stories:
                break
            if story_id not in hood_stories:
                hood_stories.append(story_id)
        hood = self._reclusterer.hood_members(hood_stories, doc.published)
        # Neighbourhood members the index did not retrieve get edges too. A story of
        # hundreds of near-copies fills the candidate list with whichever copies match
        # best on words, mostly old ones; without this its recent copies reach the new
        # article by no edge, and average link splits it off as a story of its own.
        retrieved = set(numbers)
        unseen = [m for m in hood if m not in retrieved]
        if unseen:
            more, _ = scorer.similarity(unseen, sparse, weights, doc.published, embedding, marks)
            numbers, sims = strongest_first(numbers + unseen, sims + more)
        edges = scorer.edges(numbers, sims)
        features = dataclasses.replace(
            features,
            index_keys=tuple(state.key_of(int(i)) for i in sparse.ids[order[: cfg.index_keys]]),
            neighbours=tuple((state.article(n).article_id, s) for n, s in edges),
        )
        number = self._append(features, article)
        return self._reclusterer.recluster(number, hood, features)

    def _append(self, features: StoryFeatures, article: ArticleState) -> int:
        """Add a graph node with its edges and index keys."""
        state = self.state
        number = len(state)
        earlier: dict[int, float] = {}
        for article_id, sim in features.neighbours:
            other = state.number_of(article_id)
            if other is None or other == number:
                continue  # a row naming an article the store does not have: no edge
            earlier[other] = sim
        number = state.append(article, earlier)
        state.index(number, features.index_keys)
        return number

    def restore(self, record: StoryFeatures, story_id: str) -> None:
        """Add an article as its stored row says, comparing nothing: what it was given
        on arrival (edges, index keys, or the node it copies) and its story now."""
        state = self.state
        original = None if record.copy_of is None else state.number_of(record.copy_of)
        sparse = state.encode(record.counts)
        if original is None:
            state.count(sparse, 1)
        article = ArticleState.from_features(record, sparse, state.date_marks(sparse.ids))
        if original is None:
            number = self._append(record, article)
        else:
            number = append_copy(state, article, original)
        state.attach(number, story_id)

    # ---- reading results -------------------------------------------------------------

    def story_of(self, article_id: str) -> str:
        number = self.state.number_of(article_id)
        if number is None:
            raise KeyError(article_id)
        return self.state.story_of(number)

    def assignments(self) -> dict[str, str]:
        """Article id -> current story id, for every article."""
        state = self.state
        return {state.article(n).article_id: state.story_of(n) for n in range(len(state))}

    def story_ids(self) -> list[str]:
        return self.state.story_ids()

    def story(self, story_id: str) -> Story:
        """The :class:`Story` record: central headline, date span, sorted outlets."""
        state = self.state.existing_story(story_id)
        return Story(
            id=story_id,
            title=self._central_title(_spread(state.members, TITLE_CANDIDATES)),
            article_ids=tuple(self.state.article_ids(state.members)),
            start=state.start,
            end=state.end,
            outlets=tuple(sorted(state.outlets)),
        )

    def stories(self) -> list[Story]:
        return [self.story(sid) for sid in self.story_ids()]

    def _central_title(self, numbers: Sequence[int]) -> str:
        members = [self.state.article(n) for n in numbers]
        titled = [m for m in members if m.title.strip()]
        if len(titled) <= 2:
            return (titled or members)[0].title
        # The members' TF-IDF vectors, their sum (the centroid) and each one's dot product
        # with it, in numpy but with the very sums the per-feature Python loops made:
        # bincount and cumsum add in the same order, so ties fall the same way.
        ids = np.concatenate([m.counts.ids for m in titled])
        features, owner = np.unique(ids, return_inverse=True)
        idf = self.state.idf(features)[owner]
        bounds = np.cumsum([len(m.counts.ids) for m in titled]).tolist()
        vectors: list[FloatArray] = []
        for member, start, end in zip(titled, [0, *bounds], bounds, strict=False):
            weights: FloatArray = member.counts.tf * idf[start:end]
            norm = float(np.sqrt(weights @ weights))
            vectors.append(weights / norm if norm > 0 else weights)
        centroid = np.bincount(owner, weights=np.concatenate(vectors), minlength=len(features))
        centrality = [
            float(np.cumsum(centroid[owner[start:end]] * weights)[-1]) if end > start else 0.0
            for weights, start, end in zip(vectors, [0, *bounds], bounds, strict=False)
        ]
        best = max(range(len(titled)), key=lambda i: (centrality[i], -i))
        return titled[best].title

    # ---- persistence -----------------------------------------------------------------

    @classmethod
    def from_rows(
        cls,
        feature_rows: Iterable[Mapping[str, Any]],
        story_of: Mapping[str, str],
        config: GrouperConfig | None = None,
        state: GroupingState | None = None,
    ) -> StoryGrouper:
        """Rebuild from stored :class:`StoryFeatures` rows and the article -> story map."""
        grouper = cls(config, state)
        records = sorted(map(StoryFeatures.from_row, feature_rows), key=lambda r: r.seq)
        for record in records:
            grouper.restore(record, story_of[record.article_id])
        return grouper


def _spread(members: Sequence[int], limit: int) -> Sequence[int]:
    """``members`` if there are at most ``limit``, else ``limit`` of them evenly spaced
    from the first to the last (the first and last included)."""
    if len(members) <= limit:
        return members
    last = len(members) - 1
    return [members[i * last // (limit - 1)] for i in range(limit)]
