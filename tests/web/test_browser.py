"""The pages in headless Chromium (Debian's chromium driven by Playwright): the stories
page, search, the outlet filter, a storyline's and a story's report with their charts
and ledger, an article with its removed furniture behind a toggle, a speaker page, an
upload found afterwards in its story; hostile article fields never run, and no page
breaks the Content-Security-Policy (Chromium reports a violation as a console error).
Screenshots go to out/web/ (not committed)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import REPO, html_page
from tests.web.conftest import HOSTILE_TITLE, served

CHROMIUM = Path("/usr/bin/chromium")
SHOTS = REPO / "out" / "web"

sync_api = pytest.importorskip("playwright.sync_api", reason="Python playwright is not installed")
if not CHROMIUM.exists():
    pytest.skip(f"no Chromium at {CHROMIUM} (apt install chromium)", allow_module_level=True)


@pytest.fixture
def browser() -> Iterator[sync_api.Browser]:
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM),
            args=["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        try:
            yield browser
        finally:
            browser.close()


def test_browse_search_filter_speaker_and_upload(
    browser: sync_api.Browser, store_copy: Path, tmp_path: Path
) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    dialogs: list[str] = []
    console_errors: list[str] = []
    with served(store_copy) as client:
        base = str(client.base_url)
        page = browser.new_page()
        page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
        page.on("console", lambda m: console_errors.append(m.text) if m.type == "error" else None)
        missing: list[str] = []
        page.on("response", lambda r: missing.append(r.url) if r.status >= 400 else None)

        page.goto(base + "/")
        assert page.locator("li.story").count() == 4
        # The hostile title is on the page as text.
        assert page.get_by_text(HOSTILE_TITLE).count() == 1
        page.screenshot(path=str(SHOTS / "stories.png"), full_page=True)

        page.fill("input[name=q]", "spillway")
        page.click("form.filters button[type=submit]")
        page.wait_for_url("**/?q=spillway*")
        assert page.locator("li.hit").count() >= 2
        page.screenshot(path=str(SHOTS / "search.png"), full_page=True)

        page.goto(base + "/")
        with page.expect_navigation():
            page.select_option("#outlet-filter", "The Estravia Herald")  # site.js submits
        assert "outlet=The+Estravia+Herald" in page.url
        assert page.locator("li.story").count() == 2
        assert "covered by The Estravia Herald" in page.locator("h1").inner_text()

        page.goto(base + "/storylines")
        assert page.locator("li.storyline").count() == 3
        page.click("li.storyline a.title >> nth=0")
        page.wait_for_url("**/storylines/*")
        assert page.locator("body.report.storyline").count() == 1
        assert page.locator("#stories li").count() == 2
        assert page.locator("#timeline svg.chart").is_visible()
        assert page.locator("#quotes .speaker").count() >= 3
        page.screenshot(path=str(SHOTS / "storyline.png"), full_page=True)

        page.goto(base + "/")
        page.click("li.story a.title >> nth=0")
        page.wait_for_url("**/stories/*")
        assert page.locator("body.report.story").count() == 1
        assert page.locator("#quotes .speaker").count() >= 3  # the ledger
        assert page.locator("#quotes .speaker h3", has_text="Ilse Varga").count() == 1
        assert page.locator("#compare figure.chart svg").count() >= 1  # the coverage matrix
        assert page.locator("#timeline svg.chart").is_visible()  # the timeline chart
        assert page.locator("#timeline svg.chart .mark").count() >= 2
        assert page.get_by_text("1,200", exact=False).count() >= 1
        page.screenshot(path=str(SHOTS / "story.png"), full_page=True)

        cited = page.locator("#quotes a[href*='#at-'] >> nth=0")
        href = cited.get_attribute("href")
        assert href is not None
        cited.click()
        page.wait_for_url("**/articles/*")
        anchor = href.split("#")[1]
        assert page.locator(f"a.at#{anchor}").count() == 1  # the sentence it cites
        assert page.locator("mark.quote").count() >= 1
        assert page.locator(".text span.ent").count() >= 1
        story_id = page.url.split("/stories/")[-1] if "/stories/" in page.url else None
        dam = client.get("/api/stories").json()["items"][0]
        assert story_id is None and "Dam breach" in dam["title"]
        with_furniture = next(
            i for i in dam["article_ids"] if client.get(f"/api/articles/{i}").json()["dropped"]
        )
        page.goto(base + f"/articles/{with_furniture}")
        removed = page.locator("details.dropped")
        assert removed.get_attribute("open") is None
        assert not page.locator(".dropped-block >> nth=0").is_visible()
        removed.locator("summary").click()
        assert removed.get_attribute("open") is not None
        assert page.locator(".dropped-block >> nth=0").is_visible()
        page.screenshot(path=str(SHOTS / "article.png"), full_page=True)

        page.goto(base + "/speakers")
        page.click("text=Ilse Varga")
        page.wait_for_url("**/speakers/Ilse%20Varga")
        assert page.locator("li.statement").count() >= 10
        assert page.get_by_text("was never a drill", exact=False).count() == 1
        page.screenshot(path=str(SHOTS / "speaker.png"), full_page=True)

        page.goto(base + "/outlets")
        assert page.locator("table.outlets tbody tr").count() == 8
        page.screenshot(path=str(SHOTS / "outlets.png"), full_page=True)

        upload = tmp_path / "gazette.html"
        upload.write_text(
            html_page("Zorvath engineers inspect the Halvard dam", site="Upper Tessa Gazette")
        )
        page.goto(base + "/")
        page.set_input_files("#add-form input[type=file]", str(upload))
        page.click("#add-form button[type=submit]")
        added = page.locator("a.added-article")
        added.wait_for(timeout=120_000)
        assert added.inner_text() == "Zorvath engineers inspect the Halvard dam"
        assert "1 new" in page.locator("#add-result").inner_text()
        page.screenshot(path=str(SHOTS / "upload.png"), full_page=True)

        with page.expect_navigation():
            page.click("a.added-story")
        assert "/stories/" in page.url
        assert page.locator("#articles a", has_text="Zorvath engineers").count() == 1
        page.screenshot(path=str(SHOTS / "upload-story.png"), full_page=True)

        page.goto(base + "/?q=Zorvath")
        hit = page.locator("li.hit a.title")
        assert hit.inner_text() == "Zorvath engineers inspect the Halvard dam"
        article_id = client.get("/api/search", params={"q": "Zorvath"}).json()["items"][0]["id"]
        assert hit.get_attribute("href") == f"/articles/{article_id}"
        assert page.locator("li.hit a", has_text="story").count() == 1
    assert dialogs == []
    assert missing == []
    assert console_errors == []


def test_hostile_article_runs_nothing(browser: sync_api.Browser, example_store: Path) -> None:
    dialogs: list[str] = []
    console_errors: list[str] = []
    with served(example_store, read_only=True) as client:
        base = str(client.base_url)
        page = browser.new_page()
        page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
        page.on("console", lambda m: console_errors.append(m.text) if m.type == "error" else None)
        hostile = client.get("/api/search", params={"q": "drill"}).json()["items"]
        article = next(h for h in hostile if h["title"] == HOSTILE_TITLE)
        report_paths = (f"/articles/{article['id']}", f"/stories/{article['story_id']}")
        for path in ("/", "/?q=drill", "/speakers/Ilse%20Varga", "/outlets", "/speakers",
                     "/storylines", *report_paths):  # fmt: skip
            page.goto(base + path)
            page.wait_for_load_state("load")
            # An <img onerror> that became markup would have fired by now; hovering the
            # outlet name would fire an injected onmouseover.
            for link in page.locator("a", has_text="Evil Gazette").all():
                link.hover()
            assert page.evaluate("document.querySelectorAll('img, script:not([src])').length") == 0
        assert page.get_by_text(HOSTILE_TITLE).count() >= 1  # the story page shows it as text
        page.goto(base + report_paths[0])
        assert page.locator("h1").inner_text() == HOSTILE_TITLE
        page.screenshot(path=str(SHOTS / "hostile-article.png"), full_page=True)
        page.goto(base + "/?q=drill")
        page.screenshot(path=str(SHOTS / "hostile.png"), full_page=True)
    assert dialogs == []
    assert console_errors == []
