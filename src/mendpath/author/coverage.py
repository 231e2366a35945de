"""What scenarios reach: advice items, situations and answer classes (`mendpath test --coverage`).

An answer class is one way of answering a question that can change what follows: each
choice of a single-choice or yes/no question, each choice included in a multiple-choice
answer and that answer left empty, a text answer given or left empty, and for a number or
date, each of the pieces the constants it is compared against cut its line into (each
constant, and each gap between two that holds an answer). A scenario reaches
what its answers on the route reach (the answers of an unfinished scenario count as far as
they go).
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from typing import NamedTuple

from mendpath.logic import conditions, engine
from mendpath.logic.conditions import cut_points
from mendpath.logic.measures import point
from mendpath.logic.outcome import outcome
from mendpath.model import Answer, Book, Question


class Part(NamedTuple):
    """One kind of thing covered: its name, everything there is, and what was reached."""

    name: str
    every: tuple[str, ...]
    reached: frozenset[str]

    @property
    def missed(self) -> list[str]:
        return [x for x in self.every if x not in self.reached]


class Coverage(NamedTuple):
    parts: tuple[Part, ...]

    @property
    def total(self) -> int:
        return sum(len(p.every) for p in self.parts)

    @property
    def hit(self) -> int:
        return sum(len(p.every) - len(p.missed) for p in self.parts)

    @property
    def percent(self) -> float:
        return 100.0 * self.hit / self.total if self.total else 100.0


class _Line:
    """The classes of a number or date question, named by the constants it is compared
    against: `days=5`, `days below 5`, `days from 5 to 7` (both ends left out), `days above 7`."""

    def __init__(self, book: Book, question: Question) -> None:
        self.question = question
        texts = sorted(cut_points(book).get(question.id, ()), key=lambda t: self._at(t) or 0)
        self.cuts = [(t, at) for t in texts if (at := self._at(t)) is not None]
        answers = conditions.answer_classes(book)[question.id]
        alone = all(
            conditions.questions_read(c.refuse, book) <= {question.id} for c in question.checks
        )
        if question.checks and alone:  # classes its checks refuse whatever came before
            answers = [a for a in answers if engine.refused(book, question, a, {}) is None]
        self.every = tuple(dict.fromkeys(self.name(r) for r in answers))

    def _at(self, text: str) -> float | None:
        try:
            return point(self.question, text)
        except ValueError:
            return None

    def name(self, answer: str) -> str:
        q, at = self.question.id, self._at(answer)
        if at is None or not self.cuts:
            return f"{q}: any"
        below = [t for t, c in self.cuts if c < at]
        above = [t for t, c in self.cuts if c > at]
        if len(below) + len(above) < len(self.cuts):
            return f"{q}={next(t for t, c in self.cuts if c == at)}"
        if not below:
            return f"{q} below {above[0]}"
        if not above:
            return f"{q} above {below[-1]}"
        return f"{q} between {below[-1]} and {above[0]}"


def answer_classes(question: Question, line: _Line | None = None) -> tuple[str, ...]:
    """Every answer class of a question, named as `question=choice` and the like."""
    spec = question.spec
    q = question.id
    if line is not None:
        return line.every
    if spec.free_text:
        return (f"{q}: given", f"{q}: empty")
    if spec.many_choices:
        return (*(f"{q} includes {c}" for c in question.choice_ids()), f"{q}: none chosen")
    return tuple(f"{q}={c}" for c in question.choice_ids())


def classes_of(question: Question, value: Answer, line: _Line | None = None) -> set[str]:
    """The answer classes one answer falls in."""
    spec = question.spec
    q = question.id
    if line is not None:
        return {line.name(str(value))}
    if spec.free_text:
        return {f"{q}: given" if value else f"{q}: empty"}
    if spec.many_choices:
        chosen = value if isinstance(value, list) else [value]
        return {f"{q} includes {c}" for c in chosen} or {f"{q}: none chosen"}
    return {f"{q}={value}"}


def coverage(
    book: Book,
    all_answers: Iterable[dict[str, Answer]],
    books: Iterable[Book] | None = None,
    refused: Iterable[bool] | None = None,
) -> Coverage:
    """What the answers reach in `book`; with `books`, each answers' own book (a scenario
    file's `today`) decides its route and what it shows; with `refused`, the answers that
    end in a refused answer (a scenario's `refused:`) reach the classes on their route but
    no summary, so no advice item or situation."""
    each = iter(books) if books is not None else None
    stops = iter(refused) if refused is not None else None
    advice: set[str] = set()
    situations: set[str] = set()
    classes: set[str] = set()
    lines = {q.id: _Line(book, q) for q in book.questions.values() if q.spec.measured}
    for answers in all_answers:
        own = next(each, book) if each is not None else book
        route = engine.on_route(own, answers)
        if not (next(stops, False) if stops is not None else False):
            result = outcome(own, route)
            advice.update(result.shown)
            situations.update(result.situations)
        for qid, value in route.items():
            classes |= classes_of(book.questions[qid], value, lines.get(qid))
    every_class = tuple(
        c for q in book.questions.values() for c in answer_classes(q, lines.get(q.id))
    )
    return Coverage(
        (
            Part("advice items", tuple(book.advice), frozenset(advice)),
            Part("situations", tuple(book.situations), frozenset(situations)),
            Part("answer classes", every_class, frozenset(classes)),
        )
    )


def whole_percent(share: float) -> str:
    """A percentage rounded down to a whole number: 199 of 200 is 99%, not 100%, and 2 of 3
    is 66%, so a coverage under `--fail-under 67` never reads as 67%."""
    return f"{math.floor(share)}%"


def _percent(hit: int, total: int) -> str:
    share = 100.0 * hit / total if total else 100.0
    return f"{whole_percent(share)} ({hit} of {total})"


def coverage_text(cov: Coverage) -> str:
    lines = [f"coverage: {_percent(cov.hit, cov.total)}"]
    for part in cov.parts:
        missed = part.missed
        lines.append(f"  {part.name}: {_percent(len(part.every) - len(missed), len(part.every))}")
        if missed:
            lines.append(f"    reached by no scenario: {', '.join(missed)}")
    return "\n".join(lines) + "\n"
