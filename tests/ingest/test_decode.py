"""The one bytes→text decoder: UTF-16 without a BOM, binary told apart, mixed encodings."""

from __future__ import annotations

import random
import struct
import zlib

import pytest

from newsweave.errors import RejectedInput
from newsweave.extract.html.extractor import extract_html
from newsweave.ingest.decode import decode_bytes, utf16_without_bom
from newsweave.ingest.files import read_bytes
from newsweave.records import RawDocument
from tests.conftest import BODY, html_page

UMLAUT_TITLE = "Zürich prüft den Hochwasserschutz"
DUMP = UMLAUT_TITLE + "\n\n" + "\n\n".join(BODY) + "\n“Wir sind bereit”, sagte die Stadträtin.\n"


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
@pytest.mark.parametrize("charset", ["utf-16", None])
def test_utf16_page_without_bom_decodes(encoding: str, charset: str | None) -> None:
    page = html_page(title=UMLAUT_TITLE, charset=charset or "")
    if charset is None:
        page = page.replace('<meta charset="">', "")
    data = page.encode(encoding)
    assert not data.startswith((b"\xff\xfe", b"\xfe\xff"))
    assert utf16_without_bom(data) == encoding
    assert decode_bytes(data) == page
    assert extract_html(data).title == UMLAUT_TITLE


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_utf16_dump_without_bom_is_read_as_text_not_binary(encoding: str) -> None:
    (doc,) = list(read_bytes(DUMP.encode(encoding), "dump.txt"))
    assert isinstance(doc, RawDocument) and doc.format == "text"
    assert decode_bytes(doc.content) == DUMP


def test_utf16_jsonl_without_bom_is_read_line_by_line() -> None:
    lines = '{"text": "Zürich floods", "title": "Zürich"}\n{"text": "Second"}\n'
    found = list(read_bytes(lines.encode("utf-16-le"), "wire.jsonl"))
    assert [d.hints.get("title") for d in found if isinstance(d, RawDocument)] == ["Zürich", None]


def _random_bytes(size: int) -> bytes:
    return random.Random(7).randbytes(size)


@pytest.mark.parametrize(
    "data",
    [
        _random_bytes(8192),
        # A PNG: signature, IHDR chunk, compressed pixels.
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00\x00\x00\x01\x00\x08\x02"
        + zlib.compress(_random_bytes(4000)),
        # Zero-heavy binary: little-endian int32 counters (zeros in every position).
        b"".join(struct.pack("<i", n) for n in range(2000)),
        # Zeros in every other byte, as in UTF-16, but next to control bytes: int16s.
        b"".join(struct.pack("<h", n % 40) for n in range(2000)),
        b"".join(struct.pack(">h", n % 40) for n in range(2000)),
        bytes(4096),
    ],
    ids=["random", "png", "int32", "int16-le", "int16-be", "zeros"],
)
def test_binary_is_still_binary(data: bytes) -> None:
    assert utf16_without_bom(data) is None
    with pytest.raises(RejectedInput) as caught:
        decode_bytes(data)
    assert caught.value.reason == "binary"
    assert [r.reason for r in read_bytes(data, "blob.html")] == ["binary"]


def _cp1252_with_a_utf8_line(lines: list[str], utf8_line: str) -> bytes:
    legacy = [line.encode("cp1252") for line in lines]
    return b"\n".join([*legacy[:2], utf8_line.encode("utf-8"), *legacy[2:]])


CP1252_LINES = [
    "Le café de la place a rouvert après trois mois de travaux.",
    "Les habitués s’y retrouvent chaque matin – « enfin », dit-on.",
    "Le maire a salué “une belle réussite” pour le quartier.",
    "Prochaine étape : la rénovation de l’église Saint-Étienne.",
]
UTF8_LINE = "Zitat aus Zürich: „Die Straße ist gesperrt“, sagt Jürgen Müller."
UTF8_LINES = [
    # Its bytes read as cp1252 give plausible Western mojibake ("ZÃ¼rich").
    UTF8_LINE,
    # Its bytes include ones cp1252 leaves undefined ("Ł" is C5 81).
    "Aus Łódź berichtet Dvořák über die Flut.",
]


@pytest.mark.parametrize("utf8_line", UTF8_LINES)
def test_cp1252_text_with_a_pasted_utf8_line_decodes_both(utf8_line: str) -> None:
    text = decode_bytes(_cp1252_with_a_utf8_line(CP1252_LINES, utf8_line))
    assert utf8_line in text.splitlines()
    for line in CP1252_LINES:
        assert line in text.splitlines()


def test_cp1252_page_with_a_pasted_utf8_line_decodes_both() -> None:
    paragraphs = [f"<p>{line} {BODY[n]}</p>" for n, line in enumerate(CP1252_LINES)]
    page = html_page(title="Café", charset="windows-1252", paragraphs=())
    head, tail = page.split("</article>")
    lines = [head, *paragraphs[:2]]
    data = b"\n".join(line.encode("cp1252") for line in lines)
    data += b"\n" + f"<p>{UTF8_LINE} {BODY[2]}</p>".encode()
    data += b"\n" + "\n".join([*paragraphs[2:], "</article>" + tail]).encode("cp1252")
    found = extract_html(data)
    text = "\n".join(found.paragraphs)
    assert UTF8_LINE in text
    assert CP1252_LINES[1] in text and CP1252_LINES[3] in text


def test_minified_utf8_page_with_a_cp1252_footer_keeps_both() -> None:
    # One line holding both: the UTF-8 article and a footer pasted in cp1252.
    article = html_page(title="Zürich", paragraphs=(UTF8_LINE, *BODY)).replace("\n", " ")
    data = article.encode() + "<footer>© Café Müller – “Impressum”</footer>".encode("cp1252")
    text = decode_bytes(data)
    assert UTF8_LINE in text
    assert "© Café Müller – “Impressum”" in text


@pytest.mark.parametrize(
    ("label", "text"),
    [
        # Browsers read Latin-1 as cp1252: the curly quotes are 0x93/0x94.
        ("iso-8859-1", "Le maire a salué “une belle réussite”."),
        ("windows-1251", "Мэр города приветствовал открытие нового моста через реку."),
    ],
)
def test_declared_charset_is_read_as_browsers_do(label: str, text: str) -> None:
    page = html_page(title="Page", paragraphs=(text,) * 3, charset=label)
    codec = "cp1252" if label == "iso-8859-1" else label
    assert text in decode_bytes(page.encode(codec))


def test_undeclared_cyrillic_page_is_not_taken_for_cp1252() -> None:
    # Markup around Cyrillic words must not make them look like accented Latin.
    sentences = (
        "Мэр города приветствовал открытие нового моста через реку в среду утром.",
        "Строительство моста продолжалось три года и обошлось городу дороже плана.",
        "Жители района говорят, что теперь дорога до центра занимает десять минут.",
    )
    page = html_page(title="Мост", paragraphs=sentences, charset="").replace(
        '<meta charset="">', ""
    )
    text = decode_bytes(page.encode("cp1251"))
    assert all(sentence in text for sentence in sentences)


def test_xml_declaration_names_the_charset() -> None:
    feed = '<?xml version="1.0" encoding="ISO-8859-15"?><rss><title>Bürger €</title></rss>'
    assert "Bürger €" in decode_bytes(feed.encode("iso-8859-15"))


def test_broken_utf16_after_a_bom_is_rejected() -> None:
    data = b"\xff\xfe" + "ok".encode("utf-16-le") + b"\x00\xd8" * 200
    with pytest.raises(RejectedInput) as caught:
        decode_bytes(data)
    assert caught.value.reason == "encoding"


def test_undeclared_cp1252_with_no_break_spaces_is_cp1252() -> None:
    # Raw no-break spaces (0xA0) are common in pages; they are not a sign of mojibake.
    text = "Prix\xa0: 12\xa0€ – le café «\xa0Chez Müller\xa0» rouvre à Zürich."
    page = html_page(title="Café", paragraphs=(text,), charset="").replace('<meta charset="">', "")
    assert text in decode_bytes(page.encode("cp1252"))
