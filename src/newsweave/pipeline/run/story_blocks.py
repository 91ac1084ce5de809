"""Stories of a whole run by blocking: the articles in publication order are cut into
blocks of consecutive days, each block is grouped on its own by the incremental
grouper (``newsweave.stories.grouper``: candidates retrieved by salient keys, the
neighbourhood re-clustered), and the blocks' stories are merged across block bounds.

Each block is first given the articles of the ``overlap_days`` before it (already
grouped in their own block) and then its own, so its first articles see the recent
past the one-pass grouper would show them (the grouper's neighbourhood reaches about
two weeks back from a dated article). A block's story holding such overlap articles
continues the story most of them belong to; one holding none is a new story. Blocks
are independent of each other until that merge, so an engine groups them at once (one
Ray task each); the merge is a pass over the blocks' assignments, in block order.

What blocking changes against one pass: document frequencies are the block's (and its
overlap's), and a report is compared only with reports of its block and the overlap,
so an event covered again after a gap longer than the overlap, across a bound, starts a
new story there. A corpus of at most ``block_articles`` articles is one block: exactly
the one-pass grouping.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from itertools import pairwise
from typing import Any

from newsweave.records import Story, content_id
from newsweave.stories.features import StoryDoc

BLOCK_ARTICLES = 4000  # articles a block holds at least (cut at the next day's start)
OVERLAP_DAYS = 14.0


@dataclass(frozen=True, slots=True)
class StoryBlock:
    number: int
    docs: tuple[StoryDoc, ...]  # the overlap (grouped in earlier blocks), then its own
    overlap: int  # how many of ``docs`` come from earlier blocks


@dataclass(frozen=True, slots=True)
class BlockStories:
    number: int
    stories: tuple[Story, ...]
    features: tuple[tuple[str, dict[str, Any]], ...]  # its own articles' feature rows


@dataclass(slots=True)
class _Merged:
    title: str
    start: datetime | None
    end: datetime | None
    first: int  # publication position of its first article
    outlets: set[str] = field(default_factory=set)
    article_ids: list[str] = field(default_factory=list)


def plan_blocks(
    docs: Sequence[StoryDoc],
    block_articles: int = BLOCK_ARTICLES,
    overlap_days: float = OVERLAP_DAYS,
) -> list[StoryBlock]:
    """``docs`` (publication order, undated last) cut into blocks: a block ends once it
    holds ``block_articles`` and the next article is of another UTC day; undated
    articles go with the last block. Each block after the first begins with the
    articles of the ``overlap_days`` before its first one."""
    cuts = [0]
    for at in range(1, len(docs)):
        previous, current = docs[at - 1].published, docs[at].published
        if current is None or previous is None or at - cuts[-1] < block_articles:
            continue
        if _utc(current).date() != _utc(previous).date():
            cuts.append(at)
    cuts.append(len(docs))
    blocks = []
    for number, (start, stop) in enumerate(pairwise(cuts)):
        overlap: list[StoryDoc] = []
        first = docs[start].published if start < len(docs) else None
        if number > 0 and first is not None:
            since = _utc(first) - timedelta(days=overlap_days)
            back = start
            while back > 0 and _utc(docs[back - 1].published) >= since:
                back -= 1
            overlap = list(docs[back:start])
        blocks.append(StoryBlock(number, (*overlap, *docs[start:stop]), len(overlap)))
    return blocks


def group_block(block: StoryBlock) -> BlockStories:
    """One block grouped by a grouper of its own, the overlap first."""
    from newsweave.stories.grouper import StoryGrouper

    grouper = StoryGrouper()
    features = []
    for at, doc in enumerate(block.docs):
        assignment = grouper.add(doc)
        if at >= block.overlap:
            features.append((doc.article_id, assignment.features.to_row()))
    return BlockStories(block.number, tuple(grouper.stories()), tuple(features))


def merge_blocks(
    results: Sequence[BlockStories], docs: Sequence[StoryDoc]
) -> tuple[list[Story], dict[str, dict[str, Any]]]:
    """The run's stories from its blocks' (in block order), and each article's feature
    row with its ``seq`` in the whole run's publication order."""
    position = {doc.article_id: at for at, doc in enumerate(docs)}
    by_id = {doc.article_id: doc for doc in docs}
    home_of: dict[str, int] = {}
    for result in results:
        for article_id, _ in result.features:
            home_of[article_id] = result.number
    story_of: dict[str, str] = {}
    merged: dict[str, _Merged] = {}
    for result in sorted(results, key=lambda r: r.number):
        for story in result.stories:
            own = [a for a in story.article_ids if home_of.get(a) == result.number]
            if not own:
                continue
            earlier = Counter(story_of[a] for a in story.article_ids if a in story_of)
            if earlier:  # continues the story most of its overlap articles are in
                target = min(earlier, key=lambda s: (-earlier[s], merged[s].first))
                into = merged[target]
                for article_id in own:
                    doc = by_id[article_id]
                    into.start = _earliest(into.start, doc.published)
                    into.end = _latest(into.end, doc.published)
                    if doc.outlet:
                        into.outlets.add(doc.outlet)
            else:
                target = story.id
                if target in merged:  # named after an article an earlier block had
                    target = "story-" + content_id("story", story.id, str(result.number), length=12)
                merged[target] = _Merged(
                    story.title,
                    story.start,
                    story.end,
                    min(map(position.__getitem__, own)),
                    set(story.outlets),
                )
            merged[target].article_ids.extend(own)
            for article_id in own:
                story_of[article_id] = target
    stories = [
        Story(
            id=story_id,
            title=m.title,
            article_ids=tuple(sorted(m.article_ids, key=position.__getitem__)),
            start=m.start,
            end=m.end,
            outlets=tuple(sorted(m.outlets)),
        )
        for story_id, m in merged.items()
    ]
    features = {}
    for result in results:
        for article_id, row in result.features:
            features[article_id] = dict(row, seq=position[article_id])
    return stories, features


def feature_row(article_id: str, row: dict[str, Any]) -> dict[str, Any]:
    return {
        "article_id": article_id,
        "seq": row["seq"],
        "data": json.dumps(row, ensure_ascii=False),
    }


def _utc(value: datetime | None) -> datetime:
    assert value is not None
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def _earliest(a: datetime | None, b: datetime | None) -> datetime | None:
    if a is None or b is None:
        return a or b
    return min(a, b, key=_utc)


def _latest(a: datetime | None, b: datetime | None) -> datetime | None:
    if a is None or b is None:
        return a or b
    return max(a, b, key=_utc)
