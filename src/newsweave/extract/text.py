"""Clean a plain-text dump of a news page: keep the body paragraphs, read the metadata.

The dump holds one block per line with all page furniture still in. The cleaner
1. splits lines, un-glues furniture stuck to a sentence, marks pattern furniture;
2. scores each line with a small fitted model (``text_features``) and takes the
   article span as the best-scoring contiguous run of lines;
3. inside the span keeps every line except clear furniture, pull quotes and
   crossheads (it must never lose a body paragraph), outside drops everything;
4. reads title, outlet, dateline and byline from the lines it dropped.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from newsweave.extract import Extraction
from newsweave.extract.furniture import FurnitureModel
from newsweave.extract.text_features import (
    TERMINAL_RE,
    LineModel,
    default_line_model,
    line_features,
)
from newsweave.extract.text_header import Header, mark_metadata, pick_header
from newsweave.extract.text_lines import Line, split_lines
from newsweave.extract.text_title import choose_title
from newsweave.records import DroppedBlock

# Inside the span, a line this long that ends a sentence is body whatever the model says.
SURE_BODY_WORDS = 12
CROSSHEAD_MAX_WORDS = 10
ATTRIBUTION_MAX_WORDS = 5
LIST_OPENER_RE = re.compile(r":[\"'”’]?$")
_NORMALISE_RE = re.compile(r"[\W_]+")

__all__ = ["clean_text_dump"]


def clean_text_dump(
    text: str, *, furniture: FurnitureModel | None = None, model: LineModel | None = None
) -> Extraction:
    """Body paragraphs and metadata of one text dump; see the module docstring."""
    lines = split_lines(text, furniture)
    if not lines:
        return Extraction(paragraphs=())
    model = model or default_line_model()
    _score(lines, model)
    metadata, outlet = mark_metadata(lines)
    span = _article_span(lines, model)
    if span is None:
        title = choose_title(lines, len(lines))
        _drop_outside(lines, range(0, 0), title)
        return _result(lines, title, pick_header(metadata, outlet, range(len(lines), len(lines))))
    start, end = span
    for i in range(start, end + 1):
        _judge_inside(lines, i, model)
    _drop_pull_quotes(lines, start, end)
    _drop_crossheads(lines, start, end)
    title = choose_title(lines, start)
    _drop_outside(lines, range(start, end + 1), title)
    return _result(lines, title, pick_header(metadata, outlet, range(start, end + 1)))


def _score(lines: list[Line], model: LineModel) -> None:
    texts = [line.text for line in lines]
    flags = [line.reason is not None for line in lines]
    for line, vector in zip(lines, line_features(texts, flags), strict=True):
        line.probability = 0.0 if line.reason else model.probability(vector)


def _article_span(lines: Sequence[Line], model: LineModel) -> tuple[int, int] | None:
    """The contiguous run of lines with the largest summed body evidence (max-sum subarray),
    trimmed so that it starts and ends with a sentence."""
    best, best_span = 0.0, None
    running, run_start = 0.0, 0
    for i, line in enumerate(lines):
        gain = (line.probability - model.span_threshold) * (1.0 + line.words**0.5)
        if running <= 0:
            running, run_start = gain, i
        else:
            running += gain
        if running > best:
            best, best_span = running, (run_start, i)
    if best_span is None:
        return None
    start, end = best_span
    while start < end and not _is_sentence(lines[start]):
        start += 1
    while end > start and not _is_sentence(lines[end]):
        end -= 1
    return start, end


def _is_sentence(line: Line) -> bool:
    return (
        line.reason is None
        and line.words >= 4
        and bool(TERMINAL_RE.search(line.text) or LIST_OPENER_RE.search(line.text))
    )


def _judge_inside(lines: list[Line], i: int, model: LineModel) -> None:
    line = lines[i]
    if line.reason is not None:
        if line.words >= SURE_BODY_WORDS and line.reason not in _ALWAYS_DROP:
            line.reason = None  # a long sentence inside the article is body, not a prompt
        return
    if line.probability < model.keep_inside and not _is_sentence(line):
        line.reason = "boilerplate"


_ALWAYS_DROP = frozenset(
    {
        "learned-furniture",
        "donation-appeal",
        "server-error",
        "cookie-notice",
        "dateline",
        "byline",
        "masthead",
    }
)


def _normalise(text: str) -> str:
    return _NORMALISE_RE.sub(" ", text.casefold()).strip()


def _drop_pull_quotes(lines: list[Line], start: int, end: int) -> None:
    """A line repeated inside a longer body line is a pull quote (and so is its speaker line)."""
    kept = [i for i in range(start, end + 1) if lines[i].reason is None]
    bodies = [(i, _normalise(lines[i].text)) for i in kept]
    for i, text in bodies:
        line = lines[i]
        if line.words < 5 or (TERMINAL_RE.search(line.text) and line.words >= SURE_BODY_WORDS * 3):
            continue
        if any(j != i and len(other) > len(text) and text in other for j, other in bodies):
            line.reason = "pull-quote"
            following = i + 1
            if following <= end and _looks_like_speaker(lines[following]):
                lines[following].reason = "pull-quote"


def _looks_like_speaker(line: Line) -> bool:
    return (
        line.reason is None
        and 1 <= line.words <= ATTRIBUTION_MAX_WORDS
        and not TERMINAL_RE.search(line.text)
        and line.text[:1].isupper()
    )


def _drop_crossheads(lines: list[Line], start: int, end: int) -> None:
    """A short unpunctuated line between two body paragraphs is a subheading."""
    kept = [i for i in range(start, end + 1) if lines[i].reason is None]
    for position in range(1, len(kept) - 1):
        line = lines[kept[position]]
        if line.words > CROSSHEAD_MAX_WORDS or _is_sentence(line) or line.text.endswith(":"):
            continue
        before, after = lines[kept[position - 1]], lines[kept[position + 1]]
        if _is_sentence(before) and _is_sentence(after):
            line.reason = "crosshead"


def _drop_outside(lines: list[Line], span: range, title: int | None) -> None:
    """Everything outside the article span goes, each with the best reason we can name."""
    first = span.start if span else len(lines)
    for i, line in enumerate(lines):
        if i in span or line.reason is not None:
            continue
        line.reason = "title" if i == title else _outside_reason(line, i < first, i > (title or -1))


def _outside_reason(line: Line, before_body: bool, after_title: bool) -> str:
    tokens = line.text.split()
    all_capitalised = all(t[:1].isupper() or not t[:1].isalpha() for t in tokens)
    if line.words <= 3 or (all_capitalised and not TERMINAL_RE.search(line.text)):
        return "navigation"
    if before_body:
        return "caption" if after_title else "header"
    if line.words <= 20 and not line.text.endswith("."):
        return "related-link"
    return "footer"


def _result(lines: Sequence[Line], title: int | None, header: Header) -> Extraction:
    return Extraction(
        paragraphs=tuple(line.text for line in lines if line.reason is None),
        title=lines[title].text if title is not None else None,
        outlet=header.outlet,
        published=header.published,
        author=header.author,
        dropped=tuple(DroppedBlock(line.text, line.reason) for line in lines if line.reason),
    )
