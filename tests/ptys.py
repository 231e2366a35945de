"""Shared by the tests that drive the real program in a pseudo-terminal (pexpect)."""

from __future__ import annotations

import re

import pexpect


def no_fixed_delays(child: pexpect.spawn) -> pexpect.spawn:
    """pexpect sleeps 50 ms before every send and 100 ms in every close, in case a program
    reads its terminal late; every send in these tests waits for the prompt it answers, and
    every close follows the end of output, so neither sleep is needed."""
    child.delaybeforesend = None
    child.delayafterclose = 0
    child.ptyproc.delayafterclose = 0
    return child


class Screen:
    """Just enough of a VT100 terminal of `width` columns for what prompt_toolkit writes:
    text, carriage return, line feed, cursor moves and erasing. `overflow` counts characters
    written past the right edge while line wrapping is off (cut off on a real terminal); `frames` keeps the screen as it
    was before each erase, so text shown for a moment (a validation message) is seen."""

    def __init__(self, width: int) -> None:
        self.width = width
        self.rows: list[list[str]] = [[]]
        self.row = self.col = 0
        self.overflow = 0
        self.autowrap = True  # prompt_toolkit turns it off while it draws (CSI ?7l)
        self.frames: list[list[str]] = []

    def _at(self, row: int) -> list[str]:
        while len(self.rows) <= row:
            self.rows.append([])
        return self.rows[row]

    def lines(self) -> list[str]:
        return ["".join(r).rstrip() for r in self.rows]

    def feed(self, data: str) -> None:
        for match in re.finditer(r"\x1b\[([0-9;?]*)([A-Za-z])|\x1b\][^\x07]*\x07|(.)", data, re.S):
            args, command, char = match.group(1), match.group(2), match.group(3)
            if char is not None:
                if char == "\r":
                    self.col = 0
                elif char == "\n":
                    self.row += 1
                    self.col = 0
                elif self.col >= self.width and not self.autowrap:
                    self.overflow += 1
                else:
                    if self.col >= self.width:  # the terminal wraps plain output itself
                        self.row, self.col = self.row + 1, 0
                    line = self._at(self.row)
                    line += [" "] * (self.col - len(line) + 1)
                    line[self.col] = char
                    self.col += 1
            elif command in "hl" and args == "?7":
                self.autowrap = command == "h"
            elif command in "ABCD" and not args.startswith("?"):
                n = int(args or "1")
                if command == "A":
                    self.row = max(0, self.row - n)
                elif command == "B":
                    self.row += n
                elif command == "C":
                    self.col = min(self.width, self.col + n)
                else:
                    self.col = max(0, self.col - n)
            elif command == "J":
                self.frames.append(self.lines())
                del self._at(self.row)[self.col :]
                del self.rows[self.row + 1 :]
            elif command == "K":
                del self._at(self.row)[self.col :]
