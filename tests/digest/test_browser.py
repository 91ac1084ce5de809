"""The digest in headless Chromium (Debian's, driven by Playwright): hostile text shows
as text and runs nothing; the index filter works; charts are drawn where a report has
their section. Screenshots go to out/ (not committed)."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from newsweave.digest.site import build_digest
from newsweave.reports import report as report_module
from newsweave.store.db import Store
from newsweave.store.report_reads import stored_report_keys
from newsweave.store.reports import delete_reports
from tests.conftest import REPO
from tests.digest.conftest import (
    HOSTILE_AUTHOR,
    HOSTILE_TITLE,
    HOSTILE_URL,
    SENTINEL,
    Digest,
)

CHROMIUM = Path("/usr/bin/chromium")
SHOTS = REPO / "out" / "screenshots"

pytestmark = pytest.mark.skipif(
    not CHROMIUM.exists(), reason="no Chromium at /usr/bin/chromium (apt install chromium)"
)


class Watched:
    """A page whose dialogs, console errors and uncaught errors are recorded."""

    def __init__(self, browser: Any) -> None:
        self.page = browser.new_page(viewport={"width": 1100, "height": 900})
        self.problems: list[str] = []
        self.page.on("dialog", self._dialog)
        self.page.on("console", self._console)
        self.page.on("pageerror", lambda exc: self.problems.append(f"page error: {exc}"))
        self.page.on("request", self._request)

    def _dialog(self, dialog: Any) -> None:
        self.problems.append(f"dialog: {dialog.message}")
        dialog.dismiss()

    def _console(self, message: Any) -> None:
        if message.type in ("error", "warning"):
            self.problems.append(f"console {message.type}: {message.text}")

    def _request(self, request: Any) -> None:
        if not request.url.startswith("file://"):
            self.problems.append(f"network request: {request.url}")

    def open(self, path: Path, shot: str | None = None) -> Any:
        self.page.goto(path.resolve().as_uri())
        self.page.wait_for_load_state("load")
        if shot:
            SHOTS.mkdir(parents=True, exist_ok=True)
            self.page.screenshot(path=str(SHOTS / f"{shot}.png"), full_page=True)
        return self.page


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=str(CHROMIUM),
            args=["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        yield launched
        launched.close()


def test_hostile_article_shows_as_text_and_runs_nothing(
    browser: Any, hostile_digest: Digest
) -> None:
    watched = Watched(browser)
    site = hostile_digest.site
    index = watched.open(site / "index.html", "hostile-index")
    assert HOSTILE_TITLE.split(" '")[0] in index.inner_text("ol.entries")
    story = next((site / "stories").glob("*.html"))
    watched.open(story, "hostile-story")
    articles = sorted((site / "articles").glob("*.html"))
    assert len(articles) == 2  # the JSONL record and the HTML page
    metas = []
    for number, article in enumerate(articles):
        page = watched.open(article, f"hostile-article-{number}")
        assert page.inner_text("h1") == HOSTILE_TITLE
        body = page.inner_text("main")
        assert HOSTILE_AUTHOR in body and "<script>" in body and "onerror=" in body
        assert page.locator("main img, main svg[onload], main script").count() == 0
        for href in page.eval_on_selector_all("a[href]", "els => els.map(e => e.href)"):
            assert href.startswith(("file://", "http://", "https://")), href
        assert page.evaluate(f"typeof window.{SENTINEL}") == "undefined"
        metas.append(page.inner_text("p.meta"))
    assert any(HOSTILE_URL in meta for meta in metas)  # the javascript: URL as text
    assert watched.problems == []


def test_example_digest_in_the_browser(browser: Any, example_digest: Digest) -> None:
    watched = Watched(browser)
    site = example_digest.site
    index = watched.open(site / "index.html", "index")
    entries = index.locator("ol.entries > li.entry")
    assert entries.count() == 3
    index.fill("#filter", "tram")
    assert [e.is_visible() for e in entries.all()] == [False, True, False]
    assert index.inner_text("#filter-count") == "1 of 3 shown"
    index.fill("#filter", "")
    assert all(e.is_visible() for e in entries.all())
    index.click("h2 >> text=Dam breach forces 1,200")
    storyline = watched.page
    assert "/storylines/" in storyline.url
    storyline.screenshot(path=str(SHOTS / "storyline.png"), full_page=True)
    assert storyline.locator("svg.timeline-chart").count() == 1
    storyline.click("#stories >> text=Dam breach forces 1,200")
    story = watched.page
    assert "/stories/" in story.url
    story.screenshot(path=str(SHOTS / "story.png"), full_page=True)
    outlets = story.inner_text("p.outlets")
    assert "The Estravia Herald" in outlets and "Tessa Valley Courier" in outlets
    report_json = story.locator("section[id]").evaluate_all("els => els.map(e => e.id)")
    for section, chart in (("timeline", "timeline-chart"), ("compare", "coverage-chart")):
        drawn = story.locator(f"svg.{chart}").count()
        assert drawn == (1 if section in report_json else 0)
    story.click("ol.articles >> text=Halvard Dam breach floods lower Brennick")
    article = watched.page
    article.screenshot(path=str(SHOTS / "article.png"), full_page=True)
    marks = article.locator("mark.quote")
    assert marks.count() > 3
    assert "Ilse Varga" in article.locator("mark.quote").evaluate_all(
        "els => els.map(e => e.dataset.speaker)"
    )
    assert not article.locator("details.dropped").evaluate("d => d.open")
    article.click("details.dropped summary")
    assert article.locator("details.dropped").evaluate("d => d.open")
    assert watched.problems == []


def test_charts_are_drawn_in_the_browser(
    browser: Any, example_digest: Digest, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tests.reports.conftest import sample_sections

    for key in ("timeline", "quotes", "compare"):
        monkeypatch.setitem(
            report_module.SECTIONS, key, lambda reader, subject, key=key: sample_sections()[key]
        )
    site = tmp_path / "site"
    # The stored reports have the real sections: without them the digest makes each
    # report here, with the sample sections.
    db = tmp_path / "copy.db"
    shutil.copyfile(example_digest.db, db)
    with Store(db) as store:
        delete_reports(store, stored_report_keys(store))
        build_digest(store, site)
    watched = Watched(browser)
    story = next((site / "stories").glob("*.html"))
    page = watched.open(story, "story-with-sample-sections")
    for chart in ("timeline-chart", "coverage-chart", "sourcing-chart"):
        box = page.locator(f"svg.{chart}").bounding_box()
        assert box is not None and box["width"] > 200 and box["height"] > 40
    assert page.locator("svg.timeline-chart g.mark").count() == 3
    assert page.locator("svg.coverage-chart rect.conflict").count() == 2
    assert watched.problems == []
    shutil.rmtree(site)


def test_one_file_report_is_styled_under_its_policy(
    browser: Any, example_digest: Digest, tmp_path: Path
) -> None:
    from newsweave.reports.render.html import Links, render_report_html
    from newsweave.reports.report import story_report

    with Store(example_digest.db, readonly=True) as store:
        story_id = next(store.iter_stories()).id
        html = render_report_html(
            story_report(store, story_id), Links(article=None, index=None, inline_assets=True)
        )
    page_file = tmp_path / "story.html"
    page_file.write_text(html, encoding="utf-8")
    watched = Watched(browser)
    page = watched.open(page_file, "one-file-report")
    # The inline stylesheet applies only if its hash in the policy is right.
    assert "Georgia" in page.evaluate("getComputedStyle(document.body).fontFamily")
    assert watched.problems == []
