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
            return None if inner is None else round(inner, expr.decimals)
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


def shown(value: Value, book: Book, answers: Mapping[str, Answer]) -> str:
    """A value as text: rounded to its decimals, with its currency and unit; its default
    when it has no value."""
    number = evaluate(value.compute, book, answers)
    if number is None:
        return value.default
    rounded = round(number, value.decimals)
    text = f"{rounded:,.{value.decimals}f}" if value.decimals else f"{round(rounded):,}"
    return f"{value.currency or ''}{text}{' ' + value.unit if value.unit else ''}"


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
        day = datetime.date.fromisoformat(value)
        return tr("{day} {month} {year}").format(
            day=day.day, month=month_name(day.month), year=day.year
        )
    number = float(value)
    text = f"{number:,}" if number != int(number) else f"{int(number):,}"
    m = question.measure
    return f"{m.currency or ''}{text}{' ' + m.unit if m.unit else ''}"
