"""ask/console.py on its own: when prompts are plain, where they are written (standard
output when it is the terminal, else the controlling terminal, else nowhere), and which ask
function prompts there."""

from __future__ import annotations

import faulthandler
import io
import sys
from pathlib import Path

import pytest
from prompt_toolkit.input import create_pipe_input

from mendpath.ask import console
from mendpath.ask.interview import texts_for
from mendpath.ask.prompts import ask_in_terminal
from mendpath.book.validate import validate
from mendpath.logic import engine
from mendpath.model import Book

ROOT = Path(__file__).parents[2]
DOWN, ENTER = "\x1b[B", "\r"


class Terminal(io.StringIO):
    """A stream that says it is a terminal."""

    def isatty(self) -> bool:
        return True


@pytest.fixture
def book() -> Book:
    result = validate([ROOT / "examples" / "houseplants"])
    assert result.book is not None
    return result.book


@pytest.fixture
def tty(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A file standing in for /dev/tty, and no stream opened on it yet."""
    path = tmp_path / "tty"
    monkeypatch.setattr(console, "_TTY", str(path))
    monkeypatch.setattr(console, "_opened", [])
    return path


@pytest.mark.parametrize(
    ("flag", "term", "plain"),
    [(False, "xterm-256color", False), (True, "xterm-256color", True), (False, "dumb", True)],
)
def test_plain_prompts_when_asked_or_when_the_terminal_is_dumb(
    flag: bool, term: str, plain: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TERM", term)
    assert console.plain_wanted(flag) is plain
    monkeypatch.delenv("TERM")
    assert console.plain_wanted(flag) is flag


def test_no_terminal_to_read_from_means_nowhere_to_prompt(
    tty: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sys, "stdin", io.StringIO())
    monkeypatch.setattr(sys, "stdout", Terminal())
    assert console.prompt_stream() is None
    assert not tty.exists()  # the terminal was not even opened


def test_prompts_go_to_standard_output_when_it_is_the_terminal(
    tty: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = Terminal()
    monkeypatch.setattr(sys, "stdin", Terminal())
    monkeypatch.setattr(sys, "stdout", out)
    assert console.prompt_stream() is out
    assert not tty.exists()


def test_piped_output_sends_prompts_to_the_terminal_opened_once(
    tty: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sys, "stdin", Terminal())
    monkeypatch.setattr(sys, "stdout", io.StringIO())  # `mendpath ask | less`
    stream = console.prompt_stream()
    assert stream is not None
    try:
        assert stream.name == str(tty)
        assert console.prompt_stream() is stream  # kept open for the run, not reopened
    finally:
        stream.close()


def test_a_terminal_that_cannot_be_opened_means_nowhere_to_prompt(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(console, "_TTY", str(tmp_path / "no such folder" / "tty"))
    monkeypatch.setattr(console, "_opened", [])
    monkeypatch.setattr(sys, "stdin", Terminal())
    monkeypatch.setattr(sys, "stdout", io.StringIO())
    assert console.prompt_stream() is None


def test_the_terminal_asker_for_standard_output_is_the_terminal_prompt() -> None:
    assert console.terminal_asker(False, sys.stdout) is ask_in_terminal


def test_the_terminal_asker_for_another_stream_prompts_on_it(book: Book, tmp_path: Path) -> None:
    step = engine.step(book, {})
    assert isinstance(step, engine.Ask)
    # A prompt whose piped keys run out waits for ever: end the run loudly after 20 s
    # instead (as tests/ask/test_prompts.py does).
    faulthandler.dump_traceback_later(20, exit=True)
    try:
        with (tmp_path / "tty").open("w+", encoding="utf-8") as stream:
            ask = console.terminal_asker(False, stream)
            with create_pipe_input() as pipe:
                pipe.send_text(DOWN + ENTER)
                assert ask(step, None, texts_for(book, step, {}), input=pipe) == "medium"
            stream.seek(0)
            shown = stream.read()
    finally:
        faulthandler.cancel_dump_traceback_later()
    assert "? How much light does the spot get? (arrow keys, Enter)" in shown
    assert "? How much light does the spot get? Bright but indirect" in shown


def test_the_plain_asker_reads_standard_input_and_prompts_on_the_stream(
    book: Book, monkeypatch: pytest.MonkeyPatch
) -> None:
    step = engine.step(book, {})
    assert isinstance(step, engine.Ask)
    monkeypatch.setattr(sys, "stdin", io.StringIO("2\n"))
    stream = io.StringIO()
    ask = console.terminal_asker(True, stream)
    assert ask(step, None, texts_for(book, step, {})) == "medium"
    assert stream.getvalue().splitlines()[:2] == ["", "Question 1 of about 4"]
