"""The figures of a text: a copy keeps its report's numbers, while this week's release
written on last week's template shares most words with it and hardly any number."""

from __future__ import annotations

import re

# A figure: digits, with thousands separators and decimals ("1,250", "3.5", "2024").
_FIGURE = re.compile(r"\d+(?:[.,]\d+)*")
MIN_FIGURES = 3
FIGURE_AGREEMENT = 0.5
# Distinct figures kept per record: enough for any article, bounded for a table dump.
MAX_FIGURES = 64


def figures(text: str, limit: int = MAX_FIGURES) -> tuple[str, ...]:
    """The distinct numbers of ``text`` in order of first appearance, separators removed
    ("1,250" and "1250" are one figure), at most ``limit`` of them."""
    seen: dict[str, None] = {}
    for match in _FIGURE.finditer(text):
        seen.setdefault(match.group().replace(",", ""), None)
        if len(seen) == limit:
            break
    return tuple(seen)


def figures_agree(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    """False when both give at least ``MIN_FIGURES`` figures and fewer than
    ``FIGURE_AGREEMENT`` of the smaller set occur in the other."""
    if min(len(a), len(b)) < MIN_FIGURES:
        return True
    shared = len(set(a) & set(b))
    return shared >= FIGURE_AGREEMENT * min(len(a), len(b))
