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
        "height": (),  # a number question's classes come from the book (`coverage`)
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
    assert (reached.hit, reached.total) == (9, 15)
    assert coverage_text(reached) == (
        "coverage: 60% (9 of 15)\n"
        "  advice items: 66% (2 of 3)\n"
        "    reached by no scenario: high_shelf\n"
        "  situations: 50% (1 of 2)\n"
        "    reached by no scenario: cats\n"
        "  answer classes: 60% (6 of 10)\n"
        "    reached by no scenario: kinds includes cat, kinds includes dog, kinds: none chosen, name: empty\n"
    )


def test_answers_that_end_in_a_refused_answer_reach_classes_but_no_summary() -> None:
    """A `refused:` scenario's route was taken for a finished one: the advice its partial
    route would show counted as reached, and --fail-under passed on items no summary had."""
    book = book_of("coverage/book.yaml")
    stopped = {"light": "bright", "pets": "no", "name": "Fern", "height": "3"}
    assert coverage(book, [stopped]).parts[0].reached  # as a finished route, it shows advice
    reached = coverage(book, [stopped], refused=[True])
    assert (reached.parts[0].reached, reached.parts[1].reached) == (frozenset(), frozenset())
    assert {"light=bright", "pets=no", "name: given"} <= reached.parts[2].reached


def test_no_scenario_reaches_nothing_and_everything_reached_lists_nothing() -> None:
    book = book_of("coverage/book.yaml")
    assert coverage_text(coverage(book, [])).splitlines()[0] == "coverage: 0% (0 of 15)"
    every = [
        {"light": "bright", "pets": "yes", "kinds": ["cat", "dog"], "name": "", "height": "1"},
        {"light": "dim", "pets": "no", "name": "Ivy", "height": "2"},
        {"light": "dim", "pets": "yes", "kinds": [], "name": "Ivy", "height": "2"},
    ]
    assert coverage_text(coverage(book, every)) == (
        "coverage: 100% (15 of 15)\n"
        "  advice items: 100% (3 of 3)\n"
        "  situations: 100% (2 of 2)\n"
        "  answer classes: 100% (10 of 10)\n"
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


def test_a_number_or_date_answer_covers_the_piece_of_its_line_it_falls_in() -> None:
    """Number and date questions had no classes: a book of them covered 100% with any one
    scenario. Each constant a question is compared against is a class, and so is each gap
    between two that holds an answer."""
    book = book_of("good/measures.yaml")  # days 0-7 compared at 0.5, 1 and 5; a date at 2026
    classes = [c for c in coverage(book, []).parts[2].every if not c.startswith("code")]
    assert classes == [
        "days below 0.5",
        "days=0.5",
        "days between 0.5 and 1",
        "days=1",
        "days between 1 and 5",
        "days=5",
        "days above 5",
        "started below 2026-01-01",
        "started=2026-01-01",
        "started above 2026-01-01",
    ]
    answers = {"days": "3", "started": "2026-01-01", "code": ""}
    reached = coverage(book, [answers]).parts[2].reached
    assert {"days between 1 and 5", "started=2026-01-01"} <= reached
    assert "days=5" not in reached


def test_a_class_its_checks_refuse_is_no_class_to_cover(tmp_path: Path) -> None:
    """A class a check refuses whatever came before was listed, so 100% could not be met."""
    path = tmp_path / "book.yaml"
    path.write_text(
        "book: {title: T, version: '1', start: due, disclaimer: D.}\n"
        "groups: [{id: g, title: G}]\n"
        "sources: [{id: s, title: S, sections: [{id: a, title: A}]}]\n"
        "questions:\n"
        "  - id: due\n"
        "    text: Due?\n"
        "    kind: date\n"
        "    checks: [{refuse: {answer: due, below: 2026-11-24}, message: Too early.}]\n"
        "    next: end\n"
        "advice:\n"
        "  - {id: late, title: L, body: B., group: g, when: {answer: due, above: 2026-12-24},\n"
        "     cite: [{source: s, section: a}]}\n",
        encoding="utf-8",
    )
    book = build_book([load_document(path, "book.yaml")])
    assert coverage(book, []).parts[2].every == (
        "due=2026-11-24",
        "due between 2026-11-24 and 2026-12-24",
        "due=2026-12-24",
        "due above 2026-12-24",
    )
