"""Shared by the tests that drive the real program in a pseudo-terminal (pexpect)."""

from __future__ import annotations

import pexpect


def no_fixed_delays(child: pexpect.spawn) -> pexpect.spawn:
    """pexpect sleeps 50 ms before every send and 100 ms in every close, in case a program
    reads its terminal late; every send in these tests waits for the prompt it answers, and
    every close follows the end of output, so neither sleep is needed."""
    child.delaybeforesend = None
    child.delayafterclose = 0
    child.ptyproc.delayafterclose = 0
    return child
