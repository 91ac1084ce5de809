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

import json
import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from newsweave import __version__
from newsweave.digest.pages import PageWriter, key_of, sha256
from newsweave.pipeline.job import StepProgress, no_progress
from newsweave.records import Storyline
from newsweave.reports.article import article_view
from newsweave.reports.index import index_entry, newest_first
from newsweave.reports.render.html import (
    ASSETS,
    Links,
    asset_bytes,
    render_article_html,
    render_index_html,
    render_report_html,
)
from newsweave.reports.report import Subject, story_subject, storyline_subject
from newsweave.reports.stored import current_report, subject_key
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
    """Renders pages into a :class:`PageWriter`, skipping the ones that are current."""

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

    def subject_page(self, subject: Subject) -> dict[str, Any]:
        """Write the subject's report page if it changed; returns its index entry."""
        path = page_path(subject.kind, subject.id)
        report_key = self.report_keys.get(subject)
        if report_key is None:  # a subject given by the caller, not as the store has it
            report_key = subject_key(self.reader, subject)
        key = key_of(self.version, report_key)
        if self.writer.is_current(path, key):
            return dict(self.writer.entry(path))
        report = json.loads(current_report(self.reader, subject, key=report_key))
        entry = index_entry(report, path)
        self.writer.write(path, render_report_html(report, Links(root="../")), key, entry)
        return dict(entry)  # the caller's changes stay out of the manifest

    def article_page(self, article_id: str, story: Mapping[str, str] | None) -> None:
        path = page_path("articles", article_id)
        links = self.links.get(article_id, [])
        key = key_of(
            self.version,
            article_id,
            self.analysed.get(article_id),
            story,
            self._links_of([article_id]),
        )
        if self.writer.is_current(path, key):
            return
        view = article_view(self.reader, article_id, story=story, links=links)
        self.writer.write(path, render_article_html(view, Links(root="../")), key)

    def assets(self) -> None:
        for name in ASSETS:
            self.writer.write(f"assets/{name}", asset_bytes(name), key_of(self.version, name))

    def index(self, entries: list[dict[str, Any]]) -> Path:
        html = render_index_html(newest_first(entries), Links(), INDEX_TITLE)
        self.writer.write("index.html", html, key_of(self.version, "index"))
        return self.writer.root / "index.html"


def nest_stories(
    builder: DigestBuilder,
    storylines: Iterable[Subject],
    story_entries: Mapping[str, dict[str, Any]],
    advance: Callable[..., None],
) -> list[dict[str, Any]]:
    """The index's top level: each storyline (its page written) with its stories'
    entries as children, newest first, and every story in no storyline."""
    entries = []
    placed: set[str] = set()
    for storyline in storylines:
        children = [story_entries[i] for i in storyline.story_ids if i in story_entries]
        entry = builder.subject_page(storyline)
        entry["children"] = newest_first(children)
        # The filter box finds a storyline by its stories' words too.
        entry["filter_text"] = " ".join(
            [entry["filter_text"], *(c["filter_text"] for c in children)]
        )
        entries.append(entry)
        placed.update(storyline.story_ids)
        advance()
    return entries + [e for story_id, e in story_entries.items() if story_id not in placed]


def build_digest(
    reader: StoreReader,
    out_dir: str | Path,
    *,
    storylines: Sequence[Storyline] | None = None,
    progress: StepProgress = no_progress,
) -> DigestResult:
    """Write the digest of everything in the store to ``out_dir`` (see the module
    docstring): a page per story and per storyline (``storylines``: the store's when
    None); ``progress`` shows the ``report pages`` and ``article pages`` stages."""
    if storylines is None:
        storylines = list(reader.iter_storylines())
    writer = PageWriter.open(Path(out_dir))
    builder = DigestBuilder(reader, writer)
    builder.assets()
    stories = [story_subject(story) for story in reader.iter_stories()]
    story_of: dict[str, dict[str, str]] = {}
    story_entries: dict[str, dict[str, Any]] = {}
    with progress("report pages", len(stories) + len(storylines)) as advance:
        for story in stories:
            story_entries[story.id] = builder.subject_page(story)
            for article_id in story.article_ids:
                story_of[article_id] = {"id": story.id, "label": story.label}
            advance()
        entries = nest_stories(builder, map(storyline_subject, storylines), story_entries, advance)
    with progress("article pages", len(builder.article_ids)) as advance:
        for article_id in builder.article_ids:
            builder.article_page(article_id, story_of.get(article_id))
            advance()
    index = builder.index(entries)
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
