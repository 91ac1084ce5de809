"""Report pages and Markdown: sections shown when present, scraped text kept as text."""

from __future__ import annotations

import re
from typing import Any

import pytest

from newsweave.reports.render.html import (
    Links,
    content_security_policy,
    http_url,
    render_article_html,
    render_index_html,
    render_report_html,
    speaker_keys,
)
from newsweave.reports.render.markdown import md, render_report_markdown
from tests.conftest import unsafe_markup

EVIL = "\"><script>alert(1)</script><img src=x onerror=alert(2)> ' javascript:alert(3)"


def report(**sections: Any) -> dict[str, Any]:
    base = {
        "id": "story-abc",
        "kind": "story",
        "label": "Marren barrier fails",
        "start": "2025-03-11T08:30:00+00:00",
        "end": "2025-03-12T10:00:00+00:00",
        "outlets": ["The Holloway Herald", "Valley Courier", "Northern Wire"],
        "article_count": 2,
        "summary": {"id": "story-abc", "label": "x", "sentences": [], "left_out": []},
        "articles": [
            {
                "id": "a1",
                "title": "Barrier fails",
                "outlet": "The Holloway Herald",
                "published": "2025-03-11T08:30:00+00:00",
                "author": None,
                "language": "en",
                "url": "https://herald.example/barrier",
                "copy_of": None,
                "copies": [],
            }
        ],
    }
    return base | sections


@pytest.mark.parametrize(
    ("url", "kept"),
    [
        ("https://herald.example/a?b=1#c", True),
        ("http://x.example", True),
        ("javascript:alert(1)", False),
        ("JaVaScRiPt:alert(1)", False),
        ("data:text/html,<script>", False),
        ("//herald.example/a", False),
        ("/relative", False),
        ('https://x.example/"onmouseover="alert(1)', False),
        ("https://x.example/a b", False),
        ("https:alert", False),
        (None, False),
    ],
)
def test_only_http_urls_become_links(url: str | None, kept: bool) -> None:
    assert http_url(url) == (url if kept else None)


def test_report_page_shows_only_the_sections_it_has(sections: dict[str, Any]) -> None:
    bare = render_report_html(report(), Links(root="../"))
    assert 'id="summary"' in bare and 'id="articles"' in bare
    assert 'class="chart' not in bare
    assert 'id="timeline"' not in bare and 'id="compare"' not in bare and 'id="quotes"' not in bare
    full = render_report_html(report(**sections), Links(root="../"))
    for chart in ("timeline-chart", "coverage-chart", "sourcing-chart"):
        assert f"chart {chart}" in full
    assert "Ingrid Vale" in full and "1,200 residents were evacuated" in full
    assert 'href="../articles/a1.html#at-0"' in full  # a timeline sentence links to its place
    assert 'href="https://herald.example/barrier"' in full
    assert unsafe_markup(full) == []


def test_hostile_values_are_escaped_everywhere(sections: dict[str, Any]) -> None:
    hostile = report(label=EVIL, outlets=[EVIL], **sections)
    hostile["articles"][0] |= {"title": EVIL, "author": EVIL, "outlet": EVIL, "url": EVIL}
    hostile["quotes"]["speakers"][0]["name"] = EVIL
    hostile["compare"]["conflicts"][0]["about"] = EVIL
    page = render_report_html(hostile, Links(root="../"))
    assert unsafe_markup(page) == []
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert 'href="javascript' not in page
    markdown = render_report_markdown(hostile)
    assert "<script>" not in markdown and "](javascript" not in markdown
    assert r"\<script\>" in markdown


def test_pages_carry_a_strict_content_security_policy() -> None:
    page = render_index_html([], Links(), "Stories")
    policy = content_security_policy()
    assert f'content="{policy}"' in page.replace("&#39;", "'")
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy
    assert "default-src 'none'" in policy
    assert '<script src="assets/newsweave.js" defer></script>' in page


def test_one_file_report_inlines_its_style_by_hash() -> None:
    page = render_report_html(report(), Links(article=None, index=None, inline_assets=True))
    style = re.search(r"<style>(.*?)</style>", page, flags=re.S)
    assert style is not None and "assets/" not in page
    assert content_security_policy(style.group(1)).replace("'", "&#39;") in page
    assert "<script" not in page and 'href="../articles' not in page


def test_article_page_marks_quotes_and_hides_furniture() -> None:
    article = {
        "id": "a1",
        "title": EVIL,
        "outlet": "Herald",
        "published": None,
        "author": EVIL,
        "language": "en",
        "url": "javascript:alert(1)",
        "source": "in.jsonl#1",
        "paragraphs": [
            [
                {
                    "text": "Officials said ",
                    "start": 0,
                    "quote": None,
                    "anchor": True,
                    "quote_end": False,
                },
                {"text": EVIL, "start": 15, "quote": 0, "anchor": True, "quote_end": True},
            ]
        ],
        "quotes": [
            {
                "speaker": EVIL,
                "colour": 0,
                "kind": "direct",
                "cue": "said",
                "anonymous": False,
                "start": 15,
                "end": 15 + len(EVIL),
                "text": EVIL,
            }
        ],
        "analysed": True,
        "dropped": [{"text": "Accept all cookies", "reason": "boilerplate"}],
        "story": {"id": "story-abc", "label": "Barrier"},
        "copy_of": None,
        "copies": [],
    }
    page = render_article_html(article, Links(root="../"))
    assert unsafe_markup(page) == []
    assert '<mark class="quote spk-0 direct"' in page and 'id="at-15"' in page
    assert "<details" in page and "Accept all cookies" in page
    assert 'href="../stories/story-abc.html"' in page
    assert "javascript:alert(1)" in page and 'href="javascript' not in page


def test_markdown_report_lists_sections_and_copies(sections: dict[str, Any]) -> None:
    data = report(**sections)
    data["articles"][0]["copies"] = [
        {"id": "a2", "outlet": "Northern Wire", "published": None, "kind": "near", "url": None}
    ]
    text = render_report_markdown(data)
    for heading in (
        "## Summary",
        "## Timeline",
        "## Who said what",
        "## Outlets compared",
        "## Articles",
    ):
        assert heading in text
    assert "  - near copy: Northern Wire" in text
    assert "[source](<https://herald.example/barrier>)" in text
    assert md("a*b_[c](d)") == r"a\*b\_\[c\](d)"


def test_links_follow_the_patterns_a_site_gives() -> None:
    web = Links(
        article="/articles/{id}",
        story="/stories/{id}",
        storyline="/storylines/{id}",
        asset="/assets/{name}",
        index="/",
    )
    assert web.article_href("a1", 40) == "/articles/a1#at-40"
    assert web.story_href("story-1") == "/stories/story-1"
    assert web.storyline_href("storyline-1") == "/storylines/storyline-1"
    page = render_report_html(report(), web)
    assert 'href="/assets/newsweave.css"' in page and 'href="/articles/a1"' in page
    digest = Links(root="../")
    assert digest.article_href("a1") == "../articles/a1.html"
    assert Links(article=None).article_href("a1") is None


def test_speaker_key_lists_each_speaker_once_in_order_of_appearance() -> None:
    quotes = [
        {"speaker": "Ilse Varga", "colour": 0},
        {"speaker": "harbour office", "colour": 1},
        {"speaker": "Ilse Varga", "colour": 0},
        {"speaker": "Harbour Office", "colour": 2},  # the same speaker, as the key sees it
    ]
    assert speaker_keys(quotes) == [("Ilse Varga", 0), ("harbour office", 1)]
