"""Turn results into text for the screen or a file (the format table is in formats.py)."""

from __future__ import annotations

import io

from mendpath.logic.explain import Reason
from mendpath.logic.summary import Summary

FILE_WIDTH = 80


def summary_text(summary: Summary, fmt: str, to_file: bool) -> str | None:
    """The summary in a format; None when it was printed straight to the terminal."""
    if fmt == "terminal":
        from rich.console import Console

        from mendpath.render.terminal import render_terminal

        if not to_file:
            render_terminal(summary, Console())
            return None
        buffer = io.StringIO()
        render_terminal(summary, Console(file=buffer, width=FILE_WIDTH, color_system=None))
        return "".join(line.rstrip() + "\n" for line in buffer.getvalue().splitlines())
    from mendpath.render.formats import FORMATS

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
