"""Comparisons with other answers and computed values in linear form, exactly.

Each side of a comparison (`model.Relation`) is put in linear form over the number and date
answers it reads (`linear`): a sum of answers times rational coefficients, plus a constant,
worked out with fractions (no rounding; a constant counts as the decimal it is written as).
The comparison `left OP right` is then `left - right OP 0`, an *atom*: on one answer
(`x OP c`), a *difference constraint* on two (`x - y OP c`), or a weighted sum
(`taken - 4 days < 0`). A division by answers whose sign the questions' ranges fix is kept
as a numerator over a divisor that is above zero for every answer (a negative one is
negated, top and bottom), and a comparison is multiplied through by the divisors, which
keeps its direction. `min`, `max`, `band` and `lookup` are linear piece by piece (`pieces`:
each piece with the guards that say when it applies). A side that is none of these (a
product of two answers, a division by an answer that can be zero, rounding a fraction) has
no form (`NotLinear`, with the reason), and validate refuses it (MP173).
`logic/relations.py` cuts answers into cells by the atoms.
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
    Between,
    BetweenUnit,
    Const,
    Expr,
    FixedDate,
    Lookup,
    Round,
    ValueOf,
)
from mendpath.model import Answer, Book, CompareOp, Question, Relation, Term


class Linear(NamedTuple):
    """A sum of answers times coefficients, plus a constant; with `per`, that divided by
    the sum of `per` and `per_const`, which is above zero for every answer in range."""

    coeffs: tuple[tuple[str, Fraction], ...]  # question id, coefficient (never 0), sorted
    const: Fraction
    reads: frozenset[str]  # every question read: when one is unanswered there is no value
    dates: Fraction  # the sum of the coefficients of date answers: 1 a date, 0 a number
    per: tuple[tuple[str, Fraction], ...] = ()  # the divisor's answers (first coefficient 1)
    per_const: Fraction = Fraction(1)  # and its constant (1 when there is no divisor)


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
    """The numerator times k (a value divided by answers stays divided by them)."""
    kept = tuple((q, c * k) for q, c in a.coeffs) if k != 0 else ()
    return a._replace(coeffs=kept, const=a.const * k, dates=a.dates * k)


# --- divisions by answers: a numerator over a divisor above zero --------------------------


def _top(a: Linear) -> Linear:
    """The numerator of a value (the value itself when it is not divided by answers)."""
    return a._replace(per=(), per_const=Fraction(1)) if a.per else a


def _bottom(a: Linear) -> Linear:
    """The divisor of a value (1 when it is not divided by answers)."""
    return Linear(a.per, a.per_const, a.reads, Fraction(0))


def _mul(a: Linear, b: Linear) -> Linear | None:
    """The product of two values not divided by answers, or None when both read answers
    (a product of two answers is not linear)."""
    if a.coeffs and b.coeffs:
        return None
    if b.coeffs:
        a, b = b, a
    return _times(a, b.const)._replace(reads=a.reads | b.reads)


def _ratio(top: Linear, bottom: Linear, reads: frozenset[str]) -> Linear:
    """top / bottom, for a bottom above zero for every answer, with the bottom's first
    coefficient made 1 (so that one divisor is always written the same way)."""
    if not bottom.coeffs:
        return _times(top, 1 / bottom.const)._replace(reads=reads)
    if not top.coeffs and top.const == 0:
        return _const(Fraction(0))._replace(reads=reads)  # 0 divided by anything
    scale = 1 / abs(bottom.coeffs[0][1])
    per = tuple((q, k * scale) for q, k in bottom.coeffs)
    return _times(top, scale)._replace(reads=reads, per=per, per_const=bottom.const * scale)


def _add(a: Linear, b: Linear, sign: int, why: str) -> Side:
    """a + sign * b, over their divisors: a/A + b/B is (a B + b A) / (A B), linear when each
    product has at most one factor that reads answers (else `why`)."""
    if not a.per and not b.per:
        return _plus(a, b, sign)
    reads = a.reads | b.reads
    if a.per == b.per and a.per_const == b.per_const:  # one divisor
        return _ratio(_plus(_top(a), _top(b), sign), _bottom(a), reads)
    left, right = _mul(_top(a), _bottom(b)), _mul(_top(b), _bottom(a))
    bottom = _mul(_bottom(a), _bottom(b))
    if left is None or right is None or bottom is None:
        return NotLinear(why)
    return _ratio(_plus(left, right, sign), bottom, reads)


def _sign(d: Linear, book: Book, guard: Guards = ()) -> int:
    """1 when a linear form is above zero for every answer within the questions' `min` and
    `max` (and the bounds the guard of its piece puts on one answer, like `days >= 1` in
    `max: [days, 1]`), -1 when it is below zero for every one, 0 when it can be zero or
    change sign."""
    low: Fraction | None = d.const
    high: Fraction | None = d.const
    for qid, k in d.coeffs:
        q = book.questions[qid]
        ends: list[Fraction | None] = []
        for text in (q.measure.minimum, q.measure.maximum):
            try:
                ends.append(None if text is None else point(q, text))
            except ValueError:  # not a valid bound: MP111
                ends.append(None)
        for g in guard:  # an answer's own bound (strict ones count as not strict: safe)
            if isinstance(g, Atom) and g.x == qid and g.y is None and not g.weights:
                if g.op in ("ge", "gt"):
                    ends[0] = g.bound if ends[0] is None else max(ends[0], g.bound)
                else:
                    ends[1] = g.bound if ends[1] is None else min(ends[1], g.bound)
        least, most = ends if k > 0 else ends[::-1]
        low = None if low is None or least is None else low + k * least
        high = None if high is None or most is None else high + k * most
    if low is not None and low > 0:
        return 1
    if high is not None and high < 0:
        return -1
    return 0


def _never_zero(d: Linear, book: Book) -> str:
    """Why a division by a linear form that can be zero is refused."""
    from mendpath.logic.measures import accepts

    names = [q for q, _ in d.coeffs]
    one = d.coeffs == ((names[0], Fraction(1)),) and d.const == 0
    what = f"'{names[0]}'" if one else f"a value of {', '.join(names)}"
    ranges = " and ".join(f"'{q}' accepts {accepts(book.questions[q])}" for q in names)
    return f"a division by {what}, which can be zero or change sign ({ranges})"


def _divide(a: Linear, b: Linear, book: Book, guard: Guards = ()) -> Side | None:
    """a / b (None: b is zero, so there is no value). (a/A) / (b/B) is (a B) / (A b): b
    must keep one sign for every answer (a negative one turns top and bottom over)."""
    reads = a.reads | b.reads
    if not b.coeffs and not b.per:  # a constant
        return None if b.const == 0 else _times(a, 1 / b.const)._replace(reads=reads)
    if a.dates or b.dates:
        return NotLinear("a division of a date, or by a date")
    sign = _sign(_top(b), book, guard)
    if sign == 0:
        return None if not b.coeffs and b.const == 0 else NotLinear(_never_zero(_top(b), book))
    top, bottom = _mul(_top(a), _bottom(b)), _mul(_bottom(a), _top(b))
    if top is None:
        return NotLinear("a product of two answers")
    if bottom is None:
        return NotLinear("a division by a product of two answers")
    return _ratio(_times(top, Fraction(sign)), _times(bottom, Fraction(sign)), reads)


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
        case FixedDate():
            from mendpath.logic.calendar import fixed_day

            day = fixed_day(expr.text)
            return NotLinear(None) if day is None else _const(Fraction(day), Fraction(1))  # MP163
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
            got = _arithmetic(expr, sides, book)
            return NotLinear("a division by zero") if got is None else got
        case Between() if expr.unit != "days":
            return NotLinear(_step_refused(expr, book))
        case Between():
            start, end = linear(expr.start, book, seen), linear(expr.end, book, seen)
            if isinstance(start, NotLinear):
                return start
            if isinstance(end, NotLinear):
                return end
            return _between(start, end)
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
    constant, over whole-number and date answers only, and no divisor."""
    if side.per or side.const.denominator != 1 or any(k.denominator != 1 for _, k in side.coeffs):
        return False
    for qid, _ in side.coeffs:
        q = book.questions.get(qid)
        if q is None or not (q.kind == "date" or q.measure.decimals == 0):
            return False
    return True


_ADDED = "a division by an answer added to other answers"


def _between(start: Linear, end: Linear) -> Side:
    return _add(end, start, -1, _ADDED)


def _arithmetic(
    expr: Arithmetic, args: list[Linear], book: Book, guard: Guards = ()
) -> Side | None:
    """The operation on linear forms, in the piece `guard` holds in; None when it has no
    value (a division by zero)."""
    match expr.op:
        case "sum" | "difference":
            total: Side = args[0]
            for a in args[1:]:
                if isinstance(total, NotLinear):
                    return total
                total = _add(total, a, 1 if expr.op == "sum" else -1, _ADDED)
            return total
        case "product":
            reads = frozenset().union(*(a.reads for a in args))
            top, bottom = _const(Fraction(1)), _const(Fraction(1))
            for a in args:
                times = _mul(top, _top(a))
                if times is None:
                    return NotLinear("a product of two answers")
                over = _mul(bottom, _bottom(a))
                if over is None:
                    return NotLinear("a product of two divisions by answers")
                top, bottom = times, over
            return _ratio(top, bottom, reads)
        case "quotient":
            result: Side | None = args[0]
            for a in args[1:]:
                if not isinstance(result, Linear):
                    return result
                result = _divide(result, a, book, guard)
            return result
        case "min" | "max":
            if len(args) == 1:
                return args[0]
            return NotLinear(f"`{expr.op}`")
        case _:
            assert_never(expr.op)


# --- linear piece by piece: min and max of several terms, bands, lookups ------------------


class Chosen(NamedTuple):
    """The guard of a lookup's piece: the answer to a single-choice or yes/no question is
    this choice."""

    question: str
    choice: str


Guards = tuple["Atom | Chosen", ...]  # all hold in a piece
Piece = tuple[Guards, Linear]  # the guards, and the value there
MAX_PIECES = 64
_CASES = f"`min`, `max`, `band` or `lookup` in more than {MAX_PIECES} cases"


def pieces(expr: Expr, book: Book, seen: tuple[str, ...] = ()) -> list[Piece] | NotLinear:
    """An expression as linear pieces, each with the guards that say when it applies, or
    why it has none. The guards of the pieces exclude each other, and a piece left out has
    no value (a division by zero in it). Every piece reads every answer the expression
    reads (with one missing there is no value)."""
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
                        if _clash((*ga, *gb)):
                            continue
                        reads = a.reads | b.reads
                        a, b = a._replace(reads=reads), b._replace(reads=reads)
                        kept, other = atom(a, keep, b), atom(a, _STRICT_NOT[keep], b)
                        if isinstance(kept, NotLinear):
                            return kept
                        assert isinstance(other, Atom)  # the same sides: linear too
                        combined.append(((*ga, *gb, kept), a))
                        combined.append(((*ga, *gb, other), b))
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
                    under, over = atom(e, "lt", edge), atom(e, "ge", edge)
                    if isinstance(under, NotLinear) or isinstance(over, NotLinear):
                        return NotLinear(None)  # never: a value against a constant is linear
                    out.append(((*guard, *passed, under), _valued(value, e)))
                    passed.append(over)
                out.append(((*guard, *passed), _valued(expr.otherwise, e)))
            if len(out) > MAX_PIECES:
                return NotLinear(f"`band` in more than {MAX_PIECES} cases")
            return out
        case Lookup():
            q = book.questions.get(expr.question)
            if (
                q is None
                or not q.spec.one_choice
                or not all(math.isfinite(n) for _, n in expr.table)
            ):
                return NotLinear(None)  # reported by the checks of values (MP103, MP111, MP162)
            if len(expr.table) > MAX_PIECES:
                return NotLinear(f"`lookup` in more than {MAX_PIECES} cases")
            reads = frozenset({q.id})
            return [
                ((Chosen(q.id, choice),), _const(number(n))._replace(reads=reads))
                for choice, n in expr.table
            ]
        case Round():
            inner = pieces(expr.expr, book, seen)
            if isinstance(inner, NotLinear):
                return inner
            if len(inner) == 1 and not inner[0][0]:
                return _one(linear(expr, book, seen))
            if all(_whole(v, book) for _, v in inner):
                return inner
            return NotLinear("`round` of a value that is not always a whole number")
        case Between() if expr.unit != "days":
            return NotLinear(_step_refused(expr, book))
        case Arithmetic() | Between():
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
                if _clash(guard):
                    continue  # one question, two choices: no answers are in this piece
                values = [v for _, v in combo]
                reads = frozenset().union(*(v.reads for v in values))
                if isinstance(expr, Between):
                    got: Side | None = _between(values[0], values[1])
                else:
                    got = _arithmetic(expr, values, book, guard)
                if isinstance(got, NotLinear):
                    return got
                if got is not None:  # (None: divided by zero, this piece has no value)
                    out.append((guard, got._replace(reads=reads)))
                if len(out) > MAX_PIECES:
                    return NotLinear(_CASES)
            return out or NotLinear("a division by zero")
        case _:
            return _one(linear(expr, book, seen))


_STRICT_NOT: dict[Op, Op] = {"le": "gt", "ge": "lt", "gt": "le", "lt": "ge"}


def _clash(guards: tuple[Atom | Chosen, ...]) -> bool:
    """Whether guards ask two different choices of one question (no answers meet them)."""
    chosen: dict[str, str] = {}
    for g in guards:
        if isinstance(g, Chosen) and chosen.setdefault(g.question, g.choice) != g.choice:
            return True
    return False


def _one(side: Side) -> list[Piece] | NotLinear:
    return side if isinstance(side, NotLinear) else [((), side)]


def _valued(value: float, e: Linear) -> Linear:
    """A band's number, read when the banded value is (it has none when that has none)."""
    return _const(number(value))._replace(reads=e.reads)


def _same_kind(found: list[Piece], op: str) -> list[Piece] | NotLinear:
    if len({v.dates for _, v in found}) > 1:
        return NotLinear(f"`{op}` of a date and a number")
    return found


# --- whole weeks, months and years between: a step compared with a number --------------


class Step(NamedTuple):
    """`weeks_between`, `months_between` or `years_between` of one date that answers move
    (`moving`: a date answer, moved by whole days) and a fixed day: from `fixed` to the
    moving date when `forward`, else from the moving date to `fixed`."""

    unit: BetweenUnit
    moving: Linear
    fixed: int
    forward: bool


_STEP_RULE = (
    "which is compared exactly only on its own against numbers, from one date answer (moved "
    "by whole days) to a fixed date or back"
)


def _step_refused(expr: Between, book: Book) -> str:
    """Why whole weeks, months or years between are not linear where they are."""
    used = f"`{expr.unit}_between`"
    if _step(expr, book) is not None:  # a step, but inside other arithmetic
        return f"{used} inside other arithmetic, {_STEP_RULE}"
    return f"{used} of two dates that are not one date answer and a fixed date, {_STEP_RULE}"


def step_of(term: Term, book: Book) -> Step | None:
    """The step a compared value is, when it is one that can be compared exactly."""
    expr: Expr = ValueOf(term.ref) if term.kind == "value" else Const(0)
    seen: list[str] = []
    while isinstance(expr, ValueOf):  # a value that is another value
        named = book.values.get(expr.value)
        if named is None or expr.value in seen:
            return None
        seen.append(expr.value)
        expr = named.compute
    return _step(expr, book) if isinstance(expr, Between) else None


def _step(expr: Between, book: Book) -> Step | None:
    if expr.unit == "days":
        return None
    start, end = linear(expr.start, book), linear(expr.end, book)
    if not isinstance(start, Linear) or not isinstance(end, Linear):
        return None
    for moving, fixed, forward in ((start, end, False), (end, start, True)):
        one = len(moving.coeffs) == 1 and moving.coeffs[0][1] == 1 and moving.dates == 1
        whole = moving.const.denominator == 1 and fixed.const.denominator == 1
        if one and whole and not fixed.coeffs and fixed.dates == 1:
            moving = moving._replace(reads=moving.reads | fixed.reads)  # (0 times an answer)
            return Step(expr.unit, moving, int(fixed.const), forward)
    return None


def _step_atoms(step: Step, op: Op, bound: Fraction) -> list[Atom | NotLinear]:
    """`step OP bound` as comparisons of the moving date with days (all must hold): the
    count is a whole number, so it is `count >= n` or its negation for one n, and the
    count only grows (forward) or only falls as the date moves later, so `count >= n` is
    the date on or after (on or before) the day where it reaches n (logic/calendar.py).
    A date moved out of the days there are has no value: kept inside them."""
    from mendpath.logic.calendar import FIRST, LAST, threshold

    n = math.ceil(bound) if op in ("ge", "lt") else math.floor(bound) + 1
    holds = op in ("ge", "gt")  # count >= n (else: count < n)
    day = threshold(step.unit, step.fixed, n, step.forward)
    date = step.moving
    inside = [atom(date, "ge", _const(Fraction(FIRST), Fraction(1)))] if date.const else []
    inside += [atom(date, "le", _const(Fraction(LAST), Fraction(1)))] if date.const else []
    if day is None:  # no day reaches n: never (count >= n), always (count < n)
        return [*inside, atom(date, "gt" if holds else "ge", date)]
    edge = _const(Fraction(day), Fraction(1))
    if step.forward:
        return [*inside, atom(date, "ge" if holds else "lt", edge)]
    return [*inside, atom(date, "le" if holds else "gt", edge)]


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
            step = step_of(term, book)
            if step is not None:  # a whole number of weeks, months or years
                return Linear((), Fraction(0), step.moving.reads, Fraction(0))
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


_COMPARED = (
    "a division by an answer compared with other answers (multiplied through by the "
    "divisor, answers would multiply each other)"
)


def atom(left: Linear, op: Op, right: Linear) -> Atom | NotLinear:
    """`left OP right` as an atom: a difference constraint when it can be one. Sides
    divided by answers are multiplied through by their divisors (above zero, so the
    comparison keeps its direction); when that multiplies answers together, NotLinear."""
    found = _add(left, right, -1, _COMPARED)
    if isinstance(found, NotLinear):
        return found
    diff = _top(found)
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
    A side with `min`/`max` of several terms, `band` or `lookup` is linear piece by piece:
    then `cases` holds, for each piece, the guards that must all hold (those that say
    which piece the answers are in, and the comparison of that piece), and the comparison
    holds when some case does; `atoms` are then every atom of every case (the cuts)."""

    atoms: tuple[Atom, ...]
    problem: str | None  # None: analysable (atoms given) or broken (no atoms, no problem)
    cases: tuple[tuple[Atom | Chosen, ...], ...] | None = None


def form(cond: Relation, book: Book) -> Form:
    if cond.op == "between":
        pairs: list[tuple[Op, Term]] = [("ge", cond.low), ("le", cond.high or cond.low)]
    else:
        pairs = [(OPS[cond.op], cond.low)]
    step = step_of(cond.left, book)
    if step is not None:
        return _step_form(step, pairs)
    for _, term in pairs:  # a step on the right is compared with the answer or value left
        right_step = step_of(term, book)
        if right_step is not None:
            return Form((), _refused(_step_against(right_step)))
    left = term_pieces(cond.left, book)
    if isinstance(left, NotLinear):
        return Form((), _refused(left.reason))
    rights: list[tuple[Op, list[Piece]]] = []
    for op, term in pairs:
        right = term_pieces(term, book)
        if isinstance(right, NotLinear):
            return Form((), _refused(right.reason))
        rights.append((op, right))
    if len(left) == 1 and not left[0][0] and all(len(r) == 1 and not r[0][0] for _, r in rights):
        atoms = [atom(left[0][1], op, r[0][1]) for op, r in rights]
        bad = next((a for a in atoms if isinstance(a, NotLinear)), None)
        if bad is not None:
            return Form((), _refused(bad.reason))
        return Form(tuple(a for a in atoms if isinstance(a, Atom)), None)
    cases: list[tuple[Atom | Chosen, ...]] = [()]
    for op, right in rights:  # every comparison of `between` must hold: cases multiply
        more: list[tuple[Atom | Chosen, ...]] = []
        for case in cases:
            for gl, lv in left:
                for gr, rv in right:
                    guards = (*case, *gl, *gr)
                    if _clash(guards):
                        continue
                    compared = atom(lv, op, rv)
                    if isinstance(compared, NotLinear):
                        return Form((), _refused(compared.reason))
                    more.append((*guards, compared))
        cases = more
        if len(cases) > MAX_PIECES:
            return Form((), f"it uses {_CASES}")
    every = tuple(dict.fromkeys(a for case in cases for a in case if isinstance(a, Atom)))
    return Form(every, None, tuple(cases))


def _step_form(step: Step, pairs: list[tuple[Op, Term]]) -> Form:
    """A step compared with numbers: comparisons of its moving date with days."""
    found: list[Atom] = []
    for op, term in pairs:
        if term.kind != "constant":
            return Form((), _refused(_step_against(step)))
        try:
            bound = Fraction(term.ref)
        except ValueError:
            return Form((), None)  # a date against a number: MP170
        for a in _step_atoms(step, op, bound):
            assert isinstance(a, Atom)  # a date against days: linear
            found.append(a)
    return Form(tuple(dict.fromkeys(found)), None)


def _step_against(step: Step) -> str:
    return f"`{step.unit}_between` compared with an answer or a value, {_STEP_RULE}"


def _refused(reason: str | None) -> str | None:
    return None if reason is None else f"it uses {reason}"


def guard_holds(g: Atom | Chosen, answers: Mapping[str, Answer], book: Book) -> bool:
    """Whether an atom or a lookup's guard is true for these answers."""
    match g:
        case Atom():
            return atom_holds(g, answers, book)
        case Chosen():
            return answers.get(g.question) == g.choice
        case _:
            assert_never(g)


def guard_true(g: Atom | Chosen, values: Mapping[str, Fraction], chosen: Mapping[str, str]) -> bool:
    """Whether an atom or a lookup's guard holds for these points and choices."""
    match g:
        case Atom():
            return atom_true(g, values)
        case Chosen():
            return chosen.get(g.question) == g.choice
        case _:
            assert_never(g)


def atom_holds(a: Atom, answers: Mapping[str, Answer], book: Book) -> bool:
    """Whether an atom is true for these answers (False when a question it reads is not
    answered): exact, with fractions."""
    values: dict[str, Fraction] = {}
    for qid in a.reads:
        text, q = answers.get(qid), book.questions.get(qid)
        if not isinstance(text, str) or q is None:
            return False
        if not q.spec.measured:
            continue  # the question of a lookup: answered, and its piece's guard reads it
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
