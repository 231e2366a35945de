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

from collections.abc import Callable, Iterator
from itertools import combinations
from typing import NamedTuple

from mendpath.logic.conditions import (
    EXAMPLE_TEXT,
    answer_classes,
    choices_read,
    holds,
    question_read,
    questions_read,
    relation_space,
    walk,
)
from mendpath.logic.engine import asked, offered, refused, way_out, way_target
from mendpath.logic.outcome import outcome, variant_used
from mendpath.logic.relations import TooManyCells
from mendpath.model import END, All, Answer, Answered, Book, Check, Question, Variants

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
    empty or not for text; each class of a number or date. Classes a check of the question
    refuses are not answers, and are left out (the conditions of checks cut the classes too,
    so a class is refused whole or not at all)."""
    found = every_class(book, question, so_far, read)
    if question.checks:
        return [v for v in found if refused(book, question, v, so_far) is None]
    return found


def every_class(
    book: Book, question: Question, so_far: dict[str, Answer], read: dict[str, tuple[str, ...]]
) -> list[Answer]:
    """`classes_of` with the classes checks refuse."""
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


OnStep = Callable[[Question, Answer | None, int], None]


def explore(
    book: Book,
    on_asked: Callable[[Question, dict[str, Answer]], None] | None = None,
    on_step: OnStep | None = None,
) -> Iterator[Walked | Loop]:
    """Every walk (and every loop) the engine can take through the book, one answer class at
    a time; `on_asked` sees each question asked, with the answers before it, and `on_step`
    each step out of a question: the answer (None: skipped) and the way out taken
    (`engine.way_out`). Raises TooManyWalks past MAX_WALKS."""
    if book.start not in book.questions:
        return
    read = choices_read(book)
    count = 0

    def visit(
        here: str, so_far: dict[str, Answer], path: tuple[str, ...], skipped: frozenset[str]
    ) -> Iterator[Walked | Loop]:
        """`skipped`: the questions skipped since the last answer. The engine goes round for
        ever when it comes back to one of them, or to a question it asks again; coming back
        to a question after another answer, where its `when` now decides otherwise, is
        not a loop."""
        nonlocal count
        if here == END:
            count += 1
            if count > MAX_WALKS:
                raise TooManyWalks
            yield Walked(so_far, path)
            return
        question = book.questions.get(here)
        if question is None:  # an unknown target: reported by the reference checks
            return
        try:
            if not asked(book, question, so_far):
                if here in skipped:
                    yield Loop(so_far, here)
                    return
                way = way_out(book, question, None, so_far)
                if on_step is not None:
                    on_step(question, None, way)
                goes = way_target(question, None, way)
                yield from visit(goes, so_far, path, skipped | {here})
                return
            if here in so_far:  # asked again
                yield Loop(so_far, here)
                return
            if on_asked is not None:
                on_asked(question, so_far)
            for value in classes_of(book, question, so_far, read):
                answers = {**so_far, here: value}
                way = way_out(book, question, value, answers)
                if on_step is not None:
                    on_step(question, value, way)
                goes = way_target(question, value, way)
                yield from visit(goes, answers, (*path, here), frozenset())
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
    # checks (by question id and index) -> answers one of whose answers it refuses
    refusing: dict[tuple[str, int], dict[str, Answer]]
    stuck: dict[str, dict[str, Answer]]  # question -> answers before it that leave none
    # checks -> the answers before their question, and a question they read not answered
    unanswered: dict[tuple[str, int], tuple[dict[str, Answer], str]]
    # choice questions -> answers before them after which no choice is offered (every
    # choice's `when` false): the interview cannot go on there
    no_choice: dict[str, dict[str, Answer]]
    # where the route is decided: what a question's `when` is where it is reached (key
    # ("asked", question)), what a choice's `when` is where its question is asked (key
    # ("offered", "question:choice")), and which ways out of each question are taken
    # (`engine.way_out`: the index of a branch of `next`, or ROUTED)
    whens: dict[tuple[str, str], set[bool]]
    ways: dict[str, set[int]]
    # wordings that vary: (element, field) -> the variants used where it is shown (a
    # question's text and help where it is asked, an offered choice's label, a shown advice
    # item's title and body), by index; the last, len(variants), is the text without `when`.
    # The element is "question:ID", "choice:QUESTION:ID" or "advice:ID".
    worded: dict[tuple[str, str], set[int]]


def no_findings() -> Findings:
    return Findings(set(), {}, {}, {}, [], 0, {}, {}, {}, {}, {}, {}, {})


def note_worded(
    found: Findings, element: str, varied: Variants, book: Book, answers: dict[str, Answer]
) -> None:
    """What is noted of an element whose wording varies, where it is shown."""
    for field, variants in varied.items():
        if variants:
            used = variant_used(variants, book, answers)
            found.worded.setdefault((element, field), set()).add(used)


def note_step(found: Findings, question: Question, value: Answer | None, way: int) -> None:
    """What is noted of a step out of a question: whether its `when` held (None: skipped),
    and the way out taken."""
    if question.when is not None:
        found.whens.setdefault(("asked", question.id), set()).add(value is not None)
    found.ways.setdefault(question.id, set()).add(way)


def needs(check: Check, book: Book, qid: str) -> list[str]:
    """The questions other than its own whose answers a check compares or tests: they must
    be answered before it. Not those it only asks `answered:` about, nor those it is guarded
    by (`all: [{answered: R}, ...]`: the route may leave R out)."""
    nodes = list(walk(check.refuse))
    tested = {q for n in nodes if not isinstance(n, Answered) and (q := question_read(n))}
    only_answered = {n.question for n in nodes if isinstance(n, Answered)} - tested
    guarded = set(guards(check))
    return sorted(questions_read(check.refuse, book) - only_answered - guarded - {qid})


def guards(check: Check) -> list[str]:
    """The questions a check is guarded by, `all: [{answered: R}, ...]`: where one is not
    answered the check refuses nothing, whatever else it reads."""
    top = check.refuse.items if isinstance(check.refuse, All) else (check.refuse,)
    return sorted({n.question for n in top if isinstance(n, Answered)})


def note_asked(
    found: Findings,
    book: Book,
    question: Question,
    so_far: dict[str, Answer],
    read: dict[str, tuple[str, ...]],
) -> None:
    """What is noted of a question asked with these answers before it: that it is reached
    (even when its checks refuse every answer), whether it offers no choice, and what its
    checks do: which refuse some answer, whether they refuse every answer, which read an
    answer not given."""
    qid = question.id
    found.reached.add(qid)
    if question.choices and not offered(book, question, so_far):
        found.no_choice.setdefault(qid, so_far)
    for c in question.choices:
        truth = c.when is None or holds(c.when, book, so_far)
        if c.when is not None:
            found.whens.setdefault(("offered", f"{qid}:{c.id}"), set()).add(truth)
        if truth and c.variants:
            note_worded(found, f"choice:{qid}:{c.id}", c.variants, book, so_far)
    if question.variants:
        note_worded(found, f"question:{qid}", question.variants, book, so_far)
    if not question.checks:
        return
    values = every_class(book, question, so_far, read)
    left = len(values)
    # Compared with answers already given, the classes tried are the cells' witnesses that
    # agree with them, not every answer these answers allow: that no class is left proves
    # nothing then. MP177 is decided on the question's own classes, or, for one compared
    # with answers, on its line with those answers put in (`Space.line`), when it has one.
    space = relation_space(book)
    line: list[Answer] | None = list(values)
    if space.classes(question, so_far) is not None:
        found_line = space.line(question, so_far, answer_classes(book)[qid])
        line = None if found_line is None else list(found_line)
    for value in values:
        answers = {**so_far, qid: value}
        refusing = False
        for i, check in enumerate(question.checks):
            if holds(check.refuse, book, answers):
                found.refusing.setdefault((qid, i), answers)
                refusing = True
        left -= refusing
    if line is not None and line != values:
        left = sum(
            not any(holds(c.refuse, book, {**so_far, qid: v}) for c in question.checks)
            for v in line
        )
    if line and not left:
        found.stuck.setdefault(qid, so_far)
    for i, check in enumerate(question.checks):
        if not all(so_far.get(g, "") != "" for g in guards(check)):
            continue  # a guard fails: the check refuses nothing here
        missing = next((r for r in needs(check, book, qid) if r not in so_far), None)
        if missing is not None:
            found.unanswered.setdefault((qid, i), (so_far, missing))


def findings(book: Book) -> Findings:
    """Explore every walk and gather what the checks and author tools need."""
    found = no_findings()
    sequences: set[tuple[str, ...]] = set()
    read = choices_read(book)

    def on_asked(question: Question, so_far: dict[str, Answer]) -> None:
        note_asked(found, book, question, so_far, read)

    def on_step(question: Question, value: Answer | None, way: int) -> None:
        note_step(found, question, value, way)

    for item in explore(book, on_asked, on_step):
        if isinstance(item, Loop):
            found.loops.append(item)
            continue
        found.reached.update(item.asked)
        sequences.add(item.asked)
        for aid in outcome(book, item.answers).shown:
            found.shown.setdefault(aid, item.answers)
            if book.advice[aid].variants:
                note_worded(found, f"advice:{aid}", book.advice[aid].variants, book, item.answers)
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
