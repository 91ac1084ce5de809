"""Stored reports: the key naming everything a report is made from, and a subject's
report read from the store when current, else made (and, given a writer, stored).

A key hashes the report code's version, the subject's header (id, kind, label,
span, outlets, members), each member article's analysis stamp (analyzer version and
when it was analysed: re-analysis changes it), the duplicate links touching the
members and, for a storyline, its stories' headers. A report whose key matches is the
report ``subject_report`` would make now.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterator, Mapping, Sequence
from functools import cache
from importlib import resources
from typing import Any

from newsweave import __version__
from newsweave.reports import REPORT_VERSION
from newsweave.reports.report import Subject, story_subject, subject_report
from newsweave.rows import iso
from newsweave.store.queries import StoredLink, StoreReader
from newsweave.store.report_reads import analysis_stamps, links_touching, stored_report

Stamps = Mapping[str, tuple[str, str]]


# Code under reports/ that only draws a stored report (HTML, Markdown, SVG charts) and
# never shapes its JSON: a change there must not make every stored report stale.
# (render/summary.py does shape the JSON, so it stays in the hash.)
RENDER_ONLY = frozenset({"html.py", "markdown.py", "charts"})


@cache
def report_code_version() -> str:
    """REPORT_VERSION, newsweave's version and a hash of the Python sources that shape
    a report's JSON (everything under reports/ but the render-only modules)."""
    digest = hashlib.sha256(f"{REPORT_VERSION}\0{__version__}".encode())
    for path in sorted(_python_files(resources.files("newsweave.reports")), key=str):
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def _python_files(folder: Any, *, in_render: bool = False) -> Iterator[Any]:
    for item in folder.iterdir():
        if in_render and item.name in RENDER_ONLY:
            continue
        if item.is_dir() and item.name != "__pycache__":
            yield from _python_files(item, in_render=item.name == "render")
        elif item.is_file() and item.name.endswith(".py"):
            yield item


def _header(subject: Subject) -> list[Any]:
    return [
        subject.id,
        subject.kind,
        subject.label,
        iso(subject.start),
        iso(subject.end),
        list(subject.outlets),
        list(subject.article_ids),
        list(subject.story_ids),
    ]


def report_key(
    subject: Subject, stamps: Stamps, links: Sequence[StoredLink], stories: Sequence[Subject]
) -> str:
    """The key of ``subject``'s report: ``stamps`` and ``links`` may cover more
    articles than the subject's (only its members' are used); ``stories`` are a
    storyline's stories (empty for a story)."""
    members = set(subject.article_ids)
    touching = sorted(
        (link.article_id, link.original_id, link.kind, round(link.similarity, 6))
        for link in links
        if link.article_id in members or link.original_id in members
    )
    parts = [
        report_code_version(),
        _header(subject),
        [[i, list(stamps[i]) if i in stamps else None] for i in subject.article_ids],
        [list(link) for link in sorted(set(touching))],
        [_header(story) for story in stories],
    ]
    text = json.dumps(parts, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def subject_key(reader: StoreReader, subject: Subject) -> str:
    """The key of one subject's report, read from the store (a few indexed queries)."""
    stories = [story_subject(reader.get_story(i)) for i in subject.story_ids]
    return report_key(
        subject,
        analysis_stamps(reader, subject.article_ids),
        links_touching(reader, subject.article_ids),
        stories,
    )


def report_json(reader: StoreReader, subject: Subject) -> bytes:
    """``subject_report`` as stored: compact JSON, UTF-8."""
    return dumps(subject_report(reader, subject))


def dumps(report: Mapping[str, Any]) -> bytes:
    return json.dumps(report, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


# Stores a report made on demand: (subject id, kind, key, JSON) -> None.
Keep = Callable[[str, str, str, bytes], object]


def current_report(
    reader: StoreReader, subject: Subject, *, key: str | None = None, keep: Keep | None = None
) -> bytes:
    """The subject's report JSON: the stored one when its key is current, else made
    now (and handed to ``keep``, when given, to be stored)."""
    if key is None:
        key = subject_key(reader, subject)
    found = stored_report(reader, subject.id)
    if found is not None and found.key == key:
        return found.body
    body = report_json(reader, subject)
    if keep is not None:
        keep(subject.id, subject.kind, key, body)
    return body
