"""Article extraction from HTML: body paragraphs without page furniture, plus metadata.

The page is decoded and parsed once (``decode``) and metadata is read from that
tree (html_meta). The body comes from trafilatura run on the same tree: first its
fast main extractor in recall mode with comments excluded (recall keeps the in-text
lists and tables that balanced mode drops by link density); only when that comes
back short is the full balanced cascade, with its slow readability and justext
comparisons, run as well, and the longer text kept. Line-level filters
(html_filters) then drop the furniture that survives: share and follow prompts,
newsletter and donation appeals, cookie notices, captions, repeated pull quotes.

A plain trafilatura pass (its default options, on the page text as trafilatura loads
it) backs all of this up: when our passes keep nothing, or a small share of the page's
words, it runs too, and its body is kept when it is several times longer (it is not
run when the page, once trafilatura's own cleaning has removed navigation, forms,
footers and the like, has too few words for that). A page is only rejected as
``no-text`` when that pass, and the page's JSON-LD articleBody, hold no article text
either; a page whose nesting overflows the stack in every pass is
rejected as ``too-deep``.
"""

from __future__ import annotations

import html as html_lib
import logging
import math
import re
from collections import Counter
from copy import copy

import trafilatura
from lxml import etree
from lxml.html import HtmlElement
from trafilatura.htmlprocessing import tree_cleaning
from trafilatura.settings import Extractor

from newsweave.errors import RejectedInput
from newsweave.extract import Extraction
from newsweave.extract.html.decode import DEFAULT_MAX_BYTES, parse_html, prepare_html
from newsweave.extract.html.filters import filter_paragraphs
from newsweave.extract.html.meta import PageMeta, read_page_meta
from newsweave.extract.language import detect_language
from newsweave.limits import check_deadline
from newsweave.records import DroppedBlock

# Fast-pass output shorter than this (characters) gets the full comparison pass:
# below it the fast pass often missed the article; above it the passes agree.
FULL_PASS_BELOW_CHARS = 4000
# A recall-mode "paragraph" this long is a whole container lumped together; the
# balanced cascade's text replaces it if it keeps at least this share of its length.
GIANT_PARAGRAPH_CHARS = 4000
LUMPED_KEEP_SHARE = 0.7
# JSON-LD articleBody replaces the extraction when it has this many times the words
# and contains this share of the extracted words.
ARTICLE_BODY_GAIN = 1.1
ARTICLE_BODY_OVERLAP = 0.85
# The plain pass replaces the kept text when it has at least this many times its words
# (so it only runs when nothing was kept, or the kept text has under 1/FALLBACK_GAIN of
# the words on the page: otherwise it cannot be that much longer).
FALLBACK_GAIN = 5.0
# The plain pass's options, for loading and cleaning the page as it does.
PLAIN_OPTIONS = Extractor(comments=True)
_WORD = re.compile(r"\w+")
_TAG = re.compile(r"<[^>]{0,200}>")
# Elements trafilatura deletes anyway; deleting them up front saves its time.
INERT_TAGS = ("style", "svg", "iframe", "link", "noscript")

# Trafilatura logs every page it gives up on at warning level; that is our
# RejectedInput's job, so keep its logger quiet.
logging.getLogger("trafilatura").setLevel(logging.ERROR)


def _run_trafilatura(
    page: HtmlElement | str,
    url: str | None,
    overflows: list[str],
    *,
    fast: bool = False,
    recall: bool = False,
    comments: bool = False,
    mode: str = "",
) -> str:
    """The body text of one trafilatura pass; a pass that overflows the stack (nesting
    it walks recursively) finds nothing, and says so in ``overflows``."""
    # A page runs up to four passes; outside the main thread (where no alarm can cut
    # a pass short) the document's deadline is checked before each of them.
    check_deadline()
    try:
        document = trafilatura.bare_extraction(
            page,
            url=url,
            fast=fast,
            favor_recall=recall,
            include_comments=comments,
            with_metadata=False,
        )
    except RecursionError as err:
        mode = mode or ("fast" if fast else "balanced")
        overflows.append(f"{mode} pass: {err}")
        return ""
    if document is None:
        return ""
    text = getattr(document, "text", None)
    return text if isinstance(text, str) else ""


def _strip_inert(tree: HtmlElement) -> None:
    """Remove elements that never hold article text (scripts other than JSON-LD,
    styles, inline SVG, ...) so trafilatura's repeated tree walks have less to do.

    A ``<template>`` is inert unless it is a declarative shadow root, which the browser
    renders in place of its host element (server-rendered web components, whole pages
    from app shells): those are unwrapped, the others removed."""
    for script in tree.iter("script"):
        if script.get("type") != "application/ld+json":
            script.tag = "nw-inert"
    for template in tree.iter("template"):
        shadow_root = template.get("shadowrootmode") or template.get("shadowroot")
        template.tag = "nw-shadow-root" if shadow_root else "nw-inert"
    etree.strip_elements(tree, "nw-inert", *INERT_TAGS, with_tail=False)
    etree.strip_tags(tree, "nw-shadow-root")


def _body_text(tree: HtmlElement, url: str | None, overflows: list[str]) -> str:
    # Recall mode keeps the in-article lists and tables that balanced mode prunes by
    # link density; when it comes back short it has usually latched onto the wrong
    # container, and the full balanced cascade (with its readability and justext
    # comparisons) gets a say. It also gets one when recall returned a container as
    # one giant block of text, which balanced mode usually splits into paragraphs.
    text = _run_trafilatura(tree, url, overflows, fast=True, recall=True)
    short = len(text) < FULL_PASS_BELOW_CHARS
    lumped = not short and max(map(len, text.split("\n"))) > GIANT_PARAGRAPH_CHARS
    if short or lumped:
        balanced = _run_trafilatura(tree, url, overflows)
        if len(balanced) > (len(text) if short else LUMPED_KEEP_SHARE * len(text)):
            text = balanced
    return text


def _word_count(paragraphs: list[str]) -> int:
    return sum(len(paragraph.split()) for paragraph in paragraphs)


def _page_words(tree: HtmlElement) -> int:
    body = tree.find("body")
    return len((body if body is not None else tree).text_content().split())


def _cleaned_words(tree: HtmlElement) -> int:
    """Words left in the page once trafilatura's tree cleaning (the plain pass's
    options) has removed what it never extracts: navigation, forms, footers, asides,
    figures and the like."""
    cleaned = tree_cleaning(copy(tree), PLAIN_OPTIONS)
    body = cleaned.find("body")
    return len(" ".join((body if body is not None else cleaned).itertext()).split())


def _plain_pass(
    page: str,
    url: str | None,
    overflows: list[str],
    meta: PageMeta,
    *,
    unless_under: int = 0,
) -> tuple[list[str], list[DroppedBlock]] | None:
    """Trafilatura with its default options on the page text as it loads it itself
    (none of our tree preparation), its comments kept apart from the body; filtered
    like our own passes. None, without running it, when the page as trafilatura loads
    and cleans it has under ``unless_under`` words: its body could not have more."""
    # Loaded here once, for the count and the pass: bare_extraction copies a tree it is
    # given and runs on it exactly as on the tree it would load from the text.
    tree = trafilatura.load_html(page, PLAIN_OPTIONS.max_file_size)
    if tree is None:
        return [], []
    if unless_under and _cleaned_words(tree) < unless_under:
        return None
    text = _run_trafilatura(tree, url, overflows, comments=True, mode="plain")
    return filter_paragraphs(_split_paragraphs(text), title=meta.title, outlet=meta.outlet)


def _split_paragraphs(text: str) -> list[str]:
    return [" ".join(line.split()) for line in text.split("\n") if line.strip()]


def _words(paragraphs: list[str]) -> Counter[str]:
    return Counter(_WORD.findall(" ".join(paragraphs).lower()))


def _prefer_article_body(kept: list[str], article_body: str | None) -> list[str] | None:
    """The page's JSON-LD articleBody, when it holds clearly more of the article
    than the extraction and contains what the extraction found (so it is the same
    article, not a teaser or another story)."""
    if not article_body:
        return None
    body = _split_paragraphs(_TAG.sub(" ", html_lib.unescape(article_body)))
    found, declared = _words(kept), _words(body)
    found_total = sum(found.values())
    if not found_total:
        # Nothing else found: what the page declares is the only text there is.
        return body or None
    if sum(declared.values()) < ARTICLE_BODY_GAIN * found_total:
        return None
    if sum((found & declared).values()) < ARTICLE_BODY_OVERLAP * found_total:
        return None
    return body


def extract_html(
    html: bytes | str, *, url: str | None = None, max_bytes: int = DEFAULT_MAX_BYTES
) -> Extraction:
    """Extract the article in an HTML page.

    Raises RejectedInput with reason ``too-large`` (over ``max_bytes``), ``not-html``
    (binary or markup-free input), ``no-text`` (no article text found) or ``too-deep``
    (nesting that overflowed the stack of every extraction pass).
    """
    page = prepare_html(html, max_bytes)
    overflows: list[str] = []
    try:
        tree = parse_html(page)
        meta: PageMeta = read_page_meta(tree, url)
        _strip_inert(tree)
        paragraphs = _split_paragraphs(_body_text(tree, url, overflows))
        kept, dropped = filter_paragraphs(paragraphs, title=meta.title, outlet=meta.outlet)
        found = _word_count(kept)
        if not kept or FALLBACK_GAIN * found < _page_words(tree):
            # Needing five times our words, the pass need not run on a page that holds
            # fewer once cleaned; with nothing kept it always runs.
            gain = math.ceil(FALLBACK_GAIN * found)
            plain = _plain_pass(page, url, overflows, meta, unless_under=gain)
            if plain is not None and _word_count(plain[0]) >= max(gain, 1):
                kept, dropped = plain
        fuller = _prefer_article_body(kept, meta.article_body)
        if fuller is not None:
            kept, dropped = filter_paragraphs(fuller, title=meta.title, outlet=meta.outlet)
    except RecursionError as err:
        raise RejectedInput("too-deep", f"recursion depth exceeded in extraction: {err}") from err
    if not kept and overflows:
        raise RejectedInput("too-deep", "recursion depth exceeded in " + "; ".join(overflows))
    if not kept:
        raise RejectedInput("no-text", "no article text found in the page")
    language = meta.language or detect_language(" ".join(kept))
    return Extraction(
        paragraphs=tuple(kept),
        title=meta.title,
        outlet=meta.outlet,
        published=meta.published,
        author=meta.author,
        language=language,
        dropped=tuple(dropped),
    )
