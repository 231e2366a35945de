"""Whole weeks, months and years between two days (`weeks_between`, `months_between`,
`years_between` in a value), for the engine and for validate: one definition, so the
figure shown and the comparisons validate reasons about never disagree.

Days are day numbers (1 is 0001-01-01, as `datetime.date.toordinal`). The count from
`start` to `end` is the largest whole number n such that `start` moved on by n weeks,
months or years is not after `end`: so it is 0 until the first anniversary, and counts
down (-1, -2, ...) when `end` is before `start`. A month or year on from a day that the
later month lacks (31 January, 29 February) falls on the first day of the month after
(1 March): the count goes up on the day after the month's last day. The count only grows
as `end` moves later, and only falls as `start` does, which is what lets validate turn
`years_between(start, fixed) >= n` into one comparison of `start` with a day
(`threshold`).
"""

from __future__ import annotations

import datetime
from typing import assert_never

from mendpath.expressions import BetweenUnit

FIRST, LAST = 1, datetime.date.max.toordinal()  # the days there are


def fixed_day(text: str) -> int | None:
    """The day number of a date written as 2026-04-06, or None when it is not one."""
    if len(text) != 10 or text[4] != "-" or text[7] != "-":
        return None  # (fromisoformat takes other ISO forms too: 20260406, 2026-W14-1)
    try:
        return datetime.date.fromisoformat(text).toordinal()
    except ValueError:
        return None


def from_today(today: int, n: int, unit: BetweenUnit) -> int | None:
    """The day `n` days (weeks, months, years) from `today`, before it when `n` is negative:
    for n >= 0 the first day that many whole units after `today`, else the last day from
    which `today` is -n whole units on (so `{today: -18, unit: years}` is the last birthday
    of someone 18 today, as `years_between` counts). None when there is no such day."""
    if n >= 0:
        return threshold(unit, today, n, forward=True)
    return threshold(unit, today, -n, forward=False)


def count(unit: BetweenUnit, start: int, end: int) -> int:
    """The whole weeks, months or years (or the days) from `start` to `end` (day numbers
    from FIRST to LAST)."""
    match unit:
        case "days":
            return end - start
        case "weeks":
            return (end - start) // 7
        case "months" | "years":
            a, b = datetime.date.fromordinal(start), datetime.date.fromordinal(end)
            if unit == "years":
                return b.year - a.year - ((b.month, b.day) < (a.month, a.day))
            return (b.year - a.year) * 12 + b.month - a.month - (b.day < a.day)
        case _:
            assert_never(unit)


def threshold(unit: BetweenUnit, fixed: int, n: int, forward: bool) -> int | None:
    """Where a count reaches n, for one end fixed: with `forward` (from `fixed` to a day
    d), the first d whose count is at least n; else (from a day d to `fixed`) the last d
    whose count is at least n. None when no day there is reaches n; FIRST (forward) or
    LAST (else) when every day does. Found by halving, since the count is monotone in d."""

    def reaches(d: int) -> bool:
        got = count(unit, fixed, d) if forward else count(unit, d, fixed)
        return got >= n

    low, high = FIRST, LAST
    if forward:
        if not reaches(high):
            return None
        while low < high:  # reaches(high) holds; find the first day that does
            mid = (low + high) // 2
            if reaches(mid):
                high = mid
            else:
                low = mid + 1
        return low
    if not reaches(low):
        return None
    while low < high:  # reaches(low) holds; find the last day that does
        mid = (low + high + 1) // 2
        if reaches(mid):
            low = mid
        else:
            high = mid - 1
    return low
