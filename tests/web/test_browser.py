"""The pages in headless Chromium (Debian's chromium driven by Playwright): the stories
page, search, the outlet filter, a speaker page, an upload found afterwards by search;
hostile article fields never run. Screenshots go to out/web/ (not committed)."""

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

        page.goto(base + "/?q=Zorvath")
        hit = page.locator("li.hit a.title")
        assert hit.inner_text() == "Zorvath engineers inspect the Halvard dam"
        article_id = client.get("/api/search", params={"q": "Zorvath"}).json()["items"][0]["id"]
        assert hit.get_attribute("href") == f"/api/articles/{article_id}"
        assert page.locator("li.hit a", has_text="story").count() == 1
    assert dialogs == []
    assert console_errors == []


def test_hostile_article_runs_nothing(browser: sync_api.Browser, example_store: Path) -> None:
    dialogs: list[str] = []
    with served(example_store, read_only=True) as client:
        base = str(client.base_url)
        page = browser.new_page()
        page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
        for path in ("/", "/?q=drill", "/speakers/Ilse%20Varga", "/outlets", "/speakers"):
            page.goto(base + path)
            page.wait_for_load_state("load")
            # An <img onerror> that became markup would have fired by now; hovering the
            # outlet name would fire an injected onmouseover.
            for link in page.locator("a", has_text="Evil Gazette").all():
                link.hover()
            assert page.evaluate("document.querySelectorAll('img, script:not([src])').length") == 0
        page.goto(base + "/?q=drill")
        page.screenshot(path=str(SHOTS / "hostile.png"), full_page=True)
    assert dialogs == []
