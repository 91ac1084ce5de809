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

The algorithm and its state are apart: the grouper (``core``: the steps of one
article; ``scoring``: candidate retrieval and similarity; ``copies``; ``clustering``:
local re-clustering) reads and changes only what one article touches, through a
:class:`~newsweave.stories.grouper.state.GroupingState`: in memory
(:class:`~newsweave.stories.grouper.memory.MemoryState`, the default) or in the store
(``newsweave.store.grouping``, what ``newsweave ingest`` uses, so that adding an
article costs the same however many are stored). Both give identical results.
"""

from newsweave.stories.grouper.config import GrouperConfig, StoryAssignment
from newsweave.stories.grouper.core import TITLE_CANDIDATES, StoryGrouper
from newsweave.stories.grouper.memory import MemoryState
from newsweave.stories.grouper.state import GroupingState

__all__ = [
    "TITLE_CANDIDATES",
    "GrouperConfig",
    "GroupingState",
    "MemoryState",
    "StoryAssignment",
    "StoryGrouper",
]
