"""Hostile inputs for ``newsweave``, generated at run time (nothing large is kept):
what broke the store before (runaway paragraphs, endless devices, FIFOs, two ingests
at once, user mistakes, UTF-16 without a BOM) and what a hostile user would try next
(deep nesting, giant attributes, a gzip bomb, lying lengths, NUL bytes, binary junk).

Each case writes its inputs into a fresh folder and says which ``newsweave`` commands
to run there and what must come of them. ``benchmarks/hostile.py`` and
``tests/hostile/test_hostile_inputs.py`` both run them, through ``hostile_runner``.
The made-up text and files they are built from are in ``hostile_text``.
"""

from __future__ import annotations

import gzip
import json
import os
import random
import shutil
import socket
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from hostile_text import (
    FERRY_STORY,
    UNCLOSED_BLOCK,
    gzip_bomb,
    news_page,
    news_sentences,
    plain_words,
    warc_record,
)

# -- what a case runs and expects --------------------------------------------------


@dataclass(frozen=True, slots=True)
class Invocation:
    """The ``newsweave`` argument lists to run at once (one each, usually), the store
    the case leaves behind (where a normal article is ingested afterwards), and what
    must be made of it: read-only while the commands run, stdin to feed."""

    commands: tuple[tuple[str, ...], ...]
    store: Path
    read_only: bool = False
    stdin: Path | None = None


@dataclass(frozen=True, slots=True)
class Expected:
    """What must come of a case. ``articles``: how many the store holds after (None:
    not checked); ``reasons``: rejection reasons that must be reported, ``may_reject``
    others that may be (no other reason is expected); ``skipped``: entries skipped as
    not regular files; ``message``: words the one-line error must hold (user errors,
    exit 2); ``title``: an article with this title must be stored."""

    exit_codes: frozenset[int]
    articles: int | None = None
    reasons: tuple[str, ...] = ()
    may_reject: tuple[str, ...] = ()
    skipped: int = 0
    message: str | None = None
    title: str | None = None


STORED = Expected(frozenset({0}), articles=1)


def rejected(*reasons: str, articles: int = 0) -> Expected:
    return Expected(frozenset({1}), articles=articles, reasons=reasons)


def user_error(message: str) -> Expected:
    return Expected(frozenset({2}), message=message)


# (case folder, a store holding one ordinary article to copy) -> what to run
Build = Callable[[Path, Path], Invocation]


@dataclass(frozen=True, slots=True)
class HostileCase:
    name: str
    build: Build = field(repr=False)
    expected: Expected
    slow: bool = False  # over ten seconds on two cores


def _ingest(folder: Path, *paths: Path | str, stdin: Path | None = None) -> Invocation:
    store = folder / "store.db"
    return Invocation((("ingest", *map(str, paths), "--db", str(store)),), store, stdin=stdin)


def _page_file(folder: Path, name: str, content: str | bytes) -> Path:
    path = folder / name
    path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
    return path


def _page_case(
    name: str, make: Callable[[], str | bytes], expected: Expected, *, slow: bool = False
) -> HostileCase:
    """A case of one input file: ``name`` is "case-name:file-name"."""

    def build(folder: Path, _filled: Path) -> Invocation:
        return _ingest(folder, _page_file(folder, name.split(":")[-1], make()))

    return HostileCase(name.split(":")[0], build, expected, slow)


def _nested(levels: int) -> str:
    return news_page(around=("<div>" * levels, "</div>" * levels))


UTF16_TITLE = "Ferry stranded: Tollen passengers wait for the tide"


def _utf16_page(codec: str) -> bytes:
    # Declares no charset: the bytes alone must tell (no BOM either).
    page = news_page(UTF16_TITLE)
    return page.replace('<meta charset="utf-8">', "").encode(codec)


def _with_nuls() -> bytes:
    return news_page().replace(" the ", " the\x00 ").encode()


def _jsonl(*records: dict[str, str]) -> str:
    return "".join(json.dumps(r) + "\n" for r in records)


def _claimed_jsonl() -> str:
    # A line claiming a gigabyte of text whose string is never closed, then a good one.
    cut = '{"length": 1073741824, "title": "Cut short", "text": "' + news_sentences(4000)
    good = {"title": "Ferry refloated", "outlet": "Tollen Wire", "text": "\n".join(FERRY_STORY)}
    return cut + "\n" + _jsonl(good)


def _truncated_warc() -> bytes:
    pages = [
        warc_record(f"https://gazette.example/ferry/{k}", news_page(f"Ferry day {k}").encode())
        for k in range(3)
    ]
    # One gzip member a record, as crawlers write them; the file ends inside the third.
    members = [gzip.compress(page) for page in pages]
    return b"".join(members)[: len(members[0]) + len(members[1]) + len(members[2]) // 2]


def _claimed_warc() -> bytes:
    page = news_page().encode()
    return warc_record("https://gazette.example/ferry", page, claimed_length=1 << 30)


def _specials_in_folder(folder: Path, _filled: Path) -> Invocation:
    inputs = folder / "in"
    inputs.mkdir()
    _page_file(inputs, "ferry.html", news_page())
    os.mkfifo(inputs / "pipe.html")
    (inputs / "zero.html").symlink_to("/dev/zero")
    (inputs / "null.txt").symlink_to("/dev/null")
    with socket.socket(socket.AF_UNIX) as sock:  # a socket file left by some server
        sock.bind(str(inputs / "server.sock"))
    return _ingest(folder, inputs)


def _fifo_named(folder: Path, _filled: Path) -> Invocation:
    os.mkfifo(folder / "pipe.html")
    return _ingest(folder, folder / "pipe.html")


def _two_ingests(folder: Path, _filled: Path) -> Invocation:
    store = folder / "store.db"
    commands = []
    for side, outlet in (("north", "Wendmoor North Star"), ("south", "Tollen South Echo")):
        inputs = folder / side
        inputs.mkdir()
        for k in range(6):
            paragraphs = (f"{FERRY_STORY[k % 4]} ({outlet}, report {k + 1})", *FERRY_STORY[1:])
            page = news_page(f"{outlet}: ferry report {k + 1}", paragraphs, site=outlet)
            _page_file(inputs, f"{k}.html", page)
        commands.append(("ingest", str(inputs), "--db", str(store)))
    return Invocation(tuple(commands), store)


def _on_filled(args: Callable[[Path, Path], tuple[str, ...]], *, read_only: bool = False) -> Build:
    """A command on a copy of the filled store (``args`` gets the folder and the copy)."""

    def build(folder: Path, filled: Path) -> Invocation:
        store = folder / "store.db"
        shutil.copyfile(filled, store)
        return Invocation((args(folder, store),), store, read_only=read_only)

    return build


def _not_sqlite(folder: Path) -> str:
    path = folder / "notes.db"
    path.write_text("shopping list: rope, lamp oil, charts of the estuary\n" * 40)
    return str(path)


def _without_search_index(store: Path) -> str:
    # Damage done from outside, as another program (or a hand at the sqlite3 shell) would.
    with sqlite3.connect(store) as conn:
        conn.execute("DROP TABLE articles_fts")
    conn.close()
    return str(store)


NOT_SQLITE = "(not an SQLite database): give --db a file `newsweave ingest` made"
READ_COMMANDS = (
    "articles",
    "search ferry",
    "show abc123",
    "stories",
    "rejects",
    "duplicates",
    "export articles",
)
MIB = 1 << 20

CASES: tuple[HostileCase, ...] = (
    # (1) a runaway paragraph: 5 MiB of words in one <p>, without and with full stops
    _page_case(
        "runaway-no-stops:runaway.html",
        lambda: news_page(paragraphs=(plain_words(5 * MIB, full_stops=False),)),
        STORED,
        slow=True,
    ),
    _page_case(
        "runaway-with-stops:runaway.html",
        lambda: news_page(paragraphs=(plain_words(5 * MIB, full_stops=True),)),
        STORED,
        slow=True,
    ),
    # (2) 20 MiB of ordinary sentences as one JSONL text; 5 MiB of them in one <p>
    _page_case(
        "jsonl-20mib-text:wire.jsonl",
        lambda: _jsonl({"title": "Estuary log", "text": news_sentences(20 * MIB)}),
        STORED,
        slow=True,
    ),
    _page_case(
        "html-5mib-paragraph:long.html",
        lambda: news_page(paragraphs=(news_sentences(5 * MIB),)),
        STORED,
        slow=True,
    ),
    # (3) things that are not files: named, inside a folder, as stdin
    HostileCase("dev-zero-named", lambda f, _: _ingest(f, "/dev/zero"), rejected("not-a-file")),
    HostileCase("fifo-named", _fifo_named, rejected("not-a-file")),
    HostileCase(
        "specials-in-folder",
        _specials_in_folder,
        Expected(frozenset({0}), articles=1, skipped=4),
    ),
    HostileCase(
        "dev-zero-as-stdin",
        lambda f, _: _ingest(f, "-", stdin=Path("/dev/zero")),
        rejected("too-large"),
    ),
    # (4) two ingests of different folders into one store at once
    HostileCase("two-ingests-at-once", _two_ingests, Expected(frozenset({0}), articles=12)),
    # (5) user errors: one line, exit 2
    HostileCase(
        "export-to-missing-folder",
        _on_filled(
            lambda f, db: ("export", "articles", "--db", str(db), "-o", str(f / "no" / "a.csv"))
        ),
        user_error("does not exist; create it first"),
    ),
    HostileCase(
        "export-to-a-folder",
        _on_filled(lambda f, db: ("export", "quotes", "--db", str(db), "-o", str(f))),
        user_error("is a folder: give a file name"),
    ),
    *(
        HostileCase(
            f"{command.split()[0]}-not-sqlite",
            _on_filled(lambda f, _db, command=command: (*command.split(), "--db", _not_sqlite(f))),
            user_error(NOT_SQLITE),
        )
        for command in READ_COMMANDS
    ),
    HostileCase(
        "ingest-read-only",
        _on_filled(
            lambda f, db: (
                "ingest",
                _page_file(f, "x.html", news_page("Ferry inquiry")).as_posix(),
                "--db",
                str(db),
            ),
            read_only=True,
        ),
        user_error("read-only; make both writable"),
    ),
    HostileCase(
        "search-without-fts",
        _on_filled(lambda f, db: ("search", "ferry", "--db", _without_search_index(db))),
        user_error("full-text index is missing"),
    ),
    HostileCase(
        "db-is-a-folder",
        lambda f, _: Invocation((("articles", "--db", str(f)),), f / "store.db"),
        user_error("is a folder: give a database file"),
    ),
    HostileCase(
        "ingest-db-is-a-folder",
        lambda f, _: Invocation((("ingest", str(f), "--db", str(f)),), f / "store.db"),
        user_error("is a folder: give a database file"),
    ),
    # (6) UTF-16 without a BOM, either byte order
    *(
        _page_case(
            f"utf16-{order}-no-bom:page.html",
            lambda codec=codec: _utf16_page(codec),
            Expected(frozenset({0}), articles=1, title=UTF16_TITLE),
        )
        for order, codec in (("le", "utf-16-le"), ("be", "utf-16-be"))
    ),
    # what a hostile user would try next
    # nesting: within the parser's depth a page is read; past it, rejected, not cut short
    _page_case("nested-300:deep.html", lambda: _nested(300), STORED),
    *(
        _page_case(f"nested-{levels}:deep.html", lambda n=levels: _nested(n), rejected("too-deep"))
        for levels in (3_000, 100_000)
    ),
    _page_case(
        "giant-attribute:class.html",
        lambda: news_page(around=(f'<div class="{"c " * (5 * MIB)}">', "</div>")),
        STORED,
    ),
    # 1,900 copies of a block with an unclosed <div>: a slice repeated by a broken scraper
    _page_case(
        "unclosed-div-repeated:repeated.html",
        lambda: news_page(around=(UNCLOSED_BLOCK * 1_900, "")),
        STORED,
    ),
    _page_case("gzip-bomb:bomb.html.gz", lambda: gzip_bomb(1 << 30), rejected("too-large")),
    _page_case(
        "truncated-warc:crawl.warc.gz", _truncated_warc, rejected("truncated-warc", articles=2)
    ),
    _page_case("warc-claims-1gb:crawl.warc", _claimed_warc, rejected("truncated-warc")),
    _page_case(
        "binary-junk:page.html", lambda: random.Random(9).randbytes(2 * MIB), rejected("binary")
    ),
    _page_case("jsonl-claims-1gb:wire.jsonl", _claimed_jsonl, rejected("bad-json", articles=1)),
    # a NUL byte marks a file as binary, even among HTML
    _page_case("nul-bytes-in-page:nul.html", _with_nuls, rejected("binary")),
    _page_case("all-nul-bytes:nul.html", lambda: bytes(MIB), rejected("binary")),
    _page_case(
        "tiny-paragraphs-100k:tiny.html",
        lambda: news_page(paragraphs=tuple(f"Item {k}." for k in range(100_000))),
        # trafilatura takes 10-20 s on it: stored, or out of time under a short limit
        Expected(frozenset({0, 1}), may_reject=("timeout",)),
        slow=True,
    ),
)
