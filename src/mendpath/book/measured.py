"""Checks of number and date questions and the comparisons made against them."""

from __future__ import annotations

import math
import re
from collections.abc import Iterator

from mendpath.book.patterns import PROBE_LIMIT, backtracking, slow_answer
from mendpath.logic.measures import (
    MAX_DIGITS,
    BadValue,
    accepts,
    classes,
    cuts,
    meets,
    not_finite,
    point,
    step_of,
    typable,
)
from mendpath.model import NO_MEASURE, Compare, Question
from mendpath.problems import Problem, located
from mendpath.text import printable

# `unit_one` given without `unit` (a question's or a value's).
UNIT_ONE_ALONE = "`unit_one` goes with `unit` (the unit after any other figure)"
# What a date constant may be, for the messages that refuse one.
DATE_FORMS = "an ISO date (2026-11-23), `today` or `{today: N, unit: days}`"


def outside_calendar(value: str) -> str | None:
    """The message for a date relative to today that falls outside the calendar (the
    text `build` writes for one), or None."""
    if not value.startswith("{today:"):
        return None
    return f"{value} falls outside the dates there are (0001-01-01 to 9999-12-31)"


def _valid(question: Question, value: str) -> bool:
    try:
        point(question, value)
    except (ValueError, BadValue):
        return False
    return not not_finite(value)


def infinite(where: tuple[str, int, int], value: str) -> Problem:
    """MP162: a number a book cannot compare or compute with (inf, nan, 1e400)."""
    return located(where, "error", "MP162", infinite_message(value))


def infinite_message(value: str) -> str:
    if "nan" in value:
        return "'.nan' is not a number; write a finite number"
    return (
        "this number is infinite or too large to work with (beyond 1.8e308); write a finite number"
    )


def compare_problems(q: Question, cond: Compare) -> Iterator[Problem]:
    """A comparison that does not fit its question, or that no answer can meet."""
    key = cond.op
    if not q.spec.measured:
        yield located(
            cond.origin.at(key),
            "error",
            "MP171",
            f"`{key}:` compares a number or a date, but '{q.id}' is {q.kind}",
        )
        return
    for value in cuts(cond):
        if q.kind == "number" and not_finite(value):
            yield infinite(cond.origin.at(key), value)
            return
        if not _valid(q, value):
            what = DATE_FORMS if q.kind == "date" else "a number"
            said = outside_calendar(value) or f"'{value}' is not {what}, as '{q.id}' needs"
            yield located(cond.origin.at(key), "error", "MP170", said)
            return
    if cond.high is not None and point(q, cond.high) < point(q, cond.low):
        yield located(
            cond.origin.at(key),
            "error",
            "MP115",
            f"`between:` runs from {cond.low} down to {cond.high}; no answer is between them",
        )
        return
    if not any(meets(cond, q, point(q, v)) for v in classes(q, cuts(cond))):
        what = accepts(q)
        if q.kind == "number" and not all(typable(point(q, v)) for v in cuts(cond)):
            what += f", and no answer has more than {MAX_DIGITS} digits"
        yield located(
            cond.origin.at(key),
            "error",
            "MP115",
            f"no answer to '{q.id}' can meet this: it accepts only {what}",
        )


# Keys only some kinds take are checked here rather than in the JSON Schema, where an
# if/then per rule made checking the shape of a 10,000-question book twice as slow.


def _misplaced(q: Question) -> Iterator[Problem]:
    """A key the question's kind does not take (e.g. `min` on a single-choice question)."""
    m = q.measure
    if m is not NO_MEASURE:  # (the usual question has no such key: nothing to look at)
        takes = {
            "min": q.spec.measured,
            "max": q.spec.measured,
            "decimals": q.kind == "number",
            "unit": q.kind == "number",
            "unit_one": q.kind == "number",
            "currency": q.kind == "number",
            "pattern": q.spec.free_text,
            "pattern_message": q.spec.free_text,
        }
        given = {
            "min": m.minimum,
            "max": m.maximum,
            "decimals": m.decimals,
            "unit": m.unit,
            "unit_one": m.unit_one,
            "currency": m.currency,
            "pattern": m.pattern,
            "pattern_message": m.pattern_message,
        }
        for key, value in given.items():
            if value is not None and not takes[key]:
                yield located(
                    q.origin.at(key, key=True),
                    "error",
                    "MP100",
                    f"a {q.kind} question takes no `{key}`",
                )
        if q.spec.free_text and m.pattern_message is not None and m.pattern is None:
            yield located(
                q.origin.at("pattern_message", key=True),
                "error",
                "MP100",
                "`pattern_message` is shown when an answer does not match `pattern`, "
                "and this question has no `pattern`",
            )
    if not q.spec.many_choices:  # "stands alone" means something only among several
        for c in q.choices:
            if c.exclusive:
                yield located(
                    c.origin.at("exclusive", key=True),
                    "error",
                    "MP100",
                    f"`exclusive` is for multiple-choice questions; '{q.id}' is {q.kind}",
                )


def question_problems(q: Question) -> Iterator[Problem]:
    """Keys the kind does not take, a number or date range that no answer fits, and a text
    pattern that does not compile."""
    yield from _misplaced(q)
    m = q.measure
    if q.spec.measured:
        for key, value in (("min", m.minimum), ("max", m.maximum)):
            if value is not None and q.kind == "number" and not_finite(value):
                yield infinite(q.origin.at(key), value)
                return
            if value is not None and not _valid(q, value):
                what = DATE_FORMS if q.kind == "date" else "a number"
                said = outside_calendar(value) or f"'{value}' is not {what}"
                yield located(q.origin.at(key), "error", "MP111", said)
                return
        low, high = m.minimum, m.maximum
        if low is not None and high is not None and point(q, high) < point(q, low):
            yield located(
                q.origin.at("max"),
                "error",
                "MP115",
                f"no answer fits: `max` ({high}) is below `min` ({low})",
            )
        elif low is not None and high is not None and q.kind == "number" and m.decimals is not None:
            from fractions import Fraction

            step = step_of(q)
            assert step is not None  # (a number with `decimals`)
            if math.ceil(Fraction(low) / step) > math.floor(Fraction(high) / step):
                kept = (
                    "whole number"
                    if m.decimals == 0
                    else "number with at most 1 decimal"
                    if m.decimals == 1
                    else f"number with at most {m.decimals} decimals"
                )
                yield located(
                    q.origin.at("max"),
                    "error",
                    "MP115",
                    f"no answer fits: no {kept} lies from `min` ({low}) to `max` ({high})",
                )
    if q.kind == "number" and m.unit_one is not None and m.unit is None:
        yield located(
            q.origin.at("unit_one", key=True),
            "error",
            "MP100",
            UNIT_ONE_ALONE,
        )
    if m.pattern is not None:
        try:
            re.compile(m.pattern)
        except RecursionError:
            yield located(
                q.origin.at("pattern"),
                "error",
                "MP116",
                "the pattern is not a valid regular expression: it nests too deeply",
            )
            return
        except re.error as exc:
            yield located(
                q.origin.at("pattern"),
                "error",
                "MP116",
                f"the pattern is not a valid regular expression: {exc}",
            )
            return
        why = backtracking(m.pattern)
        if why is not None:
            yield located(
                q.origin.at("pattern"),
                "error",
                "MP161",
                f"the pattern can take hours to match some answers: {why}; "
                "write it so that each part of an answer can match in only one way",
            )
            return
        slow = slow_answer(m.pattern, q.max_length)
        if slow is not None:
            shown = printable(slow if len(slow) <= 24 else f"{slow[:16]}…{slow[-4:]}")
            yield located(
                q.origin.at("pattern"),
                "error",
                "MP161",
                f"the pattern takes more than {PROBE_LIMIT:g} s of CPU to match some answers, "
                f"such as '{shown}' ({len(slow)} characters); write it so that each part of an "
                "answer can match in only one way, or lower `max_length`",
            )
