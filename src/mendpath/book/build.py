"""Build the typed book (model.py) from the data of its rule files.

Building is lenient: an element with a usable id is kept even when some field is missing or
of the wrong type (the schema check reports that), so the checks of meaning can still run
and report everything in one pass. Ids defined twice keep the first definition and are
listed in `Book.duplicates`.
"""

from __future__ import annotations

import datetime
import math
from collections.abc import Iterable, Iterator
from contextvars import ContextVar
from typing import Any

from mendpath.book.translations import read_translations
from mendpath.expressions import (
    ARITHMETIC_OPS,
    BETWEEN_UNITS,
    ROUND_DIRECTIONS,
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
    Value,
    ValueOf,
)
from mendpath.logic.calendar import from_today
from mendpath.logic.measures import format_number
from mendpath.model import (
    COMPARE_OPS,
    DEFAULT_LANGUAGE,
    DEFAULT_MAX_LENGTH,
    DEFAULT_START,
    KIND_SPECS,
    KINDS,
    NO_VARIANTS,
    Advice,
    All,
    Answered,
    AnswerIn,
    AnyOf,
    Book,
    Check,
    Choice,
    Citation,
    Compare,
    CompareOp,
    Condition,
    Group,
    Includes,
    Invalid,
    Kind,
    Limits,
    Measure,
    Meta,
    Not,
    Placeholder,
    PlaceholderSource,
    Question,
    Relation,
    Section,
    Situation,
    SituationRef,
    Source,
    Term,
    Together,
    Variants,
)
from mendpath.reader import Document, Origin
from mendpath.text import clean_block

# --- building ---------------------------------------------------------------------------


# The day `today` in a book stands for (`build_book`'s `today`); unset: the machine's date.
_TODAY: ContextVar[datetime.date | None] = ContextVar("today", default=None)
_UNITS: dict[object, BetweenUnit] = {unit: unit for unit in BETWEEN_UNITS}


def _today_form(value: Any) -> str | None:
    """A date relative to today, `today` or `{today: N, unit: U}`, as the date it is on the
    day the book is built for (written 2026-11-23); None when `value` is not one. A day
    out of the calendar's range is said as written, so the checks report it as no date."""
    unit: BetweenUnit | None = "days"
    if value == "today":
        n = 0
    elif (
        isinstance(value, dict)
        and "today" in value
        and set(value) <= {"today", "unit"}
        and isinstance(value["today"], int)
        and not isinstance(value["today"], bool)
    ):
        named = value.get("unit", "days")
        n, unit = value["today"], _UNITS.get(named) if isinstance(named, str) else None
    else:
        return None
    if unit is None:
        return None
    today = _TODAY.get() or datetime.date.today()
    day = from_today(today.toordinal(), n, unit)
    if day is None:  # said by validate (book/measured.py `outside_calendar`)
        return f"{{today: {n}, unit: {unit}}} on {today.isoformat()}"
    return datetime.date.fromordinal(day).isoformat()


def _str(value: Any, default: str = "") -> str:
    return clean_block(value) if isinstance(value, str) else default


def _opt_str(value: Any) -> str | None:
    return clean_block(value) if isinstance(value, str) else None


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def _dict(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _int(value: Any, default: int) -> int:
    return value if isinstance(value, int) and not isinstance(value, bool) else default


def build_condition(raw: Any, origin: Origin) -> Condition:
    """A condition from its data. Shapes the schema rejects become `Invalid`."""
    if not isinstance(raw, dict) or not raw:
        return Invalid(origin)
    keys = set(raw)
    if keys == {"all"} or keys == {"any"}:
        key = "all" if "all" in raw else "any"
        items = tuple(
            build_condition(item, Origin(origin.doc, (*origin.path, key, i)))
            for i, item in enumerate(_list(raw[key]))
        )
        if not items:
            return Invalid(origin)
        return All(items, origin) if key == "all" else AnyOf(items, origin)
    if keys == {"not"}:
        return Not(build_condition(raw["not"], Origin(origin.doc, (*origin.path, "not"))), origin)
    if keys == {"situation"} and isinstance(raw["situation"], str):
        return SituationRef(raw["situation"], origin)
    if keys == {"answered"} and isinstance(raw["answered"], str):
        return Answered(raw["answered"], origin)
    question = raw.get("answer")
    if isinstance(question, str) and len(keys) == 2:
        if isinstance(raw.get("is"), str):
            return AnswerIn(question, (raw["is"],), origin, "is")
        choices = raw.get("in")
        if isinstance(choices, list) and choices and all(isinstance(c, str) for c in choices):
            return AnswerIn(question, tuple(choices), origin, "in")
        if isinstance(raw.get("includes"), str):
            return Includes(question, raw["includes"], origin)
        for op in COMPARE_OPS:
            if op in raw:
                return _compare(question, op, raw[op], origin)
    value = raw.get("value")
    if isinstance(value, str) and len(keys) == 2:
        for op in COMPARE_OPS:
            if op in raw:
                return _relation(Term("value", value), op, raw[op], origin)
    return Invalid(origin)


def _constant(value: Any) -> str | None:
    """A constant compared against, in normal form (numbers as text, dates as written)."""
    if isinstance(value, bool):
        return None
    dated = _today_form(value)
    if dated is not None:
        return dated
    if isinstance(value, int | float):
        return format_number(_float(value))  # inf and nan too: validate refuses them (MP162)
    return value if isinstance(value, str) else None


def _float(value: int | float) -> float:
    """A YAML number as a float; an integer too large for one is infinite."""
    try:
        return float(value)
    except OverflowError:
        return math.inf if value > 0 else -math.inf


def _term(value: Any) -> Term | None:
    """One side of a comparison: `{answer: Q}`, `{value: V}` or a constant."""
    if isinstance(value, dict) and len(value) == 1 and "today" not in value:
        ((key, ref),) = value.items()
        if key in ("answer", "value") and isinstance(ref, str):
            return Term(key, ref)
        return None
    constant = _constant(value)
    return None if constant is None else Term("constant", constant)


def _relation(left: Term, op: CompareOp, value: Any, origin: Origin) -> Condition:
    if op == "between":
        pair = [_term(v) for v in value] if isinstance(value, list) else []
        if len(pair) == 2 and pair[0] is not None and pair[1] is not None:
            return Relation(left, op, pair[0], pair[1], origin)
        return Invalid(origin)
    low = _term(value)
    return Invalid(origin) if low is None else Relation(left, op, low, None, origin)


def _compare(question: str, op: CompareOp, value: Any, origin: Origin) -> Condition:
    sides = value if op == "between" and isinstance(value, list) else [value]
    if any(
        isinstance(v, dict) and _today_form(v) is None for v in sides
    ):  # against an answer or a value
        return _relation(Term("answer", question), op, value, origin)
    if op == "between":
        pair = [_constant(v) for v in value] if isinstance(value, list) else []
        if len(pair) == 2 and pair[0] is not None and pair[1] is not None:
            return Compare(question, op, pair[0], pair[1], origin)
        return Invalid(origin)
    low = _constant(value)
    return Invalid(origin) if low is None else Compare(question, op, low, None, origin)


class _Collector:
    def __init__(self) -> None:
        self.duplicates: list[tuple[str, str, Origin, Origin]] = []

    def put(self, table: dict[str, Any], kind: str, item: Any) -> None:
        first = table.get(item.id)
        if first is None:
            table[item.id] = item
        else:
            self.duplicates.append((kind, item.id, first.origin, item.origin))


def _wordings(raw: dict[str, Any], fields: tuple[str, ...], origin: Origin) -> Variants:
    """Variants of text fields given as lists of {when, text}: each variant with a `when`,
    in order. (The one without, the default, is the field's plain value: `_text`.)"""
    found: dict[str, tuple[tuple[Condition, str], ...]] = {}
    for field in fields:
        value = raw.get(field)
        if value.__class__ is not list:  # the usual case, one text: keep it quick
            continue
        found[field] = tuple(
            (
                build_condition(v["when"], Origin(origin.doc, (*origin.path, field, i, "when"))),
                _str(v.get("text")),
            )
            for i, v in enumerate(value)
            if isinstance(v, dict) and "when" in v
        )
    return found or NO_VARIANTS


def _text(value: Any, default: str = "") -> str:
    """A text field's plain value: the text, or the default wording of a list of variants."""
    if isinstance(value, list):
        plain = [v.get("text") for v in value if isinstance(v, dict) and "when" not in v]
        value = plain[-1] if plain else None
    return _str(value, default)


def _choices(raw: Any, origin: Origin, kind: Kind) -> tuple[Choice, ...]:
    fixed = KIND_SPECS[kind].fixed_choices
    if fixed is not None:
        return tuple(Choice(cid, label, None, origin) for cid, label in fixed)
    out = []
    doc, path = origin.doc, origin.path
    for i, c in enumerate(_list(raw)):
        if c.__class__ is not dict:
            continue
        cid = c.get("id")
        if cid.__class__ is not str:
            continue
        o = Origin(doc, (*path, "choices", i))
        label = c.get("label")
        if label.__class__ is str:  # the usual case, one label: keep it quick
            label, words = clean_block(label), NO_VARIANTS
        else:
            label, words = _text(label, cid), _wordings(c, ("label",), o)
        says = c.get("says")
        says = clean_block(says) if says.__class__ is str else None
        when = _when(c, o) if "when" in c else None
        out.append(Choice(cid, label, says, o, words, when, c.get("exclusive") is True))
    return tuple(out)


def _when(raw: dict[str, Any], origin: Origin) -> Condition | None:
    if "when" not in raw:
        return None
    return build_condition(raw["when"], Origin(origin.doc, (*origin.path, "when")))


def _branches(raw: Any, origin: Origin) -> tuple[tuple[Condition | None, str | None], ...]:
    """`next` as ordered branches (guard, target). A list ending in a guarded branch gets a
    last branch with no target: when no guard holds there is nowhere to go (MP113)."""
    if not isinstance(raw, list):
        return ((None, _opt_str(raw)),)
    found: list[tuple[Condition | None, str | None]] = []
    for i, branch in enumerate(raw):
        if not isinstance(branch, dict):
            continue
        at = Origin(origin.doc, (*origin.path, "next", i, "when"))
        guard = build_condition(branch["when"], at) if "when" in branch else None
        go = branch.get("go")
        found.append((guard, go if isinstance(go, str) else None))
    if not found or found[-1][0] is not None:
        found.append((None, None))
    return tuple(found)


_MEASURE_KEYS = frozenset(
    ("min", "max", "decimals", "unit", "unit_one", "currency", "pattern", "pattern_message")
)


def _measure(raw: dict[str, Any]) -> Measure:
    return Measure(
        minimum=_constant(raw.get("min")),
        maximum=_constant(raw.get("max")),
        decimals=raw.get("decimals") if isinstance(raw.get("decimals"), int) else None,
        unit=_opt_str(raw.get("unit")),
        unit_one=_opt_str(raw.get("unit_one")),
        currency=_opt_str(raw.get("currency")),
        pattern=raw.get("pattern") if isinstance(raw.get("pattern"), str) else None,
        pattern_message=_opt_str(raw.get("pattern_message")),
    )


def _question(raw: dict[str, Any], origin: Origin) -> Question:
    kind = raw.get("kind")
    kind_ok: Kind = kind if kind in KINDS else "single"
    routes = {k: v for k, v in _dict(raw.get("routes")).items() if isinstance(v, str)}
    return Question(
        id=raw["id"],
        text=_text(raw.get("text"), raw["id"]),
        help=_text(raw.get("help")) or None,
        kind=kind_ok,
        choices=_choices(raw.get("choices"), origin, kind_ok),
        next=_opt_str(raw.get("next")),
        routes=routes,
        max_length=_int(raw.get("max_length"), DEFAULT_MAX_LENGTH),
        origin=origin,
        measure=_measure(raw) if not _MEASURE_KEYS.isdisjoint(raw) else None,
        variants=_wordings(raw, ("text", "help"), origin),
        branches=_branches(raw.get("next"), origin),
        when=_when(raw, origin),
        checks=_checks(raw.get("checks"), origin),
    )


def _checks(raw: Any, origin: Origin) -> tuple[Check, ...]:
    """`checks:` as Check records; entries of the wrong shape are reported by the schema."""
    found: list[Check] = []
    for i, entry in enumerate(_list(raw)):
        if not isinstance(entry, dict) or "refuse" not in entry:
            continue
        at = Origin(origin.doc, (*origin.path, "checks", i))
        refuse = build_condition(entry["refuse"], Origin(at.doc, (*at.path, "refuse")))
        found.append(Check(refuse, _str(entry.get("message")), at))
    return tuple(found)


def _advice(raw: dict[str, Any], origin: Origin) -> Advice:
    when = raw.get("when")
    cites = []
    for i, c in enumerate(_list(raw.get("cite"))):
        if isinstance(c, dict):
            o = Origin(origin.doc, (*origin.path, "cite", i))
            cites.append(Citation(_str(c.get("source")), _str(c.get("section")), o))
    return Advice(
        id=raw["id"],
        title=_text(raw.get("title"), raw["id"]),
        body=_text(raw.get("body")),
        group=_str(raw.get("group")),
        priority=_int(raw.get("priority"), 0),
        when=None
        if when is None
        else build_condition(when, Origin(origin.doc, (*origin.path, "when"))),
        hides=tuple(h for h in _list(raw.get("hides")) if isinstance(h, str)),
        cite=tuple(cites),
        origin=origin,
        first=_int(raw.get("first"), 0) or None,
        variants=_wordings(raw, ("title", "body"), origin),
    )


def _source(raw: dict[str, Any], origin: Origin) -> Source:
    sections = []
    for i, s in enumerate(_list(raw.get("sections"))):
        if isinstance(s, dict) and isinstance(s.get("id"), str):
            o = Origin(origin.doc, (*origin.path, "sections", i))
            sections.append(
                Section(s["id"], _str(s.get("title"), s["id"]), s.get("unheaded") is True, o)
            )
    return Source(
        raw["id"],
        _str(raw.get("title"), raw["id"]),
        _opt_str(raw.get("author")),
        _opt_str(raw.get("url")),
        tuple(sections),
        origin,
    )


def _placeholder(raw: dict[str, Any], origin: Origin) -> Placeholder:
    sources = []
    for i, s in enumerate(_list(raw.get("from"))):
        if isinstance(s, dict) and isinstance(s.get("answer"), str):
            values = {k: _str(v) for k, v in _dict(s.get("values")).items() if isinstance(v, str)}
            o = Origin(origin.doc, (*origin.path, "from", i))
            sources.append(PlaceholderSource(s["answer"], values, o))
    return Placeholder(raw["id"], _str(raw.get("default"), raw["id"]), tuple(sources), origin)


def _meta(raw: dict[str, Any], origin: Origin) -> Meta:
    return Meta(
        title=_str(raw.get("title"), "Untitled"),
        version=_str(raw.get("version"), "0"),
        description=_opt_str(raw.get("description")),
        disclaimer=_str(raw.get("disclaimer")),
        start=_str(raw.get("start")),
        origin=origin,
        limits=_limits(_dict(raw.get("limits"))),
        language=_str(raw.get("language"), DEFAULT_LANGUAGE),
        languages=tuple(x for x in _list(raw.get("languages")) if isinstance(x, str)),
    )


def _limits(raw: dict[str, Any]) -> Limits:
    advice, per_section = _int(raw.get("advice"), 0), _int(raw.get("per_section"), 0)
    return Limits(advice or None, per_section or None, _int(raw.get("start"), DEFAULT_START))


def _number(value: Any) -> float | None:
    return _float(value) if isinstance(value, int | float) and not isinstance(value, bool) else None


def build_expr(raw: Any) -> Expr:
    """A computed value's expression from its data. Shapes the schema rejects become BadExpr."""
    number = _number(raw)
    if number is not None:
        return Const(number)
    dated = _today_form(raw)
    if dated is not None:
        return FixedDate(dated)
    if isinstance(raw, str):
        return FixedDate(raw)
    if not isinstance(raw, dict) or len(raw) not in (1, 2, 3):
        return BadExpr()
    if set(raw) == {"answer"} and isinstance(raw["answer"], str):
        return AnswerOf(raw["answer"])
    if set(raw) == {"value"} and isinstance(raw["value"], str):
        return ValueOf(raw["value"])
    for op in ARITHMETIC_OPS:
        if set(raw) == {op} and isinstance(raw[op], list) and raw[op]:
            return Arithmetic(op, tuple(build_expr(x) for x in raw[op]))
    if set(raw) - {"direction"} == {"round", "decimals"} and isinstance(raw["decimals"], int):
        direction = raw.get("direction", "nearest")
        if direction in ROUND_DIRECTIONS:
            return Round(build_expr(raw["round"]), raw["decimals"], direction)
        return BadExpr()
    if set(raw) == {"lookup", "table"} and isinstance(raw["lookup"], str):
        table = _dict(raw["table"])
        pairs = tuple((k, n) for k, v in table.items() if (n := _number(v)) is not None)
        return Lookup(raw["lookup"], pairs) if len(pairs) == len(table) else BadExpr()
    if set(raw) == {"band", "table"} and isinstance(raw["table"], list) and raw["table"]:
        *firsts, last = raw["table"]
        bands = [(_number(_dict(b).get("below")), _number(_dict(b).get("value"))) for b in firsts]
        otherwise = _number(_dict(last).get("value"))
        if otherwise is None or any(a is None or b is None for a, b in bands):
            return BadExpr()
        ok = tuple((a, b) for a, b in bands if a is not None and b is not None)
        return Bands(build_expr(raw["band"]), ok, otherwise)
    for unit in BETWEEN_UNITS:
        ends = raw.get(f"{unit}_between")
        if len(raw) == 1 and isinstance(ends, list) and len(ends) == 2:
            return Between(unit, build_expr(ends[0]), build_expr(ends[1]))
    return BadExpr()


def _value(raw: dict[str, Any], origin: Origin) -> Value:
    return Value(
        id=raw["id"],
        compute=build_expr(raw.get("compute")),
        decimals=_int(raw.get("decimals"), 0),
        currency=_opt_str(raw.get("currency")),
        unit=_opt_str(raw.get("unit")),
        unit_one=_opt_str(raw.get("unit_one")),
        default=_str(raw.get("default"), ""),
        origin=origin,
    )


def _together(doc: Document) -> Iterator[Together]:
    for i, raw in enumerate(_list(doc.data.get("never_together"))):
        ids = tuple(dict.fromkeys(x for x in _list(raw) if isinstance(x, str)))
        if len(ids) >= 2:
            yield Together(ids, Origin(doc, ("never_together", i)))


def build_book(docs: Iterable[Document], today: datetime.date | None = None) -> Book:
    """Merge documents, in the order given, into one book. `today` (default: the machine's
    date) is the day a date relative to today (`today`, `{today: -18, unit: years}`) is
    worked out from, once, here: everything after sees fixed dates, so validate's verdicts
    are exact for that day."""
    token = _TODAY.set(today)
    try:
        return _build_book(list(docs))
    finally:
        _TODAY.reset(token)


def _build_book(docs: list[Document]) -> Book:
    collect = _Collector()
    metas: list[Meta] = []
    tables: dict[str, dict[str, Any]] = {
        k: {}
        for k in (
            "groups",
            "sources",
            "placeholders",
            "questions",
            "situations",
            "advice",
            "values",
        )
    }
    builders: dict[str, Any] = {
        "groups": lambda r, o: Group(
            r["id"], _str(r.get("title"), r["id"]), _opt_str(r.get("description")), o
        ),
        "sources": _source,
        "placeholders": _placeholder,
        "questions": _question,
        "situations": lambda r, o: Situation(
            r["id"],
            _opt_str(r.get("description")),
            build_condition(r.get("when"), Origin(o.doc, (*o.path, "when"))),
            o,
        ),
        "advice": _advice,
        "values": _value,
    }
    kinds = {
        "groups": "group",
        "sources": "source",
        "placeholders": "placeholder",
        "questions": "question",
        "situations": "situation",
        "advice": "advice",
        "values": "value",
    }
    for doc in docs:
        if isinstance(doc.data.get("book"), dict):
            metas.append(_meta(doc.data["book"], Origin(doc, ("book",))))
        for section, table in tables.items():
            for i, raw in enumerate(_list(doc.data.get(section))):
                if isinstance(raw, dict) and isinstance(raw.get("id"), str):
                    item = builders[section](raw, Origin(doc, (section, i)))
                    collect.put(table, kinds[section], item)
    return Book(
        meta=metas[0] if metas else None,
        metas=tuple(metas),
        groups=tables["groups"],
        sources=tables["sources"],
        placeholders=tables["placeholders"],
        questions=tables["questions"],
        situations=tables["situations"],
        advice=tables["advice"],
        duplicates=tuple(collect.duplicates),
        files=tuple(d.name for d in docs),
        never_together=tuple(t for doc in docs for t in _together(doc)),
        values=tables["values"],
        translations=read_translations(docs),
    )
