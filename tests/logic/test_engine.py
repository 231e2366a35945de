"""The engine: pure stepping through a book's routes."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from bookgen import as_book, books, possible_answers
from hypothesis import given, settings
from hypothesis import strategies as st

from mendpath.book.validate import validate
from mendpath.logic import engine
from mendpath.model import Book
from mendpath.text import clean_line

MINIMAL = Path(__file__).parents[1] / "books" / "good" / "minimal.yaml"


@pytest.fixture
def book() -> Book:
    result = validate([MINIMAL])
    assert result.book is not None
    return result.book


def test_first_step_asks_the_start_question(book: Book) -> None:
    step = engine.step(book, {})
    assert isinstance(step, engine.Ask)
    assert (step.question.id, step.number, step.about, step.previous) == ("q1", 1, 2, None)


def test_routes_follow_the_choice(book: Book) -> None:
    step = engine.step(book, {"q1": "x"})
    assert isinstance(step, engine.Ask)
    assert (step.question.id, step.number, step.previous) == ("q2", 2, "q1")
    assert engine.step(book, {"q1": "y"}) == engine.Done({"q1": "y"}, ("q1",))


def test_changing_an_answer_drops_answers_off_the_new_route(book: Book) -> None:
    answers = engine.answer(book, {}, "q1", "x")
    answers = engine.answer(book, answers, "q2", ["n", "m"])
    assert answers == {"q1": "x", "q2": ["m", "n"]}  # normal form: the book's order
    assert engine.answer(book, answers, "q1", "y") == {"q1": "y"}


def test_revisiting_an_answered_question(book: Book) -> None:
    step = engine.step(book, {"q1": "x", "q2": []}, at="q1")
    assert isinstance(step, engine.Ask)
    assert step.question.id == "q1"
    # a question off the route cannot be revisited: the next unanswered one comes instead
    assert isinstance(engine.step(book, {"q1": "y"}, at="q2"), engine.Done)


@pytest.mark.parametrize(
    ("qid", "value", "message"),
    [
        ("q1", "z", "question 'q1' has no choice 'z'; valid choices: x, y"),
        ("q1", ["x"], "question 'q1' takes one choice, not a list; valid choices: x, y"),
        ("q2", ["m", "o"], "question 'q2' has no choice 'o'; valid choices: m, n"),
    ],
)
def test_answers_are_checked(book: Book, qid: str, value: Any, message: str) -> None:
    with pytest.raises(engine.AnswerError) as caught:
        engine.answer(book, {}, qid, value)
    assert str(caught.value) == message


def test_free_text_loses_control_characters() -> None:
    assert clean_line("  Sam\x1b[2J\x1b]0;pwned\x07\tLee\n") == "Sam[2J]0;pwned Lee"


def _walk(book: Book, data: st.DataObject) -> tuple[dict[str, Any], list[str]]:
    answers: dict[str, Any] = {}
    asked: list[str] = []
    for _ in range(len(book.questions) + 1):
        step = engine.step(book, answers)
        if isinstance(step, engine.Done):
            return answers, asked
        qid = step.question.id
        asked.append(qid)
        answers = engine.answer(
            book, answers, qid, data.draw(st.sampled_from(possible_answers(book, qid)))
        )
    raise AssertionError("the walk did not end")


@settings(deadline=None)
@given(books(), st.data())
def test_every_walk_ends_within_the_number_of_questions(
    data_book: dict[str, Any], data: st.DataObject
) -> None:
    book = as_book(data_book)
    answers, asked = _walk(book, data)
    assert len(asked) == len(set(asked))
    done = engine.step(book, answers)
    assert isinstance(done, engine.Done)
    assert list(done.route) == asked


@settings(deadline=None)
@given(books(), st.data())
def test_back_then_forward_with_the_same_answers_returns_the_same_state(
    data_book: dict[str, Any], data: st.DataObject
) -> None:
    book = as_book(data_book)
    answers, asked = _walk(book, data)
    back_to = data.draw(st.sampled_from(asked))
    # going back to a question and giving the same answer changes nothing
    again = engine.answer(book, answers, back_to, answers[back_to])
    assert again == answers
    assert engine.step(book, again) == engine.step(book, answers)
    # progress numbering agrees with the route
    step = engine.step(book, answers, at=back_to)
    assert isinstance(step, engine.Ask)
    assert step.number == asked.index(back_to) + 1
    assert step.about >= 1


@settings(deadline=None)
@given(books(), st.data())
def test_incremental_walk_agrees_with_the_pure_functions(
    data_book: dict[str, Any], data: st.DataObject
) -> None:
    book = as_book(data_book)
    answers: dict[str, Any] = {}
    state = engine.walk(book, {})
    for _ in range(3 * len(book.questions)):
        pure = engine.step(book, answers)
        assert engine.step_from(book, state) == pure
        if isinstance(pure, engine.Done):
            break
        asked = [q for q in state.answers]
        # sometimes revisit an earlier question, as after going back
        qid = data.draw(st.sampled_from([pure.question.id, *asked]))
        value = data.draw(st.sampled_from(possible_answers(book, qid)))
        answers = engine.answer(book, answers, qid, value)
        state = engine.advance(book, state, qid, value)
        assert state.answers == answers
        assert list(state.answers) == engine.route(book, answers)[0]


def _checked_book() -> Book:
    from mendpath.book.validate import validate

    result = validate([Path(__file__).parents[1] / "books" / "good" / "checks.yaml"])
    assert result.book is not None
    return result.book


def test_a_check_refuses_an_answer_given_the_answers_before_it() -> None:
    book = _checked_book()
    left = book.questions["left"]
    refusal = engine.refused(book, left, "2024-04-01", {"started": "2024-05-01"})
    assert refusal is not None
    assert refusal.message.startswith("The leaving date must be after")
    assert engine.refused(book, left, "2024-06-01", {"started": "2024-05-01"}) is None
    assert engine.refused(book, book.questions["days"], "7", {}) is None  # no checks


def test_a_refused_answer_stops_the_route_and_is_found_among_answers_given() -> None:
    book = _checked_book()
    answers = {"started": "2024-05-01", "left": "2024-04-01", "days": "3"}
    assert engine.route(book, answers) == (["started"], "left")  # asked again
    found = engine.first_refused(book, answers)
    assert found is not None
    assert found.question.id == "left"
    assert found.answers == {"started": "2024-05-01", "left": "2024-04-01"}
    assert engine.first_refused(book, {**answers, "left": "2024-06-01"}) is None
    # going back and changing the start date refuses the leaving date given before
    state = engine.walk(book, {**answers, "left": "2024-06-01"})
    assert state.stop == "shift"
    assert engine.advance(book, state, "started", "2024-07-01").stop == "left"
