"""The server-rendered pages: stories with search and outlet filter, speakers,
outlets; hostile article fields come out as text, never as markup."""

from __future__ import annotations

from urllib.parse import quote

import httpx
import pytest

from newsweave.web.templating import source_href
from tests.web.conftest import HOSTILE_AUTHOR, HOSTILE_OUTLET, HOSTILE_TITLE, Markup, parsed


def assert_inert(page: str) -> Markup:
    """Only our own script, no event handler, no javascript: link, no stray image."""
    markup = parsed(page)
    scripts = [attrs.get("src") for tag, attrs in markup.tags if tag == "script"]
    assert scripts == ["/static/site.js"]
    for tag, attrs in markup.tags:
        assert tag != "img"
        for name, value in attrs.items():
            assert not name.startswith("on"), (tag, name)
            assert "javascript:" not in (value or "").lower() or name == "value", (tag, name)
    return markup


def test_stories_page_lists_stories_with_an_outlet_filter(api: httpx.Client) -> None:
    page = api.get("/")
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    markup = assert_inert(page.text)
    text = "".join(markup.text)
    assert "4 stories" in text and "Dam breach forces 1,200 from homes" in text
    assert HOSTILE_TITLE in text  # shown, as text
    options = [a.get("value") for tag, a in markup.tags if tag == "option"]
    assert "The Estravia Herald" in options and HOSTILE_OUTLET in options
    empty_form = api.get("/", params={"q": "", "outlet": "", "since": "", "until": ""})
    assert empty_form.status_code == 200 and "4 stories" in empty_form.text
    assert api.get("/", params={"since": "2025-03-14"}).status_code == 200
    bad_day = api.get("/", params={"since": "14/03/2025"})
    assert bad_day.status_code == 400 and "YYYY-MM-DD" in bad_day.text
    herald = api.get("/", params={"outlet": "The Estravia Herald"}).text
    assert "2 stories covered by The Estravia Herald" in "".join(parsed(herald).text)


def test_search_on_the_stories_page(api: httpx.Client) -> None:
    found = api.get("/", params={"q": "spillway"})
    text = "".join(assert_inert(found.text).text)
    assert "articles matching “spillway”" in text and "Sedge Water" in text
    hostile = api.get("/", params={"q": '"<script>alert(9)</script>"'})
    assert hostile.status_code == 200
    assert "<script>alert(9)" not in hostile.text
    assert_inert(hostile.text)
    bad = api.get("/", params={"q": "dam AND"})
    assert bad.status_code == 400 and "FTS5 syntax" in bad.text
    assert_inert(bad.text)


def test_hostile_fields_render_as_text_everywhere(api: httpx.Client) -> None:
    for path in ("/", "/?q=drill", "/outlets", "/speakers", f"/speakers/{quote('Ilse Varga')}"):
        page = api.get(path)
        assert page.status_code == 200, path
        assert_inert(page.text)
        for raw in ("<script>alert", "<img src=x", '" onmouseover="'):
            assert raw not in page.text, (path, raw)
    speaker = "".join(parsed(api.get("/speakers/Ilse%20Varga").text).text)
    assert "<img src=x onerror=alert(2)> was never a drill" in speaker
    outlets = "".join(parsed(api.get("/outlets").text).text)
    assert HOSTILE_OUTLET in outlets
    hits = "".join(parsed(api.get("/", params={"q": "drill"}).text).text)
    assert HOSTILE_TITLE in hits and HOSTILE_AUTHOR not in hits


def test_speaker_pages(api: httpx.Client) -> None:
    listing = parsed(api.get("/speakers").text)
    links = [a.get("href") or "" for tag, a in listing.tags if tag == "a"]
    assert "/speakers/Ilse%20Varga" in links
    page = "".join(parsed(api.get("/speakers/Ilse%20Varga").text).text)
    assert "statements in the stored articles" in page and "The Estravia Herald" in page
    missing = api.get("/speakers/Nobody%20Here")
    assert missing.status_code == 404 and "no quote from a speaker" in missing.text


def test_outlets_page_shows_sourcing(api: httpx.Client) -> None:
    markup = assert_inert(api.get("/outlets").text)
    meters = [a for tag, a in markup.tags if tag == "meter"]
    assert len(meters) == 2 * 8  # named and anonymous, per outlet (7 and the hostile one)
    assert "Continental Press Agency" in "".join(markup.text)


def test_an_outlet_page_shows_its_sourcing_by_month_and_its_stories(api: httpx.Client) -> None:
    listing = parsed(api.get("/outlets").text)
    links = [a.get("href") or "" for tag, a in listing.tags if tag == "a"]
    herald = "/outlets/" + quote("The Estravia Herald", safe="")
    assert herald in links
    markup = assert_inert(api.get(herald).text)
    text = "".join(markup.text)
    assert "Sourcing by month" in text and "2025-03" in text and "2024-09" in text
    stories = [
        a.get("href") or "" for tag, a in markup.tags if tag == "a" and a.get("class") == "title"
    ]
    assert len(stories) >= 2 and all(h.startswith("/stories/") for h in stories)
    assert api.get("/outlets/" + quote("No Such Outlet", safe="")).status_code == 404
    # The hostile outlet's own page shows its name as text.
    hostile = api.get("/outlets/" + quote(HOSTILE_OUTLET, safe=""))
    assert hostile.status_code == 200 and HOSTILE_OUTLET in "".join(parsed(hostile.text).text)
    assert_inert(hostile.text)


@pytest.mark.parametrize(
    ("url", "href"),
    [
        ("https://news.example/a?b=1", "https://news.example/a?b=1"),
        ("http://news.example/", "http://news.example/"),
        ("javascript:alert(1)", None),
        (" JavaScript:alert(1)", None),
        ("data:text/html,<script>alert(1)</script>", None),
        ("//evil.example/x", None),
        (None, None),
    ],
)
def test_only_http_sources_are_linked(url: str | None, href: str | None) -> None:
    assert source_href(url) == href
