"""author/coverage.py on its own: the answer classes of each kind of question, what a set of
scenarios reaches (only answers on their route count, unfinished ones as far as they go),
and the report `mendpath test --coverage` prints."""

from __future__ import annotations

from pathlib import Path

from mendpath.author.coverage import (
    Coverage,
    answer_classes,
    classes_of,
    coverage,
    coverage_text,
    whole_percent,
)
from mendpath.book.build import build_book
from mendpath.model import Book
from mendpath.reader import load_document

BOOKS = Path(__file__).parents[1] / "books"


def book_of(name: str) -> Book:
    path = BOOKS / name
    return build_book([load_document(path, path.name)])


def test_each_kind_of_question_has_its_answer_classes() -> None:
    book = book_of("coverage/book.yaml")
    assert {q.id: answer_classes(q) for q in book.questions.values()} == {
        "light": ("light=bright", "light=dim"),
        "pets": ("pets=yes", "pets=no"),
        "kinds": ("kinds includes cat", "kinds includes dog", "kinds: none chosen"),
        "name": ("name: given", "name: empty"),
        "height": (),  # a number question has no answer classes of its own here
    }


def test_an_answer_falls_in_the_classes_it_names() -> None:
    book = book_of("coverage/book.yaml")
    kinds, name = book.questions["kinds"], book.questions["name"]
    assert classes_of(kinds, ["cat", "dog"]) == {"kinds includes cat", "kinds includes dog"}
    assert classes_of(kinds, []) == {"kinds: none chosen"}
    assert classes_of(name, "Fern") == {"name: given"}
    assert classes_of(name, "") == {"name: empty"}
    assert classes_of(book.questions["pets"], "no") == {"pets=no"}


def test_only_answers_on_the_route_count_and_an_unfinished_scenario_counts_as_far_as_it_goes() -> (
    None
):
    book = book_of("coverage/book.yaml")
    scenarios = [
        # kinds is off the route when pets is no: its answer reaches nothing
        {"light": "bright", "pets": "no", "kinds": ["cat"], "name": "Fern", "height": "3"},
        {"light": "dim", "pets": "yes"},  # stops at kinds
    ]
    reached = coverage(book, scenarios)
    assert [(p.name, p.missed) for p in reached.parts] == [
        ("advice items", ["high_shelf"]),
        ("situations", ["cats"]),
        (
            "answer classes",
            ["kinds includes cat", "kinds includes dog", "kinds: none chosen", "name: empty"],
        ),
    ]
    assert (reached.hit, reached.total) == (8, 14)
    assert coverage_text(reached) == (
        "coverage: 57% (8 of 14)\n"
        "  advice items: 66% (2 of 3)\n"
        "    reached by no scenario: high_shelf\n"
        "  situations: 50% (1 of 2)\n"
        "    reached by no scenario: cats\n"
        "  answer classes: 55% (5 of 9)\n"
        "    reached by no scenario: kinds includes cat, kinds includes dog, kinds: none chosen, name: empty\n"
    )


def test_no_scenario_reaches_nothing_and_everything_reached_lists_nothing() -> None:
    book = book_of("coverage/book.yaml")
    assert coverage_text(coverage(book, [])).splitlines()[0] == "coverage: 0% (0 of 14)"
    every = [
        {"light": "bright", "pets": "yes", "kinds": ["cat", "dog"], "name": "", "height": "1"},
        {"light": "dim", "pets": "no", "name": "Ivy", "height": "2"},
        {"light": "dim", "pets": "yes", "kinds": [], "name": "Ivy", "height": "2"},
    ]
    assert coverage_text(coverage(book, every)) == (
        "coverage: 100% (14 of 14)\n"
        "  advice items: 100% (3 of 3)\n"
        "  situations: 100% (2 of 2)\n"
        "  answer classes: 100% (9 of 9)\n"
    )
    assert Coverage(()).percent == 100.0  # nothing to reach is all reached


def test_a_percentage_is_rounded_down_so_it_never_claims_what_is_not_reached() -> None:
    # It was rounded to the nearest: 199 of 200 printed as 100%, and `--fail-under 100` then
    # said "FAIL  coverage 100% is under --fail-under 100%".
    assert whole_percent(100.0 * 199 / 200) == "99%"
    assert whole_percent(100.0 * 2 / 3) == "66%"
    assert whole_percent(100.0 * 57 / 100) == "57%"
    assert whole_percent(100.0) == "100%"
    assert whole_percent(0.0) == "0%"
