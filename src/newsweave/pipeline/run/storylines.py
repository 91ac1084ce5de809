"""The run's storylines: its stories placed by the store's storyline step
(``newsweave.stories.storylines``) over an in-memory state, in the order the step
takes a fresh store's stories (oldest first), so ``load`` into an empty store places
them the same."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any

from newsweave.records import Story
from newsweave.rows import iso


def storyline_rows(
    stories: Sequence[Story],
    features: Mapping[str, Mapping[str, Any]],
    articles: Sequence[Mapping[str, Any]],
) -> list[dict[str, Any]]:
    """One row per storyline; ``features``: article id -> story feature row; ``articles``
    in arrival order (a story's members are read in that order, as the store's ``seq``)."""
    from newsweave.stories.storylines import StorylinePlacer
    from newsweave.stories.storylines.memory import (
        MemoryStorylineState,
        StoryFacts,
        placing_order,
    )

    arrival = {row["id"]: at for at, row in enumerate(articles)}
    facts = {
        s.id: StoryFacts(
            s.id,
            s.title,
            s.start,
            s.end,
            s.outlets,
            tuple(sorted(s.article_ids, key=arrival.__getitem__)),
        )
        for s in stories
    }
    state = MemoryStorylineState(
        stories=facts,
        features={
            article_id: (
                tuple((str(k), int(n)) for k, n in row["counts"]),
                str(row.get("title") or ""),
            )
            for article_id, row in features.items()
        },
        texts={row["id"]: row["text"] for row in articles},
    )
    placer = StorylinePlacer(state)
    for story_id in placing_order(list(facts.values())):
        placer.update(story_id)
    return [
        {
            "id": line.id,
            "seq": line.seq,
            "label": line.label,
            "start": iso(line.start),
            "end": iso(line.end),
            "outlets": json.dumps(line.outlets, ensure_ascii=False),
            "story_count": line.story_count,
            "article_count": line.article_count,
            "story_ids": json.dumps(list(line.story_ids)),
        }
        for line in state.records()
    ]
