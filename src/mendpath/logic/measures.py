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
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from itertools import pairwise
from typing import TYPE_CHECKING, assert_never

from mendpath.i18n import tr, trn
from mendpath.model import Compare, Question

if TYPE_CHECKING:
    import datetime
    from fractions import Fraction

_NUMBER = re.compile(r"^[+-]?(?:(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d*)?|\.\d+)$")
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


# The day a date typed as "today" stands for: the run's `--today` (or a scenario file's
# `today:`), else the machine's date.
_TYPED_TODAY: ContextVar[datetime.date | None] = ContextVar("typed_today", default=None)


@contextmanager
def today_is(day: datetime.date | None) -> Iterator[None]:
    """Within it, a date typed as "today" is `day` (None: the machine's date)."""
    token = _TYPED_TODAY.set(day)
    try:
        yield
    finally:
        _TYPED_TODAY.reset(token)


class BadValue(ValueError):
    """Input that is not a number or date the question accepts; the message says what is."""


def quoted(reply: str) -> str:
    """A reply as a message repeats it: cut to its first 20 characters (a message never
    repeats a megabyte that was pasted)."""
    reply = reply.strip()
    return reply if len(reply) <= 20 else reply[:20] + "…"


def parse_number(text: str, question: Question) -> float:
    """A typed number: digits with an optional sign (- or the minus sign U+2212), thousands
    commas and decimals (.5 and 5. too); the question's currency or unit around it is
    allowed, in any case, the sign before or after the currency (-£5, £-5)."""
    cleaned = text.strip().replace("\u2212", "-")
    sign = cleaned[:1] if cleaned[:1] in ("+", "-") else ""
    cleaned = cleaned[len(sign) :].strip()
    m = question.measure
    for extra in (m.currency, m.unit, m.unit_one):
        if extra:
            if cleaned.lower().startswith(extra.lower()):
                cleaned = cleaned[len(extra) :].strip()
            if cleaned.lower().endswith(extra.lower()):
                cleaned = cleaned[: len(cleaned) - len(extra)].strip()
    if not cleaned:
        raise BadValue(tr("no number was typed"))
    if sign and cleaned[:1] in ("+", "-"):  # two signs (-+5, -£-5): which one was meant?
        raise BadValue(tr("'{reply}' is not a number").format(reply=quoted(text)))
    cleaned = sign + cleaned
    if not _NUMBER.match(cleaned):
        raise BadValue(tr("'{reply}' is not a number").format(reply=quoted(text)))
    count = digits(cleaned)
    if count > MAX_DIGITS:
        raise BadValue(
            tr("'{reply}' has {count} digits; a number has at most {most}").format(
                reply=quoted(text), count=count, most=MAX_DIGITS
            )
        )
    value = float(cleaned.replace(",", ""))
    places = question.measure.decimals
    if places == 0 and value != int(value):
        raise BadValue(tr("'{reply}' is not a whole number").format(reply=quoted(text)))
    if places and _decimals(cleaned.replace(",", "")) > places:
        raise BadValue(
            trn(
                "'{reply}' has more than {count} decimal",
                "'{reply}' has more than {count} decimals",
                places,
            ).format(reply=quoted(text), count=places)
        )
    return value


def step_of(question: Question) -> Fraction | None:
    """The step between two answers a number or date question takes: 1 for dates and whole
    numbers, 0.1 for a number with one decimal...; None for a number with no `decimals`."""
    from fractions import Fraction

    if question.kind == "date":
        return Fraction(1)
    places = question.measure.decimals
    return None if places is None else Fraction(1, 10**places)


def _decimals(number: str) -> int:
    """The decimals a number written in digits has, trailing zeros left out (4.50 has 1)."""
    fraction = number.partition(".")[2].rstrip("0")
    return len(fraction)


def parse_date(text: str) -> datetime.date:
    """A typed date: ISO (2026-11-23), day/month/year (23/11/2026, 23.11.2026, 23-11-2026) or
    with the month in words (23 November 2026, 23 Nov 2026)."""
    import datetime  # here: most books ask no dates, and start-up pays for it

    cleaned = _ascii_digits(text.strip().lower().replace(",", " "))
    if not cleaned:
        raise BadValue(tr("no date was typed"))
    if cleaned in ("today", tr("today").lower()):  # as a book may say it
        return _TYPED_TODAY.get() or datetime.date.today()
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
    raise BadValue(tr("'{reply}' is not a date").format(reply=quoted(text)))


def _ascii_digits(text: str) -> str:
    """Decimal digits of any script as 0-9 (Arabic-Indic or full-width 2026 is 2026), as
    numbers read them."""
    if text.isascii():
        return text
    import unicodedata

    return "".join(str(unicodedata.decimal(c)) if c.isdecimal() else c for c in text)


def format_number(value: float) -> str:
    """A number in normal form: whole numbers without ".0", others in the fewest digits that
    read back as the same number, never with an exponent (0.00001, not 1e-05, so the normal
    form can be typed again); inf and nan as Python spells them (never int(): they have no
    integer)."""
    if not math.isfinite(value):
        return repr(value)
    if value == int(value):
        return str(int(value))
    shown = repr(value)
    if "e" in shown:  # below 0.0001: written out in full
        from decimal import Decimal  # here: only such small numbers need it

        shown = format(Decimal(shown), "f")
    return shown


def digits(text: str) -> int:
    """How many digits a number has, as typed or in normal form, the same way for both: the
    digits of its whole part, leading zeros left out, and of its fraction, trailing zeros
    left out (0.123456789012345 has 15; 0.000001 has 6; 0004 has 1; 5.50 has 2)."""
    whole, _, fraction = text.lstrip("+-").replace(",", "").partition(".")
    return len(whole.lstrip("0")) + len(fraction.rstrip("0"))


def typable(value: float) -> bool:
    """Whether a number can be typed as an answer: its normal form has at most MAX_DIGITS."""
    return math.isfinite(value) and digits(format_number(value)) <= MAX_DIGITS


def _shortest(low: float, high: float) -> float | None:
    """The number of fewest digits strictly between low and high (0 <= low < high) that can
    be typed, or None when there is none: the least multiple of each power of ten above low."""
    from decimal import ROUND_FLOOR, Decimal  # here: only gaps too narrow for a middle

    found = []
    for power in range(MAX_DIGITS, -MAX_DIGITS - 1, -1):
        step = Decimal(10) ** power
        candidate = float(((Decimal(low) / step).to_integral_value(ROUND_FLOOR) + 1) * step)
        if low < candidate < high and typable(candidate):
            found.append(candidate)
    return min(found, key=lambda c: digits(format_number(c)), default=None)


def _inside(low: float, high: float, whole: bool) -> float | None:
    """An answer that can be typed strictly between two points, or None when none can."""
    if whole:
        candidate = math.floor(low) + 1.0
        if candidate < high and typable(candidate):
            return candidate
    else:
        middle = (low + high) / 2
        if low < middle < high and typable(middle):
            return middle
    if low < 0 < high:
        return 0.0
    if whole:
        return None
    if high <= 0:
        mirrored = _shortest(-high, -low)
        return None if mirrored is None else -mirrored
    return _shortest(low, high)


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
    places = question.measure.decimals if question.kind == "number" else None
    said = _range_said(question)
    if places and (question.measure.minimum, question.measure.maximum) == (None, None):
        return trn(
            "a number with at most {count} decimal",
            "a number with at most {count} decimals",
            places,
        ).format(count=places)
    if places:
        return trn(
            "{what}, with at most {count} decimal",
            "{what}, with at most {count} decimals",
            places,
        ).format(what=said, count=places)
    return said


def _range_said(question: Question) -> str:
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
        raise BadValue(tr("'{reply}' is out of range").format(reply=quoted(text)))
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
    exactly the same comparisons. A number question with `decimals` takes the answers on a
    grid (0.1, 0.2, ... for one decimal): its classes are those of whole numbers, counted
    in tenths (or hundredths...), so a gap between two grid points is no class."""
    import datetime  # here: most books ask no dates, and start-up pays for it

    places = question.measure.decimals
    if question.kind == "number" and places:
        return _grid_classes(question, cut_at, places)
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
    if question.kind == "date":  # every date Python has can be typed
        first, last = DAYS[0] - 1, DAYS[1] + 1
        keep = edges
    else:  # no number of more than MAX_DIGITS digits can: a cut there is no class
        last = 10.0**MAX_DIGITS
        first = -last
        keep = [p for p in edges if typable(p)]
    inside: list[float] = []
    if not edges:  # nothing cuts the line: every answer is alike, and one stands for all
        inside.append(float(_ANY_DAY) if question.kind == "date" else 0.0)
    else:
        gaps = list(pairwise(edges))
        if low is None:  # below the lowest cut (no date is before 0001-01-01)
            gaps.insert(0, (first, edges[0]))
        if high is None:  # above the highest (nor after 9999-12-31)
            gaps.append((edges[-1], last))
        inside.extend(keep)
        for a, b in gaps:
            near = b - 1 if a == first else a + 1 if b == last else None
            if near is not None and a < near < b and (question.kind == "date" or typable(near)):
                inside.append(near)  # next to the cut: 4 below 5, not the middle of the line
            elif a < 0 < b and (a == first or b == last):  # a cut too long to be typed
                inside.append(0.0)
            elif (middle := _inside(a, b, whole)) is not None:
                inside.append(middle)
        inside.sort()
    if question.kind == "date":
        return [datetime.date.fromordinal(int(v)).isoformat() for v in inside]
    return [format_number(v) for v in inside]


def _grid_classes(question: Question, cut_at: Iterable[str], places: int) -> list[str]:
    """`classes` of a number question with `places` decimals: those of a whole-number
    question counted in units of 10^-places (exactly: the constants as written)."""
    import copy
    from fractions import Fraction

    scale = 10**places

    def units(text: str | None) -> str | None:
        try:
            return None if text is None else format_number(float(Fraction(text) * scale))
        except (ValueError, ZeroDivisionError, OverflowError):
            return text  # not a finite number: left as it is, for `_point_or_none`

    grid = copy.copy(question)
    grid.measure = question.measure._replace(
        minimum=units(question.measure.minimum), maximum=units(question.measure.maximum), decimals=0
    )
    found = classes(grid, [u for c in cut_at if (u := units(c)) is not None])
    return [format_number(float(Fraction(v) / scale)) for v in found]
