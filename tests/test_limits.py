"""Per-document limits: the deadline holds in any thread, an earlier enclosing one
stays in force, and the text cap cuts at a break and records what it cut."""

from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest

from newsweave.errors import LimitExceeded
from newsweave.limits import (
    TOO_LONG,
    cap_text,
    check_deadline,
    deadline_after,
    time_limit,
)


def spin(at_most: float) -> float:
    """A long loop that checks the deadline, as the steps' loops do; returns how long
    it ran."""
    started = time.monotonic()
    while time.monotonic() - started < at_most:
        check_deadline()
    return time.monotonic() - started


def test_time_limit_fires_in_a_worker_thread() -> None:
    # Where web handlers and Ray workers run: SIGALRM cannot reach them.
    def work() -> float:
        with time_limit(0.2):
            return spin(20)

    started = time.monotonic()
    with ThreadPoolExecutor(max_workers=1) as pool:
        future = pool.submit(work)
        with pytest.raises(LimitExceeded) as caught:
            future.result(timeout=60)
    assert caught.value.reason == "timeout"
    assert time.monotonic() - started < 10


def test_one_threads_deadline_does_not_limit_another() -> None:
    done = threading.Event()
    errors: list[BaseException] = []

    def other() -> None:
        try:
            spin(0.5)  # no deadline of its own
        except BaseException as exc:  # pragma: no cover - the failure being tested
            errors.append(exc)
        done.set()

    with deadline_after(0.05):
        thread = threading.Thread(target=other)
        thread.start()
        thread.join(timeout=30)
    assert done.is_set() and not errors


def test_time_limit_guards_loops_that_do_not_check_in_the_main_thread() -> None:
    started = time.monotonic()
    with pytest.raises(LimitExceeded), time_limit(0.1):
        while time.monotonic() - started < 20:
            pass  # no check_deadline(): the alarm stops it
    assert time.monotonic() - started < 10


def test_an_earlier_enclosing_deadline_stays_in_force() -> None:
    with deadline_after(0.1), deadline_after(60), pytest.raises(LimitExceeded):
        spin(20)


def test_no_limit_when_seconds_is_zero() -> None:
    with time_limit(0):
        assert spin(0.2) >= 0.2


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        # short enough: untouched, nothing recorded
        ("one line\nanother", "one line\nanother"),
        # cut at the last line break before the cap
        ("first line here\nsecond line that is long", "first line here"),
        # no line break: after the last sentence
        ("Words, words. And words but", "Words, words."),
        ('He said "no." Then she left', 'He said "no."'),
        # no line break nor sentence end: at the last space
        ("words and words and more words", "words and words and"),
        # no break at all: at the cap itself
        ("x" * 40, "x" * 24),
    ],
)
def test_cap_text_cuts_at_a_break_and_records_the_cut(text: str, kept: str) -> None:
    capped, cut = cap_text(text, 24)
    assert capped == kept
    if capped == text:
        assert cut is None
    else:
        assert cut is not None and cut.reason == TOO_LONG
        assert text[len(kept) :].strip()[:5] in cut.text
        assert f"{len(text) - len(kept):,} characters cut" in cut.text
