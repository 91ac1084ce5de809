"""Storylines: the level above stories. A story is one event over a few days; a
storyline chains the stories of one developing subject over weeks or months (an oil
spill from the rig explosion to the sealed well).

Incremental like stories: the grouping step queues every story it creates or changes,
and each queued story is placed (``placer.StorylinePlacer.update``): it joins the
storyline whose profile it matches, or starts one, and storylines it matches alike
merge into the oldest. A story that changed is taken out of its storyline and placed
again; one merged into another story is taken out. Storylines are looked up through an
inverted index from salient keys to storylines (the most recently changed ones per
key), never by a scan, so a story costs the same however many storylines exist.

Matching (``profile``) is on story-level profiles: mean feature counts over a bounded
sample of the story's articles, weighted by inverse frequency over stories, and asks
for agreement on named entities as well as on words, so two stories of one kind and one
country (another dam failure in Estravia) stay apart unless they share the names of
their places and people.

The state is rows in the store (``newsweave.store.storylines``), each story's placement
committed with its dequeueing, so a killed run finishes where it stopped and gives what
one run gives; queued stories are placed oldest first, so rebuilding every storyline
from the stored stories gives what one run over the same stories gives.
"""

from newsweave.stories.storylines.placer import StorylineConfig, StorylinePlacer
from newsweave.stories.storylines.profile import ProfileConfig
from newsweave.stories.storylines.state import StorylineState

__all__ = ["ProfileConfig", "StorylineConfig", "StorylinePlacer", "StorylineState"]
