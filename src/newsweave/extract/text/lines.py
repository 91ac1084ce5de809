"""Splitting a text dump into lines, un-gluing furniture, and marking furniture runs."""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass

from newsweave.extract.furniture import FurnitureModel
from newsweave.extract.text.features import WORD_RE
from newsweave.extract.text.patterns import COMMENT_HINT, DONATION_HINT, furniture_reason

# "...makes all the difference.British troops": a sentence end with no space after it.
GLUE_RE = re.compile(r"(?<=[a-z\d][.!?])(?=[A-Z][a-z])|(?<=[a-z][.!?][\"”’])(?=[A-Z][a-z])")
INVISIBLE_RE = re.compile(r"[\u200b-\u200f\u2060\ufeff\u00ad]")
PERSONAL_RE = re.compile(r"\b(we|our|us|you|your)\b", re.IGNORECASE)
APPEAL_GAP = 3
WRAPPED_MIN_WORDS = 5  # lines between two appeal lines that belong to the same appeal box


@dataclass(slots=True)
class Line:
    """One block of the dump; ``reason`` is set once the block is known to be dropped."""

    text: str
    words: int
    reason: str | None = None
    probability: float = 0.0


def make_line(text: str, reason: str | None = None) -> Line:
    return Line(text=text, words=len(WORD_RE.findall(text)), reason=reason)


def _pattern_reason(text: str, furniture: FurnitureModel | None) -> str | None:
    if furniture is not None and furniture.is_furniture(text):
        return "learned-furniture"
    return furniture_reason(text, len(WORD_RE.findall(text)))


def _unglue(text: str, furniture: FurnitureModel | None) -> list[Line]:
    """Split furniture glued to the start or end of a body line; keep the line otherwise."""
    pieces = [p.strip() for p in GLUE_RE.split(text) if p.strip()]
    if len(pieces) < 2:
        return [make_line(text)]
    head: list[Line] = []
    while len(pieces) > 1 and (reason := _pattern_reason(pieces[0], furniture)):
        head.append(make_line(pieces.pop(0), reason))
    tail: list[Line] = []
    while len(pieces) > 1 and (reason := _pattern_reason(pieces[-1], furniture)):
        tail.insert(0, make_line(pieces.pop(), reason))
    if not head and not tail:
        return [make_line(text)]
    return [*head, make_line(" ".join(pieces)), *tail]


def _rewrap(text: str) -> list[str]:
    """Non-empty lines, with hard-wrapped prose joined back: a line of several words that
    does not end a sentence, followed by one that starts in lower case, is one paragraph."""
    joined: list[str] = []
    for raw in text.splitlines():
        cleaned = " ".join(INVISIBLE_RE.sub("", raw).split())
        if not cleaned:
            continue
        if (
            joined
            and cleaned[0].islower()
            and len(joined[-1].split()) >= WRAPPED_MIN_WORDS
            and joined[-1][-1].isalnum()
        ):
            joined[-1] = f"{joined[-1]} {cleaned}"
        else:
            joined.append(cleaned)
    return joined


def split_lines(text: str, furniture: FurnitureModel | None = None) -> list[Line]:
    """Non-empty blocks of the dump, glued furniture split off, pattern furniture marked."""
    lines: list[Line] = []
    for cleaned in _rewrap(text):
        for line in _unglue(cleaned, furniture):
            if line.reason is None:
                line.reason = _pattern_reason(line.text, furniture)
            lines.append(line)
    _mark_runs(lines, "donation-appeal", DONATION_HINT)
    _mark_runs(lines, "comment-prompt", COMMENT_HINT)
    return lines


def _mark_runs(lines: list[Line], reason: str, hint: re.Pattern[str]) -> None:
    """Lines between two lines of one furniture box belong to it (an appeal's middle part).

    Only lines that speak to the reader ("we", "your") or carry a hint word are taken,
    so a news paragraph that happens to sit between two prompts is left alone.
    """
    anchors = [i for i, line in enumerate(lines) if line.reason == reason]
    for left, right in itertools.pairwise(anchors):
        if right - left - 1 > APPEAL_GAP:
            continue
        for i in range(left + 1, right):
            if lines[i].reason is None and (
                hint.search(lines[i].text) or PERSONAL_RE.search(lines[i].text)
            ):
                lines[i].reason = reason
