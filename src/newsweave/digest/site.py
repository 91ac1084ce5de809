"""The digest's pages: ``index.html``, one page per story (``stories/ID.html``) and
per article (``articles/ID.html``), and the stylesheet and script (``assets/``).

A page is rendered only when what it is made from changed: a report page's key
hashes the renderer's own files and its report's key (``newsweave.reports.stored``:
the members, their analyses, the duplicate links touching them); an article page's,
the article's id (a content hash), its analyzer version and links. Repeating a digest
on a grown store renders the new and changed stories, their articles and the index.
The reports themselves are read from the store (the pipeline's report step made
them); one missing or out of date is made here.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources
from itertools import islice
from pathlib import Path
from typing import Any

from newsweave import __version__
from newsweave.digest.pages import PageWriter, key_of, sha256
from newsweave.digest.rendering import ArticlePage, ReportPage, rendered_pages
from newsweave.pipeline.job import StepProgress, no_progress
from newsweave.records import Storyline
from newsweave.reports.index import newest_first
from newsweave.reports.render.html import (
    ASSETS,
    Links,
    asset_bytes,
    render_index_html,
)
from newsweave.reports.report import Subject, story_subject, storyline_subject
from newsweave.reports.stored import subject_key
from newsweave.store.queries import StoredLink, StoreReader
from newsweave.store.report_reads import all_article_ids, analysis_versions

INDEX_TITLE = "Storylines and stories in this digest"
_SAFE_ID = re.compile(r"^[a-z0-9][a-z0-9-]{0,80}$")
PAGE_FOLDERS = {"story": "stories", "storyline": "storylines"}


@dataclass(frozen=True, slots=True)
class DigestResult:
    index: Path
    stories: int
    storylines: int
    articles: int
    written: int  # files written this run
    unchanged: int  # files kept as they were
    removed: int  # pages of the last run that no longer exist


@cache
def render_version() -> str:
    """A hash of everything that shapes a page: newsweave's version and the source,
    templates and assets of the reports and the digest."""
    parts = [__version__]
    for package in ("newsweave.reports", "newsweave.digest"):
        root = resources.files(package)
        for path in sorted(_files(root), key=str):
            parts.append(sha256(path.read_bytes()))
    return key_of(*parts)


def _files(folder: Any) -> Iterator[Any]:
    for item in folder.iterdir():
        if item.is_dir() and item.name != "__pycache__":
            yield from _files(item)
        elif item.is_file() and item.name.endswith((".py", ".html", ".css", ".js")):
            yield item


def page_path(kind: str, subject_id: str) -> str:
    if not _SAFE_ID.match(subject_id):
        raise ValueError(f"unexpected id for a file name: {subject_id!r}")
    return f"{PAGE_FOLDERS.get(kind, kind)}/{subject_id}.html"


class DigestBuilder:
    """Decides which pages need rendering: each page's key, against the manifest of
    the last run (:class:`PageWriter`); a current page is kept with its entry."""

    def __init__(self, reader: StoreReader, writer: PageWriter) -> None:
        self.reader = reader
        self.writer = writer
        self.version = render_version()
        self.links: dict[str, list[StoredLink]] = {}
        for link in reader.duplicate_links():
            self.links.setdefault(link.article_id, []).append(link)
            self.links.setdefault(link.original_id, []).append(link)
        self.article_ids = all_article_ids(reader)
        self.analysed = analysis_versions(reader, self.article_ids)
        from newsweave.pipeline.report import subjects_with_keys

        self.report_keys = {subject: key for subject, key in subjects_with_keys(reader)}

    def _links_of(self, article_ids: Sequence[str]) -> list[tuple[str, str, str]]:
        found = {
            (link.article_id, link.original_id, link.kind)
            for article_id in article_ids
            for link in self.links.get(article_id, ())
        }
        return sorted(found)

    def report_page(self, subject: Subject) -> ReportPage | None:
        """The subject's report page to render, or None when it is current."""
        path = page_path(subject.kind, subject.id)
        report_key = self.report_keys.get(subject)
        if report_key is None:  # a subject given by the caller, not as the store has it
            report_key = subject_key(self.reader, subject)
        key = key_of(self.version, report_key)
        if self.writer.is_current(path, key):
            return None
        return ReportPage(path, key, subject, report_key)

    def entry(self, subject: Subject) -> dict[str, Any]:
        """The index entry of a subject's page, rendered or kept (a copy: the caller's
        changes stay out of the manifest)."""
        return dict(self.writer.entry(page_path(subject.kind, subject.id)))

    def article_page(self, article_id: str, story: dict[str, str] | None) -> ArticlePage | None:
        """The article's page to render, or None when it is current."""
        path = page_path("articles", article_id)
        key = key_of(
            self.version,
            article_id,
            self.analysed.get(article_id),
            story,
            self._links_of([article_id]),
        )
        if self.writer.is_current(path, key):
            return None
        return ArticlePage(path, key, article_id, story, tuple(self.links.get(article_id, ())))

    def assets(self) -> None:
        for name in ASSETS:
            self.writer.write(f"assets/{name}", asset_bytes(name), key_of(self.version, name))

    def index(self, entries: list[dict[str, Any]]) -> Path:
        html = render_index_html(newest_first(entries), Links(), INDEX_TITLE)
        self.writer.write("index.html", html, key_of(self.version, "index"))
        return self.writer.root / "index.html"


def nest_stories(
    builder: DigestBuilder, storylines: Iterable[Subject], stories: Iterable[Subject]
) -> list[dict[str, Any]]:
    """The index's top level: each storyline with its stories' entries as children,
    newest first, and every story in no storyline."""
    story_entries = {story.id: builder.entry(story) for story in stories}
    entries = []
    placed: set[str] = set()
    for storyline in storylines:
        children = [story_entries[i] for i in storyline.story_ids if i in story_entries]
        entry = builder.entry(storyline)
        entry["children"] = newest_first(children)
        # The filter box finds a storyline by its stories' words too.
        entry["filter_text"] = " ".join(
            [entry["filter_text"], *(c["filter_text"] for c in children)]
        )
        entries.append(entry)
        placed.update(storyline.story_ids)
    return entries + [e for story_id, e in story_entries.items() if story_id not in placed]


def build_digest(
    reader: StoreReader,
    out_dir: str | Path,
    *,
    storylines: Sequence[Storyline] | None = None,
    progress: StepProgress = no_progress,
    workers: int | None = None,
) -> DigestResult:
    """Write the digest of everything in the store to ``out_dir`` (see the module
    docstring): a page per story and per storyline (``storylines``: the store's when
    None); ``progress`` shows the ``report pages`` and ``article pages`` stages.
    ``workers``: processes rendering pages (None: one per core when there are many
    pages to render; 1: none); the files are the same either way."""
    if storylines is None:
        storylines = list(reader.iter_storylines())
    writer = PageWriter.open(Path(out_dir))
    builder = DigestBuilder(reader, writer)
    builder.assets()
    stories = [story_subject(story) for story in reader.iter_stories()]
    lines = [storyline_subject(storyline) for storyline in storylines]
    story_of: dict[str, dict[str, str]] = {}
    for story in stories:
        for article_id in story.article_ids:
            story_of[article_id] = {"id": story.id, "label": story.label}
    report_pages = [page for page in map(builder.report_page, [*stories, *lines]) if page]
    # The largest first: workers finish together rather than one on a long tail.
    report_pages.sort(key=lambda page: -len(page.subject.article_ids))
    article_pages = [
        page
        for page in (builder.article_page(i, story_of.get(i)) for i in builder.article_ids)
        if page
    ]
    rendered = rendered_pages(reader, writer, [*report_pages, *article_pages], workers=workers)
    with progress("report pages", len(stories) + len(lines)) as advance:
        _advance_through(rendered, len(stories) + len(lines), len(report_pages), advance)
    with progress("article pages", len(builder.article_ids)) as advance:
        _advance_through(rendered, len(builder.article_ids), len(article_pages), advance)
    index = builder.index(nest_stories(builder, lines, stories))
    removed = writer.finish()
    return DigestResult(
        index=index,
        stories=len(stories),
        storylines=len(storylines),
        articles=len(builder.article_ids),
        written=writer.written,
        unchanged=writer.unchanged,
        removed=removed,
    )


def _advance_through(
    rendered: Iterator[object], total: int, to_render: int, advance: Callable[..., None]
) -> None:
    """Advance a stage of ``total`` pages: the current ones at once, then each of the
    next ``to_render`` pages ``rendered`` as it is written."""
    for _ in range(total - to_render):
        advance()
    for _ in islice(rendered, to_render):
        advance()
