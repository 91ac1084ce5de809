"""Outlet names from URLs, dates from dateline text, metadata from page markup."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest
from lxml.html import document_fromstring

from newsweave.extract.html_meta import read_page_meta
from newsweave.extract.meta import date_from_url, outlet_from_url, parse_date_text


@pytest.mark.parametrize(
    ("url", "outlet"),
    [
        ("http://www.bbc.co.uk/news/world-12345", "BBC News"),
        ("https://news.bbc.co.uk/2/hi/europe/6295879.stm", "BBC News"),
        ("https://www.theguardian.com/world/2024/mar/03/story", "The Guardian"),
        ("https://m.nytimes.com/2024/03/03/us/story.html", "The New York Times"),
        ("https://news.sky.com/story/x", "Sky News"),
        ("https://www.dailycourier.com/local/pier", "dailycourier.com"),
        ("dailycourier.com/local/pier", "dailycourier.com"),
        ("not a url", None),
        ("", None),
    ],
)
def test_outlet_from_url(url: str, outlet: str | None) -> None:
    assert outlet_from_url(url) == outlet


GMT = UTC


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Last Updated: Wednesday, 24 January 2007, 23:51 GMT",
            datetime(2007, 1, 24, 23, 51, tzinfo=GMT),
        ),
        ("Published 3 March 2024", datetime(2024, 3, 3)),
        ("March 3, 2024", datetime(2024, 3, 3)),
        (
            "Updated Mar. 5, 2026 at 4:28 PM EST",
            datetime(2026, 3, 5, 16, 28, tzinfo=timezone(timedelta(hours=-5))),
        ),
        (
            "2024-03-03T10:15:00+01:00",
            datetime(2024, 3, 3, 10, 15, tzinfo=timezone(timedelta(hours=1))),
        ),
        ("2024-03-03T10:15:00Z", datetime(2024, 3, 3, 10, 15, tzinfo=GMT)),
        ("2024-03-03", datetime(2024, 3, 3)),
        ("Veröffentlicht am 12. März 2023", datetime(2023, 3, 12)),
        ("le 5 février 2022 à 14h30", datetime(2022, 2, 5, 14, 30)),
        ("24.01.2007", datetime(2007, 1, 24)),
    ],
)
def test_parse_date_text(text: str, expected: datetime) -> None:
    assert parse_date_text(text) == expected


@pytest.mark.parametrize(
    "text", ["", "2 hours ago", "yesterday", "March 2024", "31 February 2024", "Page 12 of 40"]
)
def test_parse_date_text_never_invents(text: str) -> None:
    assert parse_date_text(text) is None


def test_date_from_url() -> None:
    assert date_from_url("https://x.example/2007/01/24/story") == datetime(2007, 1, 24)
    assert date_from_url("https://x.example/news/20240303/story") == datetime(2024, 3, 3)
    assert date_from_url("https://x.example/2007/13/45/story") is None
    assert date_from_url("https://x.example/news/story-2007") is None


def test_page_meta_prefers_json_ld_and_strips_site_name_from_title() -> None:
    page = """<html lang="de-AT"><head>
    <title>Fährbetrieb eingestellt - Inselbote</title>
    <meta property="og:site_name" content="Inselbote">
    <script type="application/ld+json">{"@graph": [
      {"@type": "WebSite", "name": "Inselbote"},
      {"@type": "NewsArticle", "headline": "Fährbetrieb eingestellt",
       "datePublished": "2023-06-01T06:30:00+02:00",
       "author": [{"@type": "Person", "name": "Jonas Pichler"},
                  {"@type": "Person", "name": "Lea Gruber"}]}]}</script>
    <script type="application/ld+json">{ broken json</script>
    </head><body><p>Text</p></body></html>"""
    meta = read_page_meta(document_fromstring(page), None)
    assert meta.title == "Fährbetrieb eingestellt"
    assert meta.outlet == "Inselbote"
    assert meta.author == "Jonas Pichler, Lea Gruber"
    assert meta.language == "de"
    assert meta.published == datetime(2023, 6, 1, 6, 30, tzinfo=timezone(timedelta(hours=2)))


def test_page_meta_byline_and_visible_dateline() -> None:
    page = """<html><head><title>Pier reopens early</title></head><body>
    <nav><a href="/">Home</a></nav>
    <h1>Pier reopens early after mild winter</h1>
    <p class="byline">By Ada Lindgren | Island desk</p>
    <p class="meta">Published 9 April 2024</p>
    <p>The ferry pier reopened on Monday.</p></body></html>"""
    meta = read_page_meta(document_fromstring(page), "https://islandnews.example/pier")
    assert meta.title == "Pier reopens early after mild winter"
    assert meta.author == "Ada Lindgren"
    assert meta.published == datetime(2024, 4, 9, tzinfo=UTC)  # no zone stated: UTC
    assert meta.outlet == "islandnews.example"
    assert meta.language is None


def test_page_meta_ignores_dates_before_the_headline() -> None:
    page = """<html><body>
    <aside><p>Most read: 1 January 2020</p></aside>
    <h1>Pier reopens early after mild winter</h1>
    <p>No date is given here.</p></body></html>"""
    meta = read_page_meta(document_fromstring(page), None)
    assert meta.published is None


def test_page_meta_dateline_above_headline_is_a_last_resort() -> None:
    page = """<html><body>
    <aside><p>Most read: 1 January 2020</p></aside>
    <div class="kicker"><span>Island desk</span> <span>12 May 2022</span></div>
    <h1>Pier reopens early after mild winter</h1>
    <p>No date is given here.</p></body></html>"""
    meta = read_page_meta(document_fromstring(page), None)
    assert meta.published == datetime(2022, 5, 12, tzinfo=UTC)


def test_page_meta_reads_cms_specific_published_meta_but_not_updated() -> None:
    page = """<html><head>
    <meta name="x-last-updated-date" content="2024-09-30">
    <meta name="cms-published-date" content="July 17, 2024">
    </head><body><p>Text</p></body></html>"""
    meta = read_page_meta(document_fromstring(page), None)
    assert meta.published == datetime(2024, 7, 17, tzinfo=UTC)


def test_page_meta_author_skips_ids_and_slugs_and_reads_by_line() -> None:
    page = """<html><head>
    <meta property="article:author" content="100023456789012">
    </head><body><h1>Pier reopens early after mild winter</h1>
    <div><span>By Ada Lindgren</span></div>
    <p>The ferry pier reopened on Monday after a mild winter.</p></body></html>"""
    meta = read_page_meta(document_fromstring(page), None)
    assert meta.author == "Ada Lindgren"
    slug = page.replace("100023456789012", "ada-lindgren-2")
    assert read_page_meta(document_fromstring(slug), None).author == "Ada Lindgren"
