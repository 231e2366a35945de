"""Full-screen prompts wrap every text at word boundaries: question, help, choice labels,
validation messages and the echoed answer, at 40 and 80 columns (probe P3). The keys are
piped (prompt_toolkit pipe input); the screen is what a VT100 output of that width writes."""

from __future__ import annotations

import faulthandler
import io
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from prompt_toolkit.data_structures import Size
from prompt_toolkit.input import create_pipe_input
from prompt_toolkit.output.vt100 import Vt100_Output
from ptys import Screen

from mendpath.ask.interview import Interrupted, texts_for
from mendpath.ask.prompts import ask_in_terminal, wrap_fragments
from mendpath.book.validate import load_valid_book
from mendpath.logic import engine
from mendpath.model import Book

ROOT = Path(__file__).parents[2]
DOWN, ENTER, SPACE, CTRL_D = "\x1b[B", "\r", " ", "\x04"


@pytest.fixture(autouse=True)
def deadline() -> Iterator[None]:
    faulthandler.dump_traceback_later(20, exit=True)
    yield
    faulthandler.cancel_dump_traceback_later()


@pytest.fixture(scope="module")
def book() -> Book:
    return load_valid_book([ROOT / "tests" / "books" / "good" / "long-texts.yaml"])


def screen(
    book: Book, answers: dict[str, Any], keys: str, width: int, then: tuple[str, str] = ("", "")
) -> tuple[list[str], list[str]]:
    """The screen a prompt leaves (the answered question), and every line it showed on the
    way. `then`: (text, keys): the keys are sent once the text was written (a validation
    message is drawn only between key presses). Nothing may run past the edge. The keys are
    sent once the question is drawn: sent before, on a busy machine they were all read
    before the first drawing, and the choices were never on the screen."""
    raw = _Written()
    output = Vt100_Output(raw, lambda: Size(rows=40, columns=width), term="xterm")
    step = engine.step(book, answers)
    assert isinstance(step, engine.Ask)
    drawn = step.question.text.split()[0]  # a frame is written whole, when it is flushed
    with create_pipe_input() as pipe:
        shown, more = then
        stop = threading.Event()

        def send_when(text: str, sent: str) -> None:
            while not stop.is_set() and text not in raw.getvalue():
                time.sleep(0.01)
            pipe.send_text(sent)

        def send() -> None:
            send_when(drawn, keys)
            if more:
                send_when(shown, more)

        later = threading.Thread(target=send, daemon=True)
        later.start()
        try:
            ask_in_terminal(step, None, texts_for(book, step, answers), input=pipe, output=output)
        except Interrupted:
            pass
        finally:
            stop.set()
            later.join()
    term = Screen(width)
    drawings = []  # the screen after each flush: a redraw that only moves the pointer
    for chunk in raw.chunks:  # erases nothing, so `frames` alone would not hold the one before
        term.feed(chunk)
        drawings.append(term.lines())
    assert term.overflow == 0, term.lines()
    return term.lines(), [line for frame in [*term.frames, *drawings] for line in frame]


class _Written(io.StringIO):
    """A StringIO that keeps each write apart: prompt_toolkit writes one drawing per flush."""

    def __init__(self) -> None:
        super().__init__()
        self.chunks: list[str] = []

    def write(self, text: str) -> int:
        self.chunks.append(text)
        return super().write(text)


def words(text: str | list[str]) -> str:
    return " ".join((text if isinstance(text, str) else "\n".join(text)).split())


@pytest.mark.parametrize("width", [40, 80])
def test_question_help_and_labels_wrap_at_words(book: Book, width: int) -> None:
    last, lines = screen(book, {}, DOWN + ENTER, width)
    shown = words(lines)
    question = book.questions["where"]
    assert question.help is not None
    for text in (question.text, question.help, *(c.label for c in question.choices)):
        assert words(text) in shown
    # the answer is echoed whole after the question
    assert words(last).endswith(words(question.choices[1].label))


def test_continuation_lines_start_under_the_first_word(book: Book) -> None:
    _, lines = screen(book, {}, DOWN + ENTER, 40)
    at = next(i for i, line in enumerate(lines) if line.startswith(" \u00bb Has left"))
    assert lines[at : at + 2] == [
        " \u00bb Has left (moved out, and living",
        "   somewhere else for now)",
    ]


@pytest.mark.parametrize("width", [40, 80])
def test_multiple_choice_labels_wrap(book: Book, width: int) -> None:
    _, lines = screen(book, {"where": "left"}, SPACE + ENTER, width)
    for choice in book.questions["coping"].choices:
        assert words(choice.label) in words(lines)


@pytest.mark.parametrize("width", [40, 80])
def test_a_validation_message_is_shown_whole(book: Book, width: int) -> None:
    answers = {"where": "left", "coping": ["struggling"]}
    _, lines = screen(book, answers, "2025-02-30" + ENTER, width, then=("is not a date", CTRL_D))
    assert (
        "'2025-02-30' is not a date: enter a date (like 23/11/2026 or 2026-11-23) from "
        "1901-01-01 to 2099-12-31"
    ) in words(lines)
    # the typed date is not broken by the end of the line
    assert any(line.strip() == "2025-02-30" or line.endswith(" 2025-02-30") for line in lines)


def test_wrap_fragments_keeps_styles_and_markers() -> None:
    fragments = [
        ("class:pointer", " \u00bb "),
        ("[SetCursorPosition]", ""),
        ("class:text", "one two three four"),
        ("", "\n"),
        ("class:text", "short"),
    ]
    assert wrap_fragments(fragments, 13) == [
        ("class:pointer", " "),
        ("class:pointer", "\u00bb"),
        ("class:pointer", " "),
        ("[SetCursorPosition]", ""),
        *[("class:text", ch) for ch in "one two"],
        ("", "\n   "),
        *[("class:text", ch) for ch in "three four"],
        ("", "\n"),
        *[("class:text", ch) for ch in "short"],
    ]


@pytest.mark.parametrize(
    ("keys", "echo"),
    [
        (SPACE + ENTER, "Struggling, but getting through each day as it comes"),
        (
            SPACE + DOWN + SPACE + ENTER,
            "Struggling, but getting through each day as it comes, Not sleeping or eating "
            "well for weeks now, and it is getting worse",
        ),
        (ENTER, "none of them"),
    ],
)
def test_a_multiple_choice_answer_is_echoed_as_its_labels(book: Book, keys: str, echo: str) -> None:
    last, _ = screen(book, {"where": "left"}, keys, 40)
    question = "How are you coping with all of this, day to day, and week to week?"
    assert words(last).endswith(f"? {question} {echo}")


def test_the_echo_of_no_choice_is_translated(book: Book) -> None:
    from mendpath import i18n

    i18n.use("es")
    try:
        last, _ = screen(book, {"where": "left"}, ENTER, 80)
    finally:
        i18n.use("en")
    assert words(last).endswith("week to week? ninguna")
