"""The storyline step: place every story the grouping step created or changed since it
last ran (see ``newsweave.stories.storylines``).

Each story's placement is committed with its removal from the queue, so a killed run
continues where it stopped and gives what one run gives. It runs at the end of the
grouping step, under the grouping lock, so one process places stories at a time.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING

from newsweave.store.db import Store

if TYPE_CHECKING:
    from newsweave.stories.storylines import StorylineConfig

log = logging.getLogger(__name__)


def place_changed_stories(
    store: Store,
    *,
    config: StorylineConfig | None = None,
    on_story: Callable[[str], None] | None = None,
) -> int:
    """Place the queued stories (new, changed or gone) in storylines; returns how many."""
    from newsweave.store.storyline_queue import dequeue, pending_stories

    pending = pending_stories(store.conn)
    if not pending:
        return 0
    from newsweave.store.storylines import StoredStorylineState
    from newsweave.stories.storylines import StorylinePlacer

    placer = StorylinePlacer(StoredStorylineState(store.conn), config)
    for story_id in pending:
        # A failure rolls the story back and ends the run (the placer's per-run caches
        # would be ahead of the store); the next run starts again from the stored rows.
        with store.transaction() as conn:
            placer.update(story_id)
            dequeue(conn, story_id)
        if on_story:
            on_story(story_id)
    log.info("placed %d changed stories in storylines", len(pending))
    return len(pending)


def rebuild_storylines(store: Store, *, config: StorylineConfig | None = None) -> int:
    """Forget every storyline and place every stored story again, oldest first."""
    from newsweave.store.storyline_queue import requeue_all_stories

    with store.transaction() as conn:
        requeue_all_stories(conn)
    return place_changed_stories(store, config=config)
