"""The corpus-wide steps of a run: duplicate links by a group-by on band keys give the
incremental index's links; stories by blocks give the one-pass grouper's when there is
one block, and the same stories whichever order an engine returns the blocks in."""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence
from datetime import UTC, datetime, timedelta
from typing import Any, TypeVar

import numpy as np

from newsweave.dedup.index import DuplicateIndex, DuplicateRecord
from newsweave.pipeline.run import near_dups, story_blocks
from newsweave.pipeline.run.local import LocalEngine
from newsweave.stories.features import StoryDoc
from newsweave.stories.grouper import StoryGrouper

Out = TypeVar("Out")
In = TypeVar("In")

WORDS = [f"w{n}" for n in range(400)]


def _texts(seed: int = 7) -> list[str]:
    """Originals, exact copies (other case and punctuation), light rewrites, copies with
    a paragraph cut, one rewrite whose figures disagree, and unrelated texts."""
    rng = random.Random(seed)
    originals = [" ".join(rng.choices(WORDS, k=160)) + f" {n * 7} units" for n in range(12)]
    texts = list(originals)
    for n, text in enumerate(originals[:8]):
        words = text.split()
        texts.append(text.upper() + "!")  # exact copy
        rewrite = list(words)
        for at in rng.sample(range(len(rewrite)), 6):
            rewrite[at] = rng.choice(WORDS)
        texts.append(" ".join(rewrite))  # near copy
        texts.append(" ".join(words[: len(words) * 3 // 4]))  # cut: containment
        if n == 0:
            texts.append(" ".join(words[:-2]) + " 99999 units 123456 items 31337")
    texts += ["", "one two", *(" ".join(rng.choices(WORDS, k=120)) for _ in range(5))]
    rng.shuffle(texts)
    return texts


def test_band_groupby_gives_the_index_links() -> None:
    index = DuplicateIndex()
    records: list[DuplicateRecord] = []
    expected = []
    for n, text in enumerate(_texts()):
        record = index.make_record(f"a{n}", text, outlet=f"o{n % 3}")
        expected.append(index.add_record(record))
        records.append(record)
    assert sum(link is not None for link in expected) >= 20
    assert {link.kind for link in expected if link} == {"exact", "near"}
    for groups in (1, 3, 16):  # however the keys are spread, the same pairs
        keys = near_dups.band_rows(records, groups)
        pairs = LocalEngine().group_map(
            keys, "group", near_dups.verify_group, near_dups.signatures_of(records)
        )
        assert near_dups.resolve_links(records, pairs) == expected


def _docs(count: int, seed: int = 3) -> list[StoryDoc]:
    """Reports of a handful of events, each covered over a few days, events spread
    over months: what blocking cuts."""
    rng = random.Random(seed)
    start = datetime(2024, 1, 1, tzinfo=UTC)
    events = []
    for n in range(count // 6):
        vocab = rng.sample(WORDS, 30)
        events.append((start + timedelta(days=n * 5), vocab, f"Place{n}"))
    docs = []
    for n in range(count):
        day, vocab, place = events[n % len(events)]
        text = " ".join(rng.choices(vocab, k=80) + rng.choices(WORDS, k=20))
        docs.append(
            StoryDoc(
                article_id=f"doc{n}",
                title=" ".join(rng.choices(vocab, k=6)),
                text=text,
                published=day + timedelta(hours=rng.randrange(72)),
                outlet=f"outlet{n % 4}",
                entities=(place,),
            )
        )
    docs.sort(key=lambda d: (d.published, d.article_id))
    return docs


def _one_pass(docs: Sequence[StoryDoc]) -> set[frozenset[str]]:
    grouper = StoryGrouper()
    for doc in docs:
        grouper.add(doc)
    return {frozenset(s.article_ids) for s in grouper.stories()}


class _ReversedEngine(LocalEngine):
    """Calls in reverse order and results back in order, as a pool of workers may."""

    def map_calls(self, fn: Callable[[In], Out], items: Sequence[In]) -> list[Out]:
        return [fn(item) for item in reversed(items)][::-1]


def _blocked(
    docs: Sequence[StoryDoc], engine: LocalEngine, block_articles: int
) -> tuple[list[Any], dict[str, Any]]:
    blocks = story_blocks.plan_blocks(docs, block_articles, 14.0)
    return story_blocks.merge_blocks(engine.map_calls(story_blocks.group_block, blocks), docs)


def test_one_block_is_the_one_pass_grouping() -> None:
    docs = _docs(60)
    stories, features = _blocked(docs, LocalEngine(), 10_000)
    assert {frozenset(s.article_ids) for s in stories} == _one_pass(docs)
    assert [features[d.article_id]["seq"] for d in docs] == list(range(len(docs)))


def test_blocks_cover_every_article_once_and_merge_across_bounds() -> None:
    docs = _docs(120)
    blocks = story_blocks.plan_blocks(docs, 30, 14.0)
    assert len(blocks) >= 3
    homes = [d.article_id for b in blocks for d in b.docs[b.overlap :]]
    assert homes == [d.article_id for d in docs]
    for block in blocks[1:]:
        first = block.docs[block.overlap].published
        assert block.overlap > 0 and first is not None
        assert all(
            d.published and first - d.published <= timedelta(days=14)
            for d in block.docs[: block.overlap]
        )
    stories, _ = _blocked(docs, LocalEngine(), 30)
    again, _ = _blocked(docs, _ReversedEngine(), 30)
    assert [(s.id, s.article_ids, s.title) for s in stories] == [
        (s.id, s.article_ids, s.title) for s in again
    ]
    members = [a for s in stories for a in s.article_ids]
    assert sorted(members) == sorted(d.article_id for d in docs)
    # Events straddling a bound are not cut in two: each event's reports (days apart,
    # in two blocks) are one story, as in one pass.
    one_pass = _one_pass(docs)
    blocked = {frozenset(s.article_ids) for s in stories}
    assert len(blocked & one_pass) >= 0.9 * len(one_pass)


def test_local_groups_run_in_key_order() -> None:
    rows = {"group": np.array([2, 0, 2, 1]), "value": np.array([10, 11, 12, 13])}
    seen = LocalEngine().group_map(rows, "group", lambda g, s: [(s, g["value"].tolist())], "x")
    assert seen == [("x", [11]), ("x", [13]), ("x", [10, 12])]
