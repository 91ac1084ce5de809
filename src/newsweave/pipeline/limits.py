"""A wall-clock limit per document, so one hostile page cannot stall a whole run."""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType

from newsweave.errors import RejectedInput


@contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    """Raise RejectedInput('timeout') if the block runs longer than ``seconds``.

    Uses SIGALRM, so it only works in the main thread of a Unix process; elsewhere
    the block runs unlimited (extractors also bound their input size themselves).
    """
    usable = (
        seconds > 0
        and hasattr(signal, "setitimer")
        and threading.current_thread() is threading.main_thread()
    )
    if not usable:
        yield
        return

    def on_alarm(signum: int, frame: FrameType | None) -> None:
        raise RejectedInput("timeout", f"processing took longer than {seconds:g} s")

    previous = signal.signal(signal.SIGALRM, on_alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
