"""Lay out a Summary in the terminal with rich (the only module that imports rich).

Rule text and answers are always passed as plain Text or Markdown, never as rich markup, so
brackets in them print as they are.
"""

from __future__ import annotations

from rich.console import Console, Group
from rich.markdown import Markdown
from rich.padding import Padding
from rich.rule import Rule
from rich.text import Text

from mendpath.summary import SourceRef, Summary


def cite_text(ref: SourceRef) -> str:
    section = f"{ref.section} (passage, unheaded)" if ref.unheaded else f"\u201c{ref.section}\u201d"
    by = f", {ref.author}" if ref.author else ""
    return f"[{ref.number}] {ref.title}{by} \u2014 {section}"


def render_terminal(summary: Summary, console: Console) -> None:
    console.print(Rule(Text(summary.title, style="bold")))
    if summary.told:
        console.print(Text("You told us:", style="bold"))
        for told in summary.told:
            line = Text("  \u2022 ")
            line.append(told.question)
            line.append(" ")
            line.append(told.answer, style="bold")
            console.print(line)
    console.print()
    console.print(Text(summary.disclaimer, style="italic"))
    if not summary.items:
        console.print()
        console.print(Text("No advice in this book matches your answers."))
    group = None
    for item in summary.items:
        if item.group != group:
            group = item.group
            console.print()
            console.print(Rule(Text(item.group_title, style="bold"), align="left"))
        console.print()
        console.print(Text(item.title, style="bold"))
        cites = [Text(cite_text(ref), style="dim") for ref in item.sources]
        console.print(Padding(Group(Markdown(item.body), *cites), (0, 0, 0, 2)))
    if summary.sources:
        console.print()
        console.print(Rule(Text("Sources", style="bold"), align="left"))
        for number, title, author, url in summary.sources:
            line = Text(f"[{number}] {title}")
            if author:
                line.append(f", {author}")
            if url:
                line.append(f" ({url})")
            console.print(line)
