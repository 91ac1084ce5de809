"""The grouper's settings and what it reports for each article it adds."""

from __future__ import annotations

from dataclasses import dataclass

from newsweave.stories.features import StoryFeatures


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
