"""Terminal prompts driven by piped keys (prompt_toolkit pipe input), each with a deadline."""

from __future__ import annotations

import faulthandler
import io
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from prompt_toolkit.data_structures import Size
from prompt_toolkit.input import create_pipe_input
from prompt_toolkit.output import DummyOutput, Output
from prompt_toolkit.output.vt100 import Vt100_Output

from mendpath.ask.interview import BACK, Interrupted, texts_for
from mendpath.ask.prompts import ask_in_terminal
from mendpath.book.validate import validate
from mendpath.logic import engine
from mendpath.model import Book

ROOT = Path(__file__).parents[2]
DOWN, ENTER, SPACE, CTRL_B, CTRL_C, CTRL_D = "\x1b[B", "\r", " ", "\x02", "\x03", "\x04"


@pytest.fixture(autouse=True)
def deadline() -> Iterator[None]:
    """A prompt whose piped input runs out waits for ever. After 20 s, print every thread's
    stack and end the test run, so CI fails loudly instead of hanging. (A signal cannot do
    this: prompt_toolkit's event loop would swallow it.)"""
    faulthandler.dump_traceback_later(20, exit=True)
    yield
    faulthandler.cancel_dump_traceback_later()


@pytest.fixture
def book() -> Book:
    result = validate([ROOT / "examples" / "houseplants"])
    assert result.book is not None
    return result.book


def ask(book: Book, answers: dict[str, Any], keys: str, at: str | None = None) -> Any:
    step = engine.step(book, answers, at)
    assert isinstance(step, engine.Ask)
    with create_pipe_input() as pipe:
        pipe.send_text(keys)
        current = answers.get(step.question.id)
        return ask_in_terminal(
            step, current, texts_for(book, step, answers), input=pipe, output=DummyOutput()
        )


def test_single_choice_with_arrows(book: Book) -> None:
    assert ask(book, {}, DOWN + ENTER) == "medium"


def test_first_question_offers_no_back(book: Book) -> None:
    # three choices and no Back entry: Down three times wraps round to the first
    assert ask(book, {}, DOWN * 3 + ENTER) == "bright"
    assert ask(book, {}, CTRL_B + ENTER) == "bright"  # Ctrl-B does nothing here


def test_back_entry_in_a_list(book: Book) -> None:
    assert ask(book, {"light": "low"}, DOWN * 3 + ENTER) is BACK


def test_back_key_anywhere(book: Book) -> None:
    answers = {"light": "low", "room": "office", "pets": "yes"}
    assert ask(book, answers, CTRL_B) is BACK


def test_earlier_answer_is_preselected_when_revisiting(book: Book) -> None:
    answers = {"light": "low", "room": "office"}
    assert ask(book, answers, ENTER, at="room") == "office"


def test_multiple_choice_with_space(book: Book) -> None:
    answers = {"light": "low", "room": "office", "pets": "yes"}
    assert ask(book, answers, SPACE + DOWN + SPACE + ENTER) == ["cat", "dog"]
    assert ask(book, answers, ENTER) == []


def test_yes_no(book: Book) -> None:
    answers = {"light": "low", "room": "office"}
    assert ask(book, answers, DOWN + ENTER) == "no"


def test_free_text_is_trimmed_and_may_be_empty() -> None:
    result = validate([ROOT / "rules"])
    assert result.book is not None
    answers = {"afraid": "no", "cruelty": "no", "who_left": "wife"}
    assert ask(result.book, answers, "  Dana Lee  " + ENTER) == "Dana Lee"
    assert ask(result.book, answers, ENTER) == ""


def test_free_text_too_long_is_refused_until_shortened() -> None:
    result = validate([ROOT / "rules"])
    assert result.book is not None
    answers = {"afraid": "no", "cruelty": "no", "who_left": "wife"}
    backspaces = "\x7f" * 61
    assert ask(result.book, answers, "x" * 61 + ENTER + backspaces + "Jo" + ENTER) == "Jo"


def test_ctrl_c_interrupts(book: Book) -> None:
    with pytest.raises(KeyboardInterrupt):
        ask(book, {}, CTRL_C)


def test_ctrl_d_interrupts(book: Book) -> None:
    with pytest.raises(Interrupted):
        ask(book, {}, CTRL_D)


def _checked(
    answers: dict[str, Any],
    keys: str,
    output: Output | None = None,
    refuse: Callable[[Any], str | None] | None = None,
) -> Any:
    """An answer typed to a question with checks (tests/books/good/checks.yaml); `refuse`
    stands in for its checks."""
    from mendpath.ask.interview import refuser

    result = validate([ROOT / "tests" / "books" / "good" / "checks.yaml"])
    assert result.book is not None
    step = engine.step(result.book, answers)
    assert isinstance(step, engine.Ask)
    step = step._replace(refuse=refuse or refuser(result.book, step))
    with create_pipe_input() as pipe:
        pipe.send_text(keys)
        texts = texts_for(result.book, step, answers)
        return ask_in_terminal(step, None, texts, input=pipe, output=output or DummyOutput())


def test_a_date_a_check_refuses_is_refused_until_changed() -> None:
    # 2024-04-01 is before the start date: refused on the same screen, then corrected
    wrong, right = "2024-04-01" + ENTER, "\x7f" * 10 + "2024-06-01" + ENTER
    assert _checked({"started": "2024-05-01"}, wrong + right) == "2024-06-01"


def test_a_choice_a_check_refuses_is_greyed_with_its_message_and_passed_by() -> None:
    answers = {"started": "2024-05-01", "left": "2024-06-01", "days": "6"}
    # night is refused with six days a week: Down passes it by, to Back, and the screen
    # says why
    raw = io.StringIO()
    output = Vt100_Output(raw, lambda: Size(rows=24, columns=80), term="xterm")
    assert _checked(answers, DOWN + ENTER, output) is BACK
    assert "Night (Night shifts are at most 5 a week.)" in raw.getvalue()
    # with five days it can be chosen
    assert _checked({**answers, "days": "5"}, DOWN + ENTER) == "night"


def test_when_a_check_refuses_every_choice_each_is_refused_after_it_is_chosen() -> None:
    """A book where some route leaves no choice (MP177): none is greyed (a list with every
    entry passed by could not be answered at all); the one chosen is refused and the
    question asked again. Here the check refuses everything until the question is asked
    the second time."""
    calls: list[Any] = []

    def refuse(answer: Any) -> str | None:
        calls.append(answer)
        return "Not on this route." if len(calls) <= 3 else None  # both choices, then one

    raw = io.StringIO()
    output = Vt100_Output(raw, lambda: Size(rows=24, columns=80), term="xterm")
    answers = {"started": "2024-05-01", "left": "2024-06-01", "days": "6"}
    assert _checked(answers, ENTER + ENTER, output, refuse) == "day"
    assert calls == ["day", "night", "day", "day", "night", "day"]
    assert raw.getvalue().count("Not on this route.") == 1


def test_choices_a_check_refuses_together_are_refused_until_one_is_unticked() -> None:
    answers = {"started": "2024-05-01", "left": "2024-06-01", "days": "3", "shift": "day"}
    # both ticked: refused; unticking the one under the cursor (the phone) leaves the car
    assert _checked(answers, SPACE + DOWN + SPACE + ENTER + SPACE + ENTER) == ["car"]


def test_signals_end_the_prompt_once_even_when_one_comes_while_another_is_handled(
    book: Book,
) -> None:
    """Closing a window sends hang-ups in a burst: a second one handled inside the first
    made prompt_toolkit's `exit` run twice ("Return value already set": exit 3). Each asks
    the loop to end the prompt; the first wins, and nothing is left over for the next."""
    import os
    import signal
    import threading

    from mendpath.ask.prompts import interrupt_running_prompt

    first, second = Interrupted("SIGHUP"), Interrupted("SIGHUP again")

    def handler(signum: int, frame: object) -> None:
        assert interrupt_running_prompt(first)
        assert interrupt_running_prompt(second)  # as if it came while the first was handled

    previous = signal.signal(signal.SIGUSR1, handler)
    timer = threading.Timer(0.3, os.kill, (os.getpid(), signal.SIGUSR1))
    try:
        timer.start()
        with pytest.raises(Interrupted) as raised:
            ask(book, {}, "")  # no keys: the prompt waits until the signal ends it
    finally:
        timer.cancel()
        signal.signal(signal.SIGUSR1, previous)
    assert raised.value is first
    assert ask(book, {}, ENTER) is not None  # the next prompt is not interrupted
    assert interrupt_running_prompt(first) is False  # no prompt runs now
