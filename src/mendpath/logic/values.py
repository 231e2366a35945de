"""Computed values: numbers worked out from answers with data-only arithmetic, for display.

A value (`values:` in a book) is an expression tree of constants, number and date answers,
other values, sum / difference / product / quotient / min / max, rounding, a lookup table
keyed by a choice, bands of a number, and the days (or whole weeks, months, years) between
two dates. Nothing is evaluated
as code. A value whose inputs are not all answered has no value (None), and its placeholder
shows the value's `default`.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import TYPE_CHECKING, assert_never

from mendpath.expressions import (
    AnswerOf,
    Arithmetic,
    BadExpr,
    Bands,
    Between,
    Const,
    Expr,
    FixedDate,
    Lookup,
    Round,
    RoundDirection,
    Value,
    ValueOf,
)
from mendpath.i18n import tr
from mendpath.model import (
    Answer,
    Book,
)

if TYPE_CHECKING:
    from fractions import Fraction


def evaluate(
    expr: Expr, book: Book, answers: Mapping[str, Answer], seen: tuple[str, ...] = ()
) -> float | None:
    """The number an expression gives for these answers, or None when it has none (an input
    not answered, a division by zero, a loop between values, a result too large for a float).

    It is worked out exactly, with the decimals as written (`1.4 - 0.4` is `1`, not
    `0.9999999999999999`), as conditions compare values (logic/linear.py): so a band's edge,
    a rounding and a comparison agree with the figure shown."""
    exact = _exact(expr, book, answers, seen, {})
    if exact is None:
        return None
    try:
        return float(exact)
    except OverflowError:
        return None


_BITS = 1100  # a float's range is about 2**1024 either way: a figure past it has no value


def _exact(
    expr: Expr,
    book: Book,
    answers: Mapping[str, Answer],
    seen: tuple[str, ...],
    done: dict[str, Fraction | None],  # each value worked out once (a value may use another twice)
) -> Fraction | None:
    from mendpath.logic.linear import number, point  # here: exact fractions load when used

    match expr:
        case Const():
            return number(expr.number) if math.isfinite(expr.number) else None
        case AnswerOf():
            question = book.questions.get(expr.question)
            value = answers.get(expr.question)
            if question is None or not question.spec.measured or not isinstance(value, str):
                return None
            try:
                return point(question, value)
            except (ValueError, ZeroDivisionError, OverflowError):
                return None  # (a text no number question accepts, such as "inf")
        case ValueOf():
            named = book.values.get(expr.value)
            if named is None or expr.value in seen:
                return None
            if expr.value not in done:
                done[expr.value] = _exact(named.compute, book, answers, (*seen, expr.value), done)
            return done[expr.value]
        case Arithmetic():
            args = [_exact(a, book, answers, seen, done) for a in expr.args]
            known = [a for a in args if a is not None]
            if len(known) != len(args):
                return None
            result = _arithmetic(expr, known)
            if (
                result is None
                or max(result.numerator.bit_length(), result.denominator.bit_length()) > _BITS
            ):
                return None  # past any float (values that multiply values could grow without end)
            return result
        case Round():
            inner = _exact(expr.expr, book, answers, seen, done)
            return None if inner is None else rounded(inner, expr.decimals, expr.direction)
        case FixedDate():
            from fractions import Fraction

            from mendpath.logic.calendar import fixed_day

            day = fixed_day(expr.text)
            return None if day is None else Fraction(day)
        case Lookup():
            choice = answers.get(expr.question)
            found = next((n for key, n in expr.table if key == choice), None)
            return None if found is None or not math.isfinite(found) else number(found)
        case Bands():
            inner = _exact(expr.expr, book, answers, seen, done)
            if inner is None:
                return None
            band = next((v for below, v in expr.bands if _under(inner, below)), expr.otherwise)
            return number(band) if math.isfinite(band) else None
        case Between():
            start = _exact(expr.start, book, answers, seen, done)
            end = _exact(expr.end, book, answers, seen, done)
            if start is None or end is None:
                return None
            if expr.unit == "days":
                return end - start
            from fractions import Fraction

            from mendpath.logic.calendar import FIRST, LAST, count

            days = (start, end)  # whole weeks, months, years: between two days there are
            if any(d.denominator != 1 or not FIRST <= d <= LAST for d in days):
                return None
            return Fraction(count(expr.unit, int(start), int(end)))
        case BadExpr():
            return None
        case _:
            assert_never(expr)


def _under(inner: Fraction, below: float) -> bool:
    """`inner < below`, exactly (a band's `below` as written; validate refuses one that is
    not finite, MP162)."""
    from mendpath.logic.linear import number

    return inner < number(below) if math.isfinite(below) else below > 0


def _arithmetic(expr: Arithmetic, args: list[Fraction]) -> Fraction | None:
    from fractions import Fraction

    match expr.op:
        case "sum":
            return sum(args, Fraction(0))
        case "difference":
            return args[0] - sum(args[1:], Fraction(0))
        case "product":
            result = Fraction(1)
            for a in args:
                result *= a
            return result
        case "quotient":
            result = args[0]
            for a in args[1:]:
                if a == 0:
                    return None
                result /= a
            return result
        case "min":
            return min(args)
        case "max":
            return max(args)
        case _:
            assert_never(expr.op)


def rounded(number: Fraction, decimals: int, direction: RoundDirection = "nearest") -> Fraction:
    """A number rounded to so many decimals: to the nearest, halves away from zero (2.675 to
    2.68, 2.5 to 3, -2.5 to -3), as money is; or up (2.01 to 2.1, -2.09 to -2.0) or down
    (2.09 to 2.0, -2.01 to -2.1). Worked out exactly, so no binary fraction moves a half."""
    from fractions import Fraction

    scale = 10**decimals
    match direction:
        case "nearest":
            whole = math.floor(abs(number) * scale + Fraction(1, 2))
            return Fraction(whole if number >= 0 else -whole, scale)
        case "up":
            return Fraction(math.ceil(number * scale), scale)
        case "down":
            return Fraction(math.floor(number * scale), scale)
        case _:
            assert_never(direction)


def figure(
    number: Fraction,
    decimals: int,
    currency: str | None,
    unit: str | None,
    unit_one: str | None = None,
) -> str:
    """A number as a person reads it: rounded to `decimals` (halves away from zero), with
    thousands separated, the minus sign before the currency (-£95.00), then the unit
    (`unit_one` after a figure shown as exactly 1: 1 day, 2 days, 1.0 days)."""
    scaled = rounded(number, decimals) * 10**decimals  # a whole number now
    whole, part = divmod(abs(int(scaled)), 10**decimals)
    text = f"{whole:,}" + (f".{part:0{decimals}d}" if decimals else "")
    sign = "-" if scaled < 0 else ""
    if unit_one is not None and unit is not None and text == "1" and not sign:
        unit = unit_one
    return f"{sign}{currency or ''}{text}{' ' + unit if unit else ''}"


def dates_in(expr: Expr, book: Book, seen: tuple[str, ...] = ()) -> int | None:
    """How many dates an expression counts: 1 for a date (a date answer, a fixed date, a
    date moved by some days), 0 for a number (days between two dates among them), None for
    what is neither (two dates added, a date multiplied)."""
    match expr:
        case FixedDate():
            return 1
        case AnswerOf():
            question = book.questions.get(expr.question)
            return 1 if question is not None and question.kind == "date" else 0
        case ValueOf():
            named = book.values.get(expr.value)
            if named is None or expr.value in seen:
                return None
            return dates_in(named.compute, book, (*seen, expr.value))
        case Arithmetic():
            counts = [dates_in(a, book, seen) for a in expr.args]
            if any(c is None for c in counts):
                return None
            known = [c for c in counts if c is not None]
            match expr.op:
                case "sum":
                    return sum(known)
                case "difference":
                    return known[0] - sum(known[1:])
                case "product" | "quotient":
                    return 0 if not any(known) else None
                case "min" | "max":
                    return known[0] if len(set(known)) == 1 else None
                case _:
                    assert_never(expr.op)
        case Round():
            return dates_in(expr.expr, book, seen)
        case Const() | Lookup() | Bands() | Between() | BadExpr():
            return 0
        case _:
            assert_never(expr)


def shown(value: Value, book: Book, answers: Mapping[str, Answer]) -> str:
    """A value as text: a date as a date (a value that is a day: a date answer moved by
    some days); a number rounded to its decimals, with its currency and unit. Its default
    when it has no value."""
    exact = _exact(value.compute, book, answers, (), {})
    if exact is None or max(exact.numerator.bit_length(), exact.denominator.bit_length()) > _BITS:
        return value.default
    if dates_in(value.compute, book) == 1:
        from mendpath.logic.calendar import FIRST, LAST

        day = math.floor(exact)
        return day_shown(day) if FIRST <= day <= LAST else value.default
    return figure(exact, value.decimals, value.currency, value.unit, value.unit_one)


def day_shown(day: int) -> str:
    """A day number (as date answers are counted) as a person reads it: 23 November 2026."""
    import datetime  # here: most books ask no dates, and start-up pays for it

    date = datetime.date.fromordinal(day)
    return tr("{day} {month} {year}").format(
        day=date.day, month=month_name(date.month), year=date.year
    )


def month_name(number: int) -> str:
    """A month's name in the language in use (1 is January)."""
    names = (
        tr("January"),
        tr("February"),
        tr("March"),
        tr("April"),
        tr("May"),
        tr("June"),
        tr("July"),
        tr("August"),
        tr("September"),
        tr("October"),
        tr("November"),
        tr("December"),
    )
    return names[number - 1]


def answer_shown(book: Book, qid: str, value: str) -> str:
    """A number or date answer as a person reads it (23 November 2026, 1,234.5)."""
    import datetime  # here: most books ask no dates, and start-up pays for it

    question = book.questions[qid]
    if question.kind == "date":
        return day_shown(datetime.date.fromisoformat(value).toordinal())
    from fractions import Fraction

    number = Fraction(value)  # (answers are kept in normal form: 1234.5, -3, 0.00001)
    typed = len(value.partition(".")[2])
    m = question.measure
    places = max(typed, m.decimals or 0) if m.currency else typed  # £812.40, 5 days
    return figure(number, places, m.currency, m.unit, m.unit_one)
