"""Shared fixtures: made-up articles built in code (no outside text), and paths."""

from __future__ import annotations

import gzip
import io
import json
import random
import sys
from datetime import UTC, datetime, timedelta
from html.parser import HTMLParser
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
EXAMPLES = REPO / "examples"
# benchmarks/ is not a package: its modules are imported by name (the benchmark tests,
# and the runaway-paragraph generator shared with the hostile-input benchmark).
sys.path.insert(0, str(REPO / "benchmarks"))

BODY = (
    "Flood barriers along the Marren river in the town of Holloway Cross gave way early"
    " on Tuesday, forcing the evacuation of several hundred households, officials said.",
    "The county emergency office said water had reached the ground floors of homes on"
    " Quay Street within an hour, and that rescue boats had been sent from two"
    " neighbouring districts.",
    '"We saw the river rise faster than any of our models had predicted," said Ingrid'
    " Vale, who leads the county's flood response team. \"Our first job is to get people"
    ' out safely."',
    "Residents told reporters that warning sirens had sounded only minutes before the"
    " barrier failed. The council has promised an independent review of the barrier's"
    " last inspection.",
)


def html_page(
    title: str = "Marren flood barrier fails at Holloway Cross",
    paragraphs: tuple[str, ...] = BODY,
    *,
    site: str = "The Holloway Herald",
    published: str | None = "2025-03-11T08:30:00+00:00",
    author: str | None = "Tomas Reyes",
    charset: str = "utf-8",
) -> str:
    meta = [f'<meta charset="{charset}">', f'<meta property="og:site_name" content="{site}">']
    if published:
        meta.append(f'<meta property="article:published_time" content="{published}">')
    if author:
        meta.append(f'<meta name="author" content="{author}">')
    body = "\n".join(f"<p>{p}</p>" for p in paragraphs)
    return f"""<!DOCTYPE html>
<html lang="en"><head>{"".join(meta)}<title>{title} | {site}</title></head>
<body>
<nav><ul><li><a href="/">Home</a></li><li><a href="/news">News</a></li>
<li><a href="/sport">Sport</a></li></ul></nav>
<div class="cookie-banner">We use cookies to improve your experience. Accept all cookies</div>
<main><article><h1>{title}</h1>
<p class="byline">By {author or "Staff"}</p>
{body}
</article>
<aside class="related"><h3>Related stories</h3><ul>
<li><a href="/a">Council approves new budget for road repairs</a></li>
<li><a href="/b">Local bakery wins regional award</a></li></ul></aside>
</main>
<footer>© 2025 {site}. All rights reserved. <a href="/privacy">Privacy</a></footer>
</body></html>"""


def warc_bytes(
    pages: list[tuple[str, bytes]], *, status: str = "200 OK", http_headers: str = ""
) -> bytes:
    """A WARC file (uncompressed) with one response record per (url, html) page;
    ``http_headers`` ("Name: value\r\n" lines) go into each HTTP response head."""
    from fastwarc.warc import WarcRecord, WarcRecordType

    buf = io.BytesIO()
    for url, html in pages:
        record = WarcRecord()
        record.init_headers(record_type=WarcRecordType.response)
        record.headers["WARC-Target-URI"] = url
        record.headers["WARC-Date"] = "2025-03-12T09:00:00Z"
        record.headers["Content-Type"] = "application/http; msgtype=response"
        http = f"HTTP/1.1 {status}\r\nContent-Type: text/html; charset=utf-8\r\n"
        http = (http + http_headers + "\r\n").encode()
        record.set_bytes_content(http + html)
        record.write(buf)
    return buf.getvalue()


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "test.db"


def write_mixed_corpus(folder: Path) -> int:
    """One input of each format; returns how many articles it holds."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "herald.html").write_text(html_page(), encoding="utf-8")
    (folder / "gazette.html.gz").write_bytes(
        gzip.compress(html_page("Barrier review ordered", site="Valley Gazette").encode())
    )
    (folder / "wire.jsonl").write_text(
        json.dumps(
            {
                "url": "https://wire.example/flood",
                "title": "Wire: flood at Holloway",
                "outlet": "Northern Wire",
                "published": "2025-03-11T07:00:00Z",
                "text": "\n".join(BODY[1:]),
            }
        )
        + "\n",
        encoding="utf-8",
    )
    (folder / "crawl.warc.gz").write_bytes(
        gzip.compress(
            warc_bytes(
                [
                    (
                        "https://post.example/2025/03/12/flood-aftermath",
                        html_page("Aftermath of the Marren flood", site="Riverside Post").encode(),
                    )
                ]
            )
        )
    )
    return 4


def runaway_paragraph(chars: int, *, sentence_ends: bool, seed: int = 7) -> str:
    """One paragraph of about ``chars`` characters of common words, as a broken scraper
    gives: with a full stop every 18 words (each sentence capitalised), or none at all
    (the hostile-input benchmark's generator, ``benchmarks/hostile_text.py``)."""
    from hostile_text import plain_words

    return plain_words(chars, full_stops=sentence_ends, seed=seed)


# One made-up story (the Lorn footbridge collapse) as four outlets' JSONL records: a
# wire report, a syndicated copy of it with a local line added, two reports of their
# own, and a German-language report. Names and figures agree across outlets.
FOOTBRIDGE_STORY = (
    {
        "url": "https://wire.example/lorn-footbridge",
        "outlet": "Northern Wire",
        "title": "Lorn footbridge collapses in Aldwick, four people hurt",
        "published": "2025-06-03T09:00:00Z",
        "text": "A footbridge over the river Lorn collapsed in Aldwick on Tuesday morning,"
        " injuring four people who were crossing it, the county fire service said.\n"
        "The footbridge, built in 1931, had been closed for repairs twice in the past"
        " decade.\n"
        "He said the four injured were taken to Aldwick General Hospital.\n"
        "Council leader Maren Hoyle said a review of every bridge in the county would begin"
        " next week.",
    },
    {
        "url": "https://post.example/lorn-footbridge-copy",
        "outlet": "Porthmere Evening Post",
        "title": "Four hurt as Aldwick footbridge falls into the Lorn",
        "published": "2025-06-03T11:00:00Z",
        "text": "A footbridge over the river Lorn collapsed in Aldwick on Tuesday morning,"
        " injuring four people who were crossing it, the county fire service said.\n"
        "The footbridge, built in 1931, had been closed for repairs twice in the past"
        " decade.\n"
        "He said the four injured were taken to Aldwick General Hospital.\n"
        "Council leader Maren Hoyle said a review of every bridge in the county would begin"
        " next week.\n"
        "Porthmere commuters who used the footbridge were told to take the ferry instead.",
    },
    {
        "url": "https://courier.example/footbridge",
        "outlet": "Aldwick Courier",
        "title": "Residents warned of cracks before Lorn footbridge gave way",
        "published": "2025-06-03T15:00:00Z",
        "text": "Residents of Aldwick had complained about cracks in the stone piers of the"
        " Lorn footbridge since the spring floods, according to letters seen by the"
        " Courier.\n"
        "Witnesses said the deck of the footbridge tilted and slid into the river Lorn"
        " within seconds on Tuesday morning.\n"
        "The county council said engineers would inspect the remaining piers of the"
        " footbridge on Wednesday.",
    },
    {
        "url": "https://radio.example/footbridge-inquiry",
        "outlet": "Valley Radio",
        "title": "Aldwick footbridge collapse: council orders inquiry",
        "published": "2025-06-04T08:00:00Z",
        "text": "Aldwick council has ordered an independent inquiry into Tuesday's collapse of"
        " the Lorn footbridge, council leader Maren Hoyle said on Wednesday.\n"
        "The inquiry will look at why repairs to the footbridge's cracked stone piers"
        " were postponed last year.\n"
        "Rail services between Aldwick and Porthmere resumed on Wednesday morning.",
    },
    {
        "url": "https://tagblatt.example/fussgaengerbruecke",
        "outlet": "Lorntal Tagblatt",
        "title": "Fußgängerbrücke in Aldwick eingestürzt",
        "published": "2025-06-03T18:00:00Z",
        "text": "In Aldwick ist am Dienstagmorgen die Fußgängerbrücke über den Fluss Lorn"
        " eingestürzt, vier Menschen wurden verletzt, wie die Feuerwehr mitteilte.\n"
        "Die Brücke aus dem Jahr 1931 war in den letzten zehn Jahren zweimal für"
        " Reparaturen gesperrt worden.\n"
        "Ratsvorsitzende Maren Hoyle sagte, alle Brücken der Grafschaft würden ab nächster"
        " Woche überprüft.",
    },
)


def write_footbridge_story(folder: Path) -> Path:
    """The footbridge story as one JSONL file in ``folder``; returns its path."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "footbridge.jsonl"
    path.write_text(
        "".join(json.dumps(row, ensure_ascii=False) + "\n" for row in FOOTBRIDGE_STORY),
        encoding="utf-8",
    )
    return path


# -- generated coverage: made-up events reported by made-up outlets ---------------------

_SYLLABLES = ("mar", "ven", "tal", "dor", "qui", "sel", "bran", "ost", "rel", "kov", "lun", "zef")
_TOPICS = (
    ("flood", "river", "barrier", "evacuation", "rescue", "boats", "water", "levels"),
    ("election", "ballots", "candidate", "turnout", "polling", "coalition", "votes", "count"),
    ("strike", "union", "wages", "factory", "talks", "pickets", "contract", "workers"),
    ("earthquake", "magnitude", "rubble", "aftershocks", "tents", "collapsed", "survivors", "toll"),
    ("trial", "jury", "verdict", "prosecutor", "witness", "testimony", "judge", "appeal"),
)
_FILLER = (
    "officials said on the day",
    "according to people familiar with the matter",
    "the ministry confirmed in a statement",
    "residents described the scene to reporters",
    "the figures were revised later in the afternoon",
    "more details are expected this week",
)
GENERATED_OUTLETS = ("Harbor Ledger", "Valley Courier", "Metro Post", "Prairie Tribune")


def _made_up_name(rng: random.Random) -> str:
    return "".join(rng.choice(_SYLLABLES) for _ in range(rng.randint(2, 3))).capitalize()


def generated_coverage(count: int, seed: int = 7) -> list[dict[str, str]]:
    """``count`` made-up articles as JSONL rows (title, text, published, outlet, url):
    events of a few kinds, each in a made-up place with made-up people, reported
    several times over a few days; some reports are re-run by other outlets word for
    word or with a sentence dropped (duplicates and near-copies), some are undated."""
    rng = random.Random(seed)
    rows: list[dict[str, str]] = []
    start = datetime(2024, 1, 1, tzinfo=UTC)
    while len(rows) < count:
        topic = rng.choice(_TOPICS)
        place, person = _made_up_name(rng), f"{_made_up_name(rng)} {_made_up_name(rng)}"
        day = start + timedelta(days=rng.uniform(0, 120))
        figure = rng.randint(12, 4000)
        for report in range(rng.randint(1, 6)):
            words = rng.sample(topic, 5)
            sentences = [
                f"The {words[0]} in {place} drew {figure} people on day {report + 1},"
                f" {rng.choice(_FILLER)}.",
                f"{person} spoke about the {words[1]} and the {words[2]} near {place}.",
                f"Crews and the {words[3]} kept {place} busy as {rng.choice(_FILLER)}.",
                f"Later the {words[4]} around {place} was discussed again by {person}.",
            ]
            published = day + timedelta(hours=rng.uniform(0, 72))
            row = {
                "title": f"{place}: {words[0]} {words[1]} ({person.split()[0]})",
                "text": "\n\n".join(sentences),
                "outlet": rng.choice(GENERATED_OUTLETS),
                "url": f"https://news.example/{len(rows)}",
            }
            if rng.random() > 0.1:
                row["published"] = published.isoformat()
            rows.append(row)
            if rng.random() < 0.3:  # re-run by another outlet, whole or cut
                copy = dict(row, url=f"https://news.example/{len(rows)}")
                copy["outlet"] = rng.choice(GENERATED_OUTLETS)
                if rng.random() < 0.5:
                    copy["text"] = "\n\n".join(sentences[:-1])
                rows.append(copy)
    return rows[:count]


# -- pages: what a strict Content-Security-Policy would block -----------------------


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        names = dict(attrs)
        self.found += [f"<{tag} {n}>" for n in names if n.startswith("on") or n == "style"]
        if tag == "script" and not names.get("src"):
            self.found.append("<script> without src")
        for name in ("href", "src", "action", "formaction"):
            if (names.get(name) or "").strip().lower().startswith(("javascript:", "data:")):
                self.found.append(f"<{tag} {name}={names[name]}>")


def unsafe_markup(html: str) -> list[str]:
    """What a CSP without 'unsafe-inline' would block or a payload would need, as a
    browser parses the page: handler and style attributes, inline scripts,
    javascript: links."""
    parser = _Tags()
    parser.feed(html)
    return parser.found
