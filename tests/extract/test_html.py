"""HTML article extraction: body kept whole, furniture dropped, robust on bad input.

Every page here is invented: the outlet, people and events do not exist.
"""

from __future__ import annotations

import codecs
import gzip
import json
import re
import time
from collections import Counter
from datetime import UTC, datetime, timedelta

import pytest

from newsweave.errors import RejectedInput
from newsweave.extract.html.extractor import extract_html
from tests.conftest import SHARED

BODY = [
    "The harbour council of Lindqvist Bay voted on Tuesday evening to close the old "
    "ferry pier for a full year of repairs, after divers found that the timber piles "
    "supporting its eastern half had rotted further than last spring's survey suggested.",
    "Council chair Miriam Okonkwo-Hale told a packed meeting that the decision had "
    "not been taken lightly. \u201cThe pier has carried islanders for ninety years, and "
    "we intend to see it carry them for ninety more,\u201d she said.",
    "Ferry operator Saltmarsh Lines will move its morning sailings to the fishing "
    "quay at the north end of the bay, which adds roughly twelve minutes to the "
    "crossing, according to a timetable the company published on Wednesday.",
    "Shopkeepers on Quay Street, who depend on foot traffic from the pier, asked the "
    "council for a temporary footbridge. Baker Tomasz Brennan said his takings fell "
    "by a third during the last closure, which lasted only six weeks in 2019.",
    "The repair contract, worth an estimated 4.2 million crowns, will be tendered "
    "in March. Engineers expect the replacement piles to be driven during the calm "
    "summer months, when the tidal range in the bay is at its smallest.",
    "Residents who wish to comment on the temporary arrangements can attend a "
    "drop-in session at the island library on the first Saturday of next month, "
    "where council engineers will present drawings of the new structure.",
]
PULL_QUOTE = "\u201cThe pier has carried islanders for ninety years\u201d"

FURNITURE = {
    "nav": "Home News Sport Weather Island Life",
    "cookie": "We use cookies to improve your experience. Accept all cookies",
    "share": "Share this article",
    "related": "Related stories",
    "related-link": "Lighthouse keeper retires after four decades on the rock",
    "donation": "Support independent journalism on the islands: donate now to keep us going",
    "comments": "Leave a comment",
    "caption": "The eastern half of the pier, photographed at low tide (Photo by Ada Lindgren)",
    "newsletter": "Sign up for our morning newsletter",
    "footer": "\u00a9 2024 Bayside Courier Media. All rights reserved.",
}

JSON_LD = {
    "@context": "https://schema.org",
    "@type": "NewsArticle",
    "headline": "Lindqvist Bay ferry pier to close for a year of repairs",
    "datePublished": "2024-02-13T19:45:00+01:00",
    "author": [{"@type": "Person", "name": "Signe Vikander"}],
    "publisher": {"@type": "Organization", "name": "Bayside Courier"},
}


def news_page(*, json_ld: dict[str, object] | None = JSON_LD, head_extra: str = "") -> str:
    paragraphs = "\n".join(f"<p>{text}</p>" for text in BODY[:2])
    paragraphs += f'\n<aside class="pullquote"><blockquote>{PULL_QUOTE}</blockquote></aside>\n'
    paragraphs += "\n".join(f"<p>{text}</p>" for text in BODY[2:])
    script = f'<script type="application/ld+json">{json.dumps(json_ld)}</script>' if json_ld else ""
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>Lindqvist Bay ferry pier to close for a year of repairs | Bayside Courier</title>
{head_extra}{script}
<script>var tracking = {{"page": "pier"}};</script>
</head>
<body>
<div id="cookie-banner" class="cookie-consent"><p>{FURNITURE["cookie"]}</p></div>
<header><nav><ul>
  <li><a href="/">Home</a></li><li><a href="/news">News</a></li><li><a href="/sport">Sport</a></li>
  <li><a href="/weather">Weather</a></li><li><a href="/island-life">Island Life</a></li>
</ul></nav></header>
<main><article>
<h1>Lindqvist Bay ferry pier to close for a year of repairs</h1>
<div class="share-buttons"><a href="#">Facebook</a> <a href="#">Twitter</a>
  <span>{FURNITURE["share"]}</span></div>
<figure><img src="pier.jpg" alt="pier"><figcaption>{FURNITURE["caption"]}</figcaption></figure>
{paragraphs}
<div class="donate-box"><p>{FURNITURE["donation"]}</p></div>
<section class="newsletter-signup"><p>{FURNITURE["newsletter"]}</p></section>
</article>
<section class="related-links"><h2>{FURNITURE["related"]}</h2><ul>
  <li><a href="/a">{FURNITURE["related-link"]}</a></li>
  <li><a href="/b">Island school wins regional choir contest</a></li>
  <li><a href="/c">Storm damage closes coastal path near the lighthouse</a></li>
</ul></section>
<div id="comments" class="comments-area"><h3>{FURNITURE["comments"]}</h3>
  <form><textarea></textarea><button>Post</button></form></div>
</main>
<footer><p>{FURNITURE["footer"]}</p></footer>
</body></html>"""


def plain_page() -> str:
    """The body paragraphs in an <article>, with no metadata at all."""
    return (
        "<html><body><article>" + "".join(f"<p>{p}</p>" for p in BODY) + "</article></body></html>"
    )


def test_body_kept_whole_and_furniture_dropped() -> None:
    result = extract_html(news_page(), url="https://www.baysidecourier.example/news/pier")
    text = "\n".join(result.paragraphs)
    for paragraph in BODY:
        assert paragraph in result.paragraphs
    for name, furniture in FURNITURE.items():
        assert furniture not in text, name
    assert PULL_QUOTE not in result.paragraphs  # its words stay, in their body paragraph


def test_metadata_from_json_ld() -> None:
    result = extract_html(news_page(), url="https://www.baysidecourier.example/news/pier")
    assert result.title == "Lindqvist Bay ferry pier to close for a year of repairs"
    assert result.outlet == "Bayside Courier"
    assert result.author == "Signe Vikander"
    assert result.language == "en"
    assert result.published is not None
    assert result.published.isoformat() == "2024-02-13T19:45:00+01:00"


def test_metadata_from_meta_tags() -> None:
    head = (
        '<meta property="og:site_name" content="The Bayside Courier">'
        '<meta property="og:title" content="Ferry pier to close | The Bayside Courier">'
        '<meta property="article:published_time" content="2024-02-14T08:00:00Z">'
        '<meta name="author" content="Signe Vikander">'
    )
    result = extract_html(news_page(json_ld=None, head_extra=head))
    assert result.outlet == "The Bayside Courier"
    assert result.author == "Signe Vikander"
    assert result.published is not None
    assert result.published.isoformat() == "2024-02-14T08:00:00+00:00"
    # the visible headline agrees with og:title, so the fuller <h1> wins
    assert result.title == "Lindqvist Bay ferry pier to close for a year of repairs"


def test_metadata_from_url_only() -> None:
    page = plain_page()
    result = extract_html(page, url="https://www.dailycourier.example.com/2023/11/05/pier-vote/")
    assert result.outlet == "dailycourier.example.com"
    assert result.published is not None
    assert result.published.date().isoformat() == "2023-11-05"
    # the URL gives no zone: the day is kept and read as UTC, so all dates compare
    assert result.published.utcoffset() == timedelta(0)
    assert result.language == "en"  # detected from the text: no lang attribute
    assert result.title is None


def test_no_date_means_none() -> None:
    page = plain_page()
    result = extract_html(page, url="https://islandnews.example/pier-vote")
    assert result.published is None
    assert result.author is None


def test_bbc_style_outlet_from_known_domain() -> None:
    page = plain_page()
    result = extract_html(page, url="http://news.bbc.co.uk/2/hi/europe/6295879.stm")
    assert result.outlet == "BBC News"


def test_cp1252_bytes_with_meta_charset() -> None:
    body = (
        "Le café de la place Dumézil a rouvert ses portes après trois mois de travaux, "
        "au grand soulagement des habitués qui s’y retrouvent chaque matin depuis des années."
    )
    page = (
        '<html><head><meta charset="windows-1252"><title>Café</title></head><body><article>'
        + f"<p>{body}</p>" * 3
        + "</article></body></html>"
    )
    result = extract_html(page.encode("cp1252"))
    assert body in result.paragraphs
    assert result.language == "fr"


def test_utf16_with_bom() -> None:
    page = plain_page()
    data = codecs.BOM_UTF16_LE + page.encode("utf-16-le")
    result = extract_html(data)
    assert BODY[0] in result.paragraphs


def test_deeply_nested_html_is_bounded() -> None:
    depth = 100_000
    page = "<html><body>" + "<div>" * depth + f"<p>{BODY[0]}</p>" + "</div>" * depth
    page += "</body></html>"
    started = time.process_time()
    try:
        extract_html(page)
    except RejectedInput as err:
        assert err.reason in {"no-text", "not-html", "too-deep"}
    assert time.process_time() - started < 10


@pytest.mark.parametrize(
    "depth",
    [
        300,  # past libxml2's default limit of 256, which silently dropped the page's end
        1_000,  # past MAX_DEPTH: the deep part is flattened, its text kept
    ],
)
def test_text_after_deep_nesting_is_kept(depth: int) -> None:
    nested = "<div>" * depth + "<p>A deeply nested note about the ferry timetable.</p>"
    page = f"<html><body><article><p>{BODY[0]}</p>{nested}{'</div>' * depth}"
    page += "".join(f"<p>{p}</p>" for p in BODY[1:]) + "</article></body></html>"
    text = " ".join(extract_html(page).paragraphs)
    assert BODY[0] in text
    assert BODY[3] in text  # after the nested part


def test_nesting_the_parser_cuts_short_is_rejected_not_truncated() -> None:
    depth = 3_000  # past libxml2's hard limit even with huge_tree: the rest is lost
    page = f"<html><body><p>{BODY[0]}</p>" + "<div>" * depth + "x" + "</div>" * depth
    page += f"<p>{BODY[1]}</p></body></html>"
    with pytest.raises(RejectedInput) as caught:
        extract_html(page)
    assert caught.value.reason == "too-deep"


@pytest.mark.parametrize("blank", ["", "   \n\t  ", b"", b"\n\n"])
def test_empty_input_is_rejected_as_no_text(blank: str | bytes) -> None:
    with pytest.raises(RejectedInput) as caught:
        extract_html(blank)
    assert caught.value.reason == "no-text"


def test_markup_without_text_is_rejected() -> None:
    with pytest.raises(RejectedInput) as caught:
        extract_html("<html><body><div><span></span></div></body></html>")
    assert caught.value.reason == "no-text"


def test_binary_junk_is_rejected() -> None:
    junk = bytes(range(256)) * 64
    with pytest.raises(RejectedInput) as caught:
        extract_html(junk)
    assert caught.value.reason == "not-html"


def test_oversized_input_is_rejected() -> None:
    with pytest.raises(RejectedInput) as caught:
        extract_html(news_page(), max_bytes=1000)
    assert caught.value.reason == "too-large"


def test_broken_markup_without_body_still_extracts() -> None:
    page = "<title>Pier vote</title><p>" + "<p>".join(BODY) + "<div><span>unclosed"
    result = extract_html(page)
    assert BODY[3] in result.paragraphs


def test_dropped_blocks_keep_their_reason() -> None:
    result = extract_html(news_page(), url="https://www.baysidecourier.example/news/pier")
    assert all(block.reason for block in result.dropped)


def test_furniture_disguised_as_body_paragraphs_is_dropped() -> None:
    # No telltale class names: the furniture sits in plain <p> and <blockquote>
    # elements among the body paragraphs, where only the line filters can catch it.
    disguised = [
        "Share this article",
        "Sign up for our morning newsletter and get the island news in your inbox",
        "Photo: Ada Lindgren",
        "Leave a comment",
        "Donate now to support independent journalism on the islands",
    ]
    parts = [f"<p>{BODY[0]}</p>", f"<p>{disguised[0]}</p>", f"<p>{BODY[1]}</p>"]
    parts += [f"<blockquote><p>{PULL_QUOTE}</p></blockquote>", f"<p>{disguised[2]}</p>"]
    parts += [f"<p>{text}</p>" for text in BODY[2:]]
    parts += [f"<p>{text}</p>" for text in (disguised[1], disguised[4], disguised[3])]
    page = "<html><body><article>" + "\n".join(parts) + "</article></body></html>"
    result = extract_html(page)
    assert list(result.paragraphs) == BODY
    reasons = {block.reason for block in result.dropped}
    assert {"share", "newsletter", "caption", "comments", "donation", "pull-quote"} <= reasons


def test_fifty_megabytes_is_rejected_quickly() -> None:
    page = news_page() + "<p>" + "x" * 50_000_000 + "</p>"
    started = time.process_time()
    with pytest.raises(RejectedInput) as caught:
        extract_html(page.encode())
    assert caught.value.reason == "too-large"
    assert time.process_time() - started < 2


def test_huge_allowed_page_is_bounded() -> None:
    # 15 MB, mostly inline script: under the limit, so it must be extracted, fast.
    script = "<script>" + "var a = [1,2,3];\n" * 900_000 + "</script>"
    page = news_page().replace("<main>", script + "<main>")
    started = time.process_time()
    result = extract_html(page)
    assert BODY[0] in result.paragraphs
    assert time.process_time() - started < 10


def _word_f1(predicted: str, gold: str) -> float:
    found, wanted = (
        Counter(re.findall(r"\w+", predicted.lower())),
        Counter(re.findall(r"\w+", gold.lower())),
    )
    overlap = sum((found & wanted).values())
    if not overlap:
        return 0.0
    precision, recall = overlap / sum(found.values()), overlap / sum(wanted.values())
    return 2 * precision * recall / (precision + recall)


DEV_PAGES = SHARED / "data/extraction/wcxb-dev-articles"


@pytest.mark.shared
@pytest.mark.slow
@pytest.mark.skipif(not DEV_PAGES.is_dir(), reason="needs ../shared development pages")
def test_quality_on_development_pages() -> None:
    scores = []
    for truth_path in sorted((DEV_PAGES / "ground-truth").glob("*.json"))[:40]:
        truth = json.loads(truth_path.read_text())
        gold = truth["ground_truth"].get("main_content")
        if not gold:
            continue
        html = gzip.decompress((DEV_PAGES / "html" / f"{truth_path.stem}.html.gz").read_bytes())
        try:
            text = "\n".join(extract_html(html, url=truth.get("url")).paragraphs)
        except RejectedInput:
            text = ""
        scores.append(_word_f1(text, gold))
    assert len(scores) >= 30
    assert sum(scores) / len(scores) >= 0.90


@pytest.mark.slow
def test_page_with_tens_of_thousands_of_paragraphs_is_bounded() -> None:
    # Text, not script: nothing to strip, so the size guard has to truncate.
    many = "".join(
        f"<p>Entry {n} in the harbour log notes the tide, the wind and the ferries.</p>"
        for n in range(60_000)
    )
    started = time.process_time()
    result = extract_html(f"<html><body><article>{many}</article></body></html>")
    assert result.paragraphs[0].startswith("Entry 0 ")
    assert time.process_time() - started < 15


def test_utf16_without_bom() -> None:
    result = extract_html(plain_page().encode("utf-16-be"))
    assert BODY[2] in result.paragraphs


def test_json_is_not_html() -> None:
    with pytest.raises(RejectedInput) as caught:
        extract_html('{"body": "<p>Ferry news</p>", "id": 7}')
    assert caught.value.reason == "not-html"


def test_fuller_json_ld_article_body_replaces_a_truncated_page() -> None:
    # A metered page shows two paragraphs; its JSON-LD carries the whole story.
    article = dict(JSON_LD, articleBody="\n\n".join(BODY))
    script = f'<script type="application/ld+json">{json.dumps(article)}</script>'
    shown = "".join(f"<p>{text}</p>" for text in BODY[:2])
    page = f"<html><head>{script}</head><body><article>{shown}</article></body></html>"
    assert list(extract_html(page).paragraphs) == BODY


def test_unrelated_json_ld_article_body_is_ignored() -> None:
    other = "A different story about a mountain railway, told at length. " * 40
    article = dict(JSON_LD, articleBody=other)
    script = f'<script type="application/ld+json">{json.dumps(article)}</script>'
    page = plain_page().replace("<body>", f"<head>{script}</head><body>")
    assert list(extract_html(page).paragraphs) == BODY


def test_wordpress_feed_footer_is_dropped_from_a_feed_fragment() -> None:
    # An RSS content:encoded body: a bare fragment, a figure first, the footer last.
    fragment = (
        '<figure><img src="pier.jpg" alt=""><figcaption>The pier at low tide.</figcaption>'
        "</figure>"
        + "".join(f"<p>{text}</p>" for text in BODY)
        + '<p>The post <a href="https://bayside.example/pier/">Lindqvist Bay ferry pier to'
        " close for a year of repairs</a> appeared first on"
        ' <a href="https://bayside.example">Bayside Courier</a>.</p>'
    )
    result = extract_html(fragment, url="https://bayside.example/pier/")
    assert result.paragraphs[0] == BODY[0]
    assert result.paragraphs[-1] == BODY[-1]
    assert [d.reason for d in result.dropped if "appeared first on" in d.text] == ["feed-footer"]


def test_reader_appeal_inside_the_body_is_dropped() -> None:
    appeal = (
        "You've read 4 articles this month. The Bayside Courier has no owner, and our"
        " reporting on the islands is paid for by readers like you."
    )
    paragraphs = [*BODY[:3], appeal, "Support The Bayside Courier", *BODY[3:]]
    page = (
        '<html><head><meta property="og:site_name" content="The Bayside Courier"></head>'
        "<body><article>" + "".join(f"<p>{p}</p>" for p in paragraphs) + "</article></body></html>"
    )
    result = extract_html(page)
    assert list(result.paragraphs) == BODY
    assert {d.reason for d in result.dropped} == {"donation"}


def test_extracted_dates_are_timezone_aware() -> None:
    page = plain_page().replace(
        "<article>", "<article><h1>Ferry pier to close</h1><p>Published 13 February 2024</p>"
    )
    result = extract_html(page)
    assert result.published == datetime(2024, 2, 13, tzinfo=UTC)
