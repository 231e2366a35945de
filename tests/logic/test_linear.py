"""Comparisons of whole weeks, months and years between a date answer and a fixed date:
exact, against every answer (logic/linear.py steps, logic/calendar.py counts)."""

from __future__ import annotations

import datetime
from typing import Any

from bookgen import as_book
from hypothesis import event, given
from hypothesis import strategies as st

from mendpath.book.checks import check_book
from mendpath.expressions import ValueOf
from mendpath.logic.calendar import count
from mendpath.logic.conditions import holds
from mendpath.logic.values import evaluate

BASE = {
    "book": {"title": "T", "version": "1", "start": "a", "disclaimer": "D"},
    "groups": [{"id": "g", "title": "G"}],
    "sources": [{"id": "s", "title": "S", "sections": [{"id": "x", "title": "X"}]}],
}


def day(text: str) -> int:
    return datetime.date.fromisoformat(text).toordinal()


def iso(d: int) -> str:
    return datetime.date.fromordinal(d).isoformat()


def _advice(k: int, when: Any) -> dict[str, Any]:
    item = {"id": f"a{k}", "title": "A", "body": "B", "group": "g"}
    return {**item, "when": when, "cite": [{"source": "s", "section": "x"}]}


@st.composite
def step_books(draw: st.DrawFn) -> dict[str, Any]:
    """One date question over up to 500 days around 29 February 2024 and the ends of
    months, a value counting whole weeks, months or years from it (moved by some days) to
    a fixed date or back, and one comparison of the value with numbers (halves too)."""
    low = draw(st.integers(day("2023-10-01"), day("2024-04-30")))
    high = low + draw(st.sampled_from([40, 200, 400, 500]) | st.integers(0, 500))
    moved = draw(st.integers(-40, 40))
    date: Any = {"answer": "a"} if moved == 0 else {"sum": [{"answer": "a"}, moved]}
    fixed = iso(draw(st.integers(day("2021-01-01"), day("2026-12-31"))))
    ends = [date, fixed] if draw(st.booleans()) else [fixed, date]
    unit = draw(st.sampled_from(["weeks", "months", "years"]))
    # bounds near what some answer counts (so that most comparisons are sometimes true),
    # or anywhere; a half now and then
    some = draw(st.integers(low, high)) + moved
    near = count(unit, some, day(fixed)) if ends[0] is date else count(unit, day(fixed), some)
    numbers = st.one_of(*[st.integers(-1, 1).map(lambda k: near + k)] * 3, st.integers(-300, 300))
    numbers = numbers | numbers.map(lambda n: n + 0.5)
    op = draw(st.sampled_from(["at_least", "at_most", "above", "below", "between"]))
    bound: Any = draw(numbers)
    if op == "between":
        bound = sorted([bound, draw(numbers)])
    question = {"id": "a", "text": "?", "kind": "date", "min": iso(low), "max": iso(high)}
    return {
        **BASE,
        "questions": [{**question, "next": "end"}],
        "values": [{"id": "v", "compute": {f"{unit}_between": ends}}],
        "advice": [_advice(0, {"value": "v", op: bound}), _advice(1, None)],
    }


def _compares(op: str, value: float, bound: Any) -> bool:
    match op:
        case "at_least":
            return value >= bound
        case "at_most":
            return value <= bound
        case "above":
            return value > bound
        case "below":
            return value < bound
        case _:
            return bool(bound[0] <= value <= bound[1])


@given(step_books())
def test_a_step_compares_as_the_value_is_worked_out(data: dict[str, Any]) -> None:
    """For every answer the question accepts, the comparison holds exactly when the value,
    as the engine works it out, compares so; validate's never-true (MP174) and always-true
    (MP175) agree with trying every answer."""
    book = as_book(data)
    when = book.advice["a0"].when
    assert when is not None
    ((op, bound),) = ((k, v) for k, v in data["advice"][0]["when"].items() if k != "value")
    low, high = (day(data["questions"][0][k]) for k in ("min", "max"))
    truths = set()
    for d in range(low, high + 1):
        answers = {"a": iso(d)}
        value = evaluate(ValueOf("v"), book, answers)
        expected = value is not None and _compares(op, value, bound)
        assert holds(when, book, answers) == expected, (iso(d), value)
        truths.add(expected)
    assert not holds(when, book, {})  # not answered: no value
    codes = {p.code for p in check_book(book)}
    assert not codes & {"MP170", "MP173"}, codes
    assert ("MP174" in codes) == (truths == {False}), (truths, codes)
    assert ("MP175" in codes) == (truths == {True}), (truths, codes)
    event("sometimes true" if len(truths) == 2 else f"always {truths}")


def test_a_date_moved_past_the_last_day_has_no_value() -> None:
    """9999-12-31 moved on a day is no date: the value has none, and the comparison, on
    either side, is false there (as the engine shows it)."""
    question = {"id": "a", "text": "?", "kind": "date", "min": "9999-12-30", "next": "end"}
    later = {"sum": [{"answer": "a"}, 1]}
    for when in ({"value": "v", "at_least": 0}, {"value": "v", "below": 0}):
        book = as_book(
            {
                **BASE,
                "questions": [question],
                "values": [{"id": "v", "compute": {"years_between": ["2026-12-01", later]}}],
                "advice": [_advice(0, when), _advice(1, None)],
            }
        )
        assert book.advice["a0"].when is not None
        assert holds(book.advice["a0"].when, book, {"a": "9999-12-30"}) == ("at_least" in when)
        assert evaluate(ValueOf("v"), book, {"a": "9999-12-31"}) is None
        assert not holds(book.advice["a0"].when, book, {"a": "9999-12-31"})
