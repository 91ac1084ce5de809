"""The candidates of one new article in the duplicate index: the articles sharing an
LSH band with it, as the in-memory index or the store gives them."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import overload

import numpy as np
import numpy.typing as npt

IntArray = npt.NDArray[np.int64]


@dataclass(frozen=True, slots=True)
class Candidates:
    """Articles sharing a band with a new one: ids, sequence numbers, signatures (one
    row each) and shingle counts, in one order."""

    article_ids: Sequence[str]
    seqs: IntArray
    signatures: npt.NDArray[np.uint32]
    shingle_counts: IntArray


class RowIds(Sequence[str]):
    """The article ids of LSH rows, looked up only when asked for: a copy of a piece
    syndicated thousands of times has thousands of candidates, of which _find_link
    usually reads the id of one."""

    def __init__(self, id_of_row: list[str], rows: IntArray) -> None:
        self._id_of_row = id_of_row
        self._rows = rows

    def __len__(self) -> int:
        return len(self._rows)

    @overload
    def __getitem__(self, i: int) -> str: ...
    @overload
    def __getitem__(self, i: slice) -> Sequence[str]: ...
    def __getitem__(self, i: int | slice) -> str | Sequence[str]:
        if isinstance(i, slice):
            return [self._id_of_row[row] for row in self._rows[i].tolist()]
        return self._id_of_row[int(self._rows[i])]
