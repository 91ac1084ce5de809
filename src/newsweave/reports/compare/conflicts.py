"""Conflicts: clashes over one thing gathered into one disagreement with every side,
each side an account with its outlet, article, offsets and source. No verdict: the
sides are listed in article order."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from newsweave.reports.compare.clashes import NUMBER_CLOSE, Clash, ConflictKind, same_quantity
from newsweave.reports.compare.facts import Claim
from newsweave.reports.compare.matching import ClaimSimilarity
from newsweave.reports.compare.numbers import agree


@dataclass(frozen=True, slots=True)
class Side:
    """One account: ``text`` is exactly the article's text at [start, end)."""

    text: str
    outlet: str
    article_id: str
    source: str | None
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Conflict:
    kind: ConflictKind
    about: str
    sides: tuple[Side, ...]


def side_of(claim: Claim) -> Side:
    return Side(claim.text, claim.outlet, claim.article.id, claim.source, claim.start, claim.end)


def gather(
    clashes: Sequence[Clash], claims: Sequence[Claim], similarity: ClaimSimilarity
) -> list[Conflict]:
    """Clashes over one thing joined into conflicts (connected by shared claims; every
    clash of the same two counts of one thing is one dispute), each with its sides in
    article order, those spanning most outlets first. A count dispute also lists the
    other accounts giving one of its counts, so every outlet's version shows."""
    parent: dict[Node, Node] = {}

    def find(node: Node) -> Node:
        while parent.setdefault(node, node) != node:
            node = parent[node]
        return node

    # Versions in the order found (dicts as ordered sets): a denial's first phrase leads.
    versions: dict[Node, dict[str, None]] = defaultdict(dict)
    anchors: dict[tuple[str, str], Node] = {}
    for clash in sorted(clashes, key=lambda c: (c.left, c.right)):
        anchor = anchors.setdefault((clash.kind, clash.key), (clash.kind, clash.key, clash.left))
        links = [(clash.left, clash.right)]
        if clash.kind == "number":
            links.append((clash.left, anchor[2]))
        for a, b in links:
            left, right = find((clash.kind, clash.key, a)), find((clash.kind, clash.key, b))
            merged = {**versions.pop(right, {}), **versions.pop(left, {})}
            parent[left] = right
            versions[right] = {**merged, **dict.fromkeys(clash.versions)}
    groups: dict[Node, set[int]] = defaultdict(set)
    for node in list(parent):
        groups[find(node)].add(node[2])
    conflicts = []
    for root, members in groups.items():
        if root[0] == "number":
            members |= _agreeing(members, root[1].partition(":")[0], claims, similarity)
        conflicts.append(
            Conflict(
                kind=root[0],
                about=_about(root[0], root[1], list(versions.get(root, {}))),
                sides=tuple(side_of(claims[k]) for k in sorted(members)),
            )
        )
    return sorted(conflicts, key=lambda c: (-len({s.outlet for s in c.sides}), c.kind, c.about))


Node = tuple[ConflictKind, str, int]


def _agreeing(
    members: set[int], unit: str, claims: Sequence[Claim], similarity: ClaimSimilarity
) -> set[int]:
    """Claims giving one of the disputed counts of ``unit`` alike, of the same thing,
    in words close to an account that gives it."""
    counts = [(k, c) for k in members for c in claims[k].counts if c.unit == unit]
    found = set()
    for j, claim in enumerate(claims):
        if j in members:
            continue
        if any(
            agree(mine, theirs) and same_quantity(mine, theirs) and similarity(j, k) >= NUMBER_CLOSE
            for mine in claim.counts
            if mine.unit == unit
            for k, theirs in counts
        ):
            found.add(j)
    return found


def _about(kind: ConflictKind, key: str, versions: list[str]) -> str:
    if kind == "denial":
        return "denied: " + (versions[0] if versions else key)
    if kind == "number":  # its clashes say it in words: "how many people: 1,200 vs 2,000"
        return versions[0] if versions else key
    if kind == "date":
        return "when: " + " vs ".join(sorted(versions))
    return key
