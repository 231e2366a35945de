"""The exact search over routes (logic/bounds.py) agrees with trying every set of answers."""

from __future__ import annotations

from typing import Any

from bookgen import all_walks, as_book, books, conditions
from hypothesis import given
from hypothesis import strategies as st

from mendpath.logic import engine
from mendpath.logic.bounds import find_answers, find_breach
from mendpath.logic.outcome import outcome


@st.composite
def books_with_hides(draw: st.DrawFn) -> dict[str, Any]:
    data = draw(books(max_questions=4))
    ids = [a["id"] for a in data["advice"]]
    for advice in data["advice"]:
        others = [i for i in ids if i != advice["id"]]
        advice["hides"] = draw(st.lists(st.sampled_from(others), unique=True)) if others else []
    return data


@st.composite
def books_with_many_choices(draw: st.DrawFn) -> dict[str, Any]:
    """Books with hides where one or two questions are multiple choice with up to four
    choices, and the advice reads them (the case the search decides choice by choice)."""
    data = draw(books_with_hides())
    questions = data["questions"]
    for i in draw(st.lists(st.integers(0, len(questions) - 1), min_size=1, max_size=2)):
        q = questions[i]
        q["kind"] = "multiple"
        q.pop("routes", None)
        q["choices"] = [{"id": f"c{k}", "label": f"C{k}"} for k in range(draw(st.integers(1, 4)))]
    # conditions may now name choices a question lost, or test a multiple-choice question
    # with `is`: rebuild every condition over the questions as they now are
    situation = {"id": "sit", "when": draw(conditions(questions, []))}
    data["situations"] = [situation]
    for advice in data["advice"]:
        advice["when"] = draw(conditions(questions, ["sit"]))
    for _ in range(draw(st.integers(0, 2))):  # more advice, so that counts can grow
        n = len(data["advice"])
        data["advice"].append({**data["advice"][0], "id": f"a{n}", "title": f"Advice {n}"})
        data["advice"][-1]["when"] = draw(conditions(questions, ["sit"]))
    return data


def _check(data: dict[str, Any], members: tuple[str, ...], goal: int, shown: bool = True) -> None:
    """find_breach agrees with every walk: some walk has `goal` members shown (or not)."""
    book = as_book(data)
    found = find_breach(book, members, goal, shown=shown)

    def breaks(answers: dict[str, Any]) -> bool:
        showing = outcome(book, answers).shown
        return sum((m in showing) == shown for m in members) >= goal

    breaching = [w for w in all_walks(book) if breaks(w)]
    assert (found is not None) == bool(breaching)
    if found is not None:  # the witness is a complete walk that really breaks the rule
        done = engine.step(book, found)
        assert isinstance(done, engine.Done)
        assert done.answers == found
        assert breaks(found)


def _ids(data: dict[str, Any]) -> tuple[str, ...]:
    return tuple(a["id"] for a in data["advice"])


@given(books_with_hides(), st.integers(0, 3))
def test_the_advice_limit_agrees_with_every_walk(data: dict[str, Any], limit: int) -> None:
    _check(data, _ids(data), limit + 1)


@given(books_with_hides())
def test_never_together_agrees_with_every_walk(data: dict[str, Any]) -> None:
    _check(data, _ids(data)[:2], 2)


@given(books_with_hides(), st.integers(1, 3))
def test_a_minimum_agrees_with_every_walk(data: dict[str, Any], need: int) -> None:
    ranked = _ids(data)
    _check(data, ranked, len(ranked) - need + 1, shown=False)


@given(books_with_many_choices(), st.data())
def test_multiple_choice_limits_and_never_together_agree_with_every_walk(
    data: dict[str, Any], pick: st.DataObject
) -> None:
    ids = _ids(data)
    members = tuple(pick.draw(st.lists(st.sampled_from(ids), min_size=1, unique=True)))
    _check(data, ids, pick.draw(st.integers(1, len(ids))))  # a limit on all advice
    _check(data, members, pick.draw(st.integers(1, len(members))))  # a section, a set
    _check(data, members, 2)  # never together
    _check(data, members, pick.draw(st.integers(1, len(members))), shown=False)  # a minimum


def test_start_here_opens_the_summary_with_the_lowest_ranks() -> None:
    from pathlib import Path

    from mendpath.book.validate import validate
    from mendpath.logic.summary import summarise

    book = validate([Path(__file__).parents[1] / "books" / "good" / "limits.yaml"]).book
    assert book is not None
    summary = summarise(book, {"mood": "upset", "tried": ["calling", "writing"]})
    assert [(i.id, i.group, i.group_title) for i in summary.items] == [
        ("breathe", "start-here", "Start here"),  # rank 1; `limits: start: 1`
        ("stop_calling", "g", "Group"),  # rank 2, shown in its group
        ("write_less", "g", "Group"),
    ]


@given(books_with_many_choices(), st.data())
def test_answers_that_show_some_items_and_hide_others_agree_with_every_walk(
    data: dict[str, Any], pick: st.DataObject
) -> None:
    book = as_book(data)
    ids = _ids(data)
    show = pick.draw(st.lists(st.sampled_from(ids), max_size=2, unique=True))
    hide = pick.draw(st.lists(st.sampled_from(ids), max_size=2, unique=True))
    holds, fails = pick.draw(st.sampled_from([([], []), (["sit"], []), ([], ["sit"])]))
    found = find_answers(book, show=show, hide=hide, holds=holds, fails=fails)

    def meets(answers: dict[str, Any]) -> bool:
        result = outcome(book, answers)
        return (
            set(show) <= set(result.shown)
            and not set(hide) & set(result.shown)
            and set(holds) <= set(result.situations)
            and not set(fails) & set(result.situations)
        )

    assert (found is not None) == any(meets(w) for w in all_walks(book))
    if found is not None:
        assert engine.route(book, found)[1] == "end"
        assert meets(found)


def test_a_walk_is_completed_past_a_question_whose_every_answer_a_check_refuses() -> None:
    """Found by Hypothesis (test_relations): the item's condition is decided at the start (it
    reads a question no route asks), and the first way on (`a` = 0) reaches `b`, whose check
    refuses every answer after `a` = 0. The search backs off and takes another answer for `a`."""
    questions = [
        {"id": "a", "text": "?", "kind": "number", "min": 0, "max": 1, "next": "b"},
        {
            "id": "b",
            "text": "?",
            "kind": "number",
            "min": 0,
            "max": 1,
            "next": "end",
            "checks": [{"refuse": {"answer": "a", "between": [0, 0]}, "message": "No."}],
        },
        {"id": "c", "text": "?", "kind": "yes_no", "next": "end"},  # asked by no route
    ]
    for when, shown in (
        ({"not": {"answer": "c", "is": "yes"}}, True),
        ({"answer": "c", "is": "yes"}, False),
    ):
        book = as_book(
            {
                "book": {"title": "T", "version": "1", "start": "a", "disclaimer": "D"},
                "groups": [{"id": "g", "title": "G"}],
                "sources": [{"id": "s", "title": "S", "sections": [{"id": "x", "title": "X"}]}],
                "questions": questions,
                "advice": [
                    {
                        "id": "a0",
                        "title": "A",
                        "body": "B",
                        "group": "g",
                        "when": when,
                        "cite": [{"source": "s", "section": "x"}],
                    }
                ],
            }
        )
        answers = find_breach(book, book.advice, 1, shown=shown)
        assert answers is not None
        assert answers["a"] != "0"
        assert engine.route(book, answers)[1] == "end"
        assert ("a0" in outcome(book, answers).shown) == shown
        assert find_breach(book, book.advice, 1, shown=not shown) is None
