"""Article extraction from HTML: body paragraphs without page furniture, plus metadata.

The page is decoded and parsed once (html_decode), metadata is read from the tree
(html_meta), and the body comes from trafilatura's main extractor run on that tree
in its fast mode, with comments excluded. Trafilatura's slow comparison against
readability and justext only changes the result on pages where the fast pass found
little text, so it runs only there. Line-level filters (html_filters) then drop the
furniture that survives: share prompts, newsletter and donation appeals, captions,
repeated pull quotes.
"""

from __future__ import annotations

import logging

import trafilatura
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

# Trafilatura logs every page it gives up on at warning level; that is our
# RejectedInput's job, so keep its logger quiet.
logging.getLogger("trafilatura").setLevel(logging.ERROR)


def _run_trafilatura(tree: HtmlElement, url: str | None, *, fast: bool) -> str:
    try:
        document = trafilatura.bare_extraction(
            tree,
            url=url,
            fast=fast,
            include_comments=False,
            with_metadata=False,
        )
    except RecursionError:  # pathological nesting that slipped past the depth guard
        return ""
    if document is None:
        return ""
    text = getattr(document, "text", None)
    return text if isinstance(text, str) else ""


def _body_text(tree: HtmlElement, url: str | None) -> str:
    text = _run_trafilatura(tree, url, fast=True)
    if len(text) < FULL_PASS_BELOW_CHARS:
        full = _run_trafilatura(tree, url, fast=False)
        if full:
            text = full
    return text


def _split_paragraphs(text: str) -> list[str]:
    return [" ".join(line.split()) for line in text.split("\n") if line.strip()]


def extract_html(
    html: bytes | str, *, url: str | None = None, max_bytes: int = DEFAULT_MAX_BYTES
) -> Extraction:
    """Extract the article in an HTML page.

    Raises RejectedInput with reason ``too-large`` (over ``max_bytes``), ``not-html``
    (binary or markup-free input) or ``no-text`` (no article text found).
    """
    tree = parse_html(prepare_html(html, max_bytes))
    meta: PageMeta = read_page_meta(tree, url)
    paragraphs = _split_paragraphs(_body_text(tree, url))
    kept, dropped = filter_paragraphs(paragraphs, title=meta.title)
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
