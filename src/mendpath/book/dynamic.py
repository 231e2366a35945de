"""Checks of a book whose routing reads earlier answers (`Book.dynamic`), by exploring every
walk (`logic.walks`): loops that answers can really walk, questions no answers reach, advice
that can never show or always does, situations that never hold."""

from __future__ import annotations

from collections.abc import Iterator

from mendpath.book.summaries import answers_text
from mendpath.logic.merging import findings_of as findings
from mendpath.logic.walks import MAX_WALKS, TooManyWalks
from mendpath.model import Advice, Book, Situation
from mendpath.problems import Problem, located


def never_holds(situation: Situation) -> Problem:
    return located(
        situation.origin.at("when"),
        "warning",
        "MP132",
        f"situation '{situation.id}' can never hold: no answers along any route make it true",
    )


def never_shows(advice: Advice) -> Problem:
    return located(
        advice.origin.at("when"),
        "error",
        "MP130",
        f"advice '{advice.id}' can never show: no answers along any route meet its `when`",
    )


def always_true(advice: Advice) -> Problem:
    return located(
        advice.origin.at("when"),
        "warning",
        "MP131",
        f"the `when` of advice '{advice.id}' is always true; leave it out to show it always",
    )


def check_dynamic(book: Book, broken: set[str], statically_reached: set[str]) -> Iterator[Problem]:
    """Problems found by exploring every walk. A routing loop is an error only when some
    answers really walk it; the message gives them."""
    try:
        found = findings(book)
    except TooManyWalks:
        where = book.meta.origin.at() if book.meta else (book.files[0], 1, 1)
        yield located(
            where,
            "warning",
            "MP138",
            f"the routes read earlier answers and have more than {MAX_WALKS:,} answer "
            "classes, so loops, reachability and advice that never shows were not checked",
        )
        return
    looped: set[str] = set()
    for loop in found.loops:
        if loop.at in looped:
            continue
        looped.add(loop.at)
        yield located(
            book.questions[loop.at].origin.at("id"),
            "error",
            "MP120",
            f"the routing loops back to '{loop.at}' with these answers: "
            f"{answers_text(loop.answers)}",
        )
    for q in book.questions.values():
        if q.id in statically_reached and q.id not in found.reached:
            message = f"no answers reach question '{q.id}' (the conditions on the way exclude it)"
            yield located(q.origin.at("id"), "error", "MP121", message)
    for s in book.situations.values():
        if f"situation:{s.id}" not in broken and found.situations.get(s.id) == {False}:
            yield never_holds(s)
    for a in book.advice.values():
        if a.when is None or f"advice:{a.id}" in broken:
            continue
        truths = found.holds_when.get(a.id, set())
        if truths == {False}:
            yield never_shows(a)
        elif truths == {True}:
            yield always_true(a)
