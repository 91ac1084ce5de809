"""Incremental story grouping: each new article joins a story or starts one, and the
stories around it are re-clustered locally, so two stories can merge and a wrong join
can come undone, without recomputing anything beyond the article's neighbourhood.

An article is compared only with the candidates an inverted index over salient terms
and entities retrieves (never all pairs), by TF-IDF cosine over words, title words
(boosted) and entity keys (weighted higher, so two rehab check-ins of two different
people stay apart), times a time-proximity factor when both dates are known (so two
earthquakes a year apart stay apart) and a penalty when both name years and none in
common (dates are often only in the text); when either is undated, likewise for days
of the week and for months (a shutdown's talks on Tuesday, its closed parks on Friday
of another week). When both articles carry a sentence
embedding (the optional ``embeddings`` extra), its cosine is blended in
(``embedding_weight``). The article keeps its ``neighbours`` most similar candidates
as edges of a nearest-neighbour graph, a candidate that is near to everything (a hub)
ranking lower (``hub_penalty``); the edges never change once made.

The candidates' stories (at most ``hood_stories``; their latest ``hood_members`` graph
nodes each, near-copies left out, those published within about two weeks of a dated
article) and the new article form its neighbourhood, which is clustered by average link
over a similarity that blends the edges (first order) with the overlap of the two
articles' neighbour lists (second order: reports of one event share their neighbours
even when their own words differ, and two look-alike events do not). Only the new
article's cluster acts. It takes over the story it shares most members with, if it holds
at least ``claim_share`` of that story's neighbourhood members, and is a new story
otherwise; stories wholly inside it merge into it (``StoryAssignment.merged``) and
members of other stories inside it move to it (``StoryAssignment.moved``), which undoes
an early wrong join once the rest of an event arrives. Members outside the cluster stay
where they are, so a story covered for months, a chain by date rather than a clique, is
not cut up. The cost per article is bounded by the neighbourhood, however large the
corpus or its stories grow.

A new article linked by ``newsweave.dedup.index`` as a duplicate of a grouped article
(``StoryDoc.duplicate_of``), or whose plain TF-IDF cosine to a candidate reaches
``copy_cosine`` (a syndicated or lightly edited copy), is not a graph node: it joins
the story of the node it copies and moves with it, and stays out of the index, the
document frequencies and the edges, where a dozen copies would crowd out the other
reports of their event.

What the store must keep, to continue incrementally (nothing is recomputed):

* one :class:`~newsweave.stories.features.StoryFeatures` row per article
  (``StoryAssignment.features.to_row()``): id, arrival ``seq``, title, published,
  outlet, raw feature counts, the index keys chosen on arrival and the neighbour edges,
  or for a near-copy the article it copies (``copy_of``);
* the current story id of every article, updated with each assignment: merges first
  (every article of the first story of each pair in ``merged`` now belongs to the
  second, and the first no longer exists), then ``moved``; the stories in ``changed``
  have new records. Moves never empty a story: one whose members all join the new
  article's cluster merges instead.

``StoryGrouper.from_rows(feature_rows, story_of)`` rebuilds document frequencies,
the inverted index, the neighbour graph and the stories from those rows alone.
"""

from __future__ import annotations

import bisect
import dataclasses
import heapq
import math
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import numpy as np
from scipy.cluster.hierarchy import fcluster, linkage
from scipy.spatial.distance import squareform

from newsweave.records import Story, content_id
from newsweave.stories.features import (
    FloatVector,
    StoryDoc,
    StoryFeatures,
    feature_counts,
    stored_precision,
)
from newsweave.stories.index import (
    FeatureSpace,
    FloatArray,
    InvertedIndex,
    SparseCounts,
    cosine_many,
)


@dataclass(frozen=True, slots=True)
class GrouperConfig:
    # Tuned on ECB+ and NeuS val (benchmarks/stories.py) over three arrival orders,
    # one setting for both; checked on orders 3-5 and on NeuS train, not tuned there.
    entity_boost: float = 0.6
    title_boost: int = 5
    max_features: int = 300
    index_keys: int = 12
    query_keys: int = 24
    postings_cap: int = 400
    candidates: int = 40
    time_grace_days: float = 3.0
    time_scale_days: float = 10.0
    # Factor on a pair whose texts both name years, none in common.
    year_conflict: float = 0.7
    # Factors on a pair whose texts both name days of the week, none in common, and
    # months likewise: two events of one kind a few days or months apart, undated
    # (NeuS has no dates: a shutdown's day 3 and its day 20). Both at 0.7, B-cubed F1
    # over three orders, NER on, ECB+ / NeuS val: 0.939 / 0.865 (without: 0.938 /
    # 0.851; orders 3-5: 0.939 / 0.863 against 0.940 / 0.851; NeuS train, not tuned
    # on: 0.715 against 0.678); weekdays 0.5: 0.936 / 0.867; months 0.5: 0.930 / 0.867.
    weekday_conflict: float = 0.7
    month_conflict: float = 0.7
    # Extra factor for two articles published at the same moment, fading to none at
    # ``time_grace_days``: follow-ups of one event share its days as well as its names.
    same_time_bonus: float = 0.5
    # Share of a pair's similarity taken from sentence-embedding cosine when both
    # articles carry an embedding (0 ignores embeddings), and the cosine that counts
    # as no similarity at all: unrelated news still scores about 0.1-0.2.
    embedding_weight: float = 0.2
    embedding_floor: float = 0.45
    # Edges an article keeps to its most similar candidates; the neighbour list of an
    # article (for second-order similarity) is its strongest ``neighbours`` edges either
    # way, down to ``neighbour_ratio`` of the strongest. A looser list (more, weaker
    # neighbours) and a lower clustering bar join more: ECB+ events (about eleven
    # reports each) gain and NeuS stories (three each) lose. B-cubed F1 over three
    # orders, NER on, ECB+ / NeuS val: 10, 0.8, 0.13 gives 0.940 / 0.852 (orders 3-5:
    # 0.941 / 0.851); bar 0.15: 0.930 / 0.856; 0.17: 0.914 / 0.861; 12 neighbours:
    # 0.943 / 0.853; 8 and 0.7: 0.946 / 0.837.
    neighbours: int = 10
    neighbour_ratio: float = 0.8
    # Hubness: a generic report of a busy topic ("Trump attacks Democrats as shutdown
    # enters day 2") is among the nearest of many articles of other stories and crowds
    # their edge lists. A new article chooses its edges by similarity less
    # ``hub_penalty`` times each candidate's hubness, the mean of its
    # ``hub_neighbours`` strongest edges (CSLS, Conneau et al. 2018); the edges keep
    # their plain similarity. Nearest-neighbour accuracy on NeuS val, all pairs: 0.837
    # plain, 0.859 with this; ECB+ 0.979 and 0.980. B-cubed F1 over three orders, NER
    # on, ECB+ / NeuS val: 0.935 / 0.869 (without: 0.939 / 0.865; orders 3-5: 0.937 /
    # 0.869 against 0.939 / 0.863; NeuS train, one order, not tuned on: 0.724 against
    # 0.715); with embeddings 0.951 / 0.881 (without: 0.952 / 0.877); penalty 0.6:
    # 0.929 / 0.873; 5 edges and 0.4: 0.938 / 0.868.
    hub_penalty: float = 0.5
    hub_neighbours: int = 3
    # Share of second-order similarity in what the local clustering compares.
    second_order_weight: float = 0.5
    # Average-link similarity at which two clusters of the neighbourhood join.
    cluster_threshold: float = 0.13
    # Candidates below this similarity do not bring their story into the neighbourhood.
    hood_floor: float = 0.1
    hood_stories: int = 8
    # Each story's latest graph nodes (near-copies are not nodes) in the neighbourhood.
    # Edges reach only ten neighbours, so a busy story's 64 latest reports are a sparse
    # graph that average link cuts into chunks, none holding half of them: in the
    # scaling corpus, a story with nine reports a day broke into 26 pieces at 64 and 4
    # at 24. ECB+ and NeuS are the same at 24 as at 64 (0.940 / 0.852); at 16 ECB+
    # drops to 0.936.
    hood_members: int = 24
    # Members whose time factor to the new article is below this stay out of its
    # neighbourhood (0.3: about two weeks apart). Without it, a story running for months
    # is a chain, not a clique: average link cuts it into pieces by date.
    hood_min_time_factor: float = 0.3
    # The new article's cluster takes over the story it shares most members with only
    # if it holds at least this share of that story's neighbourhood members; else it is
    # a new story and pulls those members out (undoing an earlier wrong join). Lower
    # shares let one misplaced member drag an article into the wrong story (ECB+ and
    # NeuS: 0.5: 0.940 / 0.852; 0.34: 0.928 / 0.839; 0.25: 0.858 / 0.746).
    claim_share: float = 0.5
    # A new article whose TF-IDF cosine to a candidate reaches this (and is published
    # within about two weeks of it, see ``hood_min_time_factor``) is a near-copy of it:
    # it joins that article's story and stays out of the graph, the index and the
    # document frequencies. Syndicated copies would otherwise fill each other's edge
    # lists, cut off from the other reports of their event: with a quarter of ECB+
    # re-run twelve times, B-cubed F1 on the originals fell from 0.94 to 0.62.
    # Perturbed copies (a sentence dropped or swapped, furniture added) score 0.99 at
    # the median and 0.92 at the 5th percentile.
    copy_cosine: float = 0.9


@dataclass(frozen=True, slots=True)
class StoryAssignment:
    article_id: str
    story_id: str
    created: bool  # story_id did not exist before this article
    # The article's strongest edge to a member of its story (for a near-copy: its
    # cosine to the article it copies); 0.0 when it is alone.
    score: float
    features: StoryFeatures
    # (absorbed, survivor): every article of ``absorbed`` now belongs to ``survivor``.
    merged: tuple[tuple[str, str], ...] = ()
    # Earlier articles moved on their own, after the merges: (article id, story id).
    moved: tuple[tuple[str, str], ...] = ()
    # Stories other than story_id whose records changed and which still exist.
    changed: tuple[str, ...] = ()


@dataclass(slots=True)
class _StoryState:
    members: list[int] = field(default_factory=list)  # article numbers, ascending
    nodes: list[int] = field(default_factory=list)  # the members that are not copies
    # What the story record shows, kept up to date so that reading it after each
    # article (as ingest does) costs the same for a story of ten or ten thousand.
    outlets: Counter[str] = field(default_factory=Counter)
    start: datetime | None = None
    end: datetime | None = None


@dataclass(frozen=True, slots=True)
class _DateMarks:
    """Feature ids of the years, days of the week and months a text names: an undated
    article's clues to when its event happened."""

    years: frozenset[int]
    weekdays: frozenset[int]
    months: frozenset[int]


@dataclass(frozen=True, slots=True)
class _ArticleState:
    article_id: str
    title: str
    published: datetime | None
    outlet: str | None
    counts: SparseCounts
    embedding: FloatVector | None
    marks: _DateMarks


class StoryGrouper:
    """Groups articles into stories one at a time; see the module docstring."""

    def __init__(self, config: GrouperConfig | None = None) -> None:
        self.config = config or GrouperConfig()
        self._space = FeatureSpace(self.config.entity_boost)
        self._index = InvertedIndex(self.config.postings_cap)
        self._articles: list[_ArticleState] = []
        self._number_of: dict[str, int] = {}
        self._story_of: list[str] = []
        self._stories: dict[str, _StoryState] = {}
        # The neighbour graph: each article's edges to earlier ones (fixed at arrival),
        # and the strongest ``neighbours`` edges later articles made to it.
        self._earlier: list[dict[int, float]] = []
        self._later: list[list[tuple[float, int]]] = []
        # Near-copies: copy -> the graph node it copies, and node -> its copies.
        self._copy_of: dict[int, int] = {}
        self._copies: dict[int, list[int]] = {}
        # The first and last date of a node and its copies (nodes with dated copies).
        self._copy_span: dict[int, tuple[datetime, datetime]] = {}

    def __len__(self) -> int:
        return len(self._articles)

    def add(self, doc: StoryDoc) -> StoryAssignment:
        if doc.article_id in self._number_of:
            raise ValueError(f"article {doc.article_id!r} already grouped")
        cfg = self.config
        counts = feature_counts(doc, title_boost=cfg.title_boost, max_features=cfg.max_features)
        sparse = self._space.add_document(counts)
        weights = self._space.weights(sparse)
        embedding = stored_precision(doc.embedding)
        features = StoryFeatures(
            article_id=doc.article_id,
            seq=len(self._articles),
            title=doc.title,
            published=doc.published,
            outlet=doc.outlet,
            counts=counts,
            embedding=embedding,
        )
        linked = self._linked_original(doc.duplicate_of, sparse, weights)
        if linked is not None:
            return self._add_copy(features, sparse, *linked)
        order = np.argsort(-weights, kind="stable")
        marks = self._date_marks(sparse)
        query = order[: cfg.query_keys]
        numbers = self._index.candidates(
            [int(i) for i in sparse.ids[query]], [float(w) for w in weights[query]], cfg.candidates
        )
        sims, cosines = self._similarity(numbers, sparse, weights, doc.published, embedding, marks)
        copied = self._original(doc.published, numbers, cosines)
        if copied is not None:
            return self._add_copy(features, sparse, *copied)
        numbers, sims = _strongest_first(numbers, sims)
        hood_stories: list[str] = []
        for n, s in zip(numbers, sims, strict=True):
            story_id = self._story_of[n]
            if s < cfg.hood_floor or len(hood_stories) == cfg.hood_stories:
                break
            if story_id not in hood_stories:
                hood_stories.append(story_id)
        hood = self._hood_members(hood_stories, doc.published)
        # Neighbourhood members the index did not retrieve get edges too. A story of
        # hundreds of near-copies fills the candidate list with whichever copies match
        # best on words, mostly old ones; without this its recent copies reach the new
        # article by no edge, and average link splits it off as a story of its own.
        retrieved = set(numbers)
        unseen = [m for m in hood if m not in retrieved]
        if unseen:
            more, _ = self._similarity(unseen, sparse, weights, doc.published, embedding, marks)
            numbers, sims = _strongest_first(numbers + unseen, sims + more)
        edges = self._edges(numbers, sims)
        features = dataclasses.replace(
            features,
            index_keys=tuple(self._space.keys[i] for i in sparse.ids[order[: cfg.index_keys]]),
            neighbours=tuple((self._articles[n].article_id, s) for n, s in edges),
        )
        number = self._append(features, sparse, marks)
        return self._recluster(number, hood, features)

    def _similarity(
        self,
        numbers: Sequence[int],
        sparse: SparseCounts,
        weights: FloatArray,
        published: datetime | None,
        embedding: FloatVector | None,
        marks: _DateMarks,
    ) -> tuple[list[float], list[float]]:
        """Similarity of the new article to each of ``numbers``, rounded as stored so a
        rebuilt grouper sees the same edges, and the plain TF-IDF cosines under it."""
        if not numbers:
            return [], []
        others = [self._articles[n] for n in numbers]
        cosines = cosine_many(sparse.ids, weights, [o.counts for o in others], self._space)
        sims = self._blend(cosines, embedding, [o.embedding for o in others])
        factors = np.asarray(
            [
                self._time_factor(published, when)
                * self._marks_factor(marks, o.marks, both_dated=None not in (published, when))
                for o, when in zip(
                    others, [self._date_near(n, published) for n in numbers], strict=True
                )
            ],
            dtype=np.float64,
        )
        rounded: list[float] = np.round(sims * factors, 6).tolist()
        return rounded, cosines.tolist()

    def _edges(self, numbers: Sequence[int], sims: Sequence[float]) -> list[tuple[int, float]]:
        """The new article's edges, strongest first: the ``neighbours`` candidates with
        the highest similarity less ``hub_penalty`` times their hubness (ties: the most
        recent), each with its plain similarity."""
        cfg = self.config
        positive = [(n, s) for n, s in zip(numbers, sims, strict=True) if s > 0.0]
        if cfg.hub_penalty > 0.0:
            positive.sort(key=lambda e: (-(e[1] - cfg.hub_penalty * self._hubness(e[0])), -e[0]))
        edges = positive[: cfg.neighbours]
        edges.sort(key=lambda e: (-e[1], -e[0]))
        return edges

    def _hubness(self, number: int) -> float:
        """The mean of the article's ``hub_neighbours`` strongest edges either way, a
        missing edge counting as 0."""
        k = self.config.hub_neighbours
        later = [-s for s, _ in self._later[number][:k]]  # stored strongest first
        return sum(heapq.nlargest(k, [*self._earlier[number].values(), *later])) / k

    def _date_marks(self, sparse: SparseCounts) -> _DateMarks:
        return _DateMarks(*self._space.date_marks(sparse.ids))

    def _marks_factor(self, a: _DateMarks, b: _DateMarks, *, both_dated: bool) -> float:
        """The conflict factors of every kind of mark both texts name, none in common.
        Days of the week and months count only when an article is undated: with both
        dates known the time factor says when, and a story's reports a few days apart
        name different days ("Wednesday's breach", "on Friday, the inquiry")."""
        cfg = self.config
        kinds = [(a.years, b.years, cfg.year_conflict)]
        if not both_dated:
            kinds += [
                (a.weekdays, b.weekdays, cfg.weekday_conflict),
                (a.months, b.months, cfg.month_conflict),
            ]
        factor = 1.0
        for mine, theirs, conflict in kinds:
            if mine and theirs and not mine & theirs:
                factor *= conflict
        return factor

    def _original(
        self, published: datetime | None, numbers: Sequence[int], cosines: Sequence[float]
    ) -> tuple[int, float] | None:
        """The candidate the new article is a near-copy of and their cosine, if any (the
        closest one)."""
        best: int | None = None
        best_cosine = self.config.copy_cosine
        for n, cosine in zip(numbers, cosines, strict=True):
            if cosine < best_cosine:
                continue
            factor = self._time_factor(published, self._date_near(n, published))
            if factor >= self.config.hood_min_time_factor:
                best, best_cosine = n, cosine
        return None if best is None else (best, round(best_cosine, 6))

    def _linked_original(
        self, duplicate_of: str | None, sparse: SparseCounts, weights: FloatArray
    ) -> tuple[int, float] | None:
        """The graph node of the article the new one was linked to as a duplicate, if
        grouped, and their cosine. The duplicate link decides, not the cosine or dates:
        a wire copy under its own headline, or re-run months later, is still the same
        report, and a story report that counts syndicated copies once needs them in the
        story of their original."""
        linked = None if duplicate_of is None else self._number_of.get(duplicate_of)
        if linked is None:
            return None
        node = self._copy_of.get(linked, linked)
        cosine = cosine_many(sparse.ids, weights, [self._articles[node].counts], self._space)
        return node, round(float(cosine[0]), 6)

    def _add_copy(
        self, features: StoryFeatures, sparse: SparseCounts, original: int, cosine: float
    ) -> StoryAssignment:
        self._space.count(sparse, -1)  # a copy adds nothing to document frequencies
        features = dataclasses.replace(features, copy_of=self._articles[original].article_id)
        number = self._append_copy(features, sparse, original)
        story_id = self._story_of[original]
        self._attach(number, story_id)
        return StoryAssignment(features.article_id, story_id, False, cosine, features)

    def _blend(
        self,
        sims: FloatArray,
        embedding: FloatVector | None,
        others: Sequence[FloatVector | None],
    ) -> FloatArray:
        """Mix in embedding cosine for the pairs where both sides have an embedding."""
        a = self.config.embedding_weight
        if embedding is None or a <= 0.0:
            return sims
        have = [i for i, other in enumerate(others) if other is not None]
        if not have:
            return sims
        matrix = np.stack([others[i] for i in have]).astype(np.float32)  # type: ignore[misc]
        norms = np.maximum(np.linalg.norm(matrix, axis=1), 1e-12)
        cos = (matrix @ embedding) / norms
        floor = self.config.embedding_floor
        scaled = np.clip((cos - floor) / (1.0 - floor), 0.0, 1.0)
        blended = sims.astype(np.float64)  # a copy: the caller's array stays as it was
        blended[have] = (1.0 - a) * sims[have] + a * scaled
        return blended

    def _date_near(self, number: int, published: datetime | None) -> datetime | None:
        """The date of article ``number``, or for a node with copies, the date in their
        span nearest to ``published``: a story re-run for months as copies of one node
        is as recent as its latest copy."""
        span = self._copy_span.get(number)
        if span is None or published is None:
            return self._articles[number].published
        first, last = span
        when = _sort_key(published)
        return first if when < _sort_key(first) else last if when > _sort_key(last) else published

    def _time_factor(self, a: datetime | None, b: datetime | None) -> float:
        if a is None or b is None:
            return 1.0
        if (a.tzinfo is None) != (b.tzinfo is None):
            a, b = a.replace(tzinfo=None), b.replace(tzinfo=None)
        days = abs((a - b).total_seconds()) / 86400.0
        grace = self.config.time_grace_days
        if days < grace:
            return 1.0 + self.config.same_time_bonus * (1.0 - days / grace)
        return math.exp(-(days - grace) / self.config.time_scale_days)

    def _append(
        self, features: StoryFeatures, sparse: SparseCounts, marks: _DateMarks | None = None
    ) -> int:
        number = len(self._articles)
        self._articles.append(
            _ArticleState(
                features.article_id,
                features.title,
                features.published,
                features.outlet,
                sparse,
                features.embedding,
                marks or self._date_marks(sparse),
            )
        )
        self._number_of[features.article_id] = number
        self._index.add(number, [self._space.vocab[key] for key in features.index_keys])
        earlier: dict[int, float] = {}
        for article_id, sim in features.neighbours:
            other = self._number_of.get(article_id)
            if other is None or other == number:
                continue  # a row naming an article the store does not have: no edge
            earlier[other] = sim
            later = self._later[other]
            bisect.insort(later, (-sim, -number))  # strongest first, ties: most recent
            del later[self.config.neighbours :]
        self._earlier.append(earlier)
        self._later.append([])
        return number

    def _append_copy(self, features: StoryFeatures, sparse: SparseCounts, original: int) -> int:
        number = self._append(features, sparse)  # no index keys, no edges: nothing indexed
        self._copy_of[number] = original
        self._copies.setdefault(original, []).append(number)
        span = self._copy_span.get(original) or (self._articles[original].published,)
        known = [d for d in (features.published, *span) if d is not None]
        if known:
            self._copy_span[original] = (min(known, key=_sort_key), max(known, key=_sort_key))
        return number

    def _neighbour_list(self, number: int) -> list[tuple[int, float]]:
        """The article's strongest edges either way, down to ``neighbour_ratio`` of the
        strongest: the list whose overlap is second-order similarity."""
        edges = [(s, n) for n, s in self._earlier[number].items()]
        edges += [(-s, -n) for s, n in self._later[number]]
        edges.sort(key=lambda e: (-e[0], -e[1]))
        edges = edges[: self.config.neighbours]
        if not edges:
            return []
        bar = self.config.neighbour_ratio * edges[0][0]
        return [(n, s) for s, n in edges if s >= bar]

    # ---- local re-clustering ---------------------------------------------------------

    def _hood_members(self, hood_stories: Sequence[str], published: datetime | None) -> list[int]:
        """The latest ``hood_members`` graph nodes of each story (its near-copies are
        not nodes), those of them within about two weeks of a dated article only."""
        cfg = self.config
        hood: list[int] = []
        for story_id in hood_stories:
            recent = self._stories[story_id].nodes[-cfg.hood_members :]
            if published is not None:
                recent = [
                    m
                    for m in recent
                    if self._time_factor(published, self._date_near(m, published))
                    >= cfg.hood_min_time_factor
                ]
            hood += recent
        return hood

    def _recluster(
        self, number: int, members: Sequence[int], features: StoryFeatures
    ) -> StoryAssignment:
        """Cluster the new article with its neighbourhood ``members`` and apply what its
        own cluster says; see the module docstring."""
        article = self._articles[number]
        hood = [number, *members]
        # Only the new article's cluster acts: the others' members stay where they are,
        # so a story whose older members drift apart is not cut up on their account.
        mates = self._cluster(hood)
        in_hood = Counter(self._story_of[h] for h in hood[1:])
        with_article = Counter(self._story_of[h] for h in mates)
        story_id = self._claim(with_article, in_hood) or self._new_story_id(article.article_id)
        created = story_id not in self._stories
        self._attach(number, story_id)
        merged: list[tuple[str, str]] = []
        moved: list[tuple[str, str]] = []
        changed: list[str] = []
        for other in sorted(with_article):
            if other == story_id:
                continue
            if with_article[other] == len(self._stories[other].nodes):
                self._merge(other, into=story_id)
                merged.append((other, story_id))
                continue
            for h in mates:
                if self._story_of[h] == other:
                    for m in (h, *self._copies.get(h, ())):  # a node's copies go with it
                        self._detach(m, other)
                        self._attach(m, story_id)
                        moved.append((self._articles[m].article_id, story_id))
            changed.append(other)
        score = max((self._earlier[number].get(h, 0.0) for h in mates), default=0.0)
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

    def _claim(self, with_article: Counter[str], in_hood: Counter[str]) -> str | None:
        """The story the new article's cluster takes over: the one it shares most members
        with (ties: the larger story, then the smaller id) among those of which it holds
        at least ``claim_share`` of the neighbourhood members; None for a new story."""
        ranked = sorted(
            with_article,
            key=lambda sid: (-with_article[sid], -len(self._stories[sid].members), sid),
        )
        share = self.config.claim_share
        return next((sid for sid in ranked if with_article[sid] >= share * in_hood[sid]), None)

    def _cluster(self, hood: Sequence[int]) -> list[int]:
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
            for other, sim in self._earlier[h].items():
                j = position.get(other)
                if j is not None:
                    first[i, j] = first[j, i] = sim
            for other, sim in self._neighbour_list(h):
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

    def _attach(self, number: int, story_id: str) -> None:
        if number < len(self._story_of):
            self._story_of[number] = story_id
        else:
            self._story_of.append(story_id)
        story = self._stories.setdefault(story_id, _StoryState())
        _insert(story.members, number)
        if number not in self._copy_of:
            _insert(story.nodes, number)
        article = self._articles[number]
        if article.outlet:
            story.outlets[article.outlet] += 1
        story.start = _min_date([d for d in (story.start, article.published) if d is not None])
        story.end = _max_date([d for d in (story.end, article.published) if d is not None])

    def _merge(self, story_id: str, *, into: str) -> None:
        absorbed = self._stories.pop(story_id)
        for number in absorbed.members:
            self._story_of[number] = into
        target = self._stories[into]
        target.members = _merged(target.members, absorbed.members)
        target.nodes = _merged(target.nodes, absorbed.nodes)
        target.outlets.update(absorbed.outlets)
        target.start = _min_date([d for d in (target.start, absorbed.start) if d is not None])
        target.end = _max_date([d for d in (target.end, absorbed.end) if d is not None])

    def _detach(self, number: int, story_id: str) -> None:
        story = self._stories[story_id]
        story.members.remove(number)
        if number not in self._copy_of:
            story.nodes.remove(number)
        article = self._articles[number]
        if article.outlet:
            story.outlets[article.outlet] -= 1
            if not story.outlets[article.outlet]:
                del story.outlets[article.outlet]
        if article.published is not None and article.published in (story.start, story.end):
            # Only a story's first or last date needs a scan of its members (moves are rare).
            dates = [d for m in story.members if (d := self._articles[m].published) is not None]
            story.start, story.end = _min_date(dates), _max_date(dates)

    def _new_story_id(self, article_id: str) -> str:
        return "story-" + content_id("story", article_id, length=12)

    # ---- reading results -------------------------------------------------------------

    def story_of(self, article_id: str) -> str:
        return self._story_of[self._number_of[article_id]]

    def assignments(self) -> dict[str, str]:
        """Article id -> current story id, for every article."""
        return {a.article_id: self._story_of[n] for n, a in enumerate(self._articles)}

    def story_ids(self) -> list[str]:
        return sorted(self._stories)

    def story(self, story_id: str) -> Story:
        """The :class:`Story` record: central headline, date span, sorted outlets."""
        state = self._stories[story_id]
        articles = self._articles
        return Story(
            id=story_id,
            title=self._central_title(_spread(state.members, TITLE_CANDIDATES)),
            article_ids=tuple([articles[n].article_id for n in state.members]),
            start=state.start,
            end=state.end,
            outlets=tuple(sorted(state.outlets)),
        )

    def stories(self) -> list[Story]:
        return [self.story(sid) for sid in self.story_ids()]

    def _central_title(self, numbers: Sequence[int]) -> str:
        members = [self._articles[n] for n in numbers]
        titled = [m for m in members if m.title.strip()]
        if len(titled) <= 2:
            return (titled or members)[0].title
        centroid: dict[int, float] = {}
        vectors = []
        for member in titled:
            weights = self._space.weights(member.counts)
            vectors.append((member.counts.ids, weights))
            for i, w in zip(member.counts.ids.tolist(), weights.tolist(), strict=True):
                centroid[i] = centroid.get(i, 0.0) + w
        centrality = [
            sum(centroid[i] * w for i, w in zip(ids.tolist(), ws.tolist(), strict=True))
            for ids, ws in vectors
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
    ) -> StoryGrouper:
        """Rebuild from stored :class:`StoryFeatures` rows and the article -> story map."""
        grouper = cls(config)
        records = sorted(map(StoryFeatures.from_row, feature_rows), key=lambda r: r.seq)
        for record in records:
            original = None if record.copy_of is None else grouper._number_of.get(record.copy_of)
            if original is None:
                number = grouper._append(record, grouper._space.add_document(record.counts))
            else:
                sparse = grouper._space.encode(record.counts)
                number = grouper._append_copy(record, sparse, original)
            grouper._attach(number, story_of[record.article_id])
        return grouper


# Members whose headlines compete for a story's title: all of a story up to this size,
# else this many spread evenly over it, so the title costs the same for any story size.
TITLE_CANDIDATES = 48


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


def _strongest_first(
    numbers: Sequence[int], sims: Sequence[float]
) -> tuple[list[int], list[float]]:
    """Candidates ranked by similarity, strongest first (ties: the most recent)."""
    ranked = sorted(zip(sims, numbers, strict=True), key=lambda p: (-p[0], -p[1]))
    return [n for _, n in ranked], [s for s, _ in ranked]


def _spread(members: Sequence[int], limit: int) -> Sequence[int]:
    """``members`` if there are at most ``limit``, else ``limit`` of them evenly spaced
    from the first to the last (the first and last included)."""
    if len(members) <= limit:
        return members
    last = len(members) - 1
    return [members[i * last // (limit - 1)] for i in range(limit)]


def _min_date(dates: list[datetime]) -> datetime | None:
    return min(dates, key=_sort_key) if dates else None


def _max_date(dates: list[datetime]) -> datetime | None:
    return max(dates, key=_sort_key) if dates else None


def _sort_key(value: datetime) -> float:
    # Naive and aware datetimes cannot be compared; order both on a naive-UTC clock.
    return value.replace(tzinfo=None).timestamp() if value.tzinfo else value.timestamp()
