"""Every walk of a book whose routing reads earlier answers, one answer class at a time.

When a book routes by conditions (`Book.dynamic`: guarded `next` branches, a question's or a
choice's `when`), which question comes next depends on earlier answers, so the reasoning of
`satisfy` over a fixed routing graph does not apply. Such books are explored here instead:
every walk the engine can take, with one answer from each answer class of each question
(each offered choice; each combination of the offered choices that some condition reads;
empty or not for text; each class of a number or date, `conditions.answer_classes`). Answers
in one class meet exactly the same conditions, so what is found is exact: the questions
reached, what each advice item, condition and situation can be, and every loop that answers
can walk. The number of walks is bounded by MAX_WALKS; past it, `TooManyWalks`.
"""

from __future__ import annotations

from collections.abc import Iterator
from itertools import combinations
from typing import NamedTuple

from mendpath.logic.conditions import (
    EXAMPLE_TEXT,
    answer_classes,
    choices_read,
    holds,
    relation_space,
)
from mendpath.logic.engine import asked, next_after, offered
from mendpath.logic.outcome import outcome
from mendpath.logic.relations import TooManyCells
from mendpath.model import END, Answer, Book, Question

MAX_WALKS = 100_000


class TooManyWalks(Exception):
    """More than MAX_WALKS walks: nothing was concluded."""


class Walked(NamedTuple):
    """One complete walk: its answers, and the questions asked, in order."""

    answers: dict[str, Answer]
    asked: tuple[str, ...]


class Loop(NamedTuple):
    """Answers that walk in a circle: the engine would come back to `at`."""

    answers: dict[str, Answer]
    at: str


def classes_of(
    book: Book, question: Question, so_far: dict[str, Answer], read: dict[str, tuple[str, ...]]
) -> list[Answer]:
    """One answer from each answer class of the question, given the answers so far: each
    offered choice; each combination of the offered choices some condition reads (`read`);
    empty or not for text; each class of a number or date."""
    if question.spec.one_choice:
        return [c.id for c in offered(book, question, so_far)]
    if question.spec.many_choices:
        ids = [c.id for c in offered(book, question, so_far) if c.id in read.get(question.id, ())]
        return [
            list(chosen)
            for r in range(len(ids) + 1)
            for chosen in combinations(ids, r)
            if question.lone_choice(chosen) is None  # never "None of these" with another
        ]
    if question.spec.free_text:
        return ["", EXAMPLE_TEXT]
    coupled = relation_space(book).classes(question, so_far)  # compared with other answers
    return list(coupled if coupled is not None else answer_classes(book)[question.id])


def explore(book: Book) -> Iterator[Walked | Loop]:
    """Every walk (and every loop) the engine can take through the book, one answer class at
    a time. Raises TooManyWalks past MAX_WALKS."""
    if book.start not in book.questions:
        return
    read = choices_read(book)
    count = 0

    def visit(
        here: str, so_far: dict[str, Answer], path: tuple[str, ...], seen: frozenset[str]
    ) -> Iterator[Walked | Loop]:
        nonlocal count
        if here == END:
            count += 1
            if count > MAX_WALKS:
                raise TooManyWalks
            yield Walked(so_far, path)
            return
        if here in seen:
            yield Loop(so_far, here)
            return
        question = book.questions.get(here)
        if question is None:  # an unknown target: reported by the reference checks
            return
        seen = seen | {here}
        try:
            if not asked(book, question, so_far):
                yield from visit(next_after(book, question, None, so_far), so_far, path, seen)
                return
            for value in classes_of(book, question, so_far, read):
                answers = {**so_far, here: value}
                goes = next_after(book, question, value, answers)
                yield from visit(goes, answers, (*path, here), seen)
        except ValueError:  # nowhere to go: reported by MP113
            return

    try:
        yield from visit(book.start or END, {}, (), frozenset())
    except TooManyCells as too_many:  # answers compared with each other: too many cells
        raise TooManyWalks from too_many


class Findings(NamedTuple):
    """What exploring every walk found."""

    reached: set[str]  # questions asked on some walk
    shown: dict[str, dict[str, Answer]]  # advice id -> answers that show it
    holds_when: dict[str, set[bool]]  # advice id -> what its `when` can be
    situations: dict[str, set[bool]]  # situation id -> what it can be
    loops: list[Loop]
    routes: int  # distinct sequences of questions asked


def findings(book: Book) -> Findings:
    """Explore every walk and gather what the checks and author tools need."""
    found = Findings(set(), {}, {}, {}, [], 0)
    sequences: set[tuple[str, ...]] = set()
    for item in explore(book):
        if isinstance(item, Loop):
            found.loops.append(item)
            continue
        found.reached.update(item.asked)
        sequences.add(item.asked)
        for aid in outcome(book, item.answers).shown:
            found.shown.setdefault(aid, item.answers)
        for advice in book.advice.values():
            if advice.when is not None:
                found.holds_when.setdefault(advice.id, set()).add(
                    holds(advice.when, book, item.answers)
                )
        for situation in book.situations.values():
            found.situations.setdefault(situation.id, set()).add(
                holds(situation.when, book, item.answers)
            )
    return found._replace(routes=len(sequences))
