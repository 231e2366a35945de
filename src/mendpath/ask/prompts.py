"""Terminal prompts for each kind of question (the only module that imports questionary).

`ask_in_terminal` is the interview's ask function for a real terminal. Every question after
the first offers a way back: a "Back" entry in single- and multiple-choice lists, and
Ctrl-B anywhere (the only way back from a text question).
Ctrl-C and Ctrl-D raise Interrupted so the caller can keep progress.
"""

from __future__ import annotations

import re
import textwrap
from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING, Any, TextIO, assert_never

import questionary
from prompt_toolkit import print_formatted_text
from prompt_toolkit.application import get_app_or_none
from prompt_toolkit.application.current import get_app_session
from prompt_toolkit.formatted_text import FormattedText, StyleAndTextTuples, to_formatted_text
from prompt_toolkit.key_binding import KeyBindings, merge_key_bindings
from prompt_toolkit.keys import Keys
from prompt_toolkit.layout import BufferControl, FormattedTextControl

from mendpath.ask.interview import BACK, Back, Interrupted
from mendpath.i18n import tr
from mendpath.logic.engine import AnswerError, Ask, alone_message, check_answer
from mendpath.logic.measures import BadValue, accepts, normal
from mendpath.model import Answer
from mendpath.text import clean_line

if TYPE_CHECKING:
    from mendpath.ask.interview import AskFn

STYLE = questionary.Style(
    [
        ("qmark", "fg:#5f87af"),
        ("question", "bold"),
        ("answer", "fg:#5f875f bold"),
        ("pointer", "fg:#5f87af bold"),
        ("highlighted", "fg:#5f87af bold"),
        ("selected", "fg:#5f875f"),
        ("instruction", "fg:#808080 italic"),
        ("separator", "fg:#808080"),
    ]
)
BACK_ARROW = "\u2190"


# Where a line's text starts: after the question mark, the pointer and a check box, so that
# wrapped lines of a question or a choice line up under its first word.
_LEAD = re.compile(r"^ *(?:[?\u00bb] )? *(?:[\u25cf\u25cb] )?")


def wrap_fragments(
    fragments: StyleAndTextTuples | list[tuple[str, str]], width: int
) -> StyleAndTextTuples:
    """Styled text with its long lines broken at word boundaries to fit `width` columns,
    each continuation indented under the line's first word (prompt_toolkit itself only cuts
    lines, or breaks them inside words). Zero-width fragments (questionary's
    `[SetCursorPosition]`, which keeps the pointed choice in view) keep their place."""
    cells: list[tuple[str, str]] = []  # (style, one character, or "" for a marker)
    for style, text, *_ in fragments:
        cells += [(style, ch) for ch in text] if text else [(style, "")]
    out: list[tuple[str, str]] = []
    start = 0
    while start <= len(cells):
        end = next((i for i in range(start, len(cells)) if cells[i][1] == "\n"), len(cells))
        line = cells[start:end]
        plain = "".join(ch for _, ch in line)
        lead = _LEAD.match(plain)
        indent = len(lead.group()) if lead else 0
        if len(plain) <= width or width - indent < 10:
            out += line
        else:
            # positions in `line` of each visible character of `plain`
            where = [i for i, (_, ch) in enumerate(line) if ch]
            body = plain[indent:]
            pieces = textwrap.wrap(
                body, width - indent, break_on_hyphens=False, drop_whitespace=True
            )
            at = 0
            taken = 0  # index in `line` up to which cells were copied
            for n, piece in enumerate(pieces):
                found = body.find(piece, at)
                first, last = where[indent + found], where[indent + found + len(piece) - 1]
                if n == 0:
                    out += line[:first]
                else:
                    out += [(s, "") for s, ch in line[taken:first] if not ch]  # markers
                    out.append(("", "\n" + " " * indent))
                out += line[first : last + 1]
                taken = last + 1
                at = found + len(piece)
            out += line[taken:]
        if end < len(cells):
            out.append(cells[end])
        start = end + 1
    return [(style, text) for style, text in out if text or style.startswith("[")]


def _columns(io: dict[str, Any]) -> int:
    output = io.get("output") or get_app_session().output
    return int(output.get_size().columns)


# Room left for typing after a question: less than this, and the answer starts a new line.
_ROOM_TO_TYPE = 24


def _wrapping(
    text: Any,
    io: dict[str, Any],
    typing: bool = False,
    answer: Callable[[], str] | None = None,
) -> Callable[[], StyleAndTextTuples]:
    """`text` (formatted text, or a function giving it) wrapped at the width the terminal
    has when it is drawn, so a resized window wraps again. `typing`: an answer is typed
    after it, on the next line when the last one leaves too little room. `answer`: the
    words that echo the answer, in place of questionary's own."""

    def wrapped() -> StyleAndTextTuples:
        width = _columns(io)
        fragments: list[tuple[str, str]] = [
            (f[0], f[1]) for f in to_formatted_text(text() if callable(text) else text)
        ]
        if answer is not None and any(s == "class:answer" for s, _ in fragments):
            at = next(i for i, (s, _) in enumerate(fragments) if s == "class:answer")
            rest = [f for f in fragments[at:] if f[0] != "class:answer"]
            fragments = [*fragments[:at], ("class:answer", answer()), *rest]
        out = wrap_fragments(fragments, width)
        if typing:
            last = "".join(t for _, t, *_ in out).rsplit("\n", 1)[-1]
            if len(last) > width - _ROOM_TO_TYPE:
                out.append(("", "\n  "))
        return out

    wrapped.wraps = True  # type: ignore[attr-defined]
    return wrapped


def _wrap_layout(
    question: questionary.Question,
    io: dict[str, Any],
    typing: bool = False,
    echo: Callable[[list[Any]], str] | None = None,
) -> questionary.Question:
    """Make every text of a questionary prompt wrap at word boundaries: the question and its
    echoed answer (the prompt session's message), the choices, the validation message
    (prompt_toolkit gives it one line, so a long one would be cut). `echo`: a check-box
    list's answer in words, from the values ticked (questionary's own says "done")."""
    windows = list(question.application.layout.find_all_windows())
    ticked = next((w.content for w in windows if hasattr(w.content, "selected_options")), None)
    answer = None
    if echo is not None and ticked is not None:
        answer = partial(lambda control: echo(list(control.selected_options)), ticked)
    for window in windows:
        content = window.content
        if isinstance(content, BufferControl):
            # the prompt session draws its message as this window's line prefix
            prefix = window.get_line_prefix
            session: Any = getattr(getattr(prefix, "func", None), "__self__", None)
            message = getattr(session, "message", None)
            if message is not None and not getattr(message, "wraps", False):
                session.message = _wrapping(message, io, typing, answer)
        elif (
            isinstance(content, FormattedTextControl)
            and callable(content.text)
            and not getattr(content.text, "wraps", False)
        ):
            if getattr(content.text, "__qualname__", "").startswith("ValidationToolbar."):
                window.height = None  # as many lines as the wrapped message needs
            content.text = _wrapping(content.text, io)
    return question


class _Exit:
    """Marks a prompt's result as a request to stop (Ctrl-D)."""


_EOF = _Exit()


def interrupt_running_prompt(reason: Exception) -> bool:
    """Make the prompt on screen, if any, end by raising `reason`. False when none runs.

    Called from a signal handler: the prompt's event loop wakes and exits cleanly, which
    raising inside the loop would not always achieve.
    """
    app = get_app_or_none()
    loop = app.loop if app is not None else None
    if app is None or not app.is_running or loop is None or loop.is_closed():
        return False
    _pending.append(reason)

    def end() -> None:
        # on the loop, between two of its callbacks: never inside a key binding's own
        # `exit` or another signal's (a second hang-up while the first was being handled
        # gave "Return value already set": exit 3)
        if app.future is not None and not app.future.done() and reason in _pending:
            _pending.remove(reason)
            app.exit(exception=reason)

    loop.call_soon_threadsafe(end)
    return True


# Interruptions asked of a prompt that ended first (with its answer): raised as it returns.
_pending: list[Exception] = []


def _bindings(can_go_back: bool) -> KeyBindings:
    kb = KeyBindings()

    @kb.add(Keys.ControlD, eager=True)
    def _eof(event: Any) -> None:
        event.app.exit(result=_EOF)

    if can_go_back:

        @kb.add(Keys.ControlB, eager=True)
        def _back(event: Any) -> None:
            event.app.exit(result=BACK)

    return kb


def _with_bindings(question: questionary.Question, can_go_back: bool) -> questionary.Question:
    app = question.application
    app.key_bindings = merge_key_bindings(
        [app.key_bindings or KeyBindings(), _bindings(can_go_back)]
    )
    return question


def _progress(step: Ask) -> str:
    about = max(step.about, step.number)
    return tr("question {number} of about {about}").format(number=step.number, about=about)


def _header(step: Ask, texts: dict[str, str], io: dict[str, Any]) -> None:
    parts: list[tuple[str, str]] = [("fg:#808080", _progress(step) + "\n")]
    if step.question.help:
        help_text = clean_line(texts.get("help", step.question.help))
        parts.append(("fg:#808080 italic", help_text + "\n"))
    shown = wrap_fragments(parts, _columns(io))
    print_formatted_text(FormattedText(shown), style=STYLE, output=io.get("output"))


def ask_in_terminal(
    step: Ask, current: Answer | None, texts: dict[str, str], **io: Any
) -> Answer | Back:
    """Prompt for one question. `texts` holds its display text with placeholders filled in;
    `io` may give prompt_toolkit `input=` and `output=` (tests pipe keys through them)."""
    q = step.question
    can_go_back = step.previous is not None
    _header(step, texts, io)
    message = clean_line(texts.get("text", q.text))
    back = tr(", Ctrl-B goes back") if can_go_back else ""
    back_label = BACK_ARROW + " " + tr("Back to the previous question")
    prompt: questionary.Question
    match q.kind:
        case "single" | "yes_no":
            # A choice a check refuses (with the answers before it) is shown, greyed, with
            # the check's message, and the cursor passes it by; unless every choice is
            # refused (MP177), when each is offered and refused after it is chosen.
            refused = [_accepted(step, c.id) for c in step.choices]
            if all(isinstance(why, str) for why in refused):
                refused = [True] * len(refused)
            choices: list[Any] = [
                questionary.Choice(
                    clean_line(texts.get(f"choice:{c.id}", c.label)),
                    value=c.id,
                    disabled=why if isinstance(why, str) else None,
                )
                for c, why in zip(step.choices, refused, strict=True)
            ]
            if can_go_back:
                choices += [questionary.Separator(" "), questionary.Choice(back_label, value=BACK)]
            default = next(
                (
                    ch
                    for ch in choices
                    if getattr(ch, "value", None) == current and not getattr(ch, "disabled", None)
                ),
                None,
            )
            prompt = questionary.select(
                message,
                choices=choices,
                default=default,
                style=STYLE,
                qmark="?",
                instruction=tr("(arrow keys, Enter)"),
                **io,
            )
        case "multiple":
            chosen = current if isinstance(current, list) else []
            boxes: list[Any] = [
                questionary.Choice(
                    clean_line(texts.get(f"choice:{c.id}", c.label)),
                    value=c.id,
                    checked=c.id in chosen,
                )
                for c in step.choices
            ]
            if can_go_back:  # ticked and confirmed, it goes back whatever else is ticked
                boxes += [questionary.Separator(" "), questionary.Choice(back_label, value=BACK)]

            def together(values: list[Any]) -> bool | str:
                if BACK in values:
                    return True
                alone = q.lone_choice(values)
                if alone is not None:
                    return alone_message(alone, texts)
                return _accepted(step, [c.id for c in q.choices if c.id in values])

            prompt = questionary.checkbox(
                message,
                choices=boxes,
                validate=together,
                style=STYLE,
                qmark="?",
                instruction=tr("(Space selects, Enter confirms{back})").format(back=back),
                **io,
            )
        case "text":

            def valid(text: str) -> bool | str:
                try:
                    given = check_answer(q, text)
                except AnswerError as exc:
                    return str(exc)
                return _accepted(step, given)

            prompt = questionary.text(
                tr("{question} (optional: Enter skips{back})").format(question=message, back=back),
                default=current if isinstance(current, str) else "",
                validate=valid,
                style=STYLE,
                qmark="?",
                **io,
            )
        case "number" | "date":

            def valid_value(text: str) -> bool | str:
                try:
                    given = normal(q, text)
                except BadValue as exc:
                    return tr("{problem}: enter {accepted}").format(
                        problem=exc, accepted=accepts(q)
                    )
                return _accepted(step, given)

            prompt = questionary.text(
                f"{message} ({accepts(q)}{back})",
                default=current if isinstance(current, str) else "",
                validate=valid_value,
                style=STYLE,
                qmark="?",
                **io,
            )
        case _:
            assert_never(q.kind)

    typing = q.kind in ("text", "number", "date")
    labels = {c.id: clean_line(texts.get(f"choice:{c.id}", c.label)) for c in step.choices}

    def echo(values: list[Any]) -> str:
        """A multiple-choice answer as the labels ticked, like a single choice's echo."""
        chosen = [labels[v] for v in values if v in labels]
        return ", ".join(chosen) if chosen else tr("none of them")

    shown = _wrap_layout(
        _with_bindings(prompt, can_go_back), io, typing, echo if q.kind == "multiple" else None
    )
    result = _unsafe_ask(shown)
    if result is _EOF:
        raise Interrupted("end of input")
    if isinstance(result, Back) or (isinstance(result, list) and BACK in result):
        return BACK
    answer = check_answer(q, result)
    refusal = _accepted(step, answer)
    if isinstance(refusal, str):  # a choice from a list, which cannot refuse it in place
        print_formatted_text(
            FormattedText([("fg:#ff5f5f", clean_line(refusal) + "\n")]),
            style=STYLE,
            output=io.get("output"),
        )
        return ask_in_terminal(step, answer, texts, **io)
    return answer


def _accepted(step: Ask, answer: Answer) -> bool | str:
    """True, or the message of the check that refuses the answer (questionary's validate)."""
    refusal = step.refuse(answer) if step.refuse is not None else None
    return True if refusal is None else clean_line(refusal)


def _unsafe_ask(prompt: questionary.Question) -> Any:
    """The prompt's answer; a terminal that went away (closed window: EIO, EBADF) is an
    interruption like Ctrl-C, not a bug."""
    try:
        answer = prompt.unsafe_ask()
    except OSError as exc:
        raise Interrupted(f"the terminal went away ({exc.strerror})") from None
    finally:
        late = _pending[:1]
        _pending.clear()
    if late:  # a signal came as the answer was given: the interruption still wins
        raise late[0]
    return answer


def choose_resume(**io: Any) -> bool:
    """Progress exists and --resume was not given: True to resume, False to start over."""
    prompt = questionary.select(
        tr("You have saved answers for this rule book."),
        choices=[
            questionary.Choice(tr("Continue where you stopped"), value=True),
            questionary.Choice(tr("Start over (the saved answers are deleted)"), value=False),
        ],
        style=STYLE,
        qmark="?",
        instruction=tr("(arrow keys, Enter)"),
        **io,
    )
    result = _unsafe_ask(_wrap_layout(_with_bindings(prompt, False), io))
    if result is _EOF:
        raise Interrupted("end of input")
    return bool(result)


def choose_resume_on(stream: TextIO) -> Callable[[], bool]:
    """`choose_resume` drawn on another stream (the terminal, when standard output is a pipe
    or a file: drawn there, the menu would go into the pipe and the person would see nothing)."""
    from prompt_toolkit.output import create_output

    return partial(choose_resume, output=create_output(stdout=stream))


def ask_on(stream: TextIO) -> AskFn:
    """`ask_in_terminal` prompting on another stream (the terminal, when standard output is
    a pipe or a file)."""
    from prompt_toolkit.output import create_output

    return partial(ask_in_terminal, output=create_output(stdout=stream))
