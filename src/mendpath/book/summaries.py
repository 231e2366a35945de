"""Checks of the book's own rules about its summaries, proved over every route.

`book: limits:` (at most so many items, at most so many citing one section, a full "Start
here") and `never_together` (items that pull in opposite directions) must hold for every set
of answers. Each is searched for exactly by `logic.bounds.find_breach`; a breach is an error
that gives the answers showing it, so the author can replay them with `mendpath explain`.
"""

from __future__ import annotations

from collections.abc import Iterator

from mendpath.logic.bounds import TooManyClasses, find_breach
from mendpath.logic.outcome import outcome
from mendpath.model import Answer, Book
from mendpath.problems import Problem, located


def answers_text(answers: dict[str, Answer]) -> str:
    """Answers as `--answer` pairs, ready to replay."""
    return " ".join(f"{q}={','.join(v) if isinstance(v, list) else v}" for q, v in answers.items())


def references(book: Book) -> Iterator[Problem]:
    """`never_together` naming advice the book does not have."""
    for together in book.never_together:
        for i, ident in enumerate(together.ids):
            if ident not in book.advice:
                yield located(together.origin.at(i), "error", "MP110", f"unknown advice '{ident}'")


def _sections(book: Book) -> dict[str, list[tuple[str, str]]]:
    return {a.id: [(c.source, c.section) for c in a.cite] for a in book.advice.values()}


def _most_per_section(book: Book, ids: frozenset[str] | tuple[str, ...]) -> tuple[int, str]:
    """The largest number of these items citing one section, and which section."""
    counts: dict[tuple[str, str], int] = {}
    cited = _sections(book)
    for ident in ids:
        for key in dict.fromkeys(cited[ident]):
            counts[key] = counts.get(key, 0) + 1
    if not counts:
        return 0, ""
    (source, section), most = max(counts.items(), key=lambda kv: kv[1])
    return most, f"section '{section}' of source '{source}'"


def check_summaries(book: Book) -> Iterator[Problem]:
    """Every summary rule of the book, proved over every route (the routing must be sound
    and every advice condition valid)."""
    meta = book.meta
    if meta is None:
        return
    limits, where = meta.limits, meta.origin
    try:
        everything = tuple(book.advice)
        if everything:
            found = find_breach(book, everything, len(everything), shown=False)
            if found is not None:
                yield located(
                    _route_end(book, found) or where.at(),
                    "error",
                    "MP139",
                    f"a route shows no advice at all: {answers_text(found)}",
                )
        if limits.advice is not None and len(everything) > limits.advice:
            top = limits.advice
            found = find_breach(book, everything, top + 1)
            if found is not None:
                count = len(_shown(book, found))
                yield located(
                    where.at("limits", "advice"),
                    "error",
                    "MP133",
                    f"a route shows {count} advice items, more than the limit of {top}: "
                    f"{answers_text(found)}",
                )
        if limits.per_section is not None:
            most = limits.per_section
            for citing in _citing(book).values():
                found = find_breach(book, citing, most + 1) if len(citing) > most else None
                if found is not None:
                    count, section = _most_per_section(book, _shown(book, found))
                    yield located(
                        where.at("limits", "per_section"),
                        "error",
                        "MP135",
                        f"a route shows {count} items citing {section}, more than the limit "
                        f"of {most}: {answers_text(found)}",
                    )
                    break
        ranked = tuple(a.id for a in book.advice.values() if a.first is not None)
        if ranked and "start" in _limit_keys(book):  # only when the book asks for the proof
            need = limits.start
            found = find_breach(book, ranked, len(ranked) - need + 1, shown=False)
            if found is not None:
                count = len(set(ranked).intersection(_shown(book, found)))
                yield located(
                    where.at("limits", "start"),
                    "error",
                    "MP136",
                    f'"Start here" needs {need} items ranked with `first`, but a route shows '
                    f"{count}: {answers_text(found)}",
                )
        for together in book.never_together:
            members = frozenset(together.ids)
            found = find_breach(book, together.ids, 2)
            if found is not None:
                both = [a for a in _shown(book, found) if a in members]
                yield located(
                    together.origin.at(),
                    "error",
                    "MP134",
                    f"'{both[0]}' and '{both[1]}' are declared never together, but a route "
                    f"shows both: {answers_text(found)}",
                )
    except TooManyClasses:
        yield located(
            where.at(),
            "warning",
            "MP137",
            "the summary rules could not be proved: the routes have too many answer classes "
            "to search (see docs/checks.md)",
        )


def _citing(book: Book) -> dict[tuple[str, str], tuple[str, ...]]:
    """For each section, the items that cite it."""
    citing: dict[tuple[str, str], list[str]] = {}
    for ident, cited in _sections(book).items():
        for key in dict.fromkeys(cited):
            citing.setdefault(key, []).append(ident)
    return {key: tuple(ids) for key, ids in citing.items()}


def _limit_keys(book: Book) -> set[str]:
    raw = book.meta.origin.doc.data.get("book", {}) if book.meta else {}
    limits = raw.get("limits") if isinstance(raw, dict) else None
    return set(limits) if isinstance(limits, dict) else set()


def _shown(book: Book, answers: dict[str, Answer]) -> tuple[str, ...]:
    return outcome(book, answers).shown


def _route_end(book: Book, answers: dict[str, Answer]) -> tuple[str, int, int] | None:
    """Where a route ends: the last question it asks, at its `next` (its question when it
    has none); None for a route that asks nothing."""
    from mendpath.logic import engine

    asked = list(engine.on_route(book, answers))
    if not asked:
        return None
    question = book.questions[asked[-1]]
    return question.origin.at("next") if question.next is not None else question.origin.at()
