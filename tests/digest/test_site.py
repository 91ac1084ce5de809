"""``newsweave digest``: a self-contained site, rewritten only where it changed."""

from __future__ import annotations

import json
import re
import shutil
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from newsweave.digest.pages import MANIFEST
from newsweave.digest.site import build_digest
from newsweave.reports import report as report_module
from newsweave.store.db import Store
from tests.conftest import EXAMPLES, unsafe_markup, write_footbridge_story
from tests.digest.conftest import Digest, run_cli


def pages(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


def test_digest_writes_every_page_and_says_where(example_digest: Digest) -> None:
    site = example_digest.site
    with Store(example_digest.db, readonly=True) as store:
        stories = list(store.iter_stories())
        storylines = list(store.iter_storylines())
        articles = [a.id for a in store.iter_articles()]
    found = f"{len(storylines)} storylines and {len(stories)} stories found in {len(articles)}"
    assert found in example_digest.stdout
    assert f"digest: {(site / 'index.html').resolve()}" in example_digest.stdout
    for story in stories:
        assert (site / "stories" / f"{story.id}.html").is_file()
    for storyline in storylines:
        assert (site / "storylines" / f"{storyline.id}.html").is_file()
    assert sorted(p.stem for p in (site / "articles").glob("*.html")) == sorted(articles)
    assert {p.name for p in (site / "assets").iterdir()} == {"newsweave.css", "newsweave.js"}
    index = (site / "index.html").read_text(encoding="utf-8")
    # The index lists storylines, each with its stories under it.
    labels = re.findall(r'<h2><a href="storylines/[^"]+">([^<]+)</a>', index)
    assert len(labels) == len(storylines) == 3
    assert labels[-1] == "Spillway collapse at Estravian dam forces village evacuation"  # oldest


def test_every_page_is_self_contained_and_strict(example_digest: Digest) -> None:
    for page in pages(example_digest.site):
        html = page.read_text(encoding="utf-8")
        assert 'http-equiv="Content-Security-Policy"' in html, page
        assert unsafe_markup(html) == [], page
        for target in re.findall(r'<(?:script|link|img)[^>]+(?:src|href)="([^"]+)"', html):
            assert not re.match(r"(?:https?:)?//", target), (page, target)
            assert (page.parent / target).resolve().is_file(), (page, target)
        for target in re.findall(r'<a [^>]*href="([^"#]+)', html):
            if not target.startswith(("http://", "https://")):
                assert (page.parent / target).resolve().is_file(), (page, target)


def test_a_repeated_digest_writes_nothing(example_digest: Digest, tmp_path: Path) -> None:
    site = tmp_path / "site"
    shutil.copytree(example_digest.site, site)
    db = tmp_path / "digest.db"
    shutil.copy(example_digest.db, db)
    result = run_cli("digest", str(EXAMPLES / "corpus"), "-o", str(site), "--db", str(db))
    assert result.returncode == 0, result.stderr
    assert "0 new, 15 already stored" in result.stdout
    assert " 0 files written" in result.stdout and " 0 removed" in result.stdout


def test_a_grown_folder_rewrites_only_what_changed(example_digest: Digest, tmp_path: Path) -> None:
    site, db = tmp_path / "site", tmp_path / "digest.db"
    shutil.copytree(example_digest.site, site)
    shutil.copy(example_digest.db, db)
    before = {p: p.stat().st_mtime_ns for p in pages(site)}
    grown = write_footbridge_story(tmp_path / "new")
    result = run_cli(
        "digest", str(EXAMPLES / "corpus"), str(grown), "-o", str(site), "--db", str(db)
    )
    assert result.returncode == 0, result.stderr
    assert "5 new, 15 already stored" in result.stdout
    changed = [p for p, mtime in before.items() if p.stat().st_mtime_ns != mtime]
    assert changed == [site / "index.html"]  # old stories and articles untouched
    new = sorted(set(pages(site)) - set(before))
    assert len([p for p in new if p.parent.name == "articles"]) == 5
    assert any(p.parent.name == "stories" for p in new)
    assert "Lorn footbridge" in (site / "index.html").read_text(encoding="utf-8")


def test_pages_no_longer_made_are_removed_and_nothing_outside(
    example_digest: Digest, tmp_path: Path
) -> None:
    site = tmp_path / "site"
    shutil.copytree(example_digest.site, site)
    outside = tmp_path / "keep.html"
    outside.write_text("mine", encoding="utf-8")
    (site / "stories" / "story-gone.html").write_text("old", encoding="utf-8")
    (site / "notes.txt").write_text("the user's own file", encoding="utf-8")
    manifest = json.loads((site / MANIFEST).read_text(encoding="utf-8"))
    for path in ("stories/story-gone.html", "../keep.html"):
        manifest["pages"][path] = {"key": "x", "sha256": "y", "entry": None}
    (site / MANIFEST).write_text(json.dumps(manifest), encoding="utf-8")
    with Store(example_digest.db, readonly=True) as store:
        result = build_digest(store, site)
    assert result.removed == 1 and result.written == 0
    assert not (site / "stories" / "story-gone.html").exists()
    assert outside.read_text(encoding="utf-8") == "mine"
    assert (site / "notes.txt").exists()


def test_a_folder_that_is_not_a_digest_is_refused(example_digest: Digest, tmp_path: Path) -> None:
    (tmp_path / "photos").mkdir()
    (tmp_path / "photos" / "holiday.jpg").write_bytes(b"\xff\xd8")
    result = run_cli(
        "digest",
        str(EXAMPLES / "corpus"),
        "-o",
        str(tmp_path / "photos"),
        "--db",
        str(tmp_path / "x.db"),
    )
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1 and "not empty" in result.stderr


def test_sections_present_are_drawn_on_story_pages(
    example_digest: Digest, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tests.reports.conftest import sample_sections

    def section(key: str) -> Any:
        return lambda reader, subject: sample_sections()[key]

    for key in ("timeline", "quotes", "compare"):
        monkeypatch.setitem(report_module.SECTIONS, key, section(key))
    with Store(example_digest.db, readonly=True) as store:
        build_digest(store, tmp_path / "site")
    for page in (tmp_path / "site" / "stories").glob("*.html"):
        html = page.read_text(encoding="utf-8")
        for chart in ("timeline-chart", "coverage-chart", "sourcing-chart"):
            assert f'class="chart {chart}"' in html


@dataclass(frozen=True)
class HandMadeStoryline:
    """A storyline in the storylines branch's record shape, made by hand."""

    id: str
    label: str
    story_ids: tuple[str, ...]
    article_ids: tuple[str, ...]
    start: datetime | None
    end: datetime | None
    outlets: tuple[str, ...]


def test_storylines_get_pages_and_hold_their_stories_in_the_index(
    example_digest: Digest, tmp_path: Path
) -> None:
    with Store(example_digest.db, readonly=True) as store:
        stories = list(store.iter_stories())
        dams = [s for s in stories if "dam" in s.title.lower()]
        storyline = HandMadeStoryline(
            "storyline-0123456789ab",
            "Estravian dam failures",
            tuple(s.id for s in sorted(dams, key=lambda s: s.start or datetime.min)),
            tuple(a for s in dams for a in s.article_ids),
            min(s.start for s in dams if s.start),
            max(s.end for s in dams if s.end),
            tuple(sorted({o for s in dams for o in s.outlets})),
        )
        result = build_digest(store, tmp_path / "site", storylines=[storyline])
        again = build_digest(store, tmp_path / "site", storylines=[storyline])
    assert len(dams) == 2 and result.storylines == 1 and again.written == 0
    page = (tmp_path / "site" / "storylines" / f"{storyline.id}.html").read_text(encoding="utf-8")
    assert "Stories in this storyline" in page
    for story in dams:
        assert f'href="../stories/{story.id}.html"' in page
    index = (tmp_path / "site" / "index.html").read_text(encoding="utf-8")
    top = re.findall(r'<h2><a href="([^"]+)"', index)
    tram = next(s for s in stories if s not in dams)
    assert top == [f"storylines/{storyline.id}.html", f"stories/{tram.id}.html"]
    nested = re.findall(r'<li class="entry story"[^>]*><a href="([^"]+)"', index)
    assert nested == [f"stories/{dams[0].id}.html", f"stories/{dams[1].id}.html"]  # newest first
    assert index.count("spillway") >= 2  # the storyline's filter text has its stories' words


def test_a_storyline_summary_is_longer_than_a_story_summary(example_digest: Digest) -> None:
    # Eight sentences for a storyline (months of coverage), four for a story.
    from newsweave.reports import STORY_SENTENCES, STORYLINE_SENTENCES
    from newsweave.reports.report import story_report

    with Store(example_digest.db, readonly=True) as store:
        line = next(s for s in store.iter_storylines() if len(s.article_ids) > 8)
        line_summary = story_report(store, line.id)["summary"]["sentences"]
        story_summary = story_report(store, line.story_ids[0])["summary"]["sentences"]
    assert STORY_SENTENCES < len(line_summary) <= STORYLINE_SENTENCES
    assert len(story_summary) <= STORY_SENTENCES


def test_pages_are_made_from_the_stored_reports_and_a_rerun_is_quick(
    example_digest: Digest, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import time

    from newsweave.pipeline.report import report_changed_subjects
    from newsweave.reports import stored as stored_module

    def no_making(*_args: object) -> bytes:
        raise AssertionError("a report was made, not read from the store")

    db, site = tmp_path / "digest.db", tmp_path / "site"
    shutil.copy(example_digest.db, db)
    with Store(db) as store:
        assert report_changed_subjects(store).made == 0  # `digest` stored every report
        monkeypatch.setattr(stored_module, "report_json", no_making)
        first = build_digest(store, site)
        started = time.process_time()
        again = build_digest(store, site)
        cpu_s = time.process_time() - started
    assert first.written > first.stories + first.storylines  # every page, from the store
    assert (again.written, again.removed) == (0, 0)
    assert cpu_s < 2.0
