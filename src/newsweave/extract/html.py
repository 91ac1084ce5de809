"""Article extraction from HTML: body paragraphs without page furniture, plus metadata.

The page is decoded and parsed once (html_decode) and metadata is read from that
tree (html_meta). The body comes from trafilatura run on the same tree: first its
fast main extractor in recall mode with comments excluded (recall keeps the in-text
lists and tables that balanced mode drops by link density); only when that comes
back short is the full balanced cascade, with its slow readability and justext
comparisons, run as well, and the longer text kept. Line-level filters
(html_filters) then drop the furniture that survives: share and follow prompts,
newsletter and donation appeals, cookie notices, captions, repeated pull quotes.
"""

from __future__ import annotations

import html as html_lib
import logging
import re
from collections import Counter

import trafilatura
from lxml import etree
from lxml.html import HtmlElement

from newsweave.errors import RejectedInput
from newsweave.extract import Extraction
from newsweave.extract.html_decode import DEFAULT_MAX_BYTES, parse_html, prepare_html
from newsweave.extract.html_filters import filter_paragraphs
from newsweave.extract.html_meta import PageMeta, read_page_meta
from newsweave.extract.language import detect_language

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
_WORD = re.compile(r"\w+")
_TAG = re.compile(r"<[^>]{0,200}>")
# Elements trafilatura deletes anyway; deleting them up front saves its time.
INERT_TAGS = ("style", "svg", "iframe", "link", "noscript")

# Trafilatura logs every page it gives up on at warning level; that is our
# RejectedInput's job, so keep its logger quiet.
logging.getLogger("trafilatura").setLevel(logging.ERROR)


def _run_trafilatura(tree: HtmlElement, url: str | None, *, fast: bool, recall: bool) -> str:
    try:
        document = trafilatura.bare_extraction(
            tree,
            url=url,
            fast=fast,
            favor_recall=recall,
            include_comments=False,
            with_metadata=False,
        )
    except RecursionError:  # pathological nesting that slipped past the depth guard
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


def _body_text(tree: HtmlElement, url: str | None) -> str:
    # Recall mode keeps the in-article lists and tables that balanced mode prunes by
    # link density; when it comes back short it has usually latched onto the wrong
    # container, and the full balanced cascade (with its readability and justext
    # comparisons) gets a say. It also gets one when recall returned a container as
    # one giant block of text, which balanced mode usually splits into paragraphs.
    text = _run_trafilatura(tree, url, fast=True, recall=True)
    short = len(text) < FULL_PASS_BELOW_CHARS
    lumped = not short and max(map(len, text.split("\n"))) > GIANT_PARAGRAPH_CHARS
    if short or lumped:
        balanced = _run_trafilatura(tree, url, fast=False, recall=False)
        if len(balanced) > (len(text) if short else LUMPED_KEEP_SHARE * len(text)):
            text = balanced
    return text


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
    if not found_total or sum(declared.values()) < ARTICLE_BODY_GAIN * found_total:
        return None
    if sum((found & declared).values()) < ARTICLE_BODY_OVERLAP * found_total:
        return None
    return body


def extract_html(
    html: bytes | str, *, url: str | None = None, max_bytes: int = DEFAULT_MAX_BYTES
) -> Extraction:
    """Extract the article in an HTML page.

    Raises RejectedInput with reason ``too-large`` (over ``max_bytes``), ``not-html``
    (binary or markup-free input) or ``no-text`` (no article text found).
    """
    tree = parse_html(prepare_html(html, max_bytes))
    meta: PageMeta = read_page_meta(tree, url)
    _strip_inert(tree)
    paragraphs = _split_paragraphs(_body_text(tree, url))
    kept, dropped = filter_paragraphs(paragraphs, title=meta.title, outlet=meta.outlet)
    fuller = _prefer_article_body(kept, meta.article_body)
    if fuller is not None:
        kept, dropped = filter_paragraphs(fuller, title=meta.title, outlet=meta.outlet)
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
