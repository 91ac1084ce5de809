"""Errors newsweave raises on purpose. Each carries a short reason code for the store."""

from __future__ import annotations


class NewsweaveError(Exception):
    """Base class: anything newsweave reports to a user as one clear line."""

    reason = "error"


class RejectedInput(NewsweaveError):
    """An input that cannot become an article. ``reason`` is a stable code
    (``empty``, ``binary``, ``truncated-gzip``, ``bad-json``, ``too-large``, ...)."""

    def __init__(self, reason: str, detail: str) -> None:
        super().__init__(f"{reason}: {detail}")
        self.reason = reason
        self.detail = detail


class StoreError(NewsweaveError):
    reason = "store"


class UnknownId(StoreError):
    """No stored record has the id (or id prefix) asked for."""

    reason = "unknown-id"


class AmbiguousId(StoreError):
    """An id prefix that more than one stored record starts with."""

    reason = "ambiguous-id"


class BadQuery(StoreError):
    """A request the caller must fix: a malformed id, search query or filter."""

    reason = "bad-query"


class ConfigError(NewsweaveError):
    reason = "config"


class LimitExceeded(NewsweaveError):
    """One document went past a per-document limit (``reason``: ``timeout``)."""

    def __init__(self, reason: str, detail: str) -> None:
        super().__init__(f"{reason}: {detail}")
        self.reason = reason
        self.detail = detail
