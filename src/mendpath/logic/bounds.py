"""What summaries can show, over every route: an exact search for answers that break a rule.

The book's own rules about its summaries (`book: limits:` and `never_together`) must hold for
every set of answers. `find_breach` walks the routing graph depth first, one answer class at
a time: each choice of a single-choice or yes/no question, each included or left-out choice
of a multiple-choice question (decided one choice at a time, and only for choices some
condition reads: the others change nothing), empty or not for text. Before going deeper it
evaluates every advice condition in three values (true, false, not yet known: a question
that may still be asked) and bounds what can still be shown: `certain` items (their
condition holds and nothing that hides them can) and `possible` items (their condition may
hold and nothing that hides them surely does). A branch whose bounds cannot break the rule
is cut; at the end of a route the real outcome decides. So the answer is exact: either
answers that break the rule (checked by `outcome`), or a proof that none exist. The search is
bounded by a number of steps; past it, `TooManyClasses` says the proof was not finished.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from typing import assert_never

from mendpath.logic.conditions import answer_classes, choices_tested, holds, walk
from mendpath.logic.outcome import outcome
from mendpath.logic.routing import Graph, build_graph
from mendpath.model import (
    END,
    All,
    Answer,
    Answered,
    AnswerIn,
    AnyOf,
    Book,
    Compare,
    Condition,
    Includes,
    Invalid,
    Not,
    SituationRef,
)

MAX_STEPS = 200_000
EXAMPLE_TEXT = "example"

Truth = bool | None  # None: not known yet
# A multiple-choice question being decided: (choices included, choices decided).
Pending = tuple[frozenset[str], frozenset[str]]
# Whether a rule could still break, given (possible, certain) advice ids.
Bound = Callable[[frozenset[str], frozenset[str]], bool]
# Whether the advice shown at the end of a route breaks the rule.
Breaks = Callable[[tuple[str, ...]], bool]


class TooManyClasses(Exception):
    """The search needed more than MAX_STEPS steps: nothing was proved."""


def truth(
    cond: Condition | None,
    book: Book,
    answers: Mapping[str, Answer],
    pending: Mapping[str, Pending],
    still_open: frozenset[str],
    seen: tuple[str, ...] = (),
) -> Truth:
    """A condition in three values: None when questions not yet answered decide it."""
    if cond is None:
        return True
    match cond:
        case All():
            values = [truth(c, book, answers, pending, still_open, seen) for c in cond.items]
            return False if False in values else (None if None in values else True)
        case AnyOf():
            values = [truth(c, book, answers, pending, still_open, seen) for c in cond.items]
            return True if True in values else (None if None in values else False)
        case Not():
            inner = truth(cond.item, book, answers, pending, still_open, seen)
            return None if inner is None else not inner
        case SituationRef():
            situation = book.situations.get(cond.situation)
            if situation is None or cond.situation in seen:
                return False
            return truth(
                situation.when, book, answers, pending, still_open, (*seen, cond.situation)
            )
        case Answered():
            if cond.question in answers:
                return answers[cond.question] != ""
            if cond.question in pending:
                return True  # a multiple-choice answer counts as given, even with no choice
            return None if cond.question in still_open else False
        case AnswerIn():
            if cond.question in answers:
                question = book.questions.get(cond.question)
                value = answers[cond.question]
                return (
                    isinstance(value, str)
                    and question is not None
                    and question.spec.one_choice
                    and value in cond.choices
                )
            if cond.question in pending:
                return False  # a list of choices is never `is` one
            return None if cond.question in still_open else False
        case Includes():
            if cond.question in answers:
                value = answers[cond.question]
                return isinstance(value, list) and cond.choice in value
            if cond.question in pending:
                included, decided = pending[cond.question]
                return (cond.choice in included) if cond.choice in decided else None
            return None if cond.question in still_open else False
        case Compare():
            if cond.question in answers:
                return holds(cond, book, answers)
            if cond.question in pending:
                return False
            return None if cond.question in still_open else False
        case Invalid():
            return False
        case _:
            assert_never(cond)


def _ahead(graph: Graph) -> dict[str, frozenset[str]]:
    """For each question, the questions that may still be asked from it (itself included)."""
    ahead: dict[str, frozenset[str]] = {END: frozenset()}
    for qid in sorted(graph.order, key=graph.order.__getitem__, reverse=True):
        found = {qid}
        for _, target in graph.succ.get(qid, ()):
            found |= ahead.get(target, frozenset())
        ahead[qid] = frozenset(found)
    return ahead


def _read_choices(book: Book) -> dict[str, tuple[str, ...]]:
    """Per multiple-choice question, the choices some condition reads (the only ones that can
    change what is shown), in the question's order."""
    read: dict[str, set[str]] = {}
    roots = [s.when for s in book.situations.values()]
    roots += [a.when for a in book.advice.values() if a.when is not None]
    for root in roots:
        for node in walk(root):
            for question, choice in choices_tested(node):
                read.setdefault(question, set()).add(choice)
    return {
        q.id: tuple(c for c in q.choice_ids() if c in read.get(q.id, ()))
        for q in book.questions.values()
        if q.spec.many_choices
    }


class _Search:
    def __init__(self, book: Book, could_break: Bound, breaks: Breaks) -> None:
        self.book = book
        self.could_break = could_break
        self.breaks = breaks
        graph = build_graph(book, walks=False)
        if graph.start is None or graph.cycles:
            raise ValueError("the routing must be sound before summaries can be bounded")
        self.start = graph.start
        self.ahead = _ahead(graph)
        self.read = _read_choices(book)
        self.hiders: dict[str, list[Condition | None]] = {}
        for a in book.advice.values():
            for hidden in a.hides:
                self.hiders.setdefault(hidden, []).append(a.when)
        self.steps = 0

    def bounds(
        self, answers: dict[str, Answer], pending: Mapping[str, Pending], here: str
    ) -> tuple[frozenset[str], frozenset[str]]:
        still_open = self.ahead.get(here, frozenset()) - answers.keys() - pending.keys()
        possible: set[str] = set()
        certain: set[str] = set()
        book = self.book
        for advice in book.advice.values():
            shows = truth(advice.when, book, answers, pending, still_open)
            if shows is False:
                continue
            hidden = [
                truth(h, book, answers, pending, still_open) for h in self.hiders.get(advice.id, ())
            ]
            if True in hidden:
                continue
            possible.add(advice.id)
            if shows is True and None not in hidden:
                certain.add(advice.id)
        return frozenset(possible), frozenset(certain)

    def run(self) -> dict[str, Answer] | None:
        for answers in self._walk({}, {}, self.start):
            return answers
        return None

    def _walk(
        self, answers: dict[str, Answer], pending: dict[str, Pending], here: str
    ) -> Iterator[dict[str, Answer]]:
        self.steps += 1
        if self.steps > MAX_STEPS:
            raise TooManyClasses
        if not self.could_break(*self.bounds(answers, pending, here)):
            return
        if here == END:
            if self.breaks(outcome(self.book, answers).shown):
                yield dict(answers)
            return
        question = self.book.questions[here]
        if question.spec.one_choice:
            for way in question.ways_out:
                if way.choice is not None and way.target is not None:
                    yield from self._walk({**answers, here: way.choice}, pending, way.target)
            return
        nxt = question.target(None)
        if nxt is None:  # pragma: no cover - a sound routing gives every question a way out
            return
        if question.spec.free_text:
            for text in ("", EXAMPLE_TEXT):
                yield from self._walk({**answers, here: text}, pending, nxt)
            return
        if question.spec.measured:
            for value in answer_classes(self.book)[here]:
                yield from self._walk({**answers, here: value}, pending, nxt)
            return
        yield from self._choose(answers, pending, question.id, frozenset(), 0, nxt)

    def _choose(
        self,
        answers: dict[str, Answer],
        pending: dict[str, Pending],
        qid: str,
        included: frozenset[str],
        index: int,
        nxt: str,
    ) -> Iterator[dict[str, Answer]]:
        """Decide the read choices of a multiple-choice question one at a time."""
        read = self.read.get(qid, ())
        if index == len(read):
            question = self.book.questions[qid]
            value = [c for c in question.choice_ids() if c in included]
            yield from self._walk({**answers, qid: value}, pending, nxt)
            return
        decided = frozenset(read[: index + 1])
        for include in (True, False):
            chosen = included | {read[index]} if include else included
            state = {**pending, qid: (chosen, decided)}
            self.steps += 1
            if self.steps > MAX_STEPS:
                raise TooManyClasses
            if self.could_break(*self.bounds(answers, state, qid)):
                yield from self._choose(answers, pending, qid, chosen, index + 1, nxt)


def find_breach(book: Book, could_break: Bound, breaks: Breaks) -> dict[str, Answer] | None:
    """Answers on a complete route whose summary breaks the rule, or None when no answers
    can. `could_break(possible, certain)` must be True whenever some completion of a partial
    route could break it (it is how branches are cut). Raises TooManyClasses past MAX_STEPS."""
    return _Search(book, could_break, breaks).run()
