"""newsweave: from raw news coverage to stories, timelines, quotes and outlet comparisons."""

from __future__ import annotations

import logging

from newsweave.records import (
    Analysis,
    Article,
    DroppedBlock,
    Entity,
    Quote,
    RawDocument,
    Rejection,
    Sentence,
    Story,
    TimeExpr,
)

__version__ = "0.1.0"

__all__ = [
    "Analysis",
    "Article",
    "DroppedBlock",
    "Entity",
    "Quote",
    "RawDocument",
    "Rejection",
    "Sentence",
    "Story",
    "TimeExpr",
    "__version__",
]

logging.getLogger(__name__).addHandler(logging.NullHandler())
