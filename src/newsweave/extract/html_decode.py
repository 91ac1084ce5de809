"""Bytes to text to tree for HTML pages, with guards against pathological input.

Decoding honours a byte-order mark first, then UTF-8 when the bytes are valid UTF-8,
then the charset the page declares in its first few kilobytes, then
charset-normalizer's guess. Parsing is bounded: script and
style bodies (the bulk of a huge page, and never article text) are cut out before
parsing, oversized documents are truncated, and nesting deeper than any real page is
flattened, so one pathological page cannot stall a batch.
"""

from __future__ import annotations

import codecs
import re

import charset_normalizer
from lxml import etree
from lxml.html import HtmlElement, HTMLParser, document_fromstring

from newsweave.errors import RejectedInput

DEFAULT_MAX_BYTES = 20_000_000
# Characters handed to the parser at most (after script/style removal): a news page
# is a few hundred kB; past this we keep the beginning, where the article is.
PARSE_LIMIT_CHARS = 2_000_000
# Deeper element nesting than this is not a real page; deeper parts are cut off.
MAX_DEPTH = 400

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_META_CHARSET = re.compile(
    rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([a-zA-Z0-9_.:-]{2,40})""", re.IGNORECASE
)
# What browsers actually use for these labels (WHATWG encoding standard).
_CHARSET_ALIASES = {
    "iso-8859-1": "cp1252",
    "latin1": "cp1252",
    "latin-1": "cp1252",
    "us-ascii": "cp1252",
    "ascii": "cp1252",
    "iso8859-1": "cp1252",
    "x-sjis": "shift_jis",
    "gb2312": "gb18030",
    "gbk": "gb18030",
}
_TAG = re.compile(r"<(?:[a-zA-Z][a-zA-Z0-9:-]*|!doctype|!--|/[a-zA-Z])", re.IGNORECASE)
# Elements whose content is never article text; removed textually before parsing. A
# template that is a declarative shadow root is rendered by the browser, so it stays.
_SCRIPT_LIKE = re.compile(
    r"<(script|style|svg|noscript|template)\b(?![^>]*\bshadowroot)[^>]*>.*?</\1\s*>",
    re.IGNORECASE | re.DOTALL,
)
_PARSER = HTMLParser(
    collect_ids=False, default_doctype=False, remove_comments=True, remove_pis=True
)


def _declared_charset(head: bytes) -> str | None:
    match = _META_CHARSET.search(head)
    if not match:
        return None
    label = match.group(1).decode("ascii", "ignore").lower()
    label = _CHARSET_ALIASES.get(label, label)
    try:
        return codecs.lookup(label).name
    except LookupError:
        return None


def _bomless_utf16(head: bytes) -> str | None:
    """UTF-16 without a byte-order mark shows as ASCII markup with a NUL after
    (little-endian) or before (big-endian) every character."""
    if len(head) < 16:
        return None
    even, odd = head[0::2], head[1::2]
    if odd.count(0) > len(odd) * 0.9 and even.count(0) < len(even) * 0.1:
        return "utf-16-le"
    if even.count(0) > len(even) * 0.9 and odd.count(0) < len(odd) * 0.1:
        return "utf-16-be"
    return None


def decode_html(data: bytes) -> str:
    """Decode page bytes: BOM, else UTF-8 if valid, else the declared charset, else
    charset-normalizer's guess."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return data[len(bom) :].decode(encoding, errors="replace")
    utf16 = _bomless_utf16(data[:400])
    if utf16:
        return data.decode(utf16, errors="replace")
    # Bytes that are valid UTF-8 are UTF-8, whatever the page declares: pages
    # served as "iso-8859-1" but written in UTF-8 are common, the reverse is rare
    # (cp1252 text with accents almost never forms valid UTF-8 sequences).
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    declared = _declared_charset(data[:8192])
    if declared and not declared.startswith(("utf-8", "utf-16", "utf-32")):
        try:
            return data.decode(declared)
        except UnicodeDecodeError:
            pass
    best = charset_normalizer.from_bytes(data[:200_000]).best()
    if best is not None and best.encoding:
        return data.decode(best.encoding, errors="replace")
    return data.decode("utf-8", errors="replace")


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
    text = decode_html(html) if isinstance(html, bytes) else html
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
    recursive algorithms downstream cannot blow the stack or go quadratic."""
    too_deep = []
    depth = 0
    # First find the cut points, then cut: iterwalk must not see the tree change.
    for event, element in etree.iterwalk(root, events=("start", "end")):
        if event == "end":
            depth -= 1
            continue
        depth += 1
        if depth == MAX_DEPTH:
            too_deep.append(element)
    for element in too_deep:
        text = " ".join(element.itertext())
        for child in list(element):
            element.remove(child)
        element.text = text


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
    if len(text) > 200_000 or text.count("<div") > 5_000:
        _flatten_deep_nesting(root)
    return root
