"""Computed values: numbers worked out from answers with data-only arithmetic, for display.

A value (`values:` in a book) is an expression tree of constants, number and date answers,
other values, sum / difference / product / quotient / min / max, rounding, a lookup table
keyed by a choice, bands of a number, and the days between two dates. Nothing is evaluated
as code. A value whose inputs are not all answered has no value (None), and its placeholder
shows the value's `default`.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import assert_never

from mendpath.expressions import (
    AnswerOf,
    Arithmetic,
    BadExpr,
    Bands,
    Const,
    DaysBetween,
    Expr,
    Lookup,
    Round,
    Value,
    ValueOf,
)
from mendpath.i18n import tr
from mendpath.logic.measures import point
from mendpath.model import (
    Answer,
    Book,
)


def evaluate(
    expr: Expr, book: Book, answers: Mapping[str, Answer], seen: tuple[str, ...] = ()
) -> float | None:
    """The number an expression gives for these answers, or None when it has none (an input
    not answered, a division by zero, a loop between values, a result too large for a float:
    inf or nan)."""
    match expr:
        case Const():
            return expr.number if math.isfinite(expr.number) else None
        case AnswerOf():
            question = book.questions.get(expr.question)
            value = answers.get(expr.question)
            if question is None or not question.spec.measured or not isinstance(value, str):
                return None
            try:
                return point(question, value)
            except ValueError:
                return None
        case ValueOf():
            named = book.values.get(expr.value)
            if named is None or expr.value in seen:
                return None
            return evaluate(named.compute, book, answers, (*seen, expr.value))
        case Arithmetic():
            args = [evaluate(a, book, answers, seen) for a in expr.args]
            known = [a for a in args if a is not None]
            if len(known) != len(args):
                return None
            result = _arithmetic(expr, known)
            return result if result is not None and math.isfinite(result) else None
        case Round():
            inner = evaluate(expr.expr, book, answers, seen)
            return None if inner is None else round(inner, expr.decimals)
        case Lookup():
            choice = answers.get(expr.question)
            return next((n for key, n in expr.table if key == choice), None)
        case Bands():
            inner = evaluate(expr.expr, book, answers, seen)
            if inner is None:
                return None
            return next((v for below, v in expr.bands if inner < below), expr.otherwise)
        case DaysBetween():
            start = evaluate(expr.start, book, answers, seen)
            end = evaluate(expr.end, book, answers, seen)
            return None if start is None or end is None else end - start
        case BadExpr():
            return None
        case _:
            assert_never(expr)


def _arithmetic(expr: Arithmetic, args: list[float]) -> float | None:
    match expr.op:
        case "sum":
            return sum(args)
        case "difference":
            return args[0] - sum(args[1:])
        case "product":
            result = 1.0
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
