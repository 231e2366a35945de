"""Turn results into text for the screen or a file: the one table of output formats."""

from __future__ import annotations

# Only for types, and without importing typing: the command line reads FORMATS on every
# start, --help included (typing alone would cost it about 5 ms).
TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable

    from mendpath.logic.explain import Reason
    from mendpath.logic.summary import Summary


class Format:
    """An output format: how the whole summary becomes text for a file or a pipe."""

    __slots__ = ("description", "render")

    def __init__(self, render: Callable[[Summary], str], description: str) -> None:
        self.render = render
        self.description = description


def _terminal(summary: Summary) -> str:
    from mendpath.render.terminal import terminal_text

    return terminal_text(summary)


def _markdown(summary: Summary) -> str:
    from mendpath.render.formats import render_markdown

    return render_markdown(summary)


def _html(summary: Summary) -> str:
    from mendpath.render.formats import render_html

    return render_html(summary)


def _json(summary: Summary) -> str:
    from mendpath.render.formats import render_json

    return render_json(summary)


# The one table of output formats. Each renderer is imported only when its format is used
# (rich, for the terminal, is the heaviest).
FORMATS: dict[str, Format] = {
    "terminal": Format(_terminal, "laid out for reading, plain text when not on a terminal"),
    "markdown": Format(_markdown, "Markdown"),
    "html": Format(_html, "a self-contained HTML page that prints well"),
    "json": Format(_json, "JSON, documented in docs/summary-json.md"),
}


# The format a file name asks for, by its extension (`--output advice.html`).
EXTENSIONS = {
    ".html": "html",
    ".htm": "html",
    ".md": "markdown",
    ".markdown": "markdown",
    ".json": "json",
}


def format_for(filename: str) -> str | None:
    """The format named by a file's extension, or None (then plain terminal text)."""
    dot = filename.rfind(".")
    return EXTENSIONS.get(filename[dot:].lower()) if dot > filename.rfind("/") else None


def summary_text(summary: Summary, fmt: str, to_file: bool, bare: bool = False) -> str | None:
    """The summary in a format; None when it was printed straight to the terminal.

    `to_file`: not for the full terminal (a file, a pipe or plain mode), so the terminal
    format is plain text: no colour or cursor codes, links written as `label (address)`.
    `bare` (plain mode): the terminal format's headings without rules."""
    if fmt == "terminal" and bare:
        from mendpath.render.terminal import terminal_text

        return terminal_text(summary, bare=True)
    if fmt == "terminal" and not to_file:
        from mendpath.render.terminal import print_summary

        print_summary(summary)
        return None
    return FORMATS[fmt].render(summary)


def explanation_text(reasons: list[Reason]) -> str:
    from mendpath.i18n import tr

    lines: list[str] = []
    shown = [r for r in reasons if r.shown]
    hidden = [r for r in reasons if not r.shown]
    lines.append(tr("Shown:") if shown else tr("Nothing is shown for these answers."))
    for number, reason in enumerate(shown, 1):
        lines.append(f"  {number}. {reason.title} ({reason.advice})")
        lines += ["     " + tr("because {reason}").format(reason=why) for why in reason.why]
    if hidden:
        lines += ["", tr("Not shown:")]
        for reason in hidden:
            lines.append(f"  - {reason.title} ({reason.advice})")
            lines += [f"     {why}" for why in reason.why]
    return "\n".join(lines) + "\n"
