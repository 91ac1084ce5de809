"""Readable labels for stories whose articles have no headline.

A story's label is its central headline (the grouper's ``Story.title``) when it has one;
otherwise the opening words of the lead sentence of its most central article (the one
whose features agree most with the story's profile), which in news names the subject.
A storyline's label is the label of its most reported story (``store.storylines``).
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable

from newsweave.stories.features import STOP_WORDS
from newsweave.stories.storylines.profile import Profile
from newsweave.stories.storylines.state import StoryInput

LABEL_WORDS = 14
# A sentence ends at . ! ? followed by a capital (or a quote and a capital), or at a
# line break.
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"'”’]?\s+(?=[\"'“‘A-Z])|\n")


def story_label(story: StoryInput, profile: Profile, lead: Callable[[str], str]) -> str:
    if story.title.strip():
        return story.title.strip()
    if not story.members:
        return ""

    def centrality(index: int) -> tuple[float, int]:
        counts = story.members[index].counts
        return sum(profile.get(k, 0.0) * (1.0 + math.log(n)) for k, n in counts if n > 0), -index

    central = max(range(len(story.members)), key=centrality)
    return lead_phrase(lead(story.members[central].article_id))


def lead_phrase(text: str, words: int = LABEL_WORDS) -> str:
    """The first sentence of ``text``, cut to ``words`` words (marked with "…"), and
    then before any trailing function words ("… on Monday after…" names less)."""
    stripped = text.strip()
    first = _SENTENCE_END.split(stripped, maxsplit=1)[0] if stripped else ""
    tokens = first.split()
    if len(tokens) <= words:
        return " ".join(tokens)
    kept = tokens[:words]
    while len(kept) > 1 and kept[-1].lower().strip(",;:'\"") in STOP_WORDS:
        kept.pop()
    return " ".join(kept).rstrip(",;:-–—") + "…"
