"""A boosted-tree scorer evaluated in plain Python, for the cleaner's second stage.

The trees are fitted with scikit-learn's HistGradientBoostingClassifier by
``benchmarks/fit_text_cleaner.py`` and shipped as numbers in ``trees.json``, so
scoring needs neither scikit-learn nor a pickle at run time.
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

# One node: (feature, threshold, left, right, leaf value, missing values go left).
# A node whose left child is -1 is a leaf.
Node = tuple[int, float, int, int, float, bool]


@dataclass(frozen=True, slots=True)
class TreeEnsemble:
    baseline: float
    trees: tuple[tuple[Node, ...], ...]

    def probability(self, features: Sequence[float]) -> float:
        raw = self.baseline
        for tree in self.trees:
            node = tree[0]
            while node[2] >= 0:
                value = features[node[0]]
                go_left = node[5] if math.isnan(value) else value <= node[1]
                node = tree[node[2] if go_left else node[3]]
            raw += node[4]
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, raw))))

    def to_json(self) -> dict[str, Any]:
        return {
            "baseline": self.baseline,
            "trees": [[list(node) for node in tree] for tree in self.trees],
        }

    @classmethod
    def from_json(cls, raw: dict[str, Any]) -> TreeEnsemble:
        trees = tuple(
            tuple(
                (int(n[0]), float(n[1]), int(n[2]), int(n[3]), float(n[4]), bool(n[5]))
                for n in tree
            )
            for tree in raw["trees"]
        )
        return cls(float(raw["baseline"]), trees)


@cache
def default_trees() -> TreeEnsemble | None:
    """The shipped second-stage trees, or None when the package carries none."""
    path = resources.files("newsweave.extract.text").joinpath("trees.json")
    if not path.is_file():
        return None
    return TreeEnsemble.from_json(json.loads(path.read_text()))
