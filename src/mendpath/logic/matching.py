"""A book's text pattern matched against an answer within a time limit.

Python's `re` backtracks, and some patterns take hours on some answers (`(a+)+b`,
`\\d*\\d*\\d*\\d*x`). validate refuses the ones it can find (MP161), but no check of a
pattern's shape finds them all, and a match that runs on cannot be stopped from the
keyboard: in the full-screen prompt Ctrl-C is a key, read only after the match returns. So
every match of a book's pattern runs under a timer: `re` checks for signals as it goes, and
the timer's signal ends the match. It gives up after `limit` seconds (None: not known),
where a match of an ordinary pattern takes microseconds.

The timer is SIGALRM (`signal.setitimer`), so it works in the main thread of a process on
a system that has it (Linux, macOS): elsewhere the match runs without a limit.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from types import FrameType

LIMIT = 1.0  # seconds: far more than any match of a usable pattern


class _TookTooLong(Exception):
    pass


def fullmatch(pattern: str, text: str, limit: float = LIMIT) -> bool | None:
    """Whether `text` matches `pattern` whole; None when that was not known in `limit`
    seconds."""
    import signal  # here: most books have no pattern, and start-up pays for these
    import threading

    if (
        not hasattr(signal, "setitimer")
        or threading.current_thread() is not threading.main_thread()
    ):
        return re.fullmatch(pattern, text) is not None
    running = True

    def expired(signum: int, frame: FrameType | None) -> None:
        if running:  # a signal that comes once the match is over ends nothing
            raise _TookTooLong

    before = signal.signal(signal.SIGALRM, expired)
    try:
        signal.setitimer(signal.ITIMER_REAL, limit)
        try:
            found = re.fullmatch(pattern, text) is not None
        finally:
            running = False
            signal.setitimer(signal.ITIMER_REAL, 0)
    except _TookTooLong:
        return None
    finally:
        signal.signal(signal.SIGALRM, before if before is not None else signal.SIG_DFL)
    return found
