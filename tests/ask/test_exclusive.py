"""A multiple-choice choice marked `exclusive: true` ("None of these") cannot be combined with
another: refused in answers files, --answer, plain and full-screen prompts (probe P4)."""

from __future__ import annotations

import faulthandler
import io
from collections.abc import Iterator
from pathlib import Path

import pytest
from prompt_toolkit.input import create_pipe_input
from prompt_toolkit.output import DummyOutput

from mendpath.ask.interview import run, texts_for
from mendpath.ask.plain import NotUnderstood, parse_reply, plain_asker
from mendpath.ask.prompts import ask_in_terminal
from mendpath.book.validate import load_valid_book
from mendpath.cli.main import main
from mendpath.logic import engine
from mendpath.model import Book

ROOT = Path(__file__).parents[2]
BOOK = ROOT / "tests" / "books" / "good" / "exclusive.yaml"
DOWN, ENTER, SPACE = "\x1b[B", "\r", " "


@pytest.fixture(autouse=True)
def deadline() -> Iterator[None]:
    faulthandler.dump_traceback_later(20, exit=True)
    yield
    faulthandler.cancel_dump_traceback_later()


@pytest.fixture(scope="module")
def book() -> Book:
    return load_valid_book([BOOK])


def test_the_book_declares_the_choice_exclusive(book: Book) -> None:
    assert [c.exclusive for c in book.questions["practical"].choices] == [False, False, True]
    bundled = load_valid_book([ROOT / "rules"])
    assert [c.id for c in bundled.questions["practical"].choices if c.exclusive] == ["none"]
    assert [c.id for c in bundled.questions["tried"].choices if c.exclusive] == ["nothing"]


def test_check_answer_refuses_it_with_another_choice(book: Book) -> None:
    question = book.questions["practical"]
    with pytest.raises(engine.AnswerError) as caught:
        engine.check_answer(question, ["children", "none"])
    assert str(caught.value) == "question 'practical': 'none' cannot be chosen with other choices"
    assert engine.check_answer(question, ["none"]) == ["none"]
    assert engine.check_answer(question, ["money", "children"]) == ["children", "money"]


def test_answer_pairs_and_answers_files_refuse_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    message = "question 'practical': 'none' cannot be chosen with other choices"
    assert main(["ask", "--rules", str(BOOK), "--answer", "practical=children,none"]) == 1
    assert message in capsys.readouterr().err
    answers = tmp_path / "answers.yaml"
    answers.write_text("practical: [children, none]\n")
    assert main(["ask", "--rules", str(BOOK), "--answers", str(answers)]) == 1
    assert message in capsys.readouterr().err


def test_plain_refuses_it_and_offers_no_second_none(book: Book) -> None:
    question = book.questions["practical"]
    with pytest.raises(NotUnderstood) as caught:
        parse_reply(question, "1,3", None)
    assert str(caught.value) == "\u201cNone of these\u201d cannot be chosen with other choices"
    out = io.StringIO()
    done = run(book, plain_asker(io.StringIO("1,3\n1,2\n"), out))
    assert done.answers == {"practical": ["children", "money"]}
    text = out.getvalue()
    assert "Type the numbers from 1 to 3 that apply, separated by commas; ? for help." in text
    assert "0 for none" not in text
    assert "Not understood: \u201cNone of these\u201d cannot be chosen with other choices." in text


def test_full_screen_refuses_it_until_one_is_unticked(book: Book) -> None:
    step = engine.step(book, {})
    assert isinstance(step, engine.Ask)
    with create_pipe_input() as pipe:
        # tick the first and the last, Enter (refused), untick the last, Enter
        pipe.send_text(SPACE + DOWN + DOWN + SPACE + ENTER + SPACE + ENTER)
        answer = ask_in_terminal(
            step, None, texts_for(book, step, {}), input=pipe, output=DummyOutput()
        )
    assert answer == ["children"]
