"""Computed values: every kind of expression, formatting, and values shown in advice."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from bookgen import as_book

from mendpath.book.build import build_expr
from mendpath.book.validate import validate
from mendpath.expressions import Value
from mendpath.logic.outcome import fill
from mendpath.logic.values import answer_shown, dates_in, evaluate, shown
from mendpath.model import Book
from mendpath.reader import Document, Origin

BOOK = Path(__file__).parents[1] / "books" / "good" / "measures.yaml"


@pytest.fixture(scope="module")
def book() -> Book:
    result = validate([BOOK])
    assert result.ok(strict=True), [p.format() for p in result.problems]
    assert result.book is not None
    return result.book


ANSWERS = {"days": "4.5", "started": "2026-02-03", "code": ""}


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (7, 7.0),
        ({"answer": "days"}, 4.5),
        ({"sum": [1, 2, {"answer": "days"}]}, 7.5),
        ({"difference": [10, 3, 2]}, 5.0),
        ({"product": [{"answer": "days"}, 5.6]}, 4.5 * 5.6),
        ({"quotient": [9, 2]}, 4.5),
        ({"quotient": [9, 0]}, None),  # no value rather than an error
        ({"min": [{"product": [{"answer": "days"}, 5.6]}, 28]}, 25.2),
        ({"max": [1, 5, 3]}, 5.0),
        ({"round": {"quotient": [10, 3]}, "decimals": 2}, 3.33),
        ({"round": {"quotient": [10, 3]}, "decimals": 2, "direction": "up"}, 3.34),
        ({"round": {"quotient": [20, 3]}, "decimals": 0, "direction": "down"}, 6.0),
        ({"round": 112, "decimals": 1, "direction": "up"}, 112.0),  # on a step: stays
        ({"round": {"quotient": [-10, 3]}, "decimals": 1, "direction": "up"}, -3.3),
        ({"round": {"quotient": [-10, 3]}, "decimals": 1, "direction": "down"}, -3.4),
        ({"round": {"quotient": [5, 2]}, "decimals": 0, "direction": "nearest"}, 3.0),
        ({"round": 1, "decimals": 0, "direction": "sideways"}, None),  # MP100
        (
            {
                "band": {"answer": "days"},
                "table": [{"below": 2, "value": 1}, {"below": 5, "value": 2}, {"value": 3}],
            },
            2.0,
        ),
        ({"days_between": [{"answer": "started"}, {"answer": "started"}]}, 0.0),
        ({"days_between": [{"answer": "started"}, "2026-03-03"]}, 28.0),  # a fixed date
        ({"weeks_between": [{"answer": "started"}, "2026-03-03"]}, 4.0),
        ({"weeks_between": ["2026-03-03", {"answer": "started"}]}, -4.0),
        ({"months_between": [{"answer": "started"}, "2026-03-02"]}, 0.0),  # a day short
        ({"months_between": [{"answer": "started"}, "2026-03-03"]}, 1.0),
        ({"years_between": ["2008-02-29", {"answer": "started"}]}, 17.0),
        ({"years_between": ["2008-02-29", {"sum": [{"answer": "started"}, 26]}]}, 18.0),  # 1/3
        ({"years_between": [{"answer": "started"}, {"answer": "missing"}]}, None),
        ({"years_between": [{"answer": "started"}, {"sum": ["9999-12-31", 1]}]}, None),
        ("2026-02-30", None),  # not a date (MP163)
        ({"sum": ["2026-04-06", 0.5]}, 739712.5),  # a day number; half a day is no date
        ({"years_between": [{"sum": ["2026-04-06", 0.5]}, "2027-04-06"]}, None),
        ({"value": "entitlement"}, 25.2),
        ({"answer": "code"}, None),  # text is not a number
        ({"answer": "missing"}, None),
        ({"unknown_op": [1]}, None),
    ],
)
def test_each_expression(book: Book, raw: Any, expected: float | None) -> None:
    result = evaluate(build_expr(raw), book, ANSWERS)
    if expected is None:
        assert result is None
    else:
        assert result == pytest.approx(expected)


def test_days_between_two_dates(book: Book) -> None:
    expr = build_expr({"days_between": [{"answer": "started"}, {"answer": "started"}]})
    assert evaluate(expr, book, {"started": "2026-01-01"}) == 0
    later = build_expr({"difference": [{"answer": "started"}, 0]})
    assert (
        evaluate(later, book, {"started": "2026-01-02"})
        - evaluate(later, book, {"started": "2026-01-01"})
        == 1
    )  # type: ignore[operator]


def test_a_value_is_shown_formatted_in_advice(book: Book) -> None:
    body = book.advice["full"].body
    assert fill(body, book, {"days": "5"}) == "You are entitled to 28.0 days a year."
    assert fill(body, book, {}) == "You are entitled to your full entitlement a year."  # default


def test_answers_are_shown_as_people_read_them(book: Book) -> None:
    assert answer_shown(book, "started", "2026-02-03") == "3 February 2026"
    assert answer_shown(book, "days", "4.5") == "4.5 days"


def test_wording_varies_with_earlier_answers(book: Book) -> None:
    from mendpath.ask.interview import texts_for
    from mendpath.logic import engine
    from mendpath.logic.summary import summarise

    for days, text in (
        ("0.5", "When did you start, even for less than a day a week?"),
        ("3", "When did you start?"),
    ):
        step = engine.step(book, {"days": days})
        assert isinstance(step, engine.Ask)
        assert texts_for(book, step, {"days": days})["text"] == text
    titles = {
        days: [
            i.title
            for i in summarise(book, {"days": days, "started": "2026-03-01", "code": ""}).items
        ]
        for days in ("5", "3")
    }
    assert titles == {
        "5": ["Full time", "New full-time starter"],
        "3": ["Part time", "New starter"],
    }


HOSTILE = Path(__file__).parents[1] / "books" / "hostile" / "overflow.yaml"


def test_a_value_that_overflows_shows_its_default() -> None:
    book = validate([HOSTILE]).book
    assert book is not None
    big = {"amount": "999999999999999"}
    assert evaluate(book.values["huge"].compute, book, big) is None  # inf is no value
    assert fill(book.advice["shown"].body, book, big) == "It comes to a very large sum."
    assert fill(book.advice["shown"].body, book, {"amount": "1"}) == "It comes to 1."


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ({"product": [1e300, 1e300]}, None),  # inf
        ({"difference": [{"product": [1e300, 1e300]}, {"product": [1e300, 1e300]}]}, None),
        ({"quotient": [1e300, 1e-300]}, None),
        ({"sum": [1e308, 1e308]}, None),
        ({"round": {"product": [1e300, 1e300]}, "decimals": 0}, None),
        ({"round": 1e300, "decimals": 0}, 1e300),  # large but finite
    ],
)
def test_no_value_is_infinite_or_nan(book: Book, raw: Any, expected: float | None) -> None:
    assert evaluate(build_expr(raw), book, ANSWERS) == expected


def test_format_number_never_converts_inf_or_nan() -> None:
    from mendpath.logic.measures import format_number

    assert format_number(5.0) == "5"
    assert format_number(2.5) == "2.5"
    assert format_number(float("inf")) == "inf"
    assert format_number(float("-inf")) == "-inf"
    assert format_number(float("nan")) == "nan"


@pytest.mark.parametrize(
    ("raw", "answers", "expected"),
    [
        # 1.4 - 0.4 is 1, not 0.9999999999999999: the band at and above 1 (found by the
        # property test in test_relations.py: the condition said 1, the figure shown 0)
        (
            {
                "band": {"difference": [{"answer": "days"}, 0.4]},
                "table": [{"below": 1, "value": 0}, {"value": 1}],
            },
            {"days": "1.4"},
            1.0,
        ),
        ({"difference": [{"answer": "days"}, 0.4]}, {"days": "1.4"}, 1.0),
        ({"sum": [0.1, 0.2]}, {}, 0.3),  # 0.30000000000000004 in floats
        # ties round away from zero, as money does, on the exact figure (1.005 is 1.00499…
        # as a float, and Python's round takes ties to the even digit)
        ({"round": {"product": [{"answer": "days"}, 1.005]}, "decimals": 2}, {"days": "1"}, 1.01),
        ({"round": {"sum": [0.5, 0.125]}, "decimals": 2}, {}, 0.63),
        ({"round": {"difference": [0, 2.5]}, "decimals": 0}, {}, -3.0),
        ({"round": 3.5, "decimals": 0}, {}, 4.0),
        ({"quotient": [1, 3, {"answer": "days"}]}, {"days": "0.5"}, 2 / 3),
    ],
)
def test_values_are_worked_out_with_the_decimals_as_written(
    book: Book, raw: Any, answers: dict[str, Any], expected: float
) -> None:
    assert evaluate(build_expr(raw), book, answers) == expected


def test_values_that_multiply_values_stop_growing_past_a_float() -> None:
    """Each value the square of the one before: 3**(2**39) as a fraction would never finish;
    past a float's range it has no value, as inf had none."""
    from bookgen import as_book

    values = [{"id": "v0", "compute": 3}] + [
        {"id": f"v{n}", "compute": {"product": [{"value": f"v{n - 1}"}, {"value": f"v{n - 1}"}]}}
        for n in range(1, 40)
    ]
    book = as_book(
        {
            "book": {"title": "T", "version": "1", "start": "q", "disclaimer": "D"},
            "groups": [{"id": "g", "title": "G"}],
            "sources": [{"id": "s", "title": "S", "sections": [{"id": "x", "title": "X"}]}],
            "questions": [{"id": "q", "text": "?", "kind": "yes_no", "next": "end"}],
            "values": values,
            "advice": [
                {"id": "a", "title": "A", "body": "{v39}", "group": "g",
                 "cite": [{"source": "s", "section": "x"}]}
            ],
        }
    )  # fmt: skip
    assert evaluate(book.values["v39"].compute, book, {}) is None
    assert evaluate(book.values["v5"].compute, book, {}) == 3.0**32


def _value(raw: Any, **shown_as: Any) -> Value:
    origin = Origin(Document("t.yaml", {}, None), ())
    fields = {"decimals": 0, "currency": None, "unit": None, "default": "?"} | shown_as
    return Value("v", build_expr(raw), origin=origin, **fields)


@pytest.mark.parametrize(
    ("raw", "shown_as", "expected"),
    [
        # a date answer moved by some days is a date, shown as one (it showed "739,651")
        ({"sum": [{"answer": "started"}, 182]}, {}, "4 August 2026"),
        ({"difference": [{"answer": "started"}, 3]}, {"unit": "days"}, "31 January 2026"),
        ({"max": [{"answer": "started"}, "2026-03-01"]}, {}, "1 March 2026"),
        # days between two dates are a number
        ({"days_between": ["2026-01-01", {"answer": "started"}]}, {"unit": "days"}, "33 days"),
        # halves away from zero, on the exact figure: 2.675 is 2.67499… as a float
        (2.675, {"decimals": 2, "currency": "£"}, "£2.68"),
        (0.005, {"decimals": 2, "currency": "£"}, "£0.01"),
        (2.5, {}, "3"),
        # the minus sign before the currency (it showed "£-95.00")
        ({"difference": [5, 100]}, {"decimals": 2, "currency": "£"}, "-£95.00"),
        (1234567.891, {"decimals": 1, "unit": "hours"}, "1,234,567.9 hours"),
        # one unit after exactly 1 (it showed "1 years"); not after 1.0, 0.6 or -1
        (1, {"unit": "years", "unit_one": "year"}, "1 year"),
        (0.6, {"unit": "years", "unit_one": "year"}, "1 year"),
        (1, {"decimals": 1, "unit": "years", "unit_one": "year"}, "1.0 years"),
        (-1, {"unit": "years", "unit_one": "year"}, "-1 years"),
        (2, {"unit": "years", "unit_one": "year"}, "2 years"),
    ],
)
def test_a_value_is_shown_as_a_person_reads_it(
    book: Book, raw: Any, shown_as: dict[str, Any], expected: str
) -> None:
    assert shown(_value(raw, **shown_as), book, ANSWERS) == expected


def test_what_a_value_counts_of_dates() -> None:
    """1: a date; 0: a number; None: neither (two dates added, a date multiplied)."""
    book = validate([BOOK]).book
    assert book is not None
    counts = {
        "started": {"answer": "started"},
        "moved": {"sum": [{"answer": "started"}, {"answer": "days"}]},
        "gap": {"difference": [{"answer": "started"}, "2026-01-01"]},
        "two dates": {"sum": [{"answer": "started"}, "2026-01-01"]},
        "times a date": {"product": [{"answer": "started"}, 2]},
        "mixed max": {"max": [{"answer": "started"}, 3]},
        "rounded days": {
            "round": {"weeks_between": ["2026-01-01", {"answer": "started"}]},
            "decimals": 0,
        },
    }
    assert {name: dates_in(build_expr(raw), book) for name, raw in counts.items()} == {
        "started": 1,
        "moved": 1,
        "gap": 0,
        "two dates": 2,
        "times a date": None,
        "mixed max": None,
        "rounded days": 0,
    }


def test_a_money_answer_shows_its_decimals() -> None:
    """A currency answer with `decimals: 2` typed as 812.4 showed as £812.4."""
    data = {
        "book": {"title": "T", "version": "1", "start": "pay", "disclaimer": "D"},
        "questions": [
            {
                "id": "pay",
                "text": "?",
                "kind": "number",
                "decimals": 2,
                "currency": "£",
                "next": "end",
            },
            {
                "id": "hours",
                "text": "?",
                "kind": "number",
                "decimals": 1,
                "unit": "hours",
                "next": "end",
            },
        ],
    }
    book = as_book(data)
    assert answer_shown(book, "pay", "812.4") == "£812.40"
    assert answer_shown(book, "pay", "-5") == "-£5.00"
    assert answer_shown(book, "pay", "1000000.125") == "£1,000,000.125"  # as typed
    assert answer_shown(book, "hours", "5") == "5 hours"


def test_rounding_up_or_down_is_exact_however_close_to_a_step() -> None:
    """`round(x + 0.4999999)` stood for "up" in the holiday example: 22.400000001 hours went
    to 22.4. Rounding with a direction is worked out on the exact fraction."""
    from fractions import Fraction

    from mendpath.logic.values import rounded

    tiny = Fraction(1, 10**12)
    assert rounded(Fraction(224, 10) + tiny, 1, "up") == Fraction(225, 10)
    assert rounded(Fraction(224, 10), 1, "up") == Fraction(224, 10)
    assert rounded(Fraction(225, 10) - tiny, 1, "down") == Fraction(224, 10)
    assert rounded(Fraction(-1, 10**9), 0, "up") == 0
    assert rounded(Fraction(-1, 10**9), 0, "down") == -1
