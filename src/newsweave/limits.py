"""Per-document limits, the same for every step that works on one document.

Size: an article's text is cut at ``MAX_ARTICLE_CHARS`` whatever format it came in, so
no later step (analysis, duplicate signature, story features) ever sees more.

Time: a ``Deadline`` set for the document in hand (a context variable, so each thread,
worker or task has its own) and checked by the long loops of every step through
``check_deadline()``. Unlike an alarm signal it works outside the main thread, where a
web server's handlers and Ray's workers run.
"""

from __future__ import annotations

import re
import signal
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from types import FrameType

from newsweave.errors import LimitExceeded
from newsweave.records import DroppedBlock

# Characters of article text kept at most. A long-form feature runs to some 100,000;
# five times that still analyses within the default time limit on a laptop and within
# 2 GB, while a scraper's runaway page (megabytes of one paragraph) does neither.
MAX_ARTICLE_CHARS = 500_000
# Seconds one document may take in one step (``newsweave ingest --time-limit``).
DEFAULT_TIME_LIMIT_S = 60.0


# A cut is made at a line break (else a sentence end, else a space) this close before
# the cap, when any.
CUT_SEARCH_CHARS = 2_000
# A full stop, question or exclamation mark (closing quotes and brackets after it)
# followed by a space.
_SENTENCE_END = re.compile(r"[.!?][\"')\]\u2019\u201d]*(?=\s)")
# How much of the cut-off text the recorded DroppedBlock keeps, to show where it was.
CUT_SAMPLE_CHARS = 200
TOO_LONG = "too-long"  # the DroppedBlock reason of a cut


def cap_text(text: str, limit: int = MAX_ARTICLE_CHARS) -> tuple[str, DroppedBlock | None]:
    """``text`` cut to at most ``limit`` characters, and the record of the cut (None
    when nothing was cut): its first characters and how many went."""
    if len(text) <= limit:
        return text, None
    floor = max(0, limit - CUT_SEARCH_CHARS)
    end = text.rfind("\n", floor, limit)
    if end <= 0:
        # A text with no line break (a JSONL record's runaway paragraph) cut mid-sentence
        # ends in a fragment, which the text-dump cleaner takes for a caption, dropping
        # the one paragraph there is: keep whole sentences.
        ends = [found.end() for found in _SENTENCE_END.finditer(text, floor, limit)]
        end = ends[-1] if ends else 0
    if end <= 0:
        end = max(text.rfind(" ", floor, limit), text.rfind("\t", floor, limit))
    if end <= 0:
        end = limit
    cut = text[end:].lstrip()
    sample = cut[:CUT_SAMPLE_CHARS]
    note = f"{sample} … ({len(text) - end:,} characters cut: more than {limit:,})"
    return text[:end].rstrip(), DroppedBlock(note, TOO_LONG)


@dataclass(frozen=True, slots=True)
class Deadline:
    """The moment (``time.monotonic()``) work on one document must stop."""

    at: float
    seconds: float

    def check(self) -> None:
        if time.monotonic() > self.at:
            raise LimitExceeded("timeout", f"processing took longer than {self.seconds:g} s")


_deadline: ContextVar[Deadline | None] = ContextVar("newsweave_deadline", default=None)


def check_deadline() -> None:
    """Raise LimitExceeded('timeout') if the current document's deadline has passed
    (nothing happens when no deadline is set). Cheap enough for any loop's head."""
    deadline = _deadline.get()
    if deadline is not None and time.monotonic() > deadline.at:
        deadline.check()


@contextmanager
def deadline_after(seconds: float) -> Iterator[Deadline | None]:
    """Set a deadline ``seconds`` from now for the block (none when ``seconds`` <= 0);
    an enclosing earlier deadline stays in force."""
    if seconds <= 0:
        yield _deadline.get()
        return
    mine = Deadline(time.monotonic() + seconds, seconds)
    outer = _deadline.get()
    token = _deadline.set(outer if outer is not None and outer.at < mine.at else mine)
    try:
        yield _deadline.get()
    finally:
        _deadline.reset(token)


# The alarm fires this long after the deadline, so the cooperative check, which leaves
# a step's state clean, normally wins.
ALARM_GRACE_S = 1.0


@contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    """Raise LimitExceeded('timeout') if the block runs longer than ``seconds`` (no
    limit when ``seconds`` <= 0), in any thread: the block's deadline is checked by the
    steps' long loops. In the main thread of a Unix process SIGALRM is set as well, a
    guard for loops that do not check."""
    with deadline_after(seconds):
        if seconds <= 0 or not _alarm_usable():
            yield
            return

        def on_alarm(signum: int, frame: FrameType | None) -> None:
            raise LimitExceeded("timeout", f"processing took longer than {seconds:g} s")

        previous = signal.signal(signal.SIGALRM, on_alarm)
        signal.setitimer(signal.ITIMER_REAL, seconds + ALARM_GRACE_S)
        try:
            yield
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, previous)


def _alarm_usable() -> bool:
    return hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()
