"""Bytes to text: BOMs, declared charsets, detection, and mixed encodings.

Scraped news arrives in UTF-8, cp1252, Latin-1, UTF-16 with a BOM, and sometimes a mix
(a UTF-8 page with a cp1252 footer pasted in). Decoding is line by line as a last
resort, so one bad line never spoils a whole article.
"""

from __future__ import annotations

import codecs
import re

from charset_normalizer import from_bytes

from newsweave.errors import RejectedInput

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_META_CHARSET = re.compile(rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([a-zA-Z0-9_\-:.]+)""", re.I)

# Bytes that never appear in text: NUL and most C0 controls (tab, LF, CR, FF allowed).
_CONTROL_BYTES = bytes(b for b in range(32) if b not in (9, 10, 12, 13)) + b"\x7f"
_BINARY_SAMPLE = 8192


def bom_encoding(data: bytes) -> str | None:
    for bom, name in _BOMS:
        if data.startswith(bom):
            return name
    return None


def looks_binary(data: bytes) -> bool:
    """True for images, archives, executables: control bytes in the first few KiB.

    UTF-16/32 text has NULs too, so callers check for a BOM first.
    """
    sample = data[:_BINARY_SAMPLE]
    if not sample:
        return False
    controls = sum(sample.count(bytes([b])) for b in _CONTROL_BYTES)
    return b"\x00" in sample or controls / len(sample) > 0.05


def declared_charset(data: bytes) -> str | None:
    match = _META_CHARSET.search(data[:4096])
    if not match:
        return None
    name = match.group(1).decode("ascii", "ignore").lower()
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def decode_bytes(data: bytes, *, declared: str | None = None) -> str:
    """Decode to str, or raise RejectedInput('binary'|'encoding').

    Order: BOM, strict UTF-8, the declared charset (HTTP header or meta tag),
    charset detection, and finally per-line UTF-8-or-cp1252 for mixed input.
    """
    bom = bom_encoding(data)
    if bom:
        try:
            return data.decode(bom).lstrip("\ufeff")
        except UnicodeDecodeError as exc:
            raise RejectedInput("encoding", f"bad {bom} after its byte-order mark: {exc}") from exc
    if looks_binary(data):
        raise RejectedInput("binary", "contains control bytes; not a text or HTML document")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    charset = declared or declared_charset(data)
    # A page that declares UTF-8 but is not is usually mixed: decode it line by line.
    if charset and charset not in ("utf-8", "utf_8"):
        try:
            return data.decode(charset)
        except (UnicodeDecodeError, LookupError):
            pass
    if _mostly_utf8(data):
        return _decode_mixed(data)
    # cp1252 (a superset of printable Latin-1) is what non-UTF-8 Western news is in;
    # detection guesses badly on short texts, so it only gets a say when cp1252 text
    # would come out as mojibake.
    western = _plausible_cp1252(data)
    if western is not None:
        return western
    best = from_bytes(data[:200_000]).best()
    if best is not None and best.encoding:
        try:
            return data.decode(best.encoding)
        except (UnicodeDecodeError, LookupError):
            pass
    return _decode_mixed(data)


_WESTERN_PUNCTUATION = frozenset("–—‘’“”…«»€£¥°·•§©®™¡¿ªº±×÷½¼¾")


def _plausible_cp1252(data: bytes) -> str | None:
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        return None
    non_ascii = [ch for ch in text if ord(ch) > 127]
    fitting = sum(1 for ch in non_ascii if ch.isalpha() or ch in _WESTERN_PUNCTUATION)
    # Legacy Cyrillic or CJK bytes read as cp1252 give runs of symbols and odd letters
    # like "Ã", "Ð"; require accented letters to sit next to ASCII letters.
    if not non_ascii or fitting / len(non_ascii) < 0.9:
        return None
    return text if _latin_words_look_right(text) else None


def _latin_words_look_right(text: str) -> bool:
    words = [w for w in text.split() if any(ord(c) > 127 for c in w)]
    if not words:
        return True
    mixed = sum(1 for w in words if any(c.isascii() and c.isalpha() for c in w))
    standalone = sum(1 for w in words if not any(c.isalpha() for c in w))
    return (mixed + standalone) / len(words) >= 0.6


def _mostly_utf8(data: bytes) -> bool:
    """True when the non-ASCII bytes are mostly valid UTF-8 sequences."""
    text = data.decode("utf-8", "replace")
    bad = text.count("\ufffd")
    non_ascii = sum(1 for ch in text if ord(ch) > 127)
    return non_ascii > 0 and bad / non_ascii < 0.5


def _decode_mixed(data: bytes) -> str:
    lines = []
    for line in data.split(b"\n"):
        try:
            lines.append(line.decode("utf-8"))
        except UnicodeDecodeError:
            lines.append(line.decode("cp1252", "replace"))
    return "\n".join(lines)
