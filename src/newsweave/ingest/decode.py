"""Bytes to text for every input: pages, text dumps, JSONL and feeds alike.

Scraped news arrives in UTF-8, cp1252, Latin-1, UTF-16 (with or without a byte-order
mark) and sometimes a mix (a UTF-8 page with a cp1252 footer pasted in, a cp1252 page
with one UTF-8 line). The order of trust: a byte-order mark; UTF-16 told by its zero
bytes; valid UTF-8, whatever a page declares (pages served as "iso-8859-1" but written
in UTF-8 are common, the reverse is rare); then, for bytes that are not UTF-8, the
declared charset, cp1252 when it reads as Western text, or charset-normalizer's guess.
Mixed input is repaired line by line, so one pasted-in line never spoils the rest.
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
_META_CHARSET = re.compile(
    rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([a-zA-Z0-9_.:-]{2,40})""", re.IGNORECASE
)
_XML_ENCODING = re.compile(
    rb"""^\s*<\?xml[^>]{0,200}?encoding\s*=\s*["']([a-zA-Z0-9_.:-]{2,40})""", re.IGNORECASE
)
# Labels Python does not know, and encodings browsers read as their supersets
# (WHATWG encoding standard): a page labelled Latin-1 is decoded as cp1252.
_LABEL_ALIASES = {"x-sjis": "cp932", "x-gbk": "gb18030"}
_SUPERSETS = {
    "ascii": "cp1252",
    "iso8859-1": "cp1252",
    "iso8859-9": "cp1254",
    "gb2312": "gb18030",
    "gbk": "gb18030",
    "euc_kr": "cp949",
    "shift_jis": "cp932",
}
_UNICODE_CHARSETS = ("utf-8", "utf-16", "utf-32")

# Bytes that never appear in text: NUL and most C0 controls (tab, LF, CR, FF allowed).
_CONTROL_BYTES = bytes(b for b in range(32) if b not in (9, 10, 12, 13)) + b"\x7f"
_BINARY_SAMPLE = 8192
_UTF16_SAMPLE = 4096
# UTF-16 text has a NUL in one byte of every ASCII character and (almost) none in the
# other: at least this share of ASCII characters, and text-like characters when decoded.
_UTF16_MIN_ZERO_SHARE = 0.1
_UTF16_MIN_PRINTABLE = 0.95
_TAG = re.compile(r"<[^>]{0,500}>")
_WESTERN_PUNCTUATION = frozenset("–—‘’“”…«»€£¥°·•§©®™¡¿ªº±×÷½¼¾\xa0\xad")


def bom_encoding(data: bytes) -> str | None:
    for bom, name in _BOMS:
        if data.startswith(bom):
            return name
    return None


def utf16_without_bom(data: bytes) -> str | None:
    """The UTF-16 byte order ("utf-16-le", "utf-16-be") of text without a BOM, else None.

    Binary data has NULs too, but spread over both byte positions (executables,
    zero-heavy formats) or next to bytes that decode to control characters.
    """
    sample = data[:_UTF16_SAMPLE]
    sample = sample[: len(sample) - len(sample) % 2]
    units = len(sample) // 2
    if units < 2:
        return None
    even_zeros, odd_zeros = sample[0::2].count(0), sample[1::2].count(0)
    if odd_zeros >= units * _UTF16_MIN_ZERO_SHARE and even_zeros * 50 <= odd_zeros:
        encoding = "utf-16-le"
    elif even_zeros >= units * _UTF16_MIN_ZERO_SHARE and odd_zeros * 50 <= even_zeros:
        encoding = "utf-16-be"
    else:
        return None
    # surrogatepass: the sample may end inside a surrogate pair; lone surrogates in
    # the middle are not printable, so they count against the text check below.
    text = sample.decode(encoding, "surrogatepass")
    texty = sum(1 for ch in text if ch.isprintable() or ch in "\t\n\r\f")
    return encoding if texty >= len(text) * _UTF16_MIN_PRINTABLE else None


def wide_encoding(data: bytes) -> str | None:
    """The UTF-16/32 encoding of ``data`` (BOM or zero-byte pattern), else None."""
    bom = bom_encoding(data)
    if bom is not None:
        return None if bom == "utf-8" else bom
    return utf16_without_bom(data)


def looks_binary(data: bytes) -> bool:
    """True for images, archives, executables: control bytes in the first few KiB.

    UTF-16/32 text has NULs too, so callers check ``wide_encoding`` first.
    """
    sample = data[:_BINARY_SAMPLE]
    if not sample:
        return False
    controls = len(sample) - len(sample.translate(None, _CONTROL_BYTES))
    return b"\x00" in sample or controls / len(sample) > 0.05


def charset_name(label: str) -> str | None:
    """The Python codec for a charset label, as a browser would read it, or None."""
    label = label.strip().lower()
    try:
        name = codecs.lookup(_LABEL_ALIASES.get(label, label)).name
    except LookupError:
        return None
    return _SUPERSETS.get(name, name)


def declared_charset(data: bytes) -> str | None:
    """The charset a page's meta tag or an XML declaration names, if Python knows it."""
    head = data[:8192]
    match = _META_CHARSET.search(head) or _XML_ENCODING.match(head)
    return charset_name(match.group(1).decode("ascii", "ignore")) if match else None


def decode_bytes(data: bytes, *, declared: str | None = None) -> str:
    """Decode to str, or raise RejectedInput('binary'|'encoding').

    ``declared`` is a charset stated outside the bytes (an HTTP header); otherwise a
    meta tag or XML declaration is looked for. It only applies to bytes that are not
    valid UTF-8.
    """
    wide = wide_encoding(data)
    if wide is not None:
        return _decode_wide(data, wide)
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8) :]
    if looks_binary(data):
        raise RejectedInput("binary", "contains control bytes; not a text or HTML document")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    stated = charset_name(declared) if declared else declared_charset(data)
    if stated is not None and stated.startswith(_UNICODE_CHARSETS):
        stated = None  # a page that says UTF-8 but is not: its bytes tell the truth
    return _decode_mixed(data, stated)


def _decode_wide(data: bytes, encoding: str) -> str:
    text = data.decode(encoding, "replace").lstrip("\ufeff")
    # A cut-off last character is worth a replacement mark; a mostly broken stream
    # is not the UTF-16 its first bytes suggest.
    if text.count("\ufffd") > max(1, len(text) // 100):
        raise RejectedInput("encoding", f"not valid {encoding} after its first bytes")
    return text


def _decode_mixed(data: bytes, stated: str | None) -> str:
    """Bytes that are not all UTF-8, read in a legacy charset except where they are
    valid UTF-8: every valid sequence of mostly-UTF-8 input (the rest is pasted-in
    Western text, cp1252 unless stated), whole lines of mostly-legacy input (the
    rest in the stated charset, or the one guessed from the lines that are not UTF-8)."""
    if _mostly_utf8(data):
        return data.decode("utf-8", _utf8_with_legacy_runs(stated or "cp1252"))
    lines = data.split(b"\n")
    is_utf8 = [_valid_utf8(line) for line in lines]
    legacy_lines = b"\n".join(line for line, ok in zip(lines, is_utf8, strict=True) if not ok)
    legacy = stated or _guess_legacy(legacy_lines)
    return "\n".join(
        line.decode("utf-8") if ok else line.decode(legacy, "replace")
        for line, ok in zip(lines, is_utf8, strict=True)
    )


def _valid_utf8(line: bytes) -> bool:
    try:
        line.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _mostly_utf8(data: bytes) -> bool:
    """True when the non-ASCII bytes are mostly valid UTF-8 sequences."""
    text = data.decode("utf-8", "replace")
    bad = text.count("\ufffd")
    non_ascii = len(text) - len(text.encode("ascii", "ignore"))
    return non_ascii > 0 and bad / non_ascii < 0.5


def _utf8_with_legacy_runs(legacy: str) -> str:
    """An error handler name: invalid UTF-8 bytes are read in ``legacy`` instead.

    Used on mostly-UTF-8 input only, where one long line (a minified page) may hold
    both; in mostly-legacy input a line that is not all UTF-8 is read whole in the
    legacy charset, since cp1252 text now and then forms a valid UTF-8 pair by
    chance ("É”" is the bytes of "ɔ").
    """
    name = f"newsweave-utf8-or-{legacy}"
    try:
        codecs.lookup_error(name)
    except LookupError:

        def read_as_legacy(exc: UnicodeError) -> tuple[str, int]:
            assert isinstance(exc, UnicodeDecodeError)
            bad = exc.object[exc.start : exc.end]
            return bytes(bad).decode(legacy, "replace"), exc.end

        codecs.register_error(name, read_as_legacy)
    return name


def _guess_legacy(data: bytes) -> str:
    # cp1252 (a superset of printable Latin-1) is what non-UTF-8 Western news is in;
    # detection guesses badly on short texts, so it only gets a say when cp1252 text
    # would come out as mojibake.
    if _plausible_cp1252(data):
        return "cp1252"
    best = from_bytes(data[:200_000]).best()
    if best is not None and best.encoding:
        return charset_name(best.encoding) or "cp1252"
    return "cp1252"


def _plausible_cp1252(data: bytes) -> bool:
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        return False
    # Markup would make any word look Latin ("<p>Привет" has ASCII letters).
    text = _TAG.sub(" ", text)
    non_ascii = [ch for ch in text if ord(ch) > 127]
    fitting = sum(1 for ch in non_ascii if ch.isalpha() or ch in _WESTERN_PUNCTUATION)
    # Legacy Cyrillic or CJK bytes read as cp1252 give runs of symbols and odd letters
    # like "Ã", "Ð"; require accented letters to sit next to ASCII letters.
    if not non_ascii or fitting / len(non_ascii) < 0.9:
        return False
    return _latin_words_look_right(text)


def _latin_words_look_right(text: str) -> bool:
    words = [w for w in text.split() if any(ord(c) > 127 for c in w)]
    if not words:
        return True
    mixed = sum(1 for w in words if any(c.isascii() and c.isalpha() for c in w))
    standalone = sum(1 for w in words if not any(c.isalpha() for c in w))
    return (mixed + standalone) / len(words) >= 0.6
