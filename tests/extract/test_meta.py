"""Outlet names from URLs, dates from dateline text, metadata from page markup."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest
from lxml.html import document_fromstring

from newsweave.extract.html.byline import visible_lines
from newsweave.extract.html.meta import PageMeta, read_page_meta
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
            "Last Updated: Friday, 9 March 2012, 07:42 GMT",
            datetime(2012, 3, 9, 7, 42, tzinfo=GMT),
        ),
        ("Published 3 March 2024", datetime(2024, 3, 3)),
        ("March 3, 2024", datetime(2024, 3, 3)),
        (
            "Updated Feb. 17, 2025 at 3:09 PM EST",
            datetime(2025, 2, 17, 15, 9, tzinfo=timezone(timedelta(hours=-5))),
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


# --- Outlet inference, bylines and page URLs (invented outlets, people and places) ---


def _meta(page: str, url: str | None = None) -> PageMeta:
    return read_page_meta(document_fromstring(page), url)


def test_outlet_from_title_suffix_after_the_headline() -> None:
    page = """<html><head>
    <title>Ferry fares frozen for the winter — Quillon Weekly</title>
    <meta property="og:title" content="Ferry fares frozen for the winter">
    </head><body><h1>Ferry fares frozen for the winter</h1><p>Text.</p></body></html>"""
    meta = _meta(page)
    assert meta.outlet == "Quillon Weekly"
    assert meta.title == "Ferry fares frozen for the winter"


def test_outlet_from_title_prefix_before_an_h1_headline() -> None:
    page = """<html><head><title>Quillon Weekly | Harbour wall repairs to start in May</title>
    </head><body><h1>Harbour wall repairs to start in May</h1><p>Text.</p></body></html>"""
    assert _meta(page).outlet == "Quillon Weekly"


def test_generic_title_suffix_is_not_an_outlet() -> None:
    page = """<html><head><title>Harbour wall repairs to start in May | News</title>
    </head><body><h1>Harbour wall repairs to start in May</h1></body></html>"""
    assert _meta(page).outlet is None


def test_outlet_from_masthead_brand_element_above_the_headline() -> None:
    page = """<html><head><title>Harbour wall repairs to start in May</title></head><body>
    <header class="top"><a class="site-logo" href="/">The Pellmoor Gazette</a>
      <nav><a href="/">Home</a> <a href="/sport">Sport</a></nav></header>
    <h1>Harbour wall repairs to start in May</h1>
    <div class="logo-cloud"><a>Partner Brewing Co</a></div></body></html>"""
    assert _meta(page).outlet == "The Pellmoor Gazette"


def test_outlet_from_logo_image_alt_text() -> None:
    page = """<html><body><div class="navbar-brand"><a href="/">
    <img src="/l.svg" alt="Pellmoor Gazette logo"></a></div>
    <h1>Harbour wall repairs to start in May</h1></body></html>"""
    assert _meta(page).outlet == "Pellmoor Gazette"


def test_brand_element_beats_the_domain_and_copyright_is_the_last_resort() -> None:
    canonical = '<link rel="canonical" href="https://www.pellmoor-gazette.example/news/wall">'
    footer = "<footer><p>© 2024 Pellmoor Media Holdings Ltd. All rights reserved.</p></footer>"
    brand = '<header><span class="masthead">The Pellmoor Gazette</span></header>'
    body = "<h1>Harbour wall repairs to start in May</h1><p>Text.</p>"
    head = f"<html><head>{canonical}</head><body>"
    assert _meta(f"{head}{brand}{body}{footer}</body></html>").outlet == "The Pellmoor Gazette"
    assert _meta(f"{head}{body}{footer}</body></html>").outlet == "pellmoor-gazette.example"
    no_url = f"<html><body>{body}{footer}</body></html>"
    assert _meta(no_url).outlet == "Pellmoor Media Holdings"


def test_canonical_link_stands_in_for_a_missing_url() -> None:
    page = """<html><head><title>Harbour wall repairs to start in May</title>
    <link rel="canonical" href="https://quillonweekly.example/2024/06/04/harbour-wall/">
    </head><body><h1>Harbour wall repairs to start in May</h1><p>Text.</p></body></html>"""
    meta = _meta(page)
    assert meta.published == datetime(2024, 6, 4, tzinfo=UTC)
    assert meta.outlet == "quillonweekly.example"
    # an explicit URL still wins over the page's own claim
    other = _meta(page, "https://mirror.example/2023/01/02/copy")
    assert other.published == datetime(2023, 1, 2, tzinfo=UTC)
    og_only = page.replace('link rel="canonical" href', 'meta property="og:url" content')
    assert _meta(og_only).outlet == "quillonweekly.example"


def test_byline_with_place_is_not_glued_to_the_next_element() -> None:
    page = """<html><body><h1>Harbour wall repairs to start in May</h1>
    <p class="meta">By Ottilie Marsh in Kestrow<br>Tuesday 4 June 2024</p>
    <p>The harbour wall will be repaired.</p></body></html>"""
    meta = _meta(page)
    assert meta.author == "Ottilie Marsh"
    assert meta.published == datetime(2024, 6, 4, tzinfo=UTC)
    spans = page.replace(
        '<p class="meta">By Ottilie Marsh in Kestrow<br>Tuesday 4 June 2024</p>',
        "<div><span>By Ottilie Marsh</span><span>Tuesday 4 June 2024</span></div>",
    )
    assert _meta(spans).author == "Ottilie Marsh"


def test_author_class_byline_drops_the_agency_and_skips_comment_authors() -> None:
    page = """<html><body><h1>Harbour wall repairs to start in May</h1>
    <div class="article-meta"><span class="author">Ottilie Marsh, Harbour News Agency</span>
    <time datetime="2024-06-04T09:15:00+02:00">4 June 2024</time></div>
    <p>The harbour wall will be repaired.</p></body></html>"""
    meta = _meta(page)
    assert meta.author == "Ottilie Marsh"
    assert meta.published == datetime(2024, 6, 4, 9, 15, tzinfo=timezone(timedelta(hours=2)))
    comments = """<html><body><h1>Harbour wall repairs to start in May</h1>
    <p>The harbour wall will be repaired.</p>
    <ol class="comment-list"><li><span class="author">Gus Pellow</span> Great news</li></ol>
    </body></html>"""
    assert _meta(comments).author is None


def test_lone_by_label_joins_the_name_on_the_next_line() -> None:
    page = """<html><body><h1>Harbour wall repairs to start in May</h1>
    <div class="byline"><span style="display:block">By</span><div>Ottilie Marsh | Kestrow desk</div>
    </div><p>The harbour wall will be repaired.</p></body></html>"""
    assert _meta(page).author == "Ottilie Marsh"


def test_visible_lines_break_at_blocks_and_separate_inline_elements() -> None:
    element = document_fromstring(
        "<div><p>By <a>Ottilie Marsh</a>, Harbour Editor<br>4 June</p>"
        "<span>one</span><span>two</span></div>"
    )
    assert visible_lines(element) == ["By Ottilie Marsh, Harbour Editor", "4 June", "one two"]


def test_every_page_date_is_timezone_aware() -> None:
    stated = """<html><head>
    <meta property="article:published_time" content="2024-06-04T23:30:00-05:00">
    </head><body><p>Text</p></body></html>"""
    published = _meta(stated).published
    assert published is not None and published.utcoffset() == timedelta(hours=-5)
    assert published.date().isoformat() == "2024-06-04"  # the stated day, not converted
    dateline = """<html><body><h1>Harbour wall repairs</h1><p>Published 4 June 2024</p>
    </body></html>"""
    assert _meta(dateline).published == datetime(2024, 6, 4, tzinfo=UTC)
