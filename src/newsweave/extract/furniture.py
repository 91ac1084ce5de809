"""Furniture learned from several documents of one outlet: lines that recur are not news.

A menu, a donation appeal or a footer is printed on every page of a site, while body
paragraphs are (nearly always) unique to one article. Counting in how many documents
each normalised line occurs finds an outlet's furniture without any hand-written list.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

_SPACE_RE = re.compile(r"\s+")
_DIGITS_RE = re.compile(r"\d+")


def normalise_line(line: str) -> str:
    """Case-folded, whitespace-collapsed, digits masked: "3 comments" ~ "12 comments"."""
    return _DIGITS_RE.sub("0", _SPACE_RE.sub(" ", line).strip().casefold())


@dataclass(frozen=True, slots=True)
class FurnitureModel:
    """Normalised lines seen in at least ``min_documents`` of the documents it learned from."""

    lines: frozenset[str]
    documents: int
    min_documents: int

    @classmethod
    def learn(
        cls, texts: Iterable[str], min_documents: int = 2, min_share: float = 0.5
    ) -> FurnitureModel:
        """Learn the recurring lines of ``texts`` (text dumps from one outlet).

        A line is furniture when it occurs in at least ``min_documents`` documents and
        in at least ``min_share`` of them: two articles of one story may share a
        quoted sentence, but not most of an outlet's pages.
        """
        document_counts: Counter[str] = Counter()
        documents = 0
        for text in texts:
            documents += 1
            document_counts.update(
                {normalise_line(line) for line in text.splitlines() if line.strip()}
            )
        needed = max(min_documents, int(min_share * documents + 0.999))
        recurring = frozenset(line for line, count in document_counts.items() if count >= needed)
        return cls(lines=recurring, documents=documents, min_documents=needed)

    def is_furniture(self, line: str) -> bool:
        return normalise_line(line) in self.lines

    def touches(self, text: str) -> bool:
        """Whether any line of ``text`` is furniture (cleaning it with the model would
        take something out)."""
        if not self.lines:
            return False
        return any(line.strip() and self.is_furniture(line) for line in text.split("\n"))

    def __len__(self) -> int:
        return len(self.lines)
