"""Computed values as data (`values:` in a book): expression records and the named Value.

Evaluated by `logic/values.py`, built by `book/build.py`, checked by `book/computed.py`.
"""

from __future__ import annotations

from typing import Literal, NamedTuple, get_args

from mendpath.reader import Origin


class Const(NamedTuple):
    number: float


class FixedDate(NamedTuple):
    """A date written in a value (2026-04-06): its day number; none when it is not a date
    (MP163)."""

    text: str


class AnswerOf(NamedTuple):
    """A number answer, or a date answer as its day number."""

    question: str


class ValueOf(NamedTuple):
    value: str


ArithmeticOp = Literal["sum", "difference", "product", "quotient", "min", "max"]
ARITHMETIC_OPS: tuple[ArithmeticOp, ...] = get_args(ArithmeticOp)


class Arithmetic(NamedTuple):
    op: ArithmeticOp
    args: tuple[Expr, ...]


RoundDirection = Literal["nearest", "up", "down"]
ROUND_DIRECTIONS: tuple[RoundDirection, ...] = get_args(RoundDirection)


class Round(NamedTuple):
    """`round` to so many decimals: to the nearest (halves away from zero), up (toward
    more, a ceiling) or down (toward less, a floor)."""

    expr: Expr
    decimals: int
    direction: RoundDirection = "nearest"


class Lookup(NamedTuple):
    """A number for each choice of a single-choice or yes/no question."""

    question: str
    table: tuple[tuple[str, float], ...]


class Bands(NamedTuple):
    """A number for the band a value falls in: the first band whose `below` it is under,
    else `otherwise`."""

    expr: Expr
    bands: tuple[tuple[float, float], ...]
    otherwise: float


BetweenUnit = Literal["days", "weeks", "months", "years"]
BETWEEN_UNITS: tuple[BetweenUnit, ...] = get_args(BetweenUnit)


class Between(NamedTuple):
    """The days from the first date to the second, or the whole weeks, months or years
    (`logic/calendar.py` says how they are counted)."""

    unit: BetweenUnit
    start: Expr
    end: Expr


class BadExpr(NamedTuple):
    """An expression the schema rejects: it has no value."""


Expr = (
    Const | FixedDate | AnswerOf | ValueOf | Arithmetic | Round | Lookup | Bands | Between | BadExpr
)


class Value:
    """A named value computed from answers (`values:`), shown through a placeholder."""

    __slots__ = ("compute", "currency", "decimals", "default", "id", "origin", "unit", "unit_one")

    def __init__(
        self,
        id: str,
        compute: Expr,
        decimals: int,
        currency: str | None,
        unit: str | None,
        default: str,
        origin: Origin,
        unit_one: str | None = None,
    ) -> None:
        self.id = id
        self.compute = compute
        self.decimals = decimals
        self.currency = currency
        self.unit = unit
        self.unit_one = unit_one  # shown after exactly 1 (None: `unit`)
        self.default = default
        self.origin = origin

    def __repr__(self) -> str:
        return f"Value({self.id!r})"
