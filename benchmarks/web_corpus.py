"""The web load benchmark's corpus: realistic articles made at run time by recombining
Timeline17 development texts (``../shared/data/timelines/t17-dev``), never stored in
the repository.

Each generated article re-issues one development article under a made-up outlet, a
few days after the original date, lightly changed (a sentence dropped, two swapped),
so stories gather many outlets and the store holds near-copies as real feeds do. The
text is detokenized (Timeline17 is PTB-tokenized) and cut into paragraphs of three
sentences; the title is the first words of the first line.
"""

from __future__ import annotations

import json
import random
import re
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path

T17 = Path(__file__).resolve().parents[2] / "shared" / "data" / "timelines" / "t17-dev"
OUTLETS = tuple(f"{a} {b}" for a in ("Harbor", "Valley", "Metro", "Prairie", "Coastal")
                for b in ("Ledger", "Courier", "Post", "Tribune", "Gazette", "Herald"))  # fmt: skip
RECORDS_PER_FILE = 500
_DETOKENIZE = (
    (re.compile(r"-LRB-\s*"), "("),
    (re.compile(r"\s*-RRB-"), ")"),
    (re.compile(r"-LSB-\s*|-LCB-\s*"), "["),
    (re.compile(r"\s*-RSB-|\s*-RCB-"), "]"),
    (re.compile(r"``\s*|\s*''"), '"'),
    (re.compile(r"`\s*"), "'"),
    (re.compile(r"\s+([.,;:!?%)\]]|n't|'s|'re|'ve|'ll|'d|'m)"), r"\1"),
    (re.compile(r"([(\[$#])\s+"), r"\1"),
    (re.compile(r"\s+'\s*$"), "'"),
)


def detokenize(line: str) -> str:
    for pattern, replacement in _DETOKENIZE:
        line = pattern.sub(replacement, line)
    return " ".join(line.split())


def base_articles(data: Path = T17) -> list[tuple[str, datetime, list[str]]]:
    """(topic, date, sentences) of every development article with some body."""
    found = []
    for path in sorted(data.glob("*/articles.jsonl")):
        topic = path.parent.name
        for line in path.read_text(encoding="utf-8").splitlines():
            row = json.loads(line)
            sentences = [detokenize(s) for s in row["text"].split("\n") if s.strip()]
            if len(sentences) >= 4:
                found.append((topic, datetime.fromisoformat(row["time"]), sentences))
    return found


def generated(count: int, seed: int = 0, data: Path = T17) -> Iterator[dict[str, str]]:
    """``count`` JSONL records (title, text, outlet, published, url)."""
    rng = random.Random(seed)
    bases = base_articles(data)
    if not bases:
        raise FileNotFoundError(f"no Timeline17 articles under {data}")
    for number in range(count):
        topic, day, sentences = (
            bases[number % len(bases)] if number < len(bases) else (rng.choice(bases))
        )
        body = list(sentences)
        if number >= len(bases):  # a re-issue: lightly changed
            if len(body) > 5:
                del body[rng.randrange(1, len(body))]
            if len(body) > 4 and rng.random() < 0.5:
                i = rng.randrange(1, len(body) - 1)
                body[i], body[i + 1] = body[i + 1], body[i]
        title_words = body[0].split()[: rng.randint(7, 12)]
        paragraphs = [" ".join(body[i : i + 3]) for i in range(0, len(body), 3)]
        hours = rng.uniform(6, 24 * (3 if number >= len(bases) else 1))
        published = (day + timedelta(hours=hours)).replace(microsecond=0)
        yield {
            "title": " ".join(title_words).rstrip(",;:"),
            "text": "\n\n".join(paragraphs),
            "outlet": rng.choice(OUTLETS),
            "published": published.isoformat(),
            "url": f"https://news.example/{topic}/{number}",
        }


def write_corpus(folder: Path, count: int, *, seed: int = 0, data: Path = T17) -> list[Path]:
    """The generated records as JSONL files of RECORDS_PER_FILE in ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    paths: list[Path] = []
    records = list(generated(count, seed, data))
    for start in range(0, len(records), RECORDS_PER_FILE):
        path = folder / f"part-{start // RECORDS_PER_FILE:04d}.jsonl"
        chunk = records[start : start + RECORDS_PER_FILE]
        path.write_text("".join(json.dumps(r) + "\n" for r in chunk), encoding="utf-8")
        paths.append(path)
    return paths
