"""Checks of computed values (`values:`): references, kinds, loops and lookup tables."""

from __future__ import annotations

import math
from collections.abc import Iterator
from typing import assert_never

from mendpath.book.measured import UNIT_ONE_ALONE, infinite_message
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
    ValueOf,
)
from mendpath.model import (
    Book,
)
from mendpath.problems import Problem


def _walk(expr: Expr) -> Iterator[Expr]:
    """Every node of an expression."""
    return (node for node, _ in _walk_at(expr))


Path = tuple[str | int, ...]


def _walk_at(expr: Expr, at: Path = ()) -> Iterator[tuple[Expr, Path]]:
    """Every node of an expression with its path under `compute` (as it is written)."""
    yield expr, at
    match expr:
        case Arithmetic():
            for i, arg in enumerate(expr.args):
                yield from _walk_at(arg, (*at, expr.op, i))
        case Round():
            yield from _walk_at(expr.expr, (*at, "round"))
        case Bands():
            yield from _walk_at(expr.expr, (*at, "band"))
        case Between():
            key = f"{expr.unit}_between"
            yield from _walk_at(expr.start, (*at, key, 0))
            yield from _walk_at(expr.end, (*at, key, 1))
        case Const() | FixedDate() | AnswerOf() | ValueOf() | Lookup() | BadExpr():
            return
        case _:
            assert_never(expr)


def _leaf_problems(book: Book, expr: Expr) -> Iterator[tuple[str, str, Path]]:
    """(code, message, where in the node) for what one node of an expression gets wrong."""
    match expr:
        case AnswerOf():
            q = book.questions.get(expr.question)
            if q is None:
                yield "MP103", f"unknown question '{expr.question}'", ("answer",)
            elif not q.spec.measured:
                yield (
                    "MP111",
                    (f"`answer:` in a value needs a number or date, but '{q.id}' is {q.kind}"),
                    ("answer",),
                )
        case ValueOf():
            if expr.value not in book.values:
                yield "MP117", f"unknown value '{expr.value}'", ("value",)
        case Lookup():
            q = book.questions.get(expr.question)
            if q is None:
                yield "MP103", f"unknown question '{expr.question}'", ("lookup",)
                return
            if not q.spec.one_choice:
                yield (
                    "MP111",
                    (
                        f"`lookup:` needs a single-choice or yes/no question, "
                        f"but '{q.id}' is {q.kind}"
                    ),
                    ("lookup",),
                )
                return
            keys = {key for key, _ in expr.table}
            for key in sorted(keys - set(q.choice_ids())):
                yield "MP104", f"question '{q.id}' has no choice '{key}'", ("table", key)
            bad = next((n for _, n in expr.table if not math.isfinite(n)), None)
            if bad is not None:
                yield "MP162", infinite_message(repr(bad)), ("table",)
            missing = [c for c in q.choice_ids() if c not in keys]
            if missing:
                yield (
                    "MP119",
                    f"the lookup table has no number for {', '.join(missing)} of '{q.id}'",
                    ("table",),
                )
        case Const():
            if not math.isfinite(expr.number):
                yield "MP162", infinite_message(repr(expr.number)), ()
        case FixedDate():
            from mendpath.logic.calendar import fixed_day

            if fixed_day(expr.text) is None:
                from mendpath.book.measured import outside_calendar

                said = outside_calendar(expr.text)
                yield "MP163", said or f"'{expr.text}' is not a date: write it as 2026-11-23", ()
        case Bands():
            numbers = [n for band in expr.bands for n in band] + [expr.otherwise]
            bad = next((n for n in numbers if not math.isfinite(n)), None)
            if bad is not None:
                yield "MP162", infinite_message(repr(bad)), ("table",)
        case Arithmetic() | Round() | Between() | BadExpr():
            return
        case _:
            assert_never(expr)


def check_values(book: Book) -> Iterator[Problem]:
    for value in book.values.values():
        for expr, at in _walk_at(value.compute):
            for code, message, inside in _leaf_problems(book, expr):
                key = inside[:1] == ("table",) and len(inside) == 2  # a table's choice id
                file, line, col = value.origin.at("compute", *at, *inside, key=key)
                yield Problem(file, line, col, "error", code, f"value '{value.id}': {message}")
        if value.unit_one is not None and value.unit is None:
            file, line, col = value.origin.at("unit_one", key=True)
            message = f"value '{value.id}': {UNIT_ONE_ALONE}"
            yield Problem(file, line, col, "error", "MP100", message)
    yield from _loops(book)


def broken_values(book: Book) -> set[str]:
    """The values that are wrong (a shape the schema rejects, or a problem of their own:
    `check_values`), on a loop, or that use one of these: no verdict on a comparison with
    them can be exact, and their own messages say what to mend."""
    uses = {
        v.id: [e.value for e in _walk(v.compute) if isinstance(e, ValueOf)]
        for v in book.values.values()
    }
    broken = {
        v.id
        for v in book.values.values()
        for expr in _walk(v.compute)
        if isinstance(expr, BadExpr) or any(_leaf_problems(book, expr))
    }
    broken |= {name for name in uses if name in _reach(name, uses)}  # on a loop
    used_by: dict[str, list[str]] = {name: [] for name in uses}  # (_reach: every one a key)
    for name, used in uses.items():
        for other in used:
            used_by.setdefault(other, []).append(name)
    for name in list(broken):
        broken |= _reach(name, used_by)
    return broken


def _loops(book: Book) -> Iterator[Problem]:
    """Values that depend on themselves, through other values: each loop once, at its first
    value in the book (a value that only uses a loop is not on it)."""
    uses = {
        v.id: [e.value for e in _walk(v.compute) if isinstance(e, ValueOf)]
        for v in book.values.values()
    }
    used_by: dict[str, list[str]] = {}
    for name, used in uses.items():
        for other in used:
            used_by.setdefault(other, []).append(name)
    looping: set[str] = set()  # the values of the loops already reported
    for start, value in book.values.items():
        if start in looping:
            continue
        after = _reach(start, uses)
        if start in after:
            file, line, col = value.origin.at("compute")
            message = f"value '{start}' depends on itself"
            yield Problem(file, line, col, "error", "MP118", message)
            looping |= after & _reach(start, used_by)  # on the loop: reached and reaching


def _reach(start: str, edges: dict[str, list[str]]) -> set[str]:
    """The names reached from `start` along one or more edges (`start` only on a loop)."""
    todo, seen = list(edges.get(start, ())), set[str]()
    while todo:
        name = todo.pop()
        if name not in seen and name in edges:
            seen.add(name)
            todo += edges[name]
    return seen


def questions_of_value(book: Book, name: str, seen: frozenset[str] = frozenset()) -> set[str]:
    """The questions whose answers a value reads, through the values it uses."""
    value = book.values.get(name)
    if value is None or name in seen:
        return set()
    found: set[str] = set()
    for expr in _walk(value.compute):
        if isinstance(expr, AnswerOf | Lookup):
            found.add(expr.question)
        elif isinstance(expr, ValueOf):
            found |= questions_of_value(book, expr.value, seen | {name})
    return found
