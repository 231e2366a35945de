"""Cleaning text for display: one policy for every text that comes from outside.

Control characters (ESC, BEL, C1 codes...) could move the cursor, retitle the terminal or
forge output lines when shown, so they never reach the screen. Rule text keeps tabs and
newlines (it is Markdown); a one-line answer turns them into spaces.
"""

from __future__ import annotations

import re

_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
_LAYOUT = "\t\n"


def _drop(match: re.Match[str]) -> str:
    return match.group() if match.group() in _LAYOUT else ""


def _space(match: re.Match[str]) -> str:
    return " " if match.group() in "\t\n\r" else ""


def clean_block(text: str) -> str:
    """Text of several lines (rule text): control characters removed, tabs and newlines kept."""
    return _CONTROL.sub(_drop, text)


def clean_line(text: str) -> str:
    """One line (a typed answer, a label): control characters removed, line breaks made
    spaces, surrounding white space trimmed."""
    return _CONTROL.sub(_space, text).strip()
