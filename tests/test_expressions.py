"""expressions.py: computed values as data. Each expression record is an immutable tuple in
the `Expr` union, so the dispatch sites that `match` on it (logic/values.py and the checks)
see every kind; a record left out of the union would escape them."""

from __future__ import annotations

import typing

import pytest

from mendpath import expressions
from mendpath.expressions import AnswerOf, Arithmetic, Const, Expr, Value


def test_every_record_in_the_module_is_in_the_union() -> None:
    records = {
        obj
        for obj in vars(expressions).values()
        if isinstance(obj, type)
        and issubclass(obj, tuple)
        and obj.__module__ == expressions.__name__
    }
    assert records == set(typing.get_args(Expr))
    assert len(records) == 10


def test_records_are_immutable_values() -> None:
    total = Arithmetic("sum", (AnswerOf("days"), Const(2)))
    assert total == Arithmetic("sum", (AnswerOf("days"), Const(2)))
    with pytest.raises(AttributeError):
        total.op = "product"  # type: ignore[misc]


def test_a_value_says_its_id() -> None:
    value = Value("weekly", Const(5), 1, None, "days", "", None)  # type: ignore[arg-type]
    assert repr(value) == "Value('weekly')"
    assert (value.decimals, value.unit, value.currency) == (1, "days", None)
