"""Number and date answers: reading them, comparing them, and cutting them into classes.

A number or date answer is stored as text in a normal form ("1234.5", "2026-11-23"), so
answers files, progress and the JSON summary carry it like any other answer. For reasoning,
each is a point on a line (a date is its day number). The constants a book compares a
question against, with its `min` and `max`, cut that line into a few intervals: every answer
in one interval meets exactly the same comparisons, so the interval is an answer class and
the analysis stays finite and exact (`classes`).
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from itertools import pairwise
from typing import TYPE_CHECKING, assert_never

from mendpath.i18n import tr
from mendpath.model import Compare, Question

if TYPE_CHECKING:
    import datetime

_NUMBER = re.compile(r"^[+-]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?$")
_MONTHS = {
    m: i
    for i, names in enumerate(
        (
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ),
        1,
    )
    for m in names
}


MAX_DIGITS = 15  # a float keeps 15 significant digits exactly; more would be rounded or inf
DAYS = (1.0, 3_652_059.0)  # the first and last dates Python has: 0001-01-01, 9999-12-31
_ANY_DAY = 738_000  # 2021-07-29, standing for "any date" when nothing tells dates apart


class BadValue(ValueError):
    """Input that is not a number or date the question accepts; the message says what is."""


def parse_number(text: str, question: Question) -> float:
    """A typed number: digits with an optional sign, thousands commas and decimals; the
    question's currency or unit around it is allowed."""
    cleaned = text.strip()
    for extra in (question.measure.currency, question.measure.unit):
        if extra:
            cleaned = cleaned.removeprefix(extra).removesuffix(extra).strip()
    if not cleaned:
        raise BadValue(tr("no number was typed"))
    if not _NUMBER.match(cleaned):
        raise BadValue(tr("'{reply}' is not a number").format(reply=text))
    digits = sum(c.isdigit() for c in cleaned)
    if digits > MAX_DIGITS:
        start = text.strip()
        start = start if len(start) <= 20 else start[:20] + "…"
        raise BadValue(
            tr("'{reply}' has {count} digits; a number has at most {most}").format(
                reply=start, count=digits, most=MAX_DIGITS
            )
        )
    value = float(cleaned.replace(",", ""))
    if question.measure.decimals == 0 and value != int(value):
        raise BadValue(tr("'{reply}' is not a whole number").format(reply=text))
    return value


def parse_date(text: str) -> datetime.date:
    """A typed date: ISO (2026-11-23), day/month/year (23/11/2026, 23.11.2026, 23-11-2026) or
    with the month in words (23 November 2026, 23 Nov 2026)."""
    import datetime  # here: most books ask no dates, and start-up pays for it

    cleaned = text.strip().lower().replace(",", " ")
    if not cleaned:
        raise BadValue(tr("no date was typed"))
    try:
        if re.match(r"^\d{4}-\d{2}-\d{2}$", cleaned):
            return datetime.date.fromisoformat(cleaned)
        parts = re.split(r"[/.\- ]+", cleaned)
        if len(parts) == 3:
            day, month, year = parts
            number = int(month) if month.isdigit() else _MONTHS.get(month)
            if number is not None and day.isdigit() and year.isdigit() and len(year) == 4:
                return datetime.date(int(year), number, int(day))
    except ValueError:
        pass
    raise BadValue(tr("'{reply}' is not a date").format(reply=text))


def format_number(value: float) -> str:
    """A number in normal form: whole numbers without ".0"; inf and nan as Python spells them
    (never int(): they have no integer)."""
    if not math.isfinite(value):
        return repr(value)
    return str(int(value)) if value == int(value) else repr(value)


def not_finite(text: str) -> bool:
    """Whether a constant in normal form is a number that is not finite (inf, -inf, nan,
    or written too large for a float, like 1e400)."""
    try:
        return not math.isfinite(float(text))
    except ValueError:
        return False


def point(question: Question, text: str) -> float:
    """An answer or a constant (in normal form) as a point on the question's line."""
    import datetime  # here: most books ask no dates, and start-up pays for it

    if question.kind == "date":
        return float(datetime.date.fromisoformat(text).toordinal())
    return float(text)


def _point_or_none(question: Question, text: str | None) -> float | None:
    """A constant as a point, or None when it is absent or not valid (validate reports it)."""
    try:
        where = None if text is None else point(question, text)
    except ValueError:
        return None
    return where if where is None or math.isfinite(where) else None


def _range(question: Question) -> tuple[float | None, float | None]:
    low = _point_or_none(question, question.measure.minimum)
    high = _point_or_none(question, question.measure.maximum)
    if low is not None and high is not None and high < low:
        return None, None  # reported by validate (MP115); the range is then left open
    return low, high


def accepts(question: Question) -> str:
    """What the question accepts, in words, for messages."""
    low, high = question.measure.minimum, question.measure.maximum
    if question.kind == "date":
        what = tr("a date (like 23/11/2026 or 2026-11-23)")
    else:
        what = tr("a whole number") if question.measure.decimals == 0 else tr("a number")
    if low is not None and high is not None:
        return tr("{what} from {low} to {high}").format(what=what, low=low, high=high)
    if low is not None and question.kind == "date":
        return tr("{what} on or after {low}").format(what=what, low=low)
    if low is not None:
        return tr("{what} of at least {low}").format(what=what, low=low)
    if high is not None:
        return tr("{what} up to {high}").format(what=what, high=high)
    return what


def normal(question: Question, text: str) -> str:
    """A typed number or date in normal form, inside the question's range, or BadValue."""
    if question.kind == "date":
        day = parse_date(text)
        shown, where = day.isoformat(), float(day.toordinal())
    else:
        number = parse_number(text, question)
        shown, where = format_number(number), number
    low, high = _range(question)
    if (low is not None and where < low) or (high is not None and where > high):
        raise BadValue(tr("'{reply}' is out of range").format(reply=text))
    return shown


def meets(cond: Compare, question: Question, value: float) -> bool:
    """Whether a point meets a comparison."""
    low = point(question, cond.low)
    match cond.op:
        case "at_least":
            return value >= low
        case "at_most":
            return value <= low
        case "above":
            return value > low
        case "below":
            return value < low
        case "between":
            return low <= value <= point(question, cond.high or cond.low)
        case _:
            assert_never(cond.op)


def cuts(cond: Compare) -> tuple[str, ...]:
    """The constants a comparison cuts its question's line at."""
    return (cond.low,) if cond.high is None else (cond.low, cond.high)


def classes(question: Question, cut_at: Iterable[str]) -> list[str]:
    """The answer classes of a question, as one answer (in normal form) inside each: every
    cut point is a class of its own, and so is each non-empty gap between two cuts, below
    the lowest and above the highest (within `min` and `max`). Two answers in one class meet
    exactly the same comparisons."""
    import datetime  # here: most books ask no dates, and start-up pays for it

    low, high = _range(question)
    whole = question.kind == "date" or question.measure.decimals == 0
    points = {_point_or_none(question, c) for c in cut_at}
    if whole:  # only whole answers: a cut between two stands for the two (below 0.5: 0)
        points = {r for p in points if p is not None for r in (math.floor(p), math.ceil(p))}
        low = None if low is None else float(math.ceil(low))
        high = None if high is None else float(math.floor(high))
    points |= {low, high}
    edges = sorted(p for p in points if p is not None)
    edges = [p for p in edges if (low is None or p >= low) and (high is None or p <= high)]
    inside: list[float] = []
    first, last = DAYS if question.kind == "date" else (-math.inf, math.inf)
    if not edges:  # nothing cuts the line: every answer is alike, and one stands for all
        inside.append(float(_ANY_DAY) if question.kind == "date" else 0.0)
    else:
        if low is None and edges[0] > first:  # no date is before 0001-01-01
            inside.append(edges[0] - 1)
        for a, b in pairwise(edges):
            inside.append(a)
            middle = a + 1 if whole else (a + b) / 2
            if a < middle < b:
                inside.append(middle)
        inside.append(edges[-1])
        if high is None and edges[-1] < last:  # nor after 9999-12-31
            inside.append(edges[-1] + 1)
    if question.kind == "date":
        return [datetime.date.fromordinal(int(v)).isoformat() for v in inside]
    return [format_number(v) for v in inside]
