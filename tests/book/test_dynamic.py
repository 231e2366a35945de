"""book/dynamic.py on its own: the checks made by exploring every walk of a book routed by
earlier answers, what they skip (conditions already broken, questions no route reaches at
all) and what they say when there are too many walks to explore."""

from __future__ import annotations

from pathlib import Path

import pytest

from mendpath.book import dynamic
from mendpath.book.build import build_book
from mendpath.logic import walks
from mendpath.model import Book
from mendpath.reader import load_document

BOOKS = Path(__file__).parents[1] / "books"


def book_of(name: str) -> Book:
    path = BOOKS / name
    return build_book([load_document(path, path.name)])


def test_each_finding_of_the_walks_is_located_where_the_author_fixes_it() -> None:
    book = book_of("dynamic/everything.yaml")
    assert book.dynamic
    found = dynamic.check_dynamic(book, set(), set(book.questions))
    assert [p.format() for p in found] == [
        # several answers walk the loop (y two as well as y one): reported once, at its question
        "everything.yaml:21:9: error MP120: the routing loops back to 'y' with these answers: region=south y=one x=no",
        "everything.yaml:30:9: error MP121: no answers reach question 'z' (the conditions on the way exclude it)",
        "everything.yaml:36:30: warning MP132: situation 'both_regions' can never hold: no answers along any route make it true",
        "everything.yaml:39:59: warning MP131: the `when` of advice 'always' is always true; leave it out to show it always",
        "everything.yaml:40:57: error MP130: advice 'never' can never show: no answers along any route meet its `when`",
        # south_two and the situation `southern` hold on some walks only; unconditional has no `when`
    ]


def test_what_is_already_broken_or_never_reached_by_any_route_is_not_reported_again() -> None:
    book = book_of("dynamic/everything.yaml")
    broken = {"situation:both_regions", "advice:never", "advice:always"}
    found = dynamic.check_dynamic(book, broken, {"region", "x", "y"})
    assert [p.format() for p in found] == [
        "everything.yaml:21:9: error MP120: the routing loops back to 'y' with these answers: region=south y=one x=no",
    ]


def test_a_book_with_no_problem_in_its_walks_gives_nothing() -> None:
    book = book_of("good/regions.yaml")
    assert book.dynamic
    assert list(dynamic.check_dynamic(book, set(), set(book.questions))) == []


def test_too_many_walks_is_one_warning_that_names_the_bound(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(walks, "MAX_WALKS", 3)
    monkeypatch.setattr(dynamic, "MAX_WALKS", 3)
    book = book_of("dynamic/everything.yaml")
    assert [p.format() for p in dynamic.check_dynamic(book, set(), set(book.questions))] == [
        "everything.yaml:4:7: warning MP138: the routes read earlier answers and have more than 3 answer classes, so loops, reachability and advice that never shows were not checked"
    ]


def test_the_three_findings_shared_with_the_static_checks_read_the_same() -> None:
    book = book_of("dynamic/everything.yaml")
    assert dynamic.never_holds(book.situations["southern"]).format() == (
        "everything.yaml:37:26: warning MP132: situation 'southern' can never hold: no answers along any route make it true"
    )
    assert dynamic.never_shows(book.advice["south_two"]).format() == (
        "everything.yaml:41:65: error MP130: advice 'south_two' can never show: no answers along any route meet its `when`"
    )
    assert dynamic.always_true(book.advice["south_two"]).format() == (
        "everything.yaml:41:65: warning MP131: the `when` of advice 'south_two' is always true; leave it out to show it always"
    )


def test_a_question_no_walk_reaches_because_one_before_it_refuses_everything_says_so() -> None:
    """It said "the conditions on the way exclude it", where no condition did: the checks of
    the question before it refused every answer, and MP177 was not said at all (one of them
    compared it with an earlier answer)."""
    from mendpath.book.validate import validate

    result = validate([BOOKS / "dynamic" / "stuck-before.yaml"])
    assert [p.format().split(": ", 1)[1] for p in result.problems] == [
        "error MP177: the checks of question 'q1' refuse every answer after these answers: "
        "q0=1: the interview cannot go on",
        "error MP121: no answers reach question 'q2' (every walk toward it is excluded by "
        "the conditions on the way or stops before it: some stop at 'q1', whose checks "
        "refuse every answer)",
    ]
