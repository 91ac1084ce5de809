"""The articles reports read, each read from the store once per *reads scope*.

A report reads its articles four times over (summary, timeline, quote ledger,
comparison), and a storyline's report reads again what its stories' reports read.
Inside a scope each article and its analysis is read once (one query for many
articles) and kept, with what is worked out from it alone (:func:`derived`), for
every report made in the scope. The scope must not outlive the articles and
analyses it keeps: the report step opens one per worker for the length of the step
(it writes reports only, never articles or analyses), and a report made on its own
opens one for itself.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any, TypeVar, cast

from newsweave.errors import UnknownId
from newsweave.records import Analysis, Article
from newsweave.store.queries import StoreReader
from newsweave.store.report_reads import articles_with_analyses

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class ArticleRead:
    """One stored article with its analysis (None when not analysed yet)."""

    id: str
    article: Article
    text: str
    analysis: Analysis | None


@dataclass(slots=True)
class ReadsScope:
    articles: dict[str, ArticleRead] = field(default_factory=dict)
    derived: dict[Hashable, Any] = field(default_factory=dict)


_scope: ContextVar[ReadsScope | None] = ContextVar("report_reads", default=None)


@contextmanager
def reads_scope() -> Iterator[None]:
    """Keep what is read for the length of the block (within an enclosing scope, that
    one's)."""
    if _scope.get() is not None:
        yield
        return
    token = _scope.set(ReadsScope())
    try:
        yield
    finally:
        _scope.reset(token)


def open_process_scope() -> None:
    """A scope for the rest of this process's life (a report worker's)."""
    _scope.set(ReadsScope())


def article_reads(
    reader: StoreReader, article_ids: Iterable[str], *, missing_ok: bool = False
) -> list[ArticleRead]:
    """The articles ``article_ids`` (exact ids) in the order given. An id not stored
    raises UnknownId, or is left out with ``missing_ok``."""
    ids = list(article_ids)
    scope = _scope.get()
    found = scope.articles if scope is not None else {}
    wanted = [i for i in dict.fromkeys(ids) if i not in found]
    for stored_id, article, analysis in articles_with_analyses(reader, wanted):
        found[stored_id] = ArticleRead(article.id, article, article.text, analysis)
    missing = [i for i in ids if i not in found]
    if missing and not missing_ok:
        raise UnknownId(f"no article with id {missing[0]}")
    return [found[i] for i in ids if i in found]


def derived(key: Hashable, make: Callable[[], T]) -> T:
    """``make()``, kept in the scope under ``key`` (made anew outside a scope). The key
    must name everything the value is made from: within a scope an article id names
    the article and its analysis."""
    scope = _scope.get()
    if scope is None:
        return make()
    if key not in scope.derived:
        scope.derived[key] = make()
    return cast(T, scope.derived[key])
