"""Long-form pages: a review listicle of about 250 kB must come out whole, never rejected.

The page is generated here: a made-up outdoor-gear site reviewing made-up camping
stoves, with the chrome such pages carry (cookie banner, mega-menu, newsletter box,
related links, footer) around an article of many ``<h2>`` product sections, each with
a spec table, a pros/cons box, "Buy now" price buttons and review paragraphs. All prose
is written for this test; the brands, people and places do not exist.
"""

from __future__ import annotations

import inspect
import json
import re
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
import trafilatura

from newsweave.errors import LimitExceeded, RejectedInput
from newsweave.extract.html import extractor as html_extractor
from newsweave.extract.html.extractor import extract_html
from newsweave.limits import time_limit
from newsweave.pipeline.ingest import ingest_paths
from newsweave.store.db import Store

BRANDS = (
    "Corrow", "Halden", "Brisket & Vane", "Tollmere", "Quillback", "Ospry", "Vantle",
    "Marrowfield", "Kestrin", "Pellham", "Duskward", "Ember Lane", "Fjellgard",
    "Rook & Ash", "Saltvik", "Tarnwell", "Glimmerhead", "Ashby Forge", "Norrland Kit",
    "Wexley",
)  # fmt: skip
MODELS = (
    "Ridgeline 2", "Pocket Flame", "Basecamp Duo", "Trailspark", "Summit Mini", "Lodge 3000",
    "Featherlite", "Canyon Pro", "Drift", "Hearthstone", "Alpine X", "Scout",
)  # fmt: skip
ROLES = (
    "the best stove overall", "the best for cold mornings", "the best budget pick",
    "the best for groups", "the lightest we tested", "the best for car camping",
    "the most fuel-efficient", "the best for beginners", "the quietest burner",
    "the best simmer control", "the most compact", "the best for windy ridges",
)  # fmt: skip
FUELS = ("isobutane canister", "white gas", "wood and twigs", "alcohol", "propane bottle")
TESTERS = ("Maren", "Idris", "Paloma", "Bertrand", "Yusuf", "Clementine")
PLACES = (
    "a drafty lakeshore campsite", "a snowy trailhead car park", "a back garden at dawn",
    "a crowded festival field", "a gravel bar beside a fast river", "a high col in sleet",
)  # fmt: skip
DISHES = (
    "a pot of porridge", "instant noodles for four", "a pan of fried eggs",
    "a simmered lentil stew", "two litres of snowmelt", "a kettle for morning coffee",
)  # fmt: skip
FLAWS = (
    "the pot supports wobble once the stove is hot",
    "the piezo igniter failed on the third morning",
    "the flame creeps up the sides of narrow pots",
    "the fuel valve is stiff with cold fingers",
    "the carry sack is a tight squeeze",
    "the windscreen clips bend if you are careless",
)
STRENGTHS = (
    "it lit first time in every test",
    "its simmer control is genuinely fine",
    "it packed down smaller than a coffee mug",
    "it shrugged off gusts that snuffed out rivals",
    "its wide base stays steady on uneven ground",
    "it sipped fuel more slowly than anything else here",
)
PRODUCTS = 20

INTRO = (
    "A camping stove is the one piece of kit that decides whether dinner is a pleasure or "
    "a chore. Over the past eight months our reviewers carried twenty stoves to lakes, "
    "moors, beaches and snowfields, boiled several hundred litres of water and burned "
    "through a small mountain of fuel canisters to find out which ones are worth your money.",
    "Every stove below was bought at retail or lent by its maker and returned afterwards. "
    "We timed boils in still air and in wind from a garden fan, weighed each stove on the "
    "same kitchen scale, and cooked real meals rather than only heating water, because "
    "simmering rice is where cheap burners show their weaknesses.",
)
GUIDE = (
    "Canister stoves are the easiest to live with: screw on the fuel, open the valve and "
    "light. Their weak point is cold weather, when the gas inside the canister struggles "
    "to vaporise and the flame dwindles to a flicker unless the canister is kept warm.",
    "Liquid-fuel stoves take more practice, since they need priming and occasional "
    "cleaning, but they burn hot in freezing conditions and their fuel is sold almost "
    "everywhere, which matters on long trips far from outdoor shops.",
    "Finally, think about who you cook for. A solo walker can live with a tiny burner and a "
    "single mug, while a family on a campsite will appreciate two burners, a wide base and "
    "a lid that doubles as a windshield.",
)
FAQ = (
    (
        "How long does a fuel canister last?",
        "A medium canister gives roughly two hours of full flame, which is enough for about "
        "a week of breakfasts and dinners for one person if you are careful with it.",
    ),
    (
        "Can I use a camping stove inside a tent?",
        "No. Stoves produce carbon monoxide and can set fabric alight in seconds; cook in the "
        "open or under a well-ventilated porch, and never leave a lit stove unattended.",
    ),
)
CHROME = {
    "cookie": "Trailward stores small files on your device to remember your settings. "
    "Pressing the button below means you are fine with those files and kin.",
    "nav": "Tents buying guide 17",
    "newsletter": "Sign up for the Trailward weekly gear newsletter",
    "related": "The best hiking poles for every budget",
    "footer": "\u00a9 2031 Trailward Media Ltd. All rights reserved.",
}
DISCLAIMER = (
    "Trailward is paid for by its readers. A shop may pay us a small fee when a purchase "
    "starts from one of the product links in this guide."
)


def stove(n: int) -> dict[str, Any]:
    return {
        "rank": n + 1,
        "name": f"{BRANDS[n % len(BRANDS)]} {MODELS[(n * 5) % len(MODELS)]}",
        "role": ROLES[n % len(ROLES)],
        "fuel": FUELS[(n * 3) % len(FUELS)],
        "weight": 180 + (n * 37) % 900,
        "boil": 2.5 + ((n * 7) % 11) / 2,
        "watts": 1800 + (n * 211) % 2400,
        "price": 29 + (n * 13) % 160,
        "tester": TESTERS[n % len(TESTERS)],
        "place": PLACES[(n * 2 + 1) % len(PLACES)],
        "dish": DISHES[(n + 2) % len(DISHES)],
        "flaw": FLAWS[(n * 5 + 1) % len(FLAWS)],
        "strength": STRENGTHS[(n * 7 + 3) % len(STRENGTHS)],
    }


def review_paragraphs(s: dict[str, Any]) -> list[str]:
    name, tester, rank = s["name"], s["tester"], s["rank"]
    older = BRANDS[(rank * 3) % len(BRANDS)]
    return [
        f"We picked the {name} as {s['role']} because {s['strength']}, and because it kept "
        f"doing so after {rank + 3} weeks of use by {tester} and two other members of our "
        f"test team. It runs on {s['fuel']} fuel and weighs {s['weight']} grams with its "
        f"stuff sack.",
        f"In our timed trials the {name} brought a litre of cold tap water to a rolling boil "
        f"in {s['boil']:.1f} minutes at {s['place']}. {tester} then cooked {s['dish']} on it "
        f"and found that the heat spread evenly across the pan, with none of the scorched "
        f"ring you get from {s['watts']}-watt burners that pinch their flame into the middle.",
        f"It is not flawless: {s['flaw']}, and at {s['price']} dollars it costs more than "
        f"some stoves that boil faster. Still, next to the {older} models we reviewed "
        f"{rank % 5 + 2} years ago, the {name} feels like a stove built to last for "
        f"{rank % 4 + 3} seasons of hard use.",
    ]


def _classes(*names: str) -> str:
    # Utility-class soup, as page builders emit it: most of such a page's bytes.
    extra = " ".join(f"{n}:px-{k} {n}:py-{k} {n}:text-slate-{k}00" for n in names for k in (2, 4))
    return f"flex flex-col gap-4 rounded-lg border border-slate-200 {extra}"


def _star_icons() -> str:
    path = "M12 2l3 7h7l-5.5 4.5 2 7L12 16l-6.5 4.5 2-7L2 9h7z"
    return "".join(f'<svg class="icon-star" viewBox="0 0 24 24"><path d="{path}"/></svg>' * 5)


def _spec_table(s: dict[str, Any]) -> str:
    rows = (
        ("Weight", f"{s['weight']} g"),
        ("Fuel", s["fuel"]),
        ("Boil time (1 litre)", f"{s['boil']:.1f} min"),
        ("Burner output", f"{s['watts']} W"),
    )
    cells = "".join(f"<tr><th>{key}</th><td>{value}</td></tr>" for key, value in rows)
    return f'<table class="specs {_classes("md")}"><tbody>{cells}</tbody></table>'


def _pros_cons(s: dict[str, Any]) -> str:
    pros = (s["strength"].capitalize(), f"Boils a litre in {s['boil']:.1f} minutes")
    cons = (s["flaw"].capitalize(), f"Costs {s['price']} dollars")
    return (
        '<div class="pros-cons"><div class="pros"><h4>Reasons to buy</h4><ul>'
        + "".join(f"<li>{item}</li>" for item in pros)
        + '</ul></div><div class="cons"><h4>Reasons to avoid</h4><ul>'
        + "".join(f"<li>{item}</li>" for item in cons)
        + "</ul></div></div>"
    )


def _buy_buttons(s: dict[str, Any]) -> str:
    shops = ("Trailhouse", "Outfitters Co", "Peak Supply")
    return (
        '<div class="buy-box" data-widget="price">'
        + "".join(
            f'<a class="btn btn-buy {_classes("sm", "lg")}" rel="sponsored nofollow" '
            f'href="https://shop{k}.example/go?sku={s["rank"]}&amp;ref=trailward-stoves-2031">'
            f'<span class="retailer">{shop}</span><span class="price">${s["price"] + 4 * k}</span>'
            f'<span class="cta">Buy now</span></a>'
            for k, shop in enumerate(shops)
        )
        + "</div>"
    )


def _section_body(s: dict[str, Any]) -> str:
    return (
        f'<h2 id="stove-{s["rank"]}">{s["rank"]}. {s["name"]}: {s["role"]}</h2>'
        f'<figure><img src="/img/stove-{s["rank"]}.jpg" alt="" width="800" height="533">'
        f"<figcaption>The {s['name']} on test (Image credit: Trailward)</figcaption></figure>"
        f'<div class="rating">{_star_icons()}</div>{_buy_buttons(s)}{_spec_table(s)}'
        f"{_pros_cons(s)}" + "".join(f"<p>{text}</p>" for text in review_paragraphs(s))
    )


def _section(s: dict[str, Any], markup: str) -> str:
    if markup == "shadow-sections":
        # A web component server-rendered with a declarative shadow root: the browser
        # shows the template's content in place of the element.
        return (
            f'<product-review sku="{s["rank"]}"><template shadowrootmode="open">'
            f"{_section_body(s)}</template></product-review>"
        )
    return f'<section class="product {_classes("md")}">{_section_body(s)}</section>'


def _chrome_top() -> str:
    menu = "".join(
        f'<li class="menu-item {_classes("lg")}"><a href="/{topic.lower()}/{k}">'
        f"{topic} buying guide {k}</a></li>"
        for topic in ("Tents", "Stoves", "Boots", "Jackets", "Packs")
        for k in range(30)
    )
    return (
        f'<div id="cookie-banner" class="cookie-consent"><p>{CHROME["cookie"]}</p>'
        "<button>Accept all</button><button>Manage settings</button></div>"
        f'<header class="site-header"><a class="logo" href="/">Trailward</a>'
        f'<nav class="main-nav"><ul>{menu}</ul></nav></header>'
    )


def _chrome_bottom() -> str:
    related = "".join(
        f'<li><a href="/reviews/{k}">{title}</a></li>'
        for k, title in enumerate(
            (
                CHROME["related"],
                "The best sleeping mats for side sleepers",
                "The best head torches for winter nights",
            )
        )
    )
    links = "".join(f'<li><a href="/about/{k}">About page {k}</a></li>' for k in range(60))
    return (
        f'<aside class="related-links"><h3>Related reviews</h3><ul>{related}</ul></aside>'
        f'<div class="newsletter-box"><p>{CHROME["newsletter"]}</p>'
        '<form><input type="email"><button>Subscribe</button></form></div>'
        f'<footer class="site-footer"><ul>{links}</ul><p>{CHROME["footer"]}</p></footer>'
    )


def listicle_page(markup: str = "plain") -> str:
    """The review listicle, in one of the markups seen on such pages:

    ``plain``: sections in an ``<article>``; ``shadow-page``: the whole page rendered
    by an app shell into a declarative shadow root; ``shadow-sections``: each product
    section a web component with its own shadow root; ``comment-wrapper``: the article
    inside a container whose id starts with "comment" (an inline-annotation widget).
    """
    stoves = [stove(n) for n in range(PRODUCTS)]
    article = (
        "<h1>The best camping stoves of 2031, tested in wind, rain and snow</h1>"
        '<div class="byline">By <a href="/authors/maren-holt">Maren Holt</a> '
        '<time datetime="2031-05-03">3 May 2031</time></div>'
        f'<div class="affiliate-disclaimer"><p>{DISCLAIMER}</p></div>'
        + "".join(f"<p>{text}</p>" for text in INTRO)
        + "".join(_section(s, markup) for s in stoves)
        + "<h2>How to choose a camping stove</h2>"
        + "".join(f"<p>{text}</p>" for text in GUIDE)
        + "<h2>Frequently asked questions</h2>"
        + "".join(f"<h3>{q}</h3><p>{a}</p>" for q, a in FAQ)
    )
    article = f'<article class="review-article {_classes("md", "lg")}">{article}</article>'
    if markup == "comment-wrapper":
        article = f'<div id="commentable-content" data-annotations="on">{article}</div>'
    body = _chrome_top() + f'<main id="main">{article}</main>' + _chrome_bottom()
    if markup == "shadow-page":
        body = f'<trail-app><template shadowrootmode="open">{body}</template></trail-app>'
    style = "".join(f".u-{k}{{margin:{k}px;padding:{k % 7}px}}" for k in range(4000))
    json_ld = {
        "@context": "https://schema.org",
        "@type": "Article",
        "headline": "The best camping stoves of 2031",
        "datePublished": "2031-05-03T08:00:00+00:00",
        "author": {"@type": "Person", "name": "Maren Holt"},
    }
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        "<title>The best camping stoves of 2031 | Trailward</title>"
        '<meta property="og:site_name" content="Trailward">'
        f'<script type="application/ld+json">{json.dumps(json_ld)}</script>'
        f"<style>{style}</style></head><body>{body}"
        "<script>window.dataLayer = window.dataLayer || [];</script></body></html>"
    )


MARKUPS = ("plain", "shadow-page", "shadow-sections", "comment-wrapper")


def _words(text: str) -> int:
    return len(re.findall(r"\w+", text))


def test_the_generated_page_has_the_shape_of_the_report() -> None:
    page = listicle_page()
    assert 200_000 < len(page.encode()) < 300_000
    assert page.count("<h2") > PRODUCTS and page.count("<table") == PRODUCTS
    for markup in MARKUPS:
        # A plain trafilatura pass finds thousands of words in every markup.
        assert _words(trafilatura.extract(listicle_page(markup)) or "") > 3000


@pytest.mark.parametrize("markup", MARKUPS)
def test_long_review_listicle_is_extracted_whole(markup: str) -> None:
    result = extract_html(listicle_page(markup))
    body = "\n".join(result.paragraphs)
    for n in range(PRODUCTS):
        for paragraph in review_paragraphs(stove(n)):
            assert paragraph in result.paragraphs
    assert INTRO[0] in result.paragraphs and GUIDE[-1] in result.paragraphs
    for furniture in CHROME.values():
        assert furniture not in body
    assert result.title and result.title.startswith("The best camping stoves of 2031")


def test_page_is_not_rejected_while_a_plain_trafilatura_pass_finds_text(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Whatever makes our own passes come back empty, the plain pass still answers.
    monkeypatch.setattr(html_extractor, "_body_text", lambda *args: "")
    result = extract_html(listicle_page())
    for n in range(PRODUCTS):
        assert review_paragraphs(stove(n))[0] in result.paragraphs
    assert CHROME["footer"] not in "\n".join(result.paragraphs)


@contextmanager
def _stack_budget(frames: int) -> Iterator[None]:
    """Allow only ``frames`` Python frames beyond the caller's: a smaller stack, as in
    a worker thread or a deep caller, on which the same nesting overflows."""
    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(len(inspect.stack()) + frames)
    try:
        yield
    finally:
        sys.setrecursionlimit(limit)


def _nested_lists_page(depth: int) -> str:
    item = "Point {} of the committee's list, with enough words to be kept as text."
    opening = "".join(f"<ul><li>{item.format(k)}" for k in range(depth))
    return f"<html><body><article>{opening}{'</li></ul>' * depth}</article></body></html>"


def test_recursion_overflow_is_a_recorded_rejection() -> None:
    # Lists nested 120 deep, 240 elements (the parser keeps 255 levels): the extractors
    # walk them recursively, and on a stack budget of 150 frames they overflow.
    page = _nested_lists_page(120)
    with _stack_budget(150), pytest.raises(RejectedInput) as caught:
        extract_html(page)
    assert caught.value.reason == "too-deep"
    assert "recursion" in caught.value.detail
    # With the normal stack the same page is extracted.
    assert "Point 119 of the committee" in " ".join(extract_html(page).paragraphs)


def test_recursion_overflow_is_recorded_by_ingest(tmp_path: Path) -> None:
    (tmp_path / "nested.html").write_text(_nested_lists_page(120), encoding="utf-8")
    with Store(tmp_path / "db.sqlite") as store:
        with _stack_budget(150):
            report = ingest_paths(store, [str(tmp_path / "nested.html")])
        (rejection,) = store.rejections()
    assert report.rejected == 1
    assert rejection.reason == "too-deep"
    assert "recursion depth exceeded" in rejection.detail


def test_a_pass_that_overflows_does_not_hide_what_another_finds(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    real = trafilatura.bare_extraction

    def fast_pass_overflows(*args: Any, **kwargs: Any) -> Any:
        if kwargs.get("fast"):
            raise RecursionError("maximum recursion depth exceeded")
        return real(*args, **kwargs)

    monkeypatch.setattr(trafilatura, "bare_extraction", fast_pass_overflows)
    result = extract_html(listicle_page())
    assert review_paragraphs(stove(PRODUCTS - 1))[-1] in result.paragraphs


def test_shadow_roots_survive_the_cut_of_scripts_from_a_huge_page() -> None:
    # Over the parse limit, script and template bodies are cut out before parsing;
    # a declarative shadow root is not inert and must stay.
    script = "<script>" + "var stoves = [1, 2, 3];\n" * 120_000 + "</script>"
    page = listicle_page("shadow-sections").replace("<body>", "<body>" + script)
    assert len(page) > 2_500_000
    result = extract_html(page)
    assert review_paragraphs(stove(3))[1] in result.paragraphs


def test_json_ld_article_body_is_the_last_resort() -> None:
    # No visible article at all (a client-rendered page), but the page declares its body.
    declared = {"@type": "Article", "headline": "Stove recall", "articleBody": GUIDE[0]}
    page = (
        '<html><head><script type="application/ld+json">'
        f'{json.dumps(declared)}</script></head><body><div id="app"></div></body></html>'
    )
    assert extract_html(page).paragraphs == (GUIDE[0],)


def test_extraction_in_a_worker_thread_stops_at_the_deadline(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # No alarm reaches a worker thread: the deadline is checked between passes. Every
    # pass here takes 0.3 s and finds little, so without the check all of them run.
    real = trafilatura.bare_extraction
    calls: list[float] = []

    def slow_pass(*args: Any, **kwargs: Any) -> Any:
        calls.append(time.monotonic())
        time.sleep(0.3)
        return real(*args, **kwargs)

    monkeypatch.setattr(trafilatura, "bare_extraction", slow_pass)
    outcome: list[BaseException | None] = []

    def work() -> None:
        try:
            with time_limit(0.2):
                extract_html(listicle_page(markup="comment-wrapper"))
            outcome.append(None)
        except LimitExceeded as exc:
            outcome.append(exc)

    worker = threading.Thread(target=work)
    worker.start()
    worker.join(timeout=30)
    assert isinstance(outcome[0], LimitExceeded)
    assert outcome[0].reason == "timeout"
    assert len(calls) == 1  # the second pass never started
