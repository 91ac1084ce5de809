"""Loading and scoring helpers for the WCXB extraction benchmark (HTML and text dumps).

Layout of a data directory: ``ground-truth/NNNN.json`` (WCXB schema: the gold is under
``ground_truth`` with ``main_content``, ``title``, ``publish_date``, ``author``) plus either
``html/NNNN.html.gz`` or ``text/NNNN.txt``.

Scoring follows the figures published with the data: word-level precision/recall/F1 on
bags (multisets) of lowercase ``\\w+`` tokens, macro-averaged over pages.
"""

from __future__ import annotations

import gzip
import json
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from rapidfuzz import fuzz

WORD_RE = re.compile(r"\w+")
# A title counts as right when it equals the gold after whitespace/case normalisation,
# or when rapidfuzz's ratio (0..100) reaches this: headlines often carry a trailing
# " | Site" or differ in one dash.
TITLE_FUZZY_RATIO = 90.0


@dataclass(frozen=True, slots=True)
class GoldPage:
    page_id: str
    url: str | None
    main_content: str | None
    title: str | None
    publish_date: str | None
    author: str | None


@dataclass(frozen=True, slots=True)
class WordScores:
    precision: float
    recall: float
    f1: float


def load_gold(path: Path) -> GoldPage:
    data = json.loads(path.read_text(encoding="utf-8"))
    gold = data.get("ground_truth") or {}
    return GoldPage(
        page_id=path.stem,
        url=data.get("url"),
        main_content=gold.get("main_content") or None,
        title=gold.get("title") or None,
        publish_date=gold.get("publish_date") or None,
        author=gold.get("author") or None,
    )


def data_mode(data_dir: Path) -> str:
    """``"html"`` or ``"text"``, from which input folder the data directory has."""
    if (data_dir / "html").is_dir():
        return "html"
    if (data_dir / "text").is_dir():
        return "text"
    raise FileNotFoundError(f"{data_dir} has neither html/ nor text/")


def iter_pages(data_dir: Path, limit: int | None = None) -> Iterator[tuple[GoldPage, Path]]:
    """Gold page and its input file, in file-name order; pages without input are skipped."""
    mode = data_mode(data_dir)
    gold_files = sorted((data_dir / "ground-truth").glob("*.json"))
    count = 0
    for gold_path in gold_files:
        if limit is not None and count >= limit:
            return
        if mode == "html":
            source = data_dir / "html" / f"{gold_path.stem}.html.gz"
        else:
            source = data_dir / "text" / f"{gold_path.stem}.txt"
        if not source.exists():
            continue
        count += 1
        yield load_gold(gold_path), source


def read_input(source: Path) -> str:
    if source.name.endswith(".gz"):
        return gzip.decompress(source.read_bytes()).decode("utf-8", errors="replace")
    return source.read_text(encoding="utf-8", errors="replace")


def word_bag(text: str) -> Counter[str]:
    return Counter(WORD_RE.findall(text.lower()))


def word_scores(predicted: str, gold: str) -> WordScores:
    """Precision/recall/F1 of the predicted word bag against the gold word bag.

    An empty prediction scores 0 on all three (not undefined), so a page where an
    extractor returns nothing pulls the macro average down, as it should.
    """
    predicted_bag = word_bag(predicted)
    gold_bag = word_bag(gold)
    overlap = sum((predicted_bag & gold_bag).values())
    if overlap == 0:
        return WordScores(0.0, 0.0, 0.0)
    precision = overlap / sum(predicted_bag.values())
    recall = overlap / sum(gold_bag.values())
    return WordScores(precision, recall, 2 * precision * recall / (precision + recall))


def normalise_title(title: str) -> str:
    return " ".join(title.split()).casefold()


def title_matches(predicted: str | None, gold: str) -> bool:
    if not predicted:
        return False
    left, right = normalise_title(predicted), normalise_title(gold)
    return left == right or fuzz.ratio(left, right) >= TITLE_FUZZY_RATIO


def parse_gold_date(value: str | None) -> date | None:
    """The calendar day of a gold ``publish_date`` (ISO date or datetime), None if absent."""
    if not value:
        return None
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00")).date()
    except ValueError:
        match = re.match(r"(\d{4})-(\d{2})-(\d{2})", value)
        if match is None:
            return None
        return date(int(match[1]), int(match[2]), int(match[3]))


def date_matches(predicted: date | datetime | None, gold: date) -> bool:
    if predicted is None:
        return False
    day = predicted.date() if isinstance(predicted, datetime) else predicted
    return day == gold


@dataclass
class Tally:
    """Running sums for one system: macro word scores, title and date hits, and the
    pages it gave no answer for."""

    precision: float = 0.0
    recall: float = 0.0
    f1: float = 0.0
    pages: int = 0
    seconds: float = 0.0
    title_hits: int = 0
    title_pages: int = 0
    date_hits: int = 0
    date_pages: int = 0
    # Pages the system rejected or raised on (scored as empty answers), by reason.
    rejections: Counter[str] = field(default_factory=Counter)

    @property
    def rejected(self) -> int:
        return sum(self.rejections.values())

    def add_words(self, scores: WordScores) -> None:
        self.precision += scores.precision
        self.recall += scores.recall
        self.f1 += scores.f1
        self.pages += 1

    def add_title(self, predicted: str | None, gold: str | None) -> None:
        if gold is None:
            return
        self.title_pages += 1
        self.title_hits += title_matches(predicted, gold)

    def add_date(self, predicted: date | datetime | None, gold: date | None) -> None:
        if gold is None:
            return
        self.date_pages += 1
        self.date_hits += date_matches(predicted, gold)

    def mean(self, total: float) -> float:
        return total / self.pages if self.pages else 0.0

    @property
    def title_acc(self) -> float:
        return self.title_hits / self.title_pages if self.title_pages else 0.0

    @property
    def date_acc(self) -> float:
        return self.date_hits / self.date_pages if self.date_pages else 0.0

    @property
    def pages_per_s(self) -> float:
        return self.pages / self.seconds if self.seconds > 0 else 0.0


def format_table(rows: list[tuple[str, ...]], header: tuple[str, ...]) -> str:
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(len(header))]
    lines = ["  ".join(cell.ljust(width) for cell, width in zip(header, widths, strict=True))]
    lines.append("  ".join("-" * width for width in widths))
    for row in rows:
        lines.append("  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)))
    return "\n".join(lines)
