"""Comparisons with other answers and computed values in linear form, exactly.

Each side of a comparison (`model.Relation`) is put in linear form over the number and date
answers it reads (`linear`): a sum of answers times rational coefficients, plus a constant,
worked out with fractions (no rounding; a constant counts as the decimal it is written as).
The comparison `left OP right` is then `left - right OP 0`, an *atom*: on one answer
(`x OP c`), a *difference constraint* on two (`x - y OP c`), or a weighted sum
(`taken - 4 days < 0`). A side that is not linear (a product of two answers, a division by
an answer, rounding, min / max, bands, lookups) has no form (`NotLinear`, with the reason),
and validate refuses it (MP173). `logic/relations.py` cuts answers into cells by the atoms.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from fractions import Fraction
from itertools import product
from typing import Literal, NamedTuple, assert_never

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
    ValueOf,
)
from mendpath.model import Answer, Book, CompareOp, Question, Relation, Term


class Linear(NamedTuple):
    """A sum of answers times coefficients, plus a constant."""

    coeffs: tuple[tuple[str, Fraction], ...]  # question id, coefficient (never 0), sorted
    const: Fraction
    reads: frozenset[str]  # every question read: when one is unanswered there is no value
    dates: Fraction  # the sum of the coefficients of date answers: 1 a date, 0 a number


class NotLinear(NamedTuple):
    """Why a side cannot be analysed exactly; `reason` None: it is broken (an unknown
    reference, a loop, a shape the schema rejects), reported elsewhere."""

    reason: str | None


Side = Linear | NotLinear


def _const(number: Fraction, dates: Fraction = Fraction(0)) -> Linear:
    return Linear((), number, frozenset(), dates)


def _plus(a: Linear, b: Linear, sign: int = 1) -> Linear:
    coeffs = dict(a.coeffs)
    for q, k in b.coeffs:
        coeffs[q] = coeffs.get(q, Fraction(0)) + sign * k
    return Linear(
        tuple(sorted((q, k) for q, k in coeffs.items() if k != 0)),
        a.const + sign * b.const,
        a.reads | b.reads,
        a.dates + sign * b.dates,
    )


def _times(a: Linear, k: Fraction) -> Linear:
    kept = tuple((q, c * k) for q, c in a.coeffs) if k != 0 else ()
    return Linear(kept, a.const * k, a.reads, a.dates * k)


def number(value: float) -> Fraction:
    """A constant of a book as the decimal it was written as (5.6 is 28/5, not a binary
    approximation)."""
    return Fraction(repr(value))


def point(question: Question, text: str) -> Fraction:
    """An answer or constant in normal form, exactly: a number, or a date's day number."""
    if question.kind == "date":
        import datetime  # here: most books ask no dates, and start-up pays for it

        return Fraction(datetime.date.fromisoformat(text).toordinal())
    return Fraction(text)


def linear(expr: Expr, book: Book, seen: tuple[str, ...] = ()) -> Side:
    """An expression in linear form, or why it has none."""
    match expr:
        case Const():
            if not math.isfinite(expr.number):
                return NotLinear(None)  # MP162
            return _const(number(expr.number))
        case AnswerOf():
            q = book.questions.get(expr.question)
            if q is None or not q.spec.measured:
                return NotLinear(None)  # reported by the checks of values (MP103, MP111)
            dates = Fraction(1 if q.kind == "date" else 0)
            return Linear(((q.id, Fraction(1)),), Fraction(0), frozenset({q.id}), dates)
        case ValueOf():
            named = book.values.get(expr.value)
            if named is None or expr.value in seen:
                return NotLinear(None)  # MP117, MP118
            return linear(named.compute, book, (*seen, expr.value))
        case Arithmetic():
            args = [linear(a, book, seen) for a in expr.args]
            bad = next((a for a in args if isinstance(a, NotLinear)), None)
            if bad is not None:
                return bad
            sides = [a for a in args if isinstance(a, Linear)]
            return _arithmetic(expr, sides)
        case DaysBetween():
            start, end = linear(expr.start, book, seen), linear(expr.end, book, seen)
            if isinstance(start, NotLinear):
                return start
            if isinstance(end, NotLinear):
                return end
            return _plus(end, start, -1)
        case Round():
            inner = linear(expr.expr, book, seen)
            if isinstance(inner, NotLinear) or expr.decimals < 0:
                return inner if isinstance(inner, NotLinear) else NotLinear("`round`")
            if _whole(inner, book):  # a whole number for every answer: rounding keeps it
                return inner
            return NotLinear("`round` of a value that is not always a whole number")
        case Lookup():
            return NotLinear("`lookup`")
        case Bands():
            return NotLinear("`band`")
        case BadExpr():
            return NotLinear(None)
        case _:
            assert_never(expr)


def _whole(side: Linear, book: Book) -> bool:
    """Whether a linear form is a whole number for every answer: whole coefficients and
    constant, over whole-number and date answers only."""
    if side.const.denominator != 1 or any(k.denominator != 1 for _, k in side.coeffs):
        return False
    for qid, _ in side.coeffs:
        q = book.questions.get(qid)
        if q is None or not (q.kind == "date" or q.measure.decimals == 0):
            return False
    return True


def _arithmetic(expr: Arithmetic, args: list[Linear]) -> Side:
    match expr.op:
        case "sum":
            total = _const(Fraction(0))
            for a in args:
                total = _plus(total, a)
            return total
        case "difference":
            total = args[0]
            for a in args[1:]:
                total = _plus(total, a, -1)
            return total
        case "product":
            varying = [a for a in args if a.coeffs]
            if len(varying) > 1:
                return NotLinear("a product of two answers")
            result = varying[0] if varying else _const(Fraction(1))
            for a in args:
                if not a.coeffs:
                    result = _times(result, a.const)
            return result._replace(reads=frozenset().union(*(a.reads for a in args)))
        case "quotient":
            result = args[0]
            for a in args[1:]:
                if a.coeffs:
                    return NotLinear("a division by an answer")
                if a.const == 0:
                    return NotLinear("a division by zero")
                result = _times(result, 1 / a.const)._replace(reads=result.reads | a.reads)
            return result
        case "min" | "max":
            if len(args) == 1:
                return args[0]
            return NotLinear(f"`{expr.op}`")
        case _:
            assert_never(expr.op)


# --- linear piece by piece: min and max of several terms, bands ----------------------

Piece = tuple[tuple["Atom", ...], Linear]  # guard atoms (all hold in the piece), its value
MAX_PIECES = 64


def pieces(expr: Expr, book: Book, seen: tuple[str, ...] = ()) -> list[Piece] | NotLinear:
    """An expression as linear pieces, each with the atoms that say when it applies, or why
    it has none. Every piece reads every answer the expression reads (with one missing there
    is no value)."""
    match expr:
        case ValueOf():
            named = book.values.get(expr.value)
            if named is None or expr.value in seen:
                return NotLinear(None)  # MP117, MP118
            return pieces(named.compute, book, (*seen, expr.value))
        case Arithmetic() if expr.op in ("min", "max") and len(expr.args) > 1:
            parts = [pieces(a, book, seen) for a in expr.args]
            bad = next((p for p in parts if isinstance(p, NotLinear)), None)
            if bad is not None:
                return bad
            done = [p for p in parts if not isinstance(p, NotLinear)]
            result = done[0]
            keep: Op = "le" if expr.op == "min" else "ge"  # the first is kept: <= for min
            for more in done[1:]:
                combined: list[Piece] = []
                for ga, a in result:
                    for gb, b in more:
                        reads = a.reads | b.reads
                        a, b = a._replace(reads=reads), b._replace(reads=reads)
                        combined.append(((*ga, *gb, atom(a, keep, b)), a))
                        combined.append(((*ga, *gb, atom(a, _STRICT_NOT[keep], b)), b))
                result = combined
                if len(result) > MAX_PIECES:
                    return NotLinear(f"`{expr.op}` in more than {MAX_PIECES} cases")
            return _same_kind(result, expr.op)
        case Bands():
            inner = pieces(expr.expr, book, seen)
            if isinstance(inner, NotLinear):
                return inner
            out: list[Piece] = []
            for guard, e in inner:
                passed: list[Atom] = []  # the bands before: not below them
                for below, value in expr.bands:
                    edge = _const(number(below), e.dates)
                    out.append(((*guard, *passed, atom(e, "lt", edge)), _valued(value, e)))
                    passed.append(atom(e, "ge", edge))
                out.append(((*guard, *passed), _valued(expr.otherwise, e)))
            if len(out) > MAX_PIECES:
                return NotLinear(f"`band` in more than {MAX_PIECES} cases")
            return out
        case Round():
            inner = pieces(expr.expr, book, seen)
            if isinstance(inner, NotLinear):
                return inner
            if len(inner) == 1 and not inner[0][0]:
                return _one(linear(expr, book, seen))
            if all(_whole(v, book) for _, v in inner):
                return inner
            return NotLinear("`round` of a value that is not always a whole number")
        case Arithmetic() | DaysBetween():
            args = list(expr.args) if isinstance(expr, Arithmetic) else [expr.start, expr.end]
            parts = [pieces(a, book, seen) for a in args]
            bad = next((p for p in parts if isinstance(p, NotLinear)), None)
            if bad is not None:
                return bad
            done = [p for p in parts if not isinstance(p, NotLinear)]
            if all(len(p) == 1 and not p[0][0] for p in done):
                return _one(linear(expr, book, seen))
            out = []
            for combo in product(*done):
                guard = tuple(a for g, _ in combo for a in g)
                values = [v for _, v in combo]
                reads = frozenset().union(*(v.reads for v in values))
                if isinstance(expr, DaysBetween):
                    got: Side = _plus(values[1], values[0], -1)
                else:
                    got = _arithmetic(expr, values)
                if isinstance(got, NotLinear):
                    return got
                out.append((guard, got._replace(reads=reads)))
                if len(out) > MAX_PIECES:
                    return NotLinear(f"`min`, `max` or `band` in more than {MAX_PIECES} cases")
            return out
        case _:
            return _one(linear(expr, book, seen))


_STRICT_NOT: dict[Op, Op] = {"le": "gt", "ge": "lt", "gt": "le", "lt": "ge"}


def _one(side: Side) -> list[Piece] | NotLinear:
    return side if isinstance(side, NotLinear) else [((), side)]


def _valued(value: float, e: Linear) -> Linear:
    """A band's number, read when the banded value is (it has none when that has none)."""
    return _const(number(value))._replace(reads=e.reads)


def _same_kind(found: list[Piece], op: str) -> list[Piece] | NotLinear:
    if len({v.dates for _, v in found}) > 1:
        return NotLinear(f"`{op}` of a date and a number")
    return found


def term_pieces(term: Term, book: Book) -> list[Piece] | NotLinear:
    """One side of a comparison as linear pieces."""
    if term.kind == "value":
        return pieces(ValueOf(term.ref), book)
    return _one(term_linear(term, book))


# --- the two sides of a comparison ------------------------------------------------------

Kind = Literal["number", "date"]


def term_linear(term: Term, book: Book) -> Side:
    """One side of a comparison in linear form. A constant is a number or, when it is
    written as a date, its day number."""
    match term.kind:
        case "constant":
            try:
                return _const(Fraction(term.ref))
            except ValueError:
                import datetime  # here: most books ask no dates, and start-up pays for it

                try:
                    day = datetime.date.fromisoformat(term.ref).toordinal()
                except ValueError:
                    return NotLinear(None)  # not a number or a date: MP170
                return _const(Fraction(day), Fraction(1))
        case "answer":
            return linear(AnswerOf(term.ref), book)
        case "value":
            found = pieces(ValueOf(term.ref), book)
            if isinstance(found, NotLinear):
                return found
            return found[0][1]  # every piece is of one kind (a number or a date)
        case _:
            assert_never(term.kind)


def kind_of(side: Linear) -> Kind | None:
    """A date (a day, possibly moved by some days), a number (plain, or days between two
    dates), or None for a mixture that is neither (two dates added)."""
    if side.dates == 1:
        return "date"
    return "number" if side.dates == 0 else None


Op = Literal["ge", "le", "gt", "lt"]
OPS: dict[CompareOp, Op] = {"at_least": "ge", "at_most": "le", "above": "gt", "below": "lt"}
_FLIP: dict[Op, Op] = {"ge": "le", "le": "ge", "gt": "lt", "lt": "gt"}


class Atom(NamedTuple):
    """`x - y OP bound`, `x OP bound` (y None), a constant truth (x and y None), or, with
    `weights`, `sum of weight * answer OP bound` (x and y None)."""

    x: str | None
    y: str | None
    op: Op
    bound: Fraction
    reads: frozenset[str]
    weights: tuple[tuple[str, Fraction], ...] = ()

    def questions(self) -> tuple[str, ...]:
        """The questions whose answers move it."""
        if self.weights:
            return tuple(q for q, _ in self.weights)
        return tuple(q for q in (self.x, self.y) if q is not None)


def compares(op: Op, value: Fraction, bound: Fraction) -> bool:
    match op:
        case "ge":
            return value >= bound
        case "le":
            return value <= bound
        case "gt":
            return value > bound
        case "lt":
            return value < bound
        case _:
            assert_never(op)


def atom(left: Linear, op: Op, right: Linear) -> Atom:
    """`left OP right` as an atom: a difference constraint when it can be one."""
    diff = _plus(left, right, -1)
    coeffs = diff.coeffs
    if not coeffs:
        return Atom(None, None, op, -diff.const, diff.reads)
    if len(coeffs) == 1:
        ((x, k),) = coeffs
        return Atom(x, None, op if k > 0 else _FLIP[op], -diff.const / k, diff.reads)
    if len(coeffs) == 2 and coeffs[0][1] == -coeffs[1][1]:
        (x, k), (y, _) = coeffs
        return Atom(x, y, op if k > 0 else _FLIP[op], -diff.const / k, diff.reads)
    return Atom(None, None, op, -diff.const, diff.reads, coeffs)


class Form(NamedTuple):
    """A comparison taken apart: its atoms (all must hold), or why it cannot be analysed.
    A side with `min`/`max` of several terms or `band` is linear piece by piece: then
    `cases` holds, for each piece, the atoms that must all hold (its guards, which say
    which piece the answers are in, and the comparison of that piece), and the comparison
    holds when some case does; `atoms` are then every atom of every case (the cuts)."""

    atoms: tuple[Atom, ...]
    problem: str | None  # None: analysable (atoms given) or broken (no atoms, no problem)
    cases: tuple[tuple[Atom, ...], ...] | None = None


def form(cond: Relation, book: Book) -> Form:
    left = term_pieces(cond.left, book)
    if cond.op == "between":
        pairs: list[tuple[Op, Term]] = [("ge", cond.low), ("le", cond.high or cond.low)]
    else:
        pairs = [(OPS[cond.op], cond.low)]
    if isinstance(left, NotLinear):
        return Form((), _refused(left.reason))
    rights: list[tuple[Op, list[Piece]]] = []
    for op, term in pairs:
        right = term_pieces(term, book)
        if isinstance(right, NotLinear):
            return Form((), _refused(right.reason))
        rights.append((op, right))
    if len(left) == 1 and not left[0][0] and all(len(r) == 1 and not r[0][0] for _, r in rights):
        return Form(tuple(atom(left[0][1], op, r[0][1]) for op, r in rights), None)
    cases: list[tuple[Atom, ...]] = [()]
    for op, right in rights:  # every comparison of `between` must hold: cases multiply
        cases = [
            (*case, *gl, *gr, atom(lv, op, rv))
            for case in cases
            for gl, lv in left
            for gr, rv in right
        ]
        if len(cases) > MAX_PIECES:
            return Form((), f"it uses `min`, `max` or `band` in more than {MAX_PIECES} cases")
    every = tuple(dict.fromkeys(a for case in cases for a in case))
    return Form(every, None, tuple(cases))


def _refused(reason: str | None) -> str | None:
    return None if reason is None else f"it uses {reason}"


def atom_holds(a: Atom, answers: Mapping[str, Answer], book: Book) -> bool:
    """Whether an atom is true for these answers (False when a question it reads is not
    answered): exact, with fractions."""
    values: dict[str, Fraction] = {}
    for qid in a.reads:
        text, q = answers.get(qid), book.questions.get(qid)
        if not isinstance(text, str) or q is None or not q.spec.measured:
            return False
        try:
            values[qid] = point(q, text)
        except ValueError:
            return False
    return compares(a.op, weighed(a, values), a.bound)


def atom_true(a: Atom, values: Mapping[str, Fraction]) -> bool:
    """Whether an atom holds for these points (every question it moves given)."""
    return compares(a.op, weighed(a, values), a.bound)


def weighed(a: Atom, values: Mapping[str, Fraction]) -> Fraction:
    value = sum((k * values[q] for q, k in a.weights), Fraction(0))
    if a.x is not None:
        value += values[a.x]
    if a.y is not None:
        value -= values[a.y]
    return value
