"""Terminal prompts for each kind of question (the only module that imports questionary).

`ask_in_terminal` is the interview's ask function for a real terminal. Every question after
the first offers a way back: a "Back" entry in single- and multiple-choice lists, and
Ctrl-B anywhere (the only way back from a text question).
Ctrl-C and Ctrl-D raise Interrupted so the caller can keep progress.
"""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING, Any, TextIO, assert_never

import questionary
from prompt_toolkit import print_formatted_text
from prompt_toolkit.application import get_app_or_none
from prompt_toolkit.formatted_text import FormattedText
from prompt_toolkit.key_binding import KeyBindings, merge_key_bindings
from prompt_toolkit.keys import Keys

from mendpath.ask.interview import BACK, Back, Interrupted
from mendpath.i18n import tr
from mendpath.logic.engine import AnswerError, Ask, check_answer
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


class _Exit:
    """Marks a prompt's result as a request to stop (Ctrl-D)."""


_EOF = _Exit()


def interrupt_running_prompt(reason: Exception) -> bool:
    """Make the prompt on screen, if any, end by raising `reason`. False when none runs.

    Called from a signal handler: the prompt's event loop wakes and exits cleanly, which
    raising inside the loop would not always achieve.
    """
    app = get_app_or_none()
    if app is None or not app.is_running or app.future is None or app.future.done():
        return False
    app.exit(exception=reason)
    return True


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
    print_formatted_text(FormattedText(parts), style=STYLE, output=io.get("output"))


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
            choices: list[Any] = [
                questionary.Choice(clean_line(texts.get(f"choice:{c.id}", c.label)), value=c.id)
                for c in step.choices
            ]
            if can_go_back:
                choices += [questionary.Separator(" "), questionary.Choice(back_label, value=BACK)]
            default = next((ch for ch in choices if getattr(ch, "value", None) == current), None)
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
            prompt = questionary.checkbox(
                message,
                choices=boxes,
                style=STYLE,
                qmark="?",
                instruction=tr("(Space selects, Enter confirms{back})").format(back=back),
                **io,
            )
        case "text":

            def valid(text: str) -> bool | str:
                try:
                    check_answer(q, text)
                except AnswerError as exc:
                    return str(exc)
                return True

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
                    normal(q, text)
                except BadValue as exc:
                    return tr("{problem}: enter {accepted}").format(
                        problem=exc, accepted=accepts(q)
                    )
                return True

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

    result = _unsafe_ask(_with_bindings(prompt, can_go_back))
    if result is _EOF:
        raise Interrupted("end of input")
    if isinstance(result, Back) or (isinstance(result, list) and BACK in result):
        return BACK
    return check_answer(q, result)


def _unsafe_ask(prompt: questionary.Question) -> Any:
    """The prompt's answer; a terminal that went away (closed window: EIO, EBADF) is an
    interruption like Ctrl-C, not a bug."""
    try:
        return prompt.unsafe_ask()
    except OSError as exc:
        raise Interrupted(f"the terminal went away ({exc.strerror})") from None


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
    result = _unsafe_ask(_with_bindings(prompt, False))
    if result is _EOF:
        raise Interrupted("end of input")
    return bool(result)


def ask_on(stream: TextIO) -> AskFn:
    """`ask_in_terminal` prompting on another stream (the terminal, when standard output is
    a pipe or a file)."""
    from prompt_toolkit.output import create_output

    return partial(ask_in_terminal, output=create_output(stdout=stream))
