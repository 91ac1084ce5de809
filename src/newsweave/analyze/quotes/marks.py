"""Finding direct-quote regions from quotation marks alone, paragraph by paragraph.

News style lets a quote run over several paragraphs: the mark is not closed at the end
of a paragraph and the next paragraph reopens with a mark. Anything else that is left
open at a paragraph end is closed there, so one stray mark can never swallow the rest
of the article.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

DOUBLE_OPEN = "“„«"
DOUBLE_CLOSE = "”»"
SINGLE_OPEN = "‘"
SINGLE_CLOSE = "’"
STRAIGHT_DOUBLE = '"'
STRAIGHT_SINGLE = "'"
ALL_MARKS = DOUBLE_OPEN + DOUBLE_CLOSE + SINGLE_OPEN + SINGLE_CLOSE + '"' + "'"
# Characters after which a mark is opening rather than closing.
OPENING_CONTEXT = " \t\n([{—–-/:;“‘\"'"

_PARAGRAPH = re.compile(r"[^\n]+")


@dataclass(frozen=True, slots=True)
class QuoteRegion:
    """Text between quotation marks; ``pieces`` are the inner spans, one per paragraph."""

    start: int  # offset of the opening mark
    end: int  # offset just after the closing mark (or the paragraph end if left open)
    pieces: tuple[tuple[int, int], ...]
    closed: bool

    @property
    def inner_start(self) -> int:
        return self.pieces[0][0]

    @property
    def inner_end(self) -> int:
        return self.pieces[-1][1]


@dataclass(slots=True)
class _Open:
    family: str  # "double" or "single"
    position: int


def _is_opening_position(text: str, i: int) -> bool:
    before = text[i - 1] if i > 0 else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    return before in OPENING_CONTEXT and not after.isspace()


def _is_closing_position(text: str, i: int) -> bool:
    before = text[i - 1] if i > 0 else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    return not before.isspace() and not after.isalnum()


def _classify(text: str, i: int) -> tuple[str, str] | None:
    """("double"|"single", "open"|"close"|"toggle") for a mark, None for an apostrophe."""
    ch = text[i]
    if ch in DOUBLE_OPEN:
        return ("double", "open")
    if ch in DOUBLE_CLOSE:
        return ("double", "close")
    if ch == STRAIGHT_DOUBLE:
        return ("double", "toggle")
    if ch in (SINGLE_OPEN, STRAIGHT_SINGLE, SINGLE_CLOSE):
        # Apostrophes (don't, Brits', '90s) outnumber single quotes: only a mark in an
        # opening position opens, only one in a closing position can close.
        if _is_opening_position(text, i) and (ch != SINGLE_CLOSE):
            return ("single", "open")
        if _is_closing_position(text, i):
            return ("single", "close")
    return None


def _marks(text: str, start: int, end: int) -> Iterator[tuple[int, str, str]]:
    """(position, family, role) of each quote mark in ``text[start:end]``, apostrophes
    left out (see :func:`_classify`)."""
    for i in range(start, end):
        if text[i] in ALL_MARKS:
            kind = _classify(text, i)
            if kind is not None:
                yield i, kind[0], kind[1]


def _pop_to_family(stack: list[_Open], family: str) -> tuple[int, _Open] | None:
    """Pop back to the nearest open mark of ``family``: its depth and the mark, or None
    when there is none (a stray close, which changes nothing)."""
    for depth in range(len(stack) - 1, -1, -1):
        if stack[depth].family == family:
            opened = stack[depth]
            del stack[depth:]
            return depth, opened
    return None


def _scan_paragraph(text: str, start: int, end: int) -> tuple[list[tuple[int, int]], int | None]:
    """Top-level (open, close) mark positions closed in the paragraph, plus a dangling open."""
    stack: list[_Open] = []
    closed: list[tuple[int, int]] = []
    for i, family, role in _marks(text, start, end):
        if role == "toggle":
            # Inside a double quote a straight mark closes it; elsewhere it opens one.
            role = "close" if any(o.family == "double" for o in stack) else "open"
        if role == "open":
            stack.append(_Open(family, i))
            continue
        popped = _pop_to_family(stack, family)
        if popped is not None and popped[0] == 0:
            closed.append((popped[1].position, i))
    # Left-open single marks were apostrophes after all; a left-open double mark dangles.
    dangling = next((o.position for o in stack if o.family == "double"), None)
    return closed, dangling


def _inner(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def find_quote_regions(text: str) -> tuple[QuoteRegion, ...]:
    """Every top-level quoted region of ``text``, in order.

    A quote left open at a paragraph end continues only into paragraphs that reopen
    with the same style of mark, and only if one of them finally closes it; otherwise
    the marks are strays (scraping debris, transcripts with a mark on every line) and
    are ignored rather than turned into a quote.
    """
    paragraphs = [(m.start(), m.end()) for m in _PARAGRAPH.finditer(text)]
    regions: list[QuoteRegion] = []
    resume_at: dict[int, int] = {}  # paragraph -> where scanning resumes in it
    consumed: set[int] = set()  # paragraphs wholly inside a multi-paragraph quote
    for index, (p_start, p_end) in enumerate(paragraphs):
        if index in consumed:
            continue
        closed, dangling = _scan_paragraph(text, resume_at.get(index, p_start), p_end)
        for open_at, close_at in closed:
            piece = _inner(text, open_at + 1, close_at)
            if piece[1] > piece[0]:
                regions.append(QuoteRegion(open_at, close_at + 1, (piece,), closed=True))
        if dangling is None:
            continue
        links, close = _follow_chain(text, paragraphs, index, text[dangling])
        if close is None:
            for link in links:  # their leading marks belong to the same stray pattern
                resume_at[link] = paragraphs[link][0] + 1
            inner_closed, _ = _scan_paragraph(text, dangling + 1, p_end)
            for open_at, close_at in inner_closed:
                piece = _inner(text, open_at + 1, close_at)
                if piece[1] > piece[0]:
                    regions.append(QuoteRegion(open_at, close_at + 1, (piece,), closed=True))
            continue
        pieces = [_inner(text, dangling + 1, p_end)]
        pieces += [_inner(text, paragraphs[j][0] + 1, paragraphs[j][1]) for j in links[:-1]]
        pieces.append(_inner(text, paragraphs[links[-1]][0] + 1, close))
        regions.append(_finish(text, dangling, pieces, close + 1, closed=True))
        consumed.update(links[:-1])
        resume_at[links[-1]] = close + 1
    return tuple(regions)


def _follow_chain(
    text: str, paragraphs: list[tuple[int, int]], index: int, mark: str
) -> tuple[list[int], int | None]:
    """Paragraphs after ``index`` that reopen with ``mark``'s style, and the position
    of the mark that finally closes the quote (None if none does)."""
    straight = mark == STRAIGHT_DOUBLE
    links: list[int] = []
    j = index + 1
    while j < len(paragraphs):
        p_start, p_end = paragraphs[j]
        if p_start >= p_end or (text[p_start] == STRAIGHT_DOUBLE) != straight:
            break
        if not straight and text[p_start] not in DOUBLE_OPEN:
            break
        links.append(j)
        close = _first_top_close(text, p_start + 1, p_end)
        if close is not None:
            return links, close
        j += 1
    return links, None


def _first_top_close(text: str, start: int, end: int) -> int | None:
    """The first double mark that closes the quote a reopened paragraph continues."""
    stack: list[_Open] = []
    for i, family, role in _marks(text, start, end):
        nested_double = any(o.family == "double" for o in stack)
        if role == "toggle":
            role = "close" if nested_double or _is_closing_position(text, i) else "open"
        if role == "open":
            stack.append(_Open(family, i))
            continue
        if family == "double" and not nested_double:
            return i
        _pop_to_family(stack, family)
    return None


def _finish(
    text: str, start: int, pieces: list[tuple[int, int]], end: int, *, closed: bool
) -> QuoteRegion:
    kept = tuple(p for p in pieces if p[1] > p[0])
    if not kept:
        kept = (_inner(text, start + 1, end),)
    return QuoteRegion(start, end, kept, closed=closed)
