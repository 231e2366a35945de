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


def can_time() -> bool:
    """Whether a match can be timed here (the main thread, on a system with `setitimer`)."""
    import signal  # here: most books have no pattern, and start-up pays for these
    import threading

    return hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()


def fullmatch(pattern: str, text: str, limit: float = LIMIT, cpu: bool = False) -> bool | None:
    """Whether `text` matches `pattern` whole; None when that was not known in `limit`
    seconds: of the clock (the person waits), or with `cpu`, of the process's own time (a
    measure that other processes on the machine do not lengthen). A timer the caller had
    set is put back after, less the time the match took (due by then: its signal is raised
    at once)."""
    import signal
    import time

    if not can_time():
        return re.fullmatch(pattern, text) is not None
    which, number = (
        (signal.ITIMER_PROF, signal.SIGPROF) if cpu else (signal.ITIMER_REAL, signal.SIGALRM)
    )
    clock = time.process_time if cpu else time.monotonic
    running = True

    def expired(signum: int, frame: FrameType | None) -> None:
        if running:  # a signal that comes once the match is over ends nothing
            raise _TookTooLong

    before = signal.signal(number, expired)
    started = clock()
    waiting, every = 0.0, 0.0
    try:
        waiting, every = signal.setitimer(which, limit)
        try:
            found: bool | None = re.fullmatch(pattern, text) is not None
        finally:
            running = False
            signal.setitimer(which, 0)
    except _TookTooLong:
        found = None
    finally:
        signal.signal(number, before if before is not None else signal.SIG_DFL)
        if waiting > 0:  # the caller's timer, less the time taken
            left = waiting - (clock() - started)
            if left > 0:
                signal.setitimer(which, left, every)
            else:
                if every:
                    signal.setitimer(which, every, every)
                signal.raise_signal(number)
    return found
