"""Turn results into text for the screen or a file, and write files privately."""

from __future__ import annotations

import io
import os
from pathlib import Path

from mendpath.explain import Reason
from mendpath.problems import MendpathError
from mendpath.summary import Summary

FILE_WIDTH = 80


def summary_text(summary: Summary, fmt: str, to_file: bool) -> str | None:
    """The summary in a format; None when it was printed straight to the terminal."""
    if fmt == "terminal":
        from rich.console import Console

        from mendpath.render import render_terminal

        if not to_file:
            render_terminal(summary, Console())
            return None
        buffer = io.StringIO()
        render_terminal(summary, Console(file=buffer, width=FILE_WIDTH, color_system=None))
        return "".join(line.rstrip() + "\n" for line in buffer.getvalue().splitlines())
    from mendpath.formats import FORMATS

    return FORMATS[fmt](summary)


def explanation_text(reasons: list[Reason]) -> str:
    lines: list[str] = []
    shown = [r for r in reasons if r.shown]
    hidden = [r for r in reasons if not r.shown]
    lines.append("Shown:" if shown else "Nothing is shown for these answers.")
    for number, reason in enumerate(shown, 1):
        lines.append(f"  {number}. {reason.title} ({reason.advice})")
        lines += [f"     because {why}" for why in reason.why]
    if hidden:
        lines += ["", "Not shown:"]
        for reason in hidden:
            lines.append(f"  - {reason.title} ({reason.advice})")
            lines += [f"     {why}" for why in reason.why]
    return "\n".join(lines) + "\n"


def write_private(path: Path, text: str) -> None:
    """Write a file only its owner can read: the answers in it are intimate."""
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
    except OSError as exc:
        raise MendpathError(f"cannot write {path}: {exc.strerror}") from None
