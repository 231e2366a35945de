"""Where the interview talks to the person: the terminal, even when standard output is piped.

Prompts belong on the terminal and the summary on standard output, so `mendpath ask | less`
and `mendpath ask > advice.txt` work: when standard output is not a terminal, the prompts
go to the controlling terminal (/dev/tty). Plain prompts (`--plain`, or TERM=dumb) are
lines of text with no cursor movement or colour.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from typing import TextIO

from mendpath.ask.interview import AskFn

_TTY = "/dev/tty"
_opened: list[TextIO] = []


def plain_wanted(flag: bool) -> bool:
    """Plain prompts: asked for with --plain, or chosen for a terminal that cannot do more."""
    return flag or os.environ.get("TERM", "") == "dumb"


def prompt_stream() -> TextIO | None:
    """Where prompts are written: standard output when it is the terminal, else the
    controlling terminal; None when there is none (mendpath then never waits for input)."""
    if not sys.stdin.isatty():
        return None
    if sys.stdout.isatty():
        return sys.stdout
    if _opened:
        return _opened[0]
    try:
        stream = open(_TTY, "w", encoding="utf-8")  # noqa: SIM115 - kept open for the run
    except OSError:
        return None
    _opened.append(stream)
    return stream


def resume_chooser(plain: bool, stream: TextIO) -> Callable[[], bool]:
    """Asks, on `stream`, whether to continue saved progress (True) or start over."""
    if plain:
        from mendpath.ask.plain import plain_chooser

        return plain_chooser(sys.stdin, stream)
    from mendpath.ask.prompts import choose_resume, choose_resume_on

    return choose_resume if stream is sys.stdout else choose_resume_on(stream)


def terminal_asker(plain: bool, stream: TextIO) -> AskFn:
    """The interview's ask function for this terminal, prompting on `stream`."""
    if plain:
        from mendpath.ask.plain import plain_asker

        return plain_asker(sys.stdin, stream)
    from mendpath.ask.prompts import ask_in_terminal, ask_on

    return ask_in_terminal if stream is sys.stdout else ask_on(stream)
