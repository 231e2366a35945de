"""Checks of comparisons with another answer or a computed value (MP170-MP176).

What they refuse is what would make the analysis inexact (see `logic/relations.py` and
docs/checks.md): every comparison validate accepts is one its analyses decide exactly.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from itertools import product
from weakref import WeakKeyDictionary

from mendpath.book.computed import broken_values
from mendpath.book.measured import DATE_FORMS, infinite
from mendpath.logic.conditions import relation_space
from mendpath.logic.linear import (
    Atom,
    Chosen,
    Linear,
    NotLinear,
    guard_true,
    kind_of,
    point,
    term_linear,
)
from mendpath.logic.measures import accepts, not_finite
from mendpath.logic.relations import MAX_CELLS, Component, TooManyCells, single_cuts
from mendpath.model import Book, Relation, Term
from mendpath.problems import Problem, located

Unknown = Callable[[str, str, list[str]], str]  # the message for an unknown id


def _where(cond: Relation, term: Term, key: str | int | None) -> tuple[str, int, int]:
    """Where a side is written: its key, or the id inside `{answer: ...}` / `{value: ...}`."""
    if key is None:
        return cond.origin.at(term.kind)
    at: tuple[str | int, ...] = (key,) if isinstance(key, str) else ("between", key)
    return cond.origin.at(*at) if term.kind == "constant" else cond.origin.at(*at, term.kind)


def _named(term: Term) -> str:
    match term.kind:
        case "constant":
            return term.ref
        case "answer":
            return f"'{term.ref}'"
        case "value":
            return f"value '{term.ref}'"


_FITS: WeakKeyDictionary[Book, dict[Relation, bool]] = WeakKeyDictionary()
_BROKEN: WeakKeyDictionary[Book, set[str]] = WeakKeyDictionary()  # broken_values, once


def relation_problems(book: Book, cond: Relation, unknown: Unknown) -> Iterator[Problem]:
    """A comparison that names what the book does not have, does not fit the kinds it
    compares, cannot be analysed exactly, or can never be true."""
    quiet: list[Term] = []  # sides with a broken value, which its own checks report
    found = list(_relation_problems(book, cond, unknown, quiet))
    _FITS.setdefault(book, {})[cond] = not found and not quiet
    yield from found


def _broken_values(book: Book) -> set[str]:
    wrong = _BROKEN.get(book)
    if wrong is None:
        wrong = _BROKEN[book] = broken_values(book)
    return wrong


def fits(book: Book, cond: Relation) -> bool:
    """Whether `relation_problems` finds nothing and no side reads a broken value
    (remembered from the reference checks): else no verdict on it can be exact."""
    known = _FITS.get(book, {}).get(cond)
    if known is None:
        for _ in relation_problems(book, cond, lambda kind, ident, known: ""):
            pass
        known = _FITS[book][cond]
    return known


def _relation_problems(
    book: Book, cond: Relation, unknown: Unknown, quiet: list[Term]
) -> Iterator[Problem]:
    sides: list[tuple[Term, str | int | None, Linear]] = []
    broken = False
    for term, key in cond.terms():
        where = _where(cond, term, key)
        if term.kind == "answer":
            q = book.questions.get(term.ref)
            if q is None:
                message = unknown("question", term.ref, list(book.questions))
                yield located(where, "error", "MP103", message)
                broken = True
                continue
            if not q.spec.measured:
                yield located(
                    where,
                    "error",
                    "MP171",
                    f"`{cond.op}:` compares numbers or dates, but '{q.id}' is {q.kind}",
                )
                broken = True
                continue
        if term.kind == "value" and term.ref not in book.values:
            yield located(where, "error", "MP172", unknown("value", term.ref, list(book.values)))
            broken = True
            continue
        if term.kind == "value" and term.ref in _broken_values(book):
            quiet.append(term)  # its own checks say what is wrong with it
            broken = True
            continue
        if term.kind == "constant" and not_finite(term.ref):
            yield infinite(where, term.ref)
            broken = True
            continue
        side = term_linear(term, book)
        if isinstance(side, NotLinear):
            broken = True
            if term.kind == "constant":
                yield located(
                    where,
                    "error",
                    "MP170",
                    f"'{term.ref}' is neither a number nor {DATE_FORMS}",
                )
            elif side.reason is not None:
                yield located(
                    where,
                    "error",
                    "MP173",
                    f"value '{term.ref}' cannot be compared exactly: it uses {side.reason} "
                    "(docs/rule-format.md says what a compared value may use)",
                )
            else:  # None: the value is broken, and its own checks say how
                quiet.append(term)
            continue
        sides.append((term, key, side))
    if broken:
        return
    kinds = list(_kinds(cond, sides))
    if kinds:
        yield from kinds
        return
    space = relation_space(book)
    found = space.form(cond, book)
    where = cond.origin.at(cond.op)
    if found.problem is not None:
        message = f"this comparison cannot be analysed exactly: {found.problem}"
        yield located(where, "error", "MP173", message)
        return
    for a in found.atoms:
        lone = a.x is not None and a.y is None and a.x not in space.of
        if lone and single_cuts(book.questions[a.x or ""], a) is None:
            yield located(
                where,
                "error",
                "MP173",
                f"this comparison cannot be analysed exactly: it compares '{a.x}' "
                f"with {a.bound}, which no decimal answer can be written as",
            )
            return
    yield from _truth(book, cond, found.atoms, never=True, cases=found.cases)


def _kinds(cond: Relation, sides: list[tuple[Term, str | int | None, Linear]]) -> Iterator[Problem]:
    (left, _, left_side), *rights = sides
    left_kind = kind_of(left_side)
    for term, key, side in sides:
        if kind_of(side) is None:
            yield located(
                _where(cond, term, key),
                "error",
                "MP170",
                f"value '{term.ref}' adds or multiplies dates, so it is neither a date nor "
                "a number of days",
            )
            return
    for term, key, side in rights:
        kind = kind_of(side)
        if kind != left_kind:
            yield located(
                _where(cond, term, key),
                "error",
                "MP170",
                f"{_named(left)} is a {left_kind}, but {_named(term)} is a {kind}",
            )
            return


def check_relations(book: Book) -> Iterator[Problem]:
    """Per set of answers compared with each other (each comparison on its own is checked by
    `relation_problems`, with the references): one that mixes whole and decimal answers, or
    weighs answers over ranges too large to try (MP173), or that has too many cells to
    explore (MP176)."""
    space = relation_space(book)
    first: dict[int, Relation] = {}
    weighing: dict[int, Relation] = {}  # the first comparison that weighs answers (the grid)
    for cond, found in space.forms.items():
        if not fits(book, cond):
            continue  # reported on its own, with the references
        # A warning, so here: one among the references would leave the condition unchecked.
        yield from _truth(book, cond, found.atoms, never=False, cases=found.cases)
        for a in found.atoms:
            if len(a.questions()) > 1:
                first.setdefault(id(space.of[a.questions()[0]]), cond)
            if a.weights and a.questions():
                weighing.setdefault(id(space.of[a.questions()[0]]), cond)
    for component in space.components:
        linking = first.get(id(component))
        if linking is None:
            continue  # what links it does not fit, and says so
        cond = linking
        if component.problem is not None:
            if component.grid:  # refused for weighing answers: at a comparison that does
                cond = weighing.get(id(component), linking)
            yield located(
                cond.origin.at(cond.op),
                "error",
                "MP173",
                f"this comparison cannot be analysed exactly: {component.problem} "
                f"({', '.join(component.questions)} are compared with each other)",
            )
            continue
        try:
            component.cells()
        except TooManyCells:
            yield located(
                cond.origin.at(cond.op),
                "warning",
                "MP176",
                f"{', '.join(component.questions)} are compared with each other in more "
                f"than {MAX_CELLS:,} ways, so the checks that need them (the walks of a book "
                "routed by conditions, advice that never shows, the summary rules) were not "
                "made",
            )


def _truth(
    book: Book,
    cond: Relation,
    atoms: tuple[Atom, ...],
    never: bool,
    cases: tuple[tuple[Atom | Chosen, ...], ...] | None = None,
) -> Iterator[Problem]:
    """MP174 (never true) or MP175 (always true), within the ranges of the questions (and
    the choices of the questions its lookups read)."""
    varying = {q for a in atoms for q in a.questions()}
    probe = Component(book, [q for q in book.questions if q in varying], list(atoms))
    if probe.questions and probe.problem is not None:
        return  # the check of the answers compared says why
    can: Callable[[bool], bool] = probe.possible
    looked: dict[str, set[str]] = {}
    for case in cases or ():
        for g in case:
            if isinstance(g, Chosen):
                looked.setdefault(g.question, set()).add(g.choice)
    chooses = [q for q in book.questions if q in looked]
    if cases is None and not probe.questions:  # constants only
        cases = (tuple(atoms),)
    if cases is not None:  # piece by piece: what some case makes of each cell and choice
        try:
            cells = probe.cells() if probe.questions else [{}]
        except TooManyCells:
            return  # MP176 says so
        truths = {
            _some_case(book, cases, cell, dict(zip(chooses, choices, strict=True)))
            for cell in cells
            for choices in product(*(_options(book, q, looked[q]) for q in chooses))
        }
        can = truths.__contains__
    where = cond.origin.at(cond.op)
    if probe.questions or chooses:
        why = " and ".join(
            [f"'{q}' accepts {accepts(book.questions[q])}" for q in probe.questions]
            + [f"'{q}' is one of {', '.join(book.questions[q].choice_ids())}" for q in chooses]
        )
    else:
        read = sorted({q for a in atoms for q in a.reads})
        why = f"its two sides differ by a constant, whatever {', '.join(read) or 'the answers'}"
    if never and not can(True):
        yield located(where, "error", "MP174", f"no answers can make this comparison true: {why}")
    elif not never and can(True) and not can(False):
        message = f"this comparison is true for every answer ({why}); leave it out"
        yield located(where, "warning", "MP175", message)


def _options(book: Book, qid: str, guarded: set[str]) -> list[str]:
    """The choices of a question a lookup reads that can make its guards differ: those
    they name, and one other (no guard holds for any of the others)."""
    ids = book.questions[qid].choice_ids()
    named = [c for c in ids if c in guarded]
    return named + [c for c in ids if c not in guarded][:1]


def _some_case(
    book: Book,
    cases: tuple[tuple[Atom | Chosen, ...], ...],
    cell: dict[str, str],
    chosen: dict[str, str],
) -> bool:
    """Whether some case holds for the answers of a cell and these choices (every answer
    read given)."""
    values = {q: point(book.questions[q], v) for q, v in cell.items()}
    return any(all(guard_true(g, values, chosen) for g in case) for case in cases)
