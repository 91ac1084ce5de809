"""Which claims report the same fact: similar words, and numbers and names agreeing.

Claims are compared by TF-IDF cosine over their stemmed content words (as the summary
compares sentences), kept sparse: a story of thousands of sentences has few close
pairs, and only those are looked at. Claims join into one fact by complete link: every
two claims of a fact are close, come from different articles and agree on their
counts and the people they name. So "1,200 flee" and "2,000 evacuated" are never one
fact, however alike the rest of their words.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence

from scipy import sparse

from newsweave.reports.compare.facts import Claim
from newsweave.reports.compare.numbers import disagree

# Cosine from which two claims may start a fact, and below which no two claims of one
# fact may be (checked on the examples and NeuS samples: paraphrases of one event with
# its names sit at 0.35-0.6, different events of one story mostly below 0.3).
JOIN = 0.35
KEEP = 0.3
# Below this cosine two claims must also share this many words: two short sentences
# alike in two words ("outside the hall") are seldom one fact.
SURE = 0.5
MIN_SHARED = 3


# Claims whose similarities are worked out at once (bounds the product's memory).
SIMILARITY_BLOCK = 1024


class ClaimSimilarity:
    """TF-IDF cosine of claims, as a sparse matrix holding the pairs at or above
    ``floor`` only (the rest count as zero)."""

    def __init__(self, claims: Sequence[Claim], floor: float) -> None:
        frequency: Counter[str] = Counter()
        for claim in claims:
            frequency.update(set(claim.terms))
        columns = {term: k for k, term in enumerate(frequency)}
        total = len(claims)
        idf = {t: math.log((1 + total) / (1 + df)) + 1.0 for t, df in frequency.items()}
        data: list[float] = []
        indices: list[int] = []
        indptr = [0]
        for claim in claims:
            weights = {t: (1.0 + math.log(n)) * idf[t] for t, n in Counter(claim.terms).items()}
            norm = math.sqrt(sum(w * w for w in weights.values())) or 1.0
            for term, weight in weights.items():
                data.append(weight / norm)
                indices.append(columns[term])
            indptr.append(len(indices))
        rows = sparse.csr_matrix((data, indices, indptr), shape=(total, len(columns)))
        self.pairs: dict[tuple[int, int], float] = {}
        # The product a block of rows at a time, keeping only the pairs at the floor: the
        # whole product of a storyline's tens of thousands of claims held gigabytes.
        for first in range(0, total, SIMILARITY_BLOCK):
            product = (rows[first : first + SIMILARITY_BLOCK] @ rows.T).tocoo()
            row = product.row + first
            keep = (product.data >= floor) & (row < product.col)
            self.pairs.update(
                zip(
                    zip(row[keep].tolist(), product.col[keep].tolist(), strict=True),
                    product.data[keep].tolist(),
                    strict=True,
                )
            )

    def __call__(self, i: int, j: int) -> float:
        return self.pairs.get((i, j) if i < j else (j, i), 0.0)

    def close_pairs(self, threshold: float) -> list[tuple[float, int, int]]:
        """Pairs at or above ``threshold``, closest first."""
        found = [(s, i, j) for (i, j), s in self.pairs.items() if s >= threshold]
        return sorted(found, key=lambda p: (-p[0], p[1], p[2]))


def compatible(left: Claim, right: Claim) -> bool:
    """Could be one fact: other articles, no count of one thing given otherwise, and
    the same people where both name people."""
    if left.article.id == right.article.id:
        return False
    if any(disagree(a, b) for a in left.counts for b in right.counts):
        return False
    if left.dates and right.dates and not set(left.dates) & set(right.dates):
        return False
    return not (left.people and right.people and not left.people & right.people)


def group_facts(claims: Sequence[Claim], similarity: ClaimSimilarity) -> list[list[int]]:
    """Claims (by index) grouped into facts, every claim in exactly one; a fact holds
    at most one claim of each article."""
    cluster_of = list(range(len(claims)))
    members: dict[int, list[int]] = {k: [k] for k in range(len(claims))}
    for _, i, j in similarity.close_pairs(JOIN):
        a, b = cluster_of[i], cluster_of[j]
        if a == b or not _may_join(members[a], members[b], claims, similarity):
            continue
        members[a].extend(members[b])
        for k in members.pop(b):
            cluster_of[k] = a
    return sorted((sorted(m) for m in members.values()), key=lambda m: m[0])


def _may_join(
    left: list[int], right: list[int], claims: Sequence[Claim], similarity: ClaimSimilarity
) -> bool:
    return all(_close(claims[i], claims[j], similarity(i, j)) for i in left for j in right)


def _close(left: Claim, right: Claim, cosine: float) -> bool:
    if cosine < KEEP or not compatible(left, right):
        return False
    return cosine >= SURE or len(set(left.terms) & set(right.terms)) >= MIN_SHARED
