"""How articles are batched for one call of the model, apart from the model itself.

The analyzer and the worker pool that feeds it (``newsweave.pipeline.workers``) cut
the same batches, so an article is analysed in the same company, with the same
numbers, whether one process or several run the analysis; this module imports
nothing heavy, so the pool's main process never loads spaCy.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import datetime

ArticleInput = tuple[str, str, datetime | None, str | None]  # id, text, published, language

DEFAULT_BATCH_SIZE = 32
# Articles batched into one model call hold at most about this many characters: the
# model's memory grows with the batch as with a chunk, and its speed with the batch
# size (PolNeAR dev, 84 articles of 4,900 characters on average: batches capped at
# 60,000 characters took 1.2x the time of batches of 32 articles).
DEFAULT_BATCH_CHARS = 200_000


def next_batch(iterator: Iterator[ArticleInput], size: int, max_chars: int) -> list[ArticleInput]:
    """Up to ``size`` items, ending early after the one that takes the batch's text
    past ``max_chars``."""
    batch: list[ArticleInput] = []
    chars = 0
    for item in iterator:
        batch.append(item)
        chars += len(item[1])
        if len(batch) >= size or chars >= max_chars:
            break
    return batch


def batches(
    items: Iterable[ArticleInput],
    size: int = DEFAULT_BATCH_SIZE,
    max_chars: int = DEFAULT_BATCH_CHARS,
) -> Iterator[list[ArticleInput]]:
    """``items`` cut into consecutive batches by ``next_batch``. A batch cut from a
    batch is the whole batch, so re-batching one (as the analyzer does) changes nothing."""
    iterator = iter(items)
    while batch := next_batch(iterator, size, max_chars):
        yield batch
