"""The vectorised InvertedIndex must rank exactly as the plain-Python loop it replaced."""

from __future__ import annotations

import heapq
import random

import pytest

from newsweave.stories.index import InvertedIndex


class ListIndex:
    """The earlier implementation: postings as lists, scores summed in a dict."""

    def __init__(self, postings_cap: int) -> None:
        self.postings_cap = postings_cap
        self.postings: dict[int, list[int]] = {}

    def add(self, article: int, feature_ids: list[int]) -> None:
        for feature in feature_ids:
            self.postings.setdefault(feature, []).append(article)

    def candidates(self, feature_ids: list[int], weights: list[float], limit: int) -> list[int]:
        score: dict[int, float] = {}
        for feature, weight in zip(feature_ids, weights, strict=True):
            for article in self.postings.get(feature, ())[-self.postings_cap :]:
                score[article] = score.get(article, 0.0) + weight
        # Ties go to the most recent article (the larger number).
        ranked = heapq.nsmallest(limit, score.items(), key=lambda kv: (-kv[1], -kv[0]))
        return [article for article, _ in ranked]


def _grow_both(
    cap: int, articles: int, vocab: int, keys: int, seed: int
) -> tuple[random.Random, InvertedIndex, ListIndex]:
    rng = random.Random(seed)
    new, old = InvertedIndex(cap), ListIndex(cap)
    # Skewed feature popularity: a few features hit the cap, most stay short.
    popularity = [1.0 / (rank + 1) for rank in range(vocab)]
    for article in range(articles):
        chosen = set(rng.choices(range(vocab), weights=popularity, k=keys))
        new.add(article, sorted(chosen))
        old.add(article, sorted(chosen))
    return rng, new, old


@pytest.mark.parametrize(
    ("cap", "articles", "vocab", "seed"),
    [(400, 3000, 500, 0), (7, 400, 60, 1), (50, 2000, 5000, 2), (0, 300, 40, 3)],
)
def test_candidates_match_the_list_implementation(
    cap: int, articles: int, vocab: int, seed: int
) -> None:
    rng, new, old = _grow_both(cap, articles, vocab, keys=12, seed=seed)
    for _ in range(200):
        query = rng.sample(range(vocab + 20), k=24)  # some features were never indexed
        # Weights from a few coarse values force exact ties; arbitrary floats make
        # sums whose last bit depends on the order they are added in.
        if rng.random() < 0.5:
            weights = [rng.choice((0.1, 0.2, 0.3, 0.25)) for _ in query]
        else:
            weights = [rng.random() / 3 for _ in query]
        limit = rng.choice((1, 5, 40, 10_000))
        assert new.candidates(query, weights, limit) == old.candidates(query, weights, limit)


def test_only_the_last_cap_postings_count_after_compaction() -> None:
    index = InvertedIndex(postings_cap=3)
    for article in range(10):  # past 2 * cap, so the buffer has been compacted
        index.add(article, [5])
    assert index.candidates([5], [1.0], limit=10) == [9, 8, 7]  # equal scores: newest first


def test_ties_go_to_the_more_recent_article_and_limit_cuts_after_ranking() -> None:
    index = InvertedIndex(postings_cap=100)
    index.add(4, [1, 2])
    index.add(2, [1])
    index.add(9, [2])
    index.add(3, [1, 2])
    # 3 and 4 share both features; 2 and 9 tie on weight 0.5 behind them.
    assert index.candidates([1, 2], [0.5, 0.5], limit=3) == [4, 3, 9]
    assert index.candidates([1, 2], [0.5, 0.5], limit=0) == []
    assert index.candidates([7], [1.0], limit=5) == []


def test_mismatched_query_lengths_are_rejected() -> None:
    index = InvertedIndex(postings_cap=10)
    index.add(0, [1])
    with pytest.raises(ValueError):
        index.candidates([1, 2], [1.0], limit=5)
