"""The interview as pure functions of (book, answers so far): no prompting, printing or I/O.

Answers map question ids to a choice id (single, yes_no), a list of choice ids (multiple) or
text. The route is the walk from the first question that follows the answers given; answers
to questions off the route do not count and are dropped when an answer changes the route.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import NamedTuple, assert_never
from weakref import WeakKeyDictionary

from mendpath.i18n import tr
from mendpath.logic.conditions import holds
from mendpath.logic.matching import fullmatch
from mendpath.logic.measures import BadValue, accepts, normal
from mendpath.model import END, Answer, Book, Check, Choice, Question
from mendpath.text import clean_line

Answers = Mapping[str, Answer]


class AnswerError(ValueError):
    """An answer the question does not accept; the message names what it does accept."""


class Ask(NamedTuple):
    """The next question to ask, where it stands on the route, and a progress estimate."""

    question: Question
    number: int  # 1-based position on the route
    about: int  # estimated length of the whole interview
    previous: str | None  # the question before it on the route, for going back
    choices: tuple[Choice, ...] = ()  # the choices offered now (a choice's `when` may hide it)
    # the answers before it on the route, which its checks read with the answer typed
    so_far: Mapping[str, Answer] = {}
    # the message (placeholders filled) refusing an answer, or None: set by the interview
    # for a question with checks, so that prompts refuse an answer as it is typed
    refuse: Callable[[Answer], str | None] | None = None


class Done(NamedTuple):
    """The interview is finished: the answers on the route, in route order."""

    answers: dict[str, Answer]
    route: tuple[str, ...]


def target(question: Question, answer: Answer) -> str:
    """The question after this one given its answer (or END), for a book whose routing
    depends only on the answer just given (not `Book.dynamic`)."""
    choice = answer if isinstance(answer, str) and question.spec.one_choice else None
    nxt = question.target(choice)
    if nxt is None:  # pragma: no cover - a validated book always routes every choice
        raise ValueError(f"question '{question.id}' has nowhere to go")
    return nxt


def next_after(book: Book, question: Question, answer: Answer | None, answers: Answers) -> str:
    """The question after this one (or END): `answer` is None when the question was skipped,
    `answers` are those on the route so far (with this one's). A routed choice goes where its
    route says; otherwise the first branch of `next` whose guard holds."""
    return way_target(question, answer, way_out(book, question, answer, answers))


ROUTED = -1  # the way out of a routed choice: its own route, not a branch of `next`


def way_out(book: Book, question: Question, answer: Answer | None, answers: Answers) -> int:
    """Which way the route leaves the question (`next_after`): ROUTED for a routed choice,
    else the index of the first branch of `next` whose guard holds."""
    if answer is not None:
        choice = answer if isinstance(answer, str) and question.spec.one_choice else None
        if choice is not None and choice in question.routes:
            return ROUTED
    for i, (guard, goes) in enumerate(question.branches):
        if goes is not None and (guard is None or holds(guard, book, answers)):
            return i
    raise ValueError(f"question '{question.id}' has nowhere to go")  # validate: MP113


def way_target(question: Question, answer: Answer | None, way: int) -> str:
    """Where a way out of the question (`way_out`) goes."""
    if way == ROUTED:
        assert isinstance(answer, str)
        return question.routes[answer]
    goes = question.branches[way][1]
    assert goes is not None  # `way_out` takes only branches with a target
    return goes


def asked(book: Book, question: Question, answers: Answers) -> bool:
    """Whether the question is asked, given the answers so far (its `when`)."""
    return question.when is None or holds(question.when, book, answers)


def offered(book: Book, question: Question, answers: Answers) -> tuple[Choice, ...]:
    """The choices offered, given the answers so far (each choice's `when`)."""
    return tuple(c for c in question.choices if c.when is None or holds(c.when, book, answers))


def refused(book: Book, question: Question, value: Answer, so_far: Answers) -> Check | None:
    """The first of the question's checks that refuses this answer, given the answers before
    it on the route, or None: the answer is accepted."""
    if not question.checks:
        return None
    answers = {**so_far, question.id: value}
    return next((c for c in question.checks if holds(c.refuse, book, answers)), None)


class Refusal(NamedTuple):
    """An answer given (in an answers file, with --answer, in saved progress) that a check of
    its question refuses: the question, the check, and the answers with it."""

    question: Question
    check: Check
    answers: dict[str, Answer]


def _stopped_at(book: Book, answers: Answers) -> tuple[Question, dict[str, Answer]] | None:
    """Where the route these answers describe stops at a question they answer (its answer
    is not offered there, or is refused), with the answers before it; None when it does not
    (only a book routed by conditions can stop so)."""
    if not book.dynamic:
        return None
    walked, stop = route(book, answers)
    question = book.questions.get(stop)
    if question is None or stop not in answers:
        return None
    return question, {q: answers[q] for q in walked}


def first_not_offered(book: Book, answers: Answers) -> tuple[Question, list[str]] | None:
    """The first answer on the route these answers describe with a choice its question does
    not offer after the answers before it (a choice `when` that fails), and the choices it
    offers; or None."""
    stopped = _stopped_at(book, answers)
    if stopped is None:
        return None
    question, before = stopped
    if _still_offered(book, question, answers[question.id], before):
        return None
    return question, [c.id for c in offered(book, question, before)]


def first_refused(book: Book, answers: Answers) -> Refusal | None:
    """The first answer on the route these answers describe that a check refuses, or None."""
    stopped = _stopped_at(book, answers)
    if stopped is None:
        return None
    question, before = stopped
    stop = question.id
    if not _still_offered(book, question, answers[stop], before):
        return None
    check = refused(book, question, answers[stop], before)
    if check is None:
        return None
    return Refusal(question, check, {**before, stop: answers[stop]})


_TABLES: WeakKeyDictionary[Book, dict[str, tuple[Mapping[str, str | None], str | None, bool]]] = (
    WeakKeyDictionary()
)
_MISSING = object()


def _table(book: Book) -> dict[str, tuple[Mapping[str, str | None], str | None, bool]]:
    """Per question, from its ways out: the target by choice, the target of any other
    answer, and whether the answer is one choice."""
    table = _TABLES.get(book)
    if table is None:
        table = {
            q.id: (
                {way.choice: way.target for way in q.ways_out if way.choice is not None},
                q.target(None),
                q.spec.one_choice,
            )
            for q in book.questions.values()
        }
        _TABLES[book] = table
    return table


def route(book: Book, answers: Answers) -> tuple[list[str], str]:
    """The answered questions on the walk, in order, and where it stops (a question or END).

    The hot loop of every step: kept to a few dictionary look-ups per question.
    """
    if book.dynamic:
        return _route_by_conditions(book, answers)
    table = _table(book)
    get = answers.get
    here = book.start or END
    walked: list[str] = []
    limit = len(table)  # a walk longer than the book would be a loop
    while here != END and len(walked) <= limit:
        value = get(here, _MISSING)
        if value is _MISSING:
            break
        walked.append(here)
        routes, default, by_choice = table[here]
        nxt = routes.get(value, default) if by_choice and isinstance(value, str) else default
        if nxt is None:  # pragma: no cover - a validated book always routes every choice
            raise ValueError(f"question '{here}' has nowhere to go")
        here = nxt
    return walked, here


def _route_by_conditions(book: Book, answers: Answers) -> tuple[list[str], str]:
    """`route` for a book whose routing reads earlier answers: questions whose `when` fails
    are skipped, guards are tested on the answers on the route so far, and an answer whose
    choice is not offered (any more), or that a check refuses, stops the walk there, to be
    asked again."""
    here = book.start or END
    walked: list[str] = []
    so_far: dict[str, Answer] = {}
    for _ in range(2 * len(book.questions) + 1):  # a walk longer than that would be a loop
        if here == END:
            break
        question = book.questions[here]
        if not asked(book, question, so_far):
            here = next_after(book, question, None, so_far)
            continue
        value = answers.get(here)
        if value is None or not _still_offered(book, question, value, so_far):
            break
        if question.checks and refused(book, question, value, so_far) is not None:
            break  # refused by a check (earlier answers changed): asked again
        walked.append(here)
        so_far[here] = value
        here = next_after(book, question, value, so_far)
    return walked, here


def _still_offered(book: Book, question: Question, value: Answer, so_far: Answers) -> bool:
    if not any(c.when is not None for c in question.choices):
        return True
    ids = {c.id for c in offered(book, question, so_far)}
    return value in ids if isinstance(value, str) else all(v in ids for v in value)


def on_route(book: Book, answers: Answers) -> dict[str, Answer]:
    """Only the answers that lie on the walk the answers themselves describe."""
    walked, _ = route(book, answers)
    return {q: answers[q] for q in walked}


def answer(book: Book, answers: Answers, question_id: str, value: Answer) -> dict[str, Answer]:
    """The answers after (re)answering one question: later answers off the new route are dropped."""
    question = book.questions[question_id]
    updated = dict(answers)
    updated[question_id] = check_answer(question, value)
    return on_route(book, updated)


class Walk(NamedTuple):
    """The state of an interview: the answers on the route, in route order, and where the
    walk stops (the next question to ask, or END). Made by `walk` and `advance` only."""

    answers: dict[str, Answer]
    stop: str


def walk(book: Book, answers: Answers) -> Walk:
    """The walk that these answers describe (answers off the route are left out)."""
    walked, stop = route(book, answers)
    return Walk({q: answers[q] for q in walked}, stop)


def advance(book: Book, state: Walk, question_id: str, value: Answer) -> Walk:
    """The walk after (re)answering one question.

    Answering the question the walk stops at extends it in constant time; answering an
    earlier one (after going back) walks again, keeping later answers still on the route.
    """
    question = book.questions[question_id]
    checked = check_answer(question, value)
    updated = dict(state.answers)
    updated[question_id] = checked
    if question_id == state.stop and not book.dynamic:
        return Walk(updated, target(question, checked))
    return walk(book, updated)


def step(book: Book, answers: Answers, at: str | None = None) -> Ask | Done:
    """The question to ask next (or `at`, when it lies on the route), or the finished result.

    `at` lets an interview revisit an answered question (going back); without it the next
    question is the first unanswered one on the route.
    """
    return step_from(book, walk(book, answers), at)


def step_from(book: Book, state: Walk, at: str | None = None) -> Ask | Done:
    """`step` for a walk already made: constant time unless revisiting `at`."""
    if at is not None and at in state.answers:
        keys = list(state.answers)
        index = keys.index(at)
        before = {q: state.answers[q] for q in keys[:index]}
        return _ask(book, at, index, keys[index - 1] if index else None, before)
    if state.stop == END:
        return Done(dict(state.answers), tuple(state.answers))
    previous = next(reversed(state.answers), None)
    return _ask(book, state.stop, len(state.answers), previous, state.answers)


def _ask(book: Book, qid: str, index: int, previous: str | None, so_far: Answers) -> Ask:
    low, high = _remaining(book)[qid]
    question = book.questions[qid]
    choices = offered(book, question, so_far) if book.dynamic else question.choices
    about = index + round((low + high) / 2)
    return Ask(question, index + 1, about, previous, choices, so_far)


_SPANS: WeakKeyDictionary[Book, dict[str, tuple[int, int]]] = WeakKeyDictionary()


def _remaining(book: Book) -> dict[str, tuple[int, int]]:
    """For each question, the fewest and most questions from it to the end, itself included."""
    if book in _SPANS:
        return _SPANS[book]
    from mendpath.logic.routing import build_graph

    graph = build_graph(book, walks=False)
    spans: dict[str, tuple[int, int]] = {}
    for qid in sorted(graph.order, key=graph.order.__getitem__, reverse=True):
        lows, highs = [], []
        for _, nxt in graph.succ[qid]:
            low, high = (0, 0) if nxt == END else spans.get(nxt, (0, 0))
            lows.append(low)
            highs.append(high)
        spans[qid] = (1 + min(lows, default=0), 1 + max(highs, default=0))
    for qid in book.questions:
        spans.setdefault(qid, (1, 1))
    _SPANS[book] = spans
    return spans


def alone_message(choice: Choice, texts: Mapping[str, str] | None = None) -> str:
    """What a prompt says when an `exclusive` choice was chosen with others (`texts`: the
    labels as shown, by `choice:ID`)."""
    label = clean_line((texts or {}).get(f"choice:{choice.id}", choice.label))
    return tr("“{choice}” cannot be chosen with other choices").format(choice=label)


def check_answer(question: Question, value: Answer) -> Answer:
    """The answer in its normal form, or AnswerError saying what the question accepts."""
    offered = question.choice_ids()
    match question.kind:
        case "text":
            if not isinstance(value, str):
                raise AnswerError(tr("question '{id}' takes text").format(id=question.id))
            text = clean_line(value)
            if len(text) > question.max_length:
                raise AnswerError(
                    tr("question '{id}' takes at most {count} characters").format(
                        id=question.id, count=question.max_length
                    )
                )
            pattern = question.measure.pattern
            matched = True if not text or pattern is None else fullmatch(pattern, text)
            if matched is None:  # the book's pattern runs on (validate says so: MP161)
                raise AnswerError(
                    tr(
                        "question '{id}': this answer could not be checked in time against "
                        "what the question accepts; write it more shortly"
                    ).format(id=question.id)
                )
            if not matched:
                why = question.measure.pattern_message or tr("it must match {pattern}").format(
                    pattern=pattern
                )
                raise AnswerError(tr("question '{id}': {why}").format(id=question.id, why=why))
            return text
        case "multiple":
            values = [value] if isinstance(value, str) else value
            unknown = [v for v in values if v not in offered]
            if unknown:
                raise AnswerError(
                    tr("question '{id}' has no choice '{choice}'; valid choices: {offered}").format(
                        id=question.id, choice=unknown[0], offered=", ".join(offered)
                    )
                )
            chosen = [c for c in offered if c in values]
            alone = question.lone_choice(chosen)
            if alone is not None:
                raise AnswerError(
                    tr("question '{id}': '{choice}' cannot be chosen with other choices").format(
                        id=question.id, choice=alone.id
                    )
                )
            return chosen
        case "number" | "date":
            if not isinstance(value, str):
                raise AnswerError(
                    tr("question '{id}' takes {accepted}").format(
                        id=question.id, accepted=accepts(question)
                    )
                )
            try:
                return normal(question, value)
            except BadValue as exc:
                raise AnswerError(
                    tr("question '{id}' takes {accepted}: {problem}").format(
                        id=question.id, accepted=accepts(question), problem=exc
                    )
                ) from None
        case "single" | "yes_no":
            if not isinstance(value, str):
                raise AnswerError(
                    tr(
                        "question '{id}' takes one choice, not a list; valid choices: {offered}"
                    ).format(id=question.id, offered=", ".join(offered))
                )
            if value not in offered:
                raise AnswerError(
                    tr("question '{id}' has no choice '{choice}'; valid choices: {offered}").format(
                        id=question.id, choice=value, offered=", ".join(offered)
                    )
                )
            return value
        case _:
            assert_never(question.kind)
