"""Rendering a digest's pages, in this process or, when there are many, in worker
processes.

A page to render says what it is made from (:class:`ReportPage`, :class:`ArticlePage`)
and its key. :func:`rendered_pages` renders each and writes it by the rules of
:class:`~newsweave.digest.pages.PageWriter` (a file whose bytes are unchanged is not
rewritten). Workers open the store read-only and write their pages' files themselves:
the pages come to hundreds of megabytes, not worth sending back; the main process
keeps the manifest. The pages and files are the same either way.

This module imports only what rendering needs, so a worker starts quickly.
"""

from __future__ import annotations

import json
import logging
import multiprocessing
import signal
from collections.abc import Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from newsweave.digest.pages import PageWriter, write_file
from newsweave.reports.article import article_view
from newsweave.reports.index import index_entry
from newsweave.reports.render.html import Links, render_article_html, render_report_html
from newsweave.reports.report import Subject
from newsweave.reports.stored import current_report
from newsweave.store.queries import StoredLink, StoreReader

log = logging.getLogger(__name__)

# Fewer pages than this to render are rendered here: starting a worker (a Python
# process importing the renderer and opening the store, about a quarter of a CPU
# second) is repaid over a few hundred pages (3.5 ms of CPU each on Timeline17).
WORKER_MIN_PAGES = 300
# Pages sent to a worker at a time: fewer round trips, still an even share at the end.
CHUNK_PAGES = 8
PAGE_LINKS = Links(root="../")  # report and article pages sit one folder down


@dataclass(frozen=True, slots=True)
class ReportPage:
    """A story's or storyline's page, from its report (``report_key``: as the store
    should hold it)."""

    path: str
    key: str
    subject: Subject
    report_key: str


@dataclass(frozen=True, slots=True)
class ArticlePage:
    """An article's page: ``story`` is ``{"id", "label"}`` of its story, ``links`` the
    duplicate links touching it."""

    path: str
    key: str
    article_id: str
    story: dict[str, str] | None
    links: tuple[StoredLink, ...]


Page = ReportPage | ArticlePage


def render_page(reader: StoreReader, page: Page) -> tuple[str, Any]:
    """The page's HTML and its index entry (None for an article)."""
    if isinstance(page, ReportPage):
        report = json.loads(current_report(reader, page.subject, key=page.report_key))
        return render_report_html(report, PAGE_LINKS), index_entry(report, page.path)
    view = article_view(reader, page.article_id, story=page.story, links=page.links)
    return render_article_html(view, PAGE_LINKS), None


@dataclass(frozen=True, slots=True)
class Written:
    """A page rendered and written (or found unchanged) by a worker."""

    sha256: str
    written: bool
    entry: Any


def rendered_pages(
    reader: StoreReader, writer: PageWriter, pages: Sequence[Page], *, workers: int | None = None
) -> Iterator[tuple[Page, Any]]:
    """Render and write ``pages``, recorded in ``writer``; yields each page with its
    index entry, in the order given. ``workers``: processes (None: one per core when
    there are at least WORKER_MIN_PAGES pages; 1: none). Workers need the store in a
    file: an in-memory store is rendered here."""
    if workers is None:
        from newsweave.pipeline.workers import default_workers

        workers = default_workers() if len(pages) >= WORKER_MIN_PAGES else 1
    path = getattr(reader, "path", None)
    if workers > 1 and isinstance(path, str) and Path(path).is_file():
        yield from _in_workers(reader, path, writer, pages, workers)
    else:
        yield from _here(reader, writer, pages)


def _here(
    reader: StoreReader, writer: PageWriter, pages: Sequence[Page]
) -> Iterator[tuple[Page, Any]]:
    for page in pages:
        html, entry = render_page(reader, page)
        writer.write(page.path, html, page.key, entry)
        yield page, entry


def _in_workers(
    reader: StoreReader, path: str, writer: PageWriter, pages: Sequence[Page], workers: int
) -> Iterator[tuple[Page, Any]]:
    """Pages rendered in ``workers`` processes, yielded in order. After a worker died,
    the rest are rendered here; an error rendering a page is raised as it would be here."""
    pool = ProcessPoolExecutor(
        max_workers=workers,
        # spawn, not fork: the main process holds an open SQLite connection.
        mp_context=multiprocessing.get_context("spawn"),
        initializer=_start_worker,
        initargs=(path, str(writer.root)),
    )
    chunks = [pages[at : at + CHUNK_PAGES] for at in range(0, len(pages), CHUNK_PAGES)]
    done = 0
    try:
        futures: list[Future[list[Written]]] = [
            pool.submit(_render_in_worker, [(page, writer.previous(page.path)) for page in chunk])
            for chunk in chunks
        ]
        for chunk, future in zip(chunks, futures, strict=True):
            for page, written in zip(chunk, future.result(), strict=True):
                writer.record(page.path, page.key, written.sha256, written.written, written.entry)
                done += 1
                yield page, written.entry
    except BrokenProcessPool as exc:
        log.warning("page workers failed (%s); rendering the rest here", exc)
        yield from _here(reader, writer, pages[done:])
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


_reader: StoreReader | None = None
_root: Path | None = None


def _start_worker(store_path: str, root: str) -> None:
    """Open the store read-only once per worker; Ctrl-C is the main process's to handle."""
    global _reader, _root
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    from newsweave.store.db import Store

    _reader = Store(store_path, readonly=True)
    _root = Path(root)


def _render_in_worker(chunk: Sequence[tuple[Page, str | None]]) -> list[Written]:
    assert _reader is not None and _root is not None, "worker not started"
    done = []
    for page, before in chunk:
        html, entry = render_page(_reader, page)
        digest, written = write_file(_root, page.path, html, before)
        done.append(Written(digest, written, entry))
    return done
