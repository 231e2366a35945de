"""Whole weeks, months and years between two days, and where a count reaches a number."""

from __future__ import annotations

import datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mendpath.expressions import BETWEEN_UNITS, BetweenUnit
from mendpath.logic.calendar import FIRST, LAST, count, fixed_day, from_today, threshold


def day(text: str) -> int:
    return datetime.date.fromisoformat(text).toordinal()


@pytest.mark.parametrize(
    ("unit", "start", "end", "expected"),
    [
        ("years", "2008-12-01", "2026-12-01", 18),  # on the anniversary
        ("years", "2008-12-02", "2026-12-01", 17),  # the day before it
        ("years", "2024-02-29", "2025-02-28", 0),  # from 29 February: 1 March in other years
        ("years", "2024-02-29", "2025-03-01", 1),
        ("years", "2024-02-29", "2028-02-29", 4),
        ("years", "2026-06-01", "2026-01-01", -1),  # the second date earlier: counted down
        ("years", "2026-01-01", "2025-01-01", -1),
        ("years", "2026-01-01", "2025-01-02", -1),  # a year back is on or before it
        ("years", "2026-01-01", "2024-12-31", -2),
        ("months", "2026-01-31", "2026-02-28", 0),  # a month on from the 31st: 1 March
        ("months", "2026-01-31", "2026-03-01", 1),
        ("months", "2026-01-31", "2026-03-31", 2),
        ("months", "2026-01-31", "2026-04-30", 2),
        ("months", "2026-01-15", "2027-01-15", 12),
        ("months", "2026-03-15", "2026-02-20", -1),
        ("months", "2026-03-15", "2026-02-10", -2),
        ("weeks", "2026-12-01", "2026-12-14", 1),
        ("weeks", "2026-12-01", "2026-12-15", 2),
        ("weeks", "2026-12-15", "2026-12-01", -2),
        ("weeks", "2026-12-14", "2026-12-01", -2),  # 13 days back: not yet two weeks back
        ("days", "2026-12-14", "2026-12-01", -13),
    ],
)
def test_count(unit: BetweenUnit, start: str, end: str, expected: int) -> None:
    assert count(unit, day(start), day(end)) == expected


def test_a_fixed_date_is_written_as_year_month_day() -> None:
    assert fixed_day("2026-04-06") == day("2026-04-06")
    assert fixed_day("2026-02-30") is None
    assert fixed_day("20260406") is None  # ISO too, but not what a book writes
    assert fixed_day("2026-W14-1") is None


days = st.integers(day("1890-01-01"), day("2110-12-31"))
units = st.sampled_from([u for u in BETWEEN_UNITS if u != "days"])


@given(units, days, days, st.integers(0, 400))
def test_a_count_is_the_most_steps_that_do_not_pass_the_end(
    unit: BetweenUnit, start: int, end: int, later: int
) -> None:
    """It only grows as the end moves later, and only falls as the start does."""
    got = count(unit, start, end)
    assert count(unit, start, end + later) >= got
    assert count(unit, start + later, end) <= got
    if unit == "weeks":
        assert start + 7 * got <= end < start + 7 * (got + 1)


@given(units, days, st.integers(-150, 150), st.booleans(), st.integers(-800, 800))
def test_threshold_is_where_the_count_reaches_n(
    unit: BetweenUnit, fixed: int, n: int, forward: bool, offset: int
) -> None:
    """Every day on the near side of the threshold reaches n, and no day beyond it."""
    edge = threshold(unit, fixed, n, forward)
    assert edge is not None  # these n are reached within the days there are
    other = edge + offset  # a day near it, either side

    def reaches(d: int) -> bool:
        return (count(unit, fixed, d) if forward else count(unit, d, fixed)) >= n

    assert reaches(edge)
    assert reaches(other) == (other >= edge if forward else other <= edge)


def test_threshold_past_the_days_there_are() -> None:
    assert threshold("years", day("2026-01-01"), 9000, forward=True) is None
    assert threshold("years", day("2026-01-01"), -9000, forward=True) == FIRST
    assert threshold("years", day("2026-01-01"), 9000, forward=False) is None
    assert threshold("years", day("2026-01-01"), -9000, forward=False) == LAST


@pytest.mark.parametrize(
    ("today", "n", "unit", "expected"),
    [
        ("2026-12-04", 0, "days", "2026-12-04"),
        ("2026-12-04", -30, "days", "2026-11-04"),
        ("2026-12-04", 2, "weeks", "2026-12-18"),
        ("2026-12-04", -18, "years", "2008-12-04"),  # the last birthday of one 18 today
        ("2028-02-29", -18, "years", "2010-02-28"),  # born 1 March 2010: 18 tomorrow
        ("2026-03-01", -18, "years", "2008-03-01"),  # born 29 February 2008: 18 today too
        ("2026-01-31", 1, "months", "2026-03-01"),  # a month on from the 31st: 1 March
        ("2026-03-31", -1, "months", "2026-02-28"),
    ],
)
def test_a_date_from_today(today: str, n: int, unit: BetweenUnit, expected: str) -> None:
    assert from_today(day(today), n, unit) == day(expected)


@given(st.sampled_from(BETWEEN_UNITS), days, st.integers(-150, 150))
def test_a_date_from_today_is_as_far_as_the_counts_say(
    unit: BetweenUnit, today: int, n: int
) -> None:
    """n units on is the first day that many whole units after today; n units back is the
    last day from which today is that many whole units on: so `years_between` agrees."""
    got = from_today(today, n, unit)
    assert got is not None
    if n >= 0:
        assert count(unit, today, got) >= n > count(unit, today, got - 1)
    else:
        assert count(unit, got, today) >= -n > count(unit, got + 1, today)


def test_a_date_from_today_past_the_days_there_are() -> None:
    assert from_today(day("2026-01-01"), 9000, "years") is None
    assert from_today(day("2026-01-01"), -3000, "years") is None
