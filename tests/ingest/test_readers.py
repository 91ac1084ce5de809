"""Readers: every format detected by content, every broken input rejected with a reason."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from newsweave.errors import RejectedInput
from newsweave.ingest.decode import decode_bytes
from newsweave.ingest.files import iter_input_files, read_bytes, read_input
from newsweave.ingest.sniff import sniff_format
from newsweave.records import RawDocument, Rejection
from tests.conftest import BODY, html_page, warc_bytes

PAGE = html_page().encode("utf-8")


def docs(items: list[RawDocument | Rejection]) -> list[RawDocument]:
    return [i for i in items if isinstance(i, RawDocument)]


def rejections(items: list[RawDocument | Rejection]) -> list[Rejection]:
    return [i for i in items if isinstance(i, Rejection)]


@pytest.mark.parametrize(
    ("data", "name", "expected"),
    [
        (PAGE, "page.html", "html"),
        (PAGE, "misnamed.txt", "html"),  # content wins over the name
        ("\n".join(BODY).encode(), "dump.txt", "text"),
        ("\n".join(BODY).encode(), "", "text"),  # stdin: no name at all
        (b'{"text": "x"}\n{"text": "y"}\n', "", "jsonl"),
        (b'not json\n{"text": "y"}\n', "feed.jsonl", "jsonl"),  # the name breaks the tie
        (b"WARC/1.1\r\nWARC-Type: warcinfo\r\n", "a.bin", "warc"),
        (b'<?xml version="1.0"?><rss version="2.0"><channel></channel></rss>', "x", "feed"),
        (b'<feed xmlns="http://www.w3.org/2005/Atom"></feed>', "x.xml", "feed"),
        (b"<div><p>a</p><p>b</p><p>c</p><span>d</span><a>e</a></div>", "", "html"),
    ],
)
def test_sniff_format(data: bytes, name: str, expected: str) -> None:
    assert sniff_format(data, name) == expected


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "empty"),
        (b"   \n\t\n", "empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)), "binary"),
        (b"\x7fELF\x02\x01\x01\x00" + b"\x00" * 64, "binary"),
    ],
)
def test_hopeless_bytes_are_rejected_with_reason(data: bytes, reason: str) -> None:
    found = list(read_bytes(data, "in.bin"))
    assert [r.reason for r in rejections(found)] == [reason]


@pytest.mark.parametrize(
    ("data", "fragment"),
    [
        ("Café déjà vu – “quoted”".encode(), "Café déjà vu – “quoted”"),
        ("Café déjà vu – “quoted”".encode("cp1252"), "Café déjà vu – “quoted”"),
        ("Zürich Straße".encode("latin-1"), "Zürich Straße"),
        ("Zürich Straße “q”".encode("utf-16"), "Zürich Straße “q”"),  # with BOM
        ("Zürich".encode("utf-8-sig"), "Zürich"),
        # Mixed: a UTF-8 line followed by a cp1252 line, as pasted-together pages are.
        ("naïve first line\n".encode() + "second – line".encode("cp1252"), "second – line"),
    ],
)
def test_decode_encodings(data: bytes, fragment: str) -> None:
    assert fragment in decode_bytes(data)


def test_declared_charset_is_honoured() -> None:
    page = html_page(charset="windows-1252", title="Gemeinde prüft Deich").encode("cp1252")
    assert "Gemeinde prüft Deich" in decode_bytes(page)


def test_gzip_html_is_read(tmp_path: Path) -> None:
    path = tmp_path / "page.html.gz"
    path.write_bytes(gzip.compress(PAGE))
    found = list(read_input(str(path)))
    assert [d.format for d in docs(found)] == ["html"]
    assert docs(found)[0].content == PAGE


def test_truncated_gzip_is_rejected(tmp_path: Path) -> None:
    path = tmp_path / "cut.html.gz"
    path.write_bytes(gzip.compress(PAGE)[:-20])
    assert [r.reason for r in rejections(list(read_input(str(path))))] == ["truncated-gzip"]


def test_corrupt_gzip_is_rejected() -> None:
    found = list(read_bytes(b"\x1f\x8b\x08\x00garbage-not-deflate" * 3, "x.gz"))
    assert [r.reason for r in rejections(found)] == ["corrupt-gzip"]


def test_missing_file_is_rejected(tmp_path: Path) -> None:
    found = list(read_input(str(tmp_path / "nope.html")))
    assert [r.reason for r in rejections(found)] == ["not-found"]


def test_jsonl_records_hints_and_bad_lines() -> None:
    lines = [
        json.dumps(
            {
                "url": "https://wire.example/a",
                "text": BODY[0],
                "title": "T1",
                "published": "2025-03-11",
                "outlet": "Wire",
            }
        ),
        "{this is not json",
        json.dumps({"html": html_page()}),
        json.dumps({"title": "no body"}),
        json.dumps(["an", "array"]),
    ]
    found = list(read_bytes("\n".join(lines).encode(), "feed.jsonl"))
    good = docs(found)
    assert [(d.source, d.format) for d in good] == [
        ("feed.jsonl#0", "text"),
        ("feed.jsonl#2", "html"),
    ]
    assert good[0].hints == {"title": "T1", "published": "2025-03-11", "outlet": "Wire"}
    assert good[0].url == "https://wire.example/a"
    bad = {(r.source, r.reason) for r in rejections(found)}
    assert bad == {
        ("feed.jsonl#1", "bad-json"),
        ("feed.jsonl#3", "no-content"),
        ("feed.jsonl#4", "bad-json"),
    }


def test_warc_responses_become_documents() -> None:
    data = warc_bytes(
        [("https://herald.example/2025/03/11/flood", PAGE), ("https://herald.example/other", PAGE)]
    )
    for blob in (data, gzip.compress(data)):
        good = docs(list(read_bytes(blob, "crawl.warc.gz")))
        assert [d.url for d in good] == [
            "https://herald.example/2025/03/11/flood",
            "https://herald.example/other",
        ]
        assert good[0].content == PAGE
        assert good[0].fetched_at is not None


def test_warc_skips_non_2xx_responses() -> None:
    data = warc_bytes([("https://herald.example/moved", b"")], status="301 Moved Permanently")
    assert list(read_bytes(data, "c.warc")) == []


def test_truncated_warc_keeps_complete_records() -> None:
    data = warc_bytes([("https://h.example/1", PAGE), ("https://h.example/2", PAGE)])
    found = list(read_bytes(data[:-200], "cut.warc"))
    assert [d.url for d in docs(found)] == ["https://h.example/1"]
    assert [r.reason for r in rejections(found)] == ["truncated-warc"]


def test_rss_items_with_content() -> None:
    long_body = "".join(f"<p>{p}</p>" for p in BODY)
    feed = f"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel><title>Valley Gazette</title><link>https://gazette.example/</link>
<item><title>Flood barrier fails</title><link>https://gazette.example/flood</link>
<pubDate>Tue, 11 Mar 2025 09:15:00 GMT</pubDate>
<content:encoded><![CDATA[{long_body}]]></content:encoded></item>
<item><title>Teaser only</title><link>https://gazette.example/t</link>
<description>Short summary.</description></item>
</channel></rss>"""
    found = list(read_bytes(feed.encode(), "gazette.xml"))
    (doc,) = docs(found)
    assert doc.hints["outlet"] == "Valley Gazette"
    assert doc.hints["title"] == "Flood barrier fails"
    assert doc.hints["published"].startswith("2025-03-11T09:15:00")
    assert doc.url == "https://gazette.example/flood"
    assert [r.reason for r in rejections(found)] == ["no-content"]


def test_folders_expand_recursively_and_skip_hidden(tmp_path: Path) -> None:
    (tmp_path / "a" / "b").mkdir(parents=True)
    (tmp_path / "a" / "b" / "x.html").write_bytes(PAGE)
    (tmp_path / "a" / "y.txt").write_text("text")
    (tmp_path / "a" / ".hidden").write_text("no")
    assert [Path(p).name for p in iter_input_files([str(tmp_path)])] == ["x.html", "y.txt"]


def test_rejected_input_carries_reason() -> None:
    exc = RejectedInput("too-large", "50 MB")
    assert exc.reason == "too-large" and "50 MB" in str(exc)
