"""Lay out a Summary in the terminal with rich (the only module that imports rich).

Rule text and answers are always passed as plain Text or Markdown, never as rich markup, so
brackets in them print as they are.
"""

from __future__ import annotations

import io
from typing import ClassVar

from rich.align import AlignMethod
from rich.console import Console, Group
from rich.markdown import Markdown, MarkdownContext, MarkdownElement
from rich.padding import Padding
from rich.rule import Rule
from rich.table import Table
from rich.text import Text

from mendpath.i18n import tr
from mendpath.logic.summary import Summary
from mendpath.render.formats import cite_text, no_advice, source_line


class _Image(MarkdownElement):
    """An image in a body, as its description, in the line it stands in. (rich's own
    placeholder is laid out apart from the words after it, which the line then cut off:
    "and the[n some more] words".)"""

    new_line = False

    def on_text(self, context: MarkdownContext, text: object) -> None:
        if str(text):
            context.on_text(str(text), "text")  # into the paragraph, after the image's pop


class _Body(Markdown):
    elements: ClassVar[dict[str, type[MarkdownElement]]] = {**Markdown.elements, "image": _Image}


def _hanging() -> Table:
    """Two columns: a marker, and text that wraps under itself rather than under the marker."""
    grid = Table.grid(padding=(0, 1))
    grid.add_column(no_wrap=True)
    grid.add_column()
    return grid


FILE_WIDTH = 80


def print_summary(summary: Summary) -> None:
    """The summary on the terminal, at its width, with colour unless NO_COLOR is set."""
    render_terminal(summary, Console())


def terminal_text(summary: Summary, width: int = FILE_WIDTH, bare: bool = False) -> str:
    """The terminal layout as plain text (for a file or a pipe): no escape codes, no
    trailing spaces, and each link's address written after its label. `bare` (plain mode):
    headings as lines of their own, without rules a screen reader would spell out."""
    buffer = io.StringIO()
    console = Console(file=buffer, width=width, color_system=None)
    render_terminal(summary, console, hyperlinks=False, bare=bare)
    return "".join(line.rstrip() + "\n" for line in buffer.getvalue().splitlines())


def render_terminal(
    summary: Summary, console: Console, hyperlinks: bool = True, bare: bool = False
) -> None:
    """The summary on a console. `hyperlinks=False`: links as `label (address)`, for output
    that is not a terminal, where a hidden address would be lost. `bare`: headings without
    rules."""

    def heading(text: str, align: AlignMethod = "center") -> None:
        title = Text(text, style="bold")
        console.print(title if bare else Rule(title, align=align))

    heading(summary.title)
    console.print(Text(summary.disclaimer, style="italic"))
    if not summary.items:
        console.print()
        console.print(Text(no_advice()))
    group = None
    for item in summary.items:
        if item.group != group:
            group = item.group
            console.print()
            heading(item.group_title, "left")
        console.print()
        console.print(Text(item.title, style="bold"))
        cites = [Text(cite_text(ref), style="dim") for ref in item.sources]
        body = _Body(item.body, hyperlinks=hyperlinks)
        console.print(Padding(Group(body, *cites), (0, 0, 0, 2)))
    if summary.told:  # after the advice: what to do comes first
        console.print()
        heading(tr("What you told us"), align="left")
        told = _hanging()
        for said in summary.told:
            line = Text(said.question)
            line.append(" \u2014 ")
            line.append(said.answer, style="bold")
            told.add_row("\u2022", line)
        console.print(told)
    if summary.sources:
        console.print()
        heading(tr("Sources"), "left")
        for number, title, author, url in summary.sources:
            # an address too long for the line is never cut or broken: it goes on a line of
            # its own and may run past the width, so it can still be copied whole
            marker = f"[{number}]"
            room = console.width - len(marker) - 1
            whole = url is None or len(url) + 2 <= room
            sources = _hanging()
            sources.add_row(
                marker, Text(source_line(number, title, author, url if whole else None))
            )
            console.print(sources)
            if not whole:
                console.print(
                    Text(" " * (len(marker) + 1) + f"({url})"), soft_wrap=True, overflow="ignore"
                )
