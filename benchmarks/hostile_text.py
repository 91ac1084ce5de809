"""Made-up text and files for the hostile cases (``hostile_cases``): a news page, runaway
paragraphs, ordinary sentences by the megabyte, WARC records that can lie about their
length, a gzip bomb. The town of Wendmoor, its ferry and its people do not exist.
"""

from __future__ import annotations

import random
import struct
import zlib

MIB = 1 << 20

FERRY_STORY = (
    "The Wendmoor ferry ran aground on a sandbank in the Tollen estuary on Friday evening,"
    " stranding ninety passengers for six hours, the harbour authority said.",
    "Lifeboat crews from Carrick Point and Ostry took the passengers ashore in small groups"
    " after the tide turned, and no one was hurt, according to the coastguard.",
    '"The channel moved after last month\'s storms and the charts had not caught up,"'
    ' said Petra Lindqvist, the harbour master. "We will survey it again on Monday."',
    "The operator, Tollen Sound Ferries, said sailings would resume on Sunday once divers"
    " had inspected the hull.",
)
# Common words, a few of them quote cues ("said", "told"): the quote finder looks everywhere.
_VOCABULARY = """
the of and to in said that for on with as was she it by at from her an be has have not
are but they this which after people harbour told crews year would new were one
been more their who all also will ferry estuary report week
"""
_WORDS = tuple(_VOCABULARY.split())
_SENTENCES = (
    "The harbour authority said the {n} passengers were taken ashore by {name}.",
    '"We did what we could for the {n} families," said {name} of the lifeboat crew.',
    "{name} told reporters that the tide had turned {n} minutes before the rescue.",
    "On Friday, {n} days after the storm, the estuary channel had shifted again.",
    "Officials expect the survey of the channel to cost {n} thousand pounds.",
)
_NAMES = ("Petra Lindqvist", "Ansel Marrow", "Joan Ebbet", "Teodor Vasch", "Ilse Carne")


def plain_words(chars: int, *, full_stops: bool, seed: int = 3) -> str:
    """About ``chars`` characters of common words in one paragraph, as a broken
    scraper gives: a capitalised sentence ending every 18 words, or no full stop at all."""
    rng = random.Random(seed)
    words: list[str] = []
    size = 0
    while size < chars:
        word = rng.choice(_WORDS)
        if full_stops and len(words) % 18 == 0:
            word = word.capitalize()
        if full_stops and len(words) % 18 == 17:
            word += "."
        words.append(word)
        size += len(word) + 1
    return " ".join(words)


def news_sentences(chars: int, *, seed: int = 5) -> str:
    """About ``chars`` characters of ordinary news sentences (quotes, names, figures)."""
    rng = random.Random(seed)
    parts: list[str] = []
    size = 0
    while size < chars:
        sentence = rng.choice(_SENTENCES).format(n=rng.randint(2, 990), name=rng.choice(_NAMES))
        parts.append(sentence)
        size += len(sentence) + 1
    return " ".join(parts)


def news_page(
    title: str = "Wendmoor ferry runs aground in the Tollen estuary",
    paragraphs: tuple[str, ...] = FERRY_STORY,
    *,
    site: str = "Tollen Coast Gazette",
    around: tuple[str, str] = ("", ""),
) -> str:
    """A news page with the usual furniture; ``around`` wraps the article's paragraphs
    (an opening and a closing run of markup)."""
    body = "\n".join(f"<p>{p}</p>" for p in paragraphs)
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        f'<meta property="og:site_name" content="{site}">'
        '<meta property="article:published_time" content="2025-09-19T18:40:00+00:00">'
        f"<title>{title} | {site}</title></head><body>"
        '<nav><a href="/">Home</a> <a href="/local">Local</a></nav>'
        f"<main><article><h1>{title}</h1>{around[0]}\n{body}\n{around[1]}</article></main>"
        f"<footer>© 2025 {site}</footer></body></html>"
    )


# One block of a page whose template lost a </div>: repeated (as a scraper's slice of
# such a page was), each copy sits a level deeper, text and links at every level.
UNCLOSED_BLOCK = (
    '<div class="spacer" aria-hidden="true"><strong>Planning the Tollen crossing</strong>\n'
    '<p class="para">The harbour’s survey of the estuary channel will take a fortnight, and'
    " the operator’s timetable depends on it: sailings stay suspended until divers have"
    " checked every mooring, the harbour master said on Saturday, adding that the charts of"
    " the sandbank would be redrawn before the ferry’s next run.</p>\n"
    '<p class="para">Passengers who booked crossings for the coming week can move them free'
    " of charge, the company said, and a replacement coach will run twice a day between"
    " Wendmoor and Carrick Point while the ferry’s hull is inspected in dry dock.</p>\n"
    '<section class="cta"><div class="container"><div class="row"><h4>Plan your trip:'
    ' <b>Tollen Sound</b> timetables</h4><a class="btn" href="/timetables">See timetables'
    "</a></div></div></section>\n"
)


def warc_record(url: str, html: bytes, *, claimed_length: int | None = None) -> bytes:
    """One WARC response record; ``claimed_length`` overrides the Content-Length."""
    http = b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n\r\n" + html
    length = len(http) if claimed_length is None else claimed_length
    head = (
        "WARC/1.0\r\nWARC-Type: response\r\n"
        f"WARC-Record-ID: <urn:uuid:{random.Random(url).getrandbits(128):032x}>\r\n"
        f"WARC-Target-URI: {url}\r\nWARC-Date: 2025-09-20T07:00:00Z\r\n"
        f"Content-Type: application/http; msgtype=response\r\nContent-Length: {length}\r\n\r\n"
    )
    return head.encode() + http + b"\r\n\r\n"


def gzip_bomb(decompressed: int) -> bytes:
    """A gzip stream of ``decompressed`` zero bytes (whole MiB; about a thousandth of
    that, packed). After a full flush the packer starts afresh, so each MiB packs to the
    same block: packed once, repeated."""
    chunk = bytes(MIB)
    packer = zlib.compressobj(9, zlib.DEFLATED, -zlib.MAX_WBITS)
    block = packer.compress(chunk) + packer.flush(zlib.Z_FULL_FLUSH)
    count = decompressed // MIB
    crc = 0
    for _ in range(count):
        crc = zlib.crc32(chunk, crc)
    header = b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x02\xff"
    trailer = struct.pack("<II", crc, (count * MIB) & 0xFFFFFFFF)
    return header + block * count + packer.flush() + trailer
