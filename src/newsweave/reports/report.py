"""A subject's report (a story or a storyline) as one JSON-ready dict.

The report is the one contract the HTML, the Markdown, the web UI and scripts read:
``{"id", "kind", "label", "start", "end", "outlets", "article_count", "summary",
"articles", ...}`` and one key per further section. Sections are built by the
builders in :data:`SECTIONS`, in order; a section another module provides is added
there with one line (``"timeline": build_timeline``), and every renderer shows a
section only when the report has it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any, Literal

from newsweave.records import Story, Storyline
from newsweave.rows import iso
from newsweave.store.queries import StoredLink, StoreReader
from newsweave.store.report_reads import links_touching

if TYPE_CHECKING:
    from newsweave.reports.ledger import Ledger
    from newsweave.reports.reads import ArticleRead

SubjectKind = Literal["story", "storyline"]


@dataclass(frozen=True, slots=True)
class Subject:
    """What a report is about: a story, or a storyline of stories."""

    id: str
    kind: SubjectKind
    label: str
    article_ids: tuple[str, ...]
    start: datetime | None
    end: datetime | None
    outlets: tuple[str, ...]
    story_ids: tuple[str, ...] = ()  # a storyline's stories, oldest first


def story_subject(story: Story) -> Subject:
    # A story's label is its headline, or a lead phrase when it has none.
    label = story.label or story.title
    return Subject(
        story.id, "story", label, story.article_ids, story.start, story.end, story.outlets
    )


def storyline_subject(storyline: Storyline) -> Subject:
    return Subject(
        storyline.id,
        "storyline",
        storyline.label,
        storyline.article_ids,
        storyline.start,
        storyline.end,
        storyline.outlets,
        storyline.story_ids,
    )


# A section builder: (reader, subject) -> the section's JSON, or None when the
# subject has no such section (the report then has no such key).
SectionBuilder = Callable[[StoreReader, Subject], Any]


def summary_section(reader: StoreReader, subject: Subject) -> dict[str, Any]:
    """``newsweave summary --format json`` of the subject."""
    from newsweave.reports.render.summary import summary_json
    from newsweave.reports.story import subject_summary

    return summary_json(
        subject_summary(
            reader,
            subject.id,
            subject.label,
            subject.article_ids,
            sentences=summary_length(subject.kind),
        )
    )


def summary_length(kind: SubjectKind) -> int:
    """Sentences in a summary: four for a story, eight for a storyline (months of it)."""
    from newsweave.reports import STORY_SENTENCES, STORYLINE_SENTENCES

    return STORYLINE_SENTENCES if kind == "storyline" else STORY_SENTENCES


def articles_section(reader: StoreReader, subject: Subject) -> list[dict[str, Any]]:
    """The subject's articles in its order, each syndicated copy listed under its
    original (a copy whose original is not in the subject stays in the list, with
    ``copy_of`` naming the original)."""
    from newsweave.reports.reads import article_reads

    reads = article_reads(reader, subject.article_ids)
    articles = dict(zip(subject.article_ids, reads, strict=True))
    links = {link.article_id: link for link in links_touching(reader, articles)}
    copies: dict[str, list[dict[str, Any]]] = {}
    for copy_id, copy_link in links.items():
        if copy_id in articles and copy_link.original_id in articles:
            copies.setdefault(copy_link.original_id, []).append(
                _article_json(articles[copy_id]) | _link_json(copy_link)
            )
    listed = []
    for article_id in subject.article_ids:
        link = links.get(article_id)
        if link is not None and link.original_id in articles:
            continue  # listed under its original
        row = _article_json(articles[article_id])
        row["copy_of"] = link.original_id if link is not None else None
        row["copies"] = copies.get(article_id, [])
        listed.append(row)
    return listed


def stories_section(reader: StoreReader, subject: Subject) -> list[dict[str, Any]] | None:
    """A storyline's stories, oldest first: ``[{"id", "label", "start", "end",
    "outlets", "article_count"}]``; None for a story."""
    if subject.kind != "storyline":
        return None
    stories = [story_subject(reader.get_story(story_id)) for story_id in subject.story_ids]
    return [
        {
            "id": story.id,
            "label": story.label,
            "start": iso(story.start),
            "end": iso(story.end),
            "outlets": list(story.outlets),
            "article_count": len(story.article_ids),
        }
        for story in stories
    ]


def _article_json(read: ArticleRead) -> dict[str, Any]:
    article = read.article
    return {
        "id": read.id,
        "title": article.title,
        "outlet": article.outlet,
        "published": iso(article.published),
        "author": article.author,
        "language": article.language,
        "url": article.url,
    }


def _link_json(link: StoredLink) -> dict[str, Any]:
    return {"kind": link.kind, "similarity": round(link.similarity, 3)}


def timeline_section(reader: StoreReader, subject: Subject) -> dict[str, Any]:
    """The dated events: the days most reported, each with what happened on it."""
    from newsweave.reports.timeline.render import timeline_json
    from newsweave.reports.timeline.subject import subject_timeline

    return timeline_json(subject_timeline(reader, subject.id, subject.label, subject.article_ids))


def quotes_section(reader: StoreReader, subject: Subject) -> dict[str, Any]:
    """The quote ledger: every speaker and what they said, across the outlets."""
    from newsweave.reports.ledger_render import ledger_json

    return ledger_json(_ledger(reader, subject))


# The quote ledger of the subject whose report is being made: the quotes section shows
# it and the comparison takes its sides from it, so one report builds it once.
_report_ledger: ContextVar[dict[str, Ledger] | None] = ContextVar("report_ledger", default=None)


def _ledger(reader: StoreReader, subject: Subject) -> Ledger:
    from newsweave.reports.ledger_store import ledger

    made = _report_ledger.get()
    if made is not None and subject.id in made:
        return made[subject.id]
    found = ledger(reader, subject.id, subject.label, subject.article_ids)
    if made is not None:
        made[subject.id] = found
    return found


def compare_section(reader: StoreReader, subject: Subject) -> dict[str, Any]:
    """The outlet comparison: facts by outlet, conflicts, and each outlet's sourcing,
    with sources put on the sides the quote ledger found for them."""
    from newsweave.reports.compare.render import comparison_json
    from newsweave.reports.compare.store import compare_subject
    from newsweave.reports.ledger_sides import sides_by_form

    sides = sides_by_form(_ledger(reader, subject))
    if subject.kind == "storyline":
        from newsweave.reports.compare.comparison import merge_comparisons

        stories = [reader.get_story(story_id) for story_id in subject.story_ids]
        return comparison_json(
            merge_comparisons(
                subject.id,
                subject.label,
                [
                    compare_subject(reader, s.id, s.label, s.article_ids, sides=sides)
                    for s in stories
                ],
            )
        )
    return comparison_json(
        compare_subject(reader, subject.id, subject.label, subject.article_ids, sides=sides)
    )


# The sections of every report, in order; renderers show a section when it is there.
SECTIONS: dict[str, SectionBuilder] = {
    "summary": summary_section,
    "timeline": timeline_section,
    "quotes": quotes_section,
    "compare": compare_section,
    "stories": stories_section,
    "articles": articles_section,
}


def subject_report(
    reader: StoreReader, subject: Subject, sections: Sequence[str] | None = None
) -> dict[str, Any]:
    """The report of ``subject``: its header, then each section of :data:`SECTIONS`
    (or only those named in ``sections``)."""
    report: dict[str, Any] = {
        "id": subject.id,
        "kind": subject.kind,
        "label": subject.label,
        "start": iso(subject.start),
        "end": iso(subject.end),
        "outlets": list(subject.outlets),
        "article_count": len(subject.article_ids),
    }
    from newsweave.reports.reads import reads_scope

    token = _report_ledger.set({})
    try:
        with reads_scope():  # the sections read the same articles: once
            for key, build in SECTIONS.items():
                if sections is None or key in sections:
                    section = build(reader, subject)
                    if section is not None:
                        report[key] = section
    finally:
        _report_ledger.reset(token)
    return report


def subject_of(reader: StoreReader, subject_id: str) -> Subject:
    """The story or storyline ``subject_id`` (an id or an unambiguous prefix)."""
    found = reader.get_subject(subject_id)
    return storyline_subject(found) if isinstance(found, Storyline) else story_subject(found)


def story_report(reader: StoreReader, subject_id: str) -> dict[str, Any]:
    """The report of the story or storyline ``subject_id`` (an id or an unambiguous
    prefix)."""
    return subject_report(reader, subject_of(reader, subject_id))
