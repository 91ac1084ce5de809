"""The rule every benchmark follows: a document a system rejects or raises on gets that
system's empty answer, is counted for the system, and the run goes on.

Each failure is reported on stderr with the document and the error; the counts go in
the benchmark's JSON line (``rejected`` for newsweave, ``<system>_rejected`` for the
others).
"""

from __future__ import annotations

import sys
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from functools import partial
from typing import TypeVar

T = TypeVar("T")


class Rejections:
    """Documents each system rejected or raised on, counted by system."""

    def __init__(self) -> None:
        self.counts: Counter[str] = Counter()

    def answer(self, system: str, document: str, run: Callable[[], T], empty: T) -> T:
        """``run()``, or ``empty`` (counted for ``system``) if it raises."""
        try:
            return run()
        except Exception as error:  # one document must not end the run, whatever it raises
            self.counts[system] += 1
            print(f"{system} rejected {document}: {type(error).__name__}: {error}", file=sys.stderr)
            return empty

    def answers(
        self,
        system: str,
        documents: Sequence[str],
        batch: Callable[[], Iterable[T]],
        one: Callable[[int], T],
        empty: T,
    ) -> list[T]:
        """A batch call's answers, one per document; if the batch raises, the documents
        are run one by one (``one(position)``) and a failing one gets ``empty``."""
        try:
            return list(batch())
        except Exception as error:  # find the documents it fails on, answer the others
            print(
                f"{system}: batch failed ({type(error).__name__}: {error}); "
                "running its documents one by one",
                file=sys.stderr,
            )
        return [
            self.answer(system, document, partial(one, k), empty)
            for k, document in enumerate(documents)
        ]
