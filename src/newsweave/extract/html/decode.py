"""Bytes to text to tree for HTML pages, with guards against pathological input.

Bytes are decoded by the one decoder all inputs share (newsweave.ingest.decode:
byte-order marks, UTF-16 without one, UTF-8, the declared charset, per-line repair of
mixed encodings). Parsing is bounded: script and style bodies (the bulk of a huge
page, and never article text) are cut out before parsing, oversized documents are
truncated, and nesting deeper than any real page is flattened, so one pathological
page cannot stall a batch.
"""

from __future__ import annotations

import re

from lxml import etree
from lxml.html import HtmlElement, HTMLParser, document_fromstring

from newsweave.errors import RejectedInput
from newsweave.ingest.decode import decode_bytes

DEFAULT_MAX_BYTES = 20_000_000
# Characters handed to the parser at most (after script/style removal): a news page
# is a few hundred kB; past this we keep the beginning, where the article is.
PARSE_LIMIT_CHARS = 2_000_000
# Deeper element nesting than this is not a real page; deeper parts are cut off.
MAX_DEPTH = 400
# libxml2 stops parsing at this depth even with huge_tree (256 without it) and drops
# the rest of the page without an error: a tree this deep was cut short.
PARSER_MAX_DEPTH = 2048
# The characters of text in a tree, each times the depth it sits at: what the
# text_content() of every element adds up to, which trafilatura's link-density checks
# take (and keep) for element after element. A real page stays far below (200,000
# characters 30 deep: 6 million); a page of a million characters in a slice repeated
# with unclosed <div>s, 400 deep, went past 400 million and one trafilatura pass took
# 1.7 GB. Past this budget the tree is flattened at the depth that keeps within it.
TEXT_DEPTH_BUDGET = 100_000_000

_TAG = re.compile(r"<(?:[a-zA-Z][a-zA-Z0-9:-]*|!doctype|!--|/[a-zA-Z])", re.IGNORECASE)
# Elements whose content is never article text; removed textually before parsing. A
# template that is a declarative shadow root is rendered by the browser, so it stays.
_SCRIPT_LIKE = re.compile(
    r"<(script|style|svg|noscript|template)\b(?![^>]*\bshadowroot)[^>]*>.*?</\1\s*>",
    re.IGNORECASE | re.DOTALL,
)
# huge_tree: without it libxml2 stops at nesting depth 256 and silently discards the
# rest of the page, article included; with it the limit is PARSER_MAX_DEPTH.
_PARSER = HTMLParser(
    collect_ids=False,
    default_doctype=False,
    remove_comments=True,
    remove_pis=True,
    huge_tree=True,
)


def _decode_page(data: bytes) -> str:
    try:
        return decode_bytes(data)
    except RejectedInput as exc:
        # For an HTML extractor, bytes that are not text are simply not a page.
        raise RejectedInput("not-html", f"{exc.reason}: {exc.detail}") from exc


def _looks_binary(text: str) -> bool:
    sample = text[:4096]
    if not sample:
        return False
    controls = sum(1 for ch in sample if (ch < " " and ch not in "\t\n\r\f") or ch == "\ufffd")
    return controls > len(sample) * 0.1


def prepare_html(html: bytes | str, max_bytes: int = DEFAULT_MAX_BYTES) -> str:
    """Decoded, bounded page text ready for parsing; RejectedInput when it cannot be."""
    size = len(html)
    if size > max_bytes:
        raise RejectedInput("too-large", f"{size} bytes, limit {max_bytes}")
    text = _decode_page(html) if isinstance(html, bytes) else html
    if not text.strip():
        raise RejectedInput("no-text", "empty document")
    if _looks_binary(text):
        raise RejectedInput("not-html", "binary content")
    if text.lstrip()[:1] in ("{", "["):
        raise RejectedInput("not-html", "looks like JSON, not a page")
    if not _TAG.search(text[:65536]):
        raise RejectedInput("not-html", "no HTML markup in the first 64 kB")
    if len(text) > PARSE_LIMIT_CHARS:
        text = _SCRIPT_LIKE.sub("", text)
        text = text[:PARSE_LIMIT_CHARS]
    return text.replace("\x00", "")


def _flatten_deep_nesting(root: HtmlElement) -> None:
    """Cut off subtrees nested deeper than MAX_DEPTH (keeping their text), so the
    recursive algorithms downstream cannot blow the stack or go quadratic, or deeper
    than keeps the tree's text times depth within TEXT_DEPTH_BUDGET, so they cannot
    take gigabytes; reject a tree the parser cut short at PARSER_MAX_DEPTH, whose end
    is lost."""
    too_deep, chars, weighted = _walk_depths(root, MAX_DEPTH)
    if weighted > TEXT_DEPTH_BUDGET:
        too_deep, _, _ = _walk_depths(root, max(1, TEXT_DEPTH_BUDGET // chars))
    for element in too_deep:
        text = " ".join(element.itertext())
        for child in list(element):
            element.remove(child)
        element.text = text


def _walk_depths(root: HtmlElement, cut_depth: int) -> tuple[list[HtmlElement], int, int]:
    """The elements at ``cut_depth``, the characters of text in the tree and their sum
    weighted by depth; RejectedInput('too-deep') at PARSER_MAX_DEPTH."""
    at_cut: list[HtmlElement] = []
    depth = chars = weighted = 0
    # Only find the cut points here: iterwalk must not see the tree change.
    for event, element in etree.iterwalk(root, events=("start", "end")):
        if event == "end":
            depth -= 1
            tail = len(element.tail or "")  # the tail belongs to the parent's level
            chars, weighted = chars + tail, weighted + tail * depth
            continue
        depth += 1
        text = len(element.text or "")
        chars, weighted = chars + text, weighted + text * depth
        if depth == cut_depth:
            at_cut.append(element)
        elif depth >= PARSER_MAX_DEPTH:
            raise RejectedInput(
                "too-deep",
                f"elements nested {PARSER_MAX_DEPTH} deep: the parser stops there and"
                " the rest of the page would be lost",
            )
    return at_cut, chars, weighted


def parse_html(text: str) -> HtmlElement:
    """Parse page text into an lxml tree; RejectedInput("not-html") if impossible."""
    # lxml refuses str input carrying an XML encoding declaration.
    if text.lstrip()[:5].lower() == "<?xml":
        text = text[text.find("?>") + 2 :]
    try:
        root = document_fromstring(text, parser=_PARSER)
    except (etree.ParserError, ValueError) as err:
        raise RejectedInput("not-html", f"unparsable markup: {err}") from err
    if root is None or not isinstance(root, HtmlElement):
        raise RejectedInput("not-html", "no document element")
    _flatten_deep_nesting(root)
    return root
