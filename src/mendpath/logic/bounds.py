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

from collections.abc import Callable, Container, Iterator, Mapping
from typing import assert_never

from mendpath.logic.conditions import choices_read, holds, questions_read, relation_space
from mendpath.logic.engine import asked, next_after, offered
from mendpath.logic.outcome import outcome
from mendpath.logic.routing import Graph, build_graph, reachable
from mendpath.logic.walks import classes_of
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
    Relation,
    SituationRef,
)

MAX_STEPS = 200_000
# Up to this many questions, "may still be asked" follows the routing exactly (a set per
# question visited); above it, routing order stands in for it (sound, cheaper, looser).
EXACT_REACH = 2_000

# What is left of a condition to decide: a leaf not yet decided, or ("all" | "any", leaves
# and combinations) or ("not", residual). Hashable, compared by value (leaves by identity).
Residual = Condition | tuple[str, object]
Truth = bool | Residual
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
    still_open: Container[str],
    seen: tuple[str, ...] = (),
) -> Truth:
    """A condition given the answers so far: True, False, or what is left of it to decide
    (a residual: the leaves not yet decided, combined as in the condition). Two partial walks
    whose residuals are equal can only go on alike, which is what lets the search merge them."""
    if cond is None:
        return True
    match cond:
        case All() | AnyOf():
            stop = isinstance(cond, AnyOf)  # the value that decides the whole (True for any)
            rest: set[Residual] = set()
            for item in cond.items:
                part = truth(item, book, answers, pending, still_open, seen)
                if part is stop:
                    return stop
                if part is not (not stop):
                    rest.add(part)  # type: ignore[arg-type]
            if not rest:
                return not stop
            if len(rest) == 1:
                return rest.pop()
            return ("any" if stop else "all", frozenset(rest))
        case Not():
            inner = truth(cond.item, book, answers, pending, still_open, seen)
            return (not inner) if isinstance(inner, bool) else ("not", inner)
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
            return cond if cond.question in still_open else False
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
            return cond if cond.question in still_open else False
        case Includes():
            if cond.question in answers:
                value = answers[cond.question]
                return isinstance(value, list) and cond.choice in value
            if cond.question in pending:
                included, decided = pending[cond.question]
                return (cond.choice in included) if cond.choice in decided else cond
            return cond if cond.question in still_open else False
        case Compare():
            if cond.question in answers:
                return holds(cond, book, answers)
            if cond.question in pending:
                return False
            return cond if cond.question in still_open else False
        case Relation():
            reads = questions_read(cond, book)
            if all(q in answers for q in reads):
                return holds(cond, book, answers)
            if any(q in pending or q not in still_open for q in reads if q not in answers):
                return False  # a question it reads will never be answered
            # Not decided yet, and how it will be depends on the answers it already has.
            return (
                "relation",
                (cond, tuple((q, answers[q]) for q in sorted(reads) if q in answers)),
            )
        case Invalid():
            return False
        case _:
            assert_never(cond)


class _Open:
    """The questions that may still be asked from `here` and are not answered yet: every
    question reachable from it, followed edge by edge. On a large acyclic routing graph,
    "reachable" is approximated by "later in routing order", which is sound (it can only say
    "maybe" more often) and costs nothing."""

    __slots__ = ("answered", "graph", "here", "reach")

    def __init__(
        self, graph: Graph, here: str, answered: Container[str], reach: dict[str, set[str]]
    ) -> None:
        self.graph, self.here, self.answered, self.reach = graph, here, answered, reach

    def __contains__(self, qid: object) -> bool:
        if not isinstance(qid, str) or qid in self.answered or self.here == END:
            return False
        if not self.graph.cycles and len(self.graph.succ) > EXACT_REACH:
            order = self.graph.order
            return qid in order and order[qid] >= order[self.here]
        if self.here not in self.reach:
            self.reach[self.here] = reachable(Graph(self.here, self.graph.succ)) | {self.here}
        return qid in self.reach[self.here]


class _Both:
    """Answered, or being decided (a multiple-choice question half way)."""

    __slots__ = ("answers", "pending")

    def __init__(self, answers: Mapping[str, Answer], pending: Mapping[str, Pending]) -> None:
        self.answers, self.pending = answers, pending

    def __contains__(self, qid: object) -> bool:
        return qid in self.answers or qid in self.pending


class _Search:
    def __init__(self, book: Book, could_break: Bound, breaks: Breaks) -> None:
        self.book = book
        self.could_break = could_break
        self.breaks = breaks
        graph = build_graph(book, walks=False)
        if graph.start is None or (graph.cycles and not book.dynamic):
            raise ValueError("the routing must be sound before summaries can be bounded")
        self.start = graph.start
        self.graph = graph
        self.reach: dict[str, set[str]] = {}
        self.read = choices_read(book)
        self.hiders: dict[str, list[Condition | None]] = {}
        for a in book.advice.values():
            for hidden in a.hides:
                self.hiders.setdefault(hidden, []).append(a.when)
        self.coupled = [q for c in relation_space(book).components for q in c.questions]
        self.steps = 0
        self.visited: set[tuple[object, ...]] = set()
        self.routing = [
            c
            for q in book.questions.values()
            for c in (
                *(g for g, _ in q.branches if g is not None),
                *((q.when,) if q.when is not None else ()),
                *(ch.when for ch in q.choices if ch.when is not None),
            )
        ]

    def bounds(
        self, answers: dict[str, Answer], pending: Mapping[str, Pending], here: str
    ) -> tuple[frozenset[str], frozenset[str], tuple[Truth, ...]]:
        """What can still show (possible), what surely shows (certain), and the residuals
        of every condition that decides it (the state's signature)."""
        still_open = _Open(self.graph, here, _Both(answers, pending), self.reach)
        possible: set[str] = set()
        certain: set[str] = set()
        book = self.book
        signature: list[Truth] = []
        for advice in book.advice.values():
            shows = truth(advice.when, book, answers, pending, still_open)
            hidden = [
                truth(h, book, answers, pending, still_open) for h in self.hiders.get(advice.id, ())
            ]
            signature.append(shows)
            signature += hidden
            if shows is False or True in hidden:
                continue
            possible.add(advice.id)
            if shows is True and all(h is False for h in hidden):
                certain.add(advice.id)
        if book.dynamic:  # routing reads answers too: its conditions are part of the state
            signature += [truth(c, book, answers, pending, still_open) for c in self.routing]
        if self.coupled:  # what answers compared with each other can still be depends on these
            signature += [(q, answers[q]) for q in self.coupled if q in answers]
        return frozenset(possible), frozenset(certain), tuple(signature)

    def _fresh(self, key: tuple[object, ...]) -> bool:
        """Whether a state is met for the first time (else everything after it is known)."""
        if key in self.visited:
            return False
        self.visited.add(key)
        return True

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
        possible, certain, signature = self.bounds(answers, pending, here)
        if not self.could_break(possible, certain) or not self._fresh((here, signature)):
            return
        if here == END:
            if self.breaks(outcome(self.book, answers).shown):
                yield dict(answers)
            return
        if len(answers) > len(self.book.questions):  # pragma: no cover - a loop (MP120)
            return
        book = self.book
        question = book.questions[here]
        if not asked(book, question, answers):  # skipped: its `when` does not hold
            yield from self._walk(answers, pending, next_after(book, question, None, answers))
            return
        if question.spec.many_choices:
            yield from self._choose(answers, pending, question.id, frozenset(), 0)
            return
        for value in classes_of(book, question, answers, self.read):
            given = {**answers, here: value}
            yield from self._walk(given, pending, next_after(book, question, value, given))

    def _choose(
        self,
        answers: dict[str, Answer],
        pending: dict[str, Pending],
        qid: str,
        included: frozenset[str],
        index: int,
    ) -> Iterator[dict[str, Answer]]:
        """Decide the read choices of a multiple-choice question one at a time."""
        question = self.book.questions[qid]
        shown = {c.id for c in offered(self.book, question, answers)}
        read = tuple(c for c in self.read.get(qid, ()) if c in shown)
        if index == len(read):
            value = [c for c in question.choice_ids() if c in included]
            given: dict[str, Answer] = {**answers, qid: value}
            yield from self._walk(given, pending, next_after(self.book, question, value, given))
            return
        decided = frozenset(read[: index + 1])
        for include in (True, False):
            chosen = included | {read[index]} if include else included
            state = {**pending, qid: (chosen, decided)}
            self.steps += 1
            if self.steps > MAX_STEPS:
                raise TooManyClasses
            possible, certain, signature = self.bounds(answers, state, qid)
            key = (qid, index, signature)
            if self.could_break(possible, certain) and self._fresh(key):
                yield from self._choose(answers, pending, qid, chosen, index + 1)


def find_breach(book: Book, could_break: Bound, breaks: Breaks) -> dict[str, Answer] | None:
    """Answers on a complete route whose summary breaks the rule, or None when no answers
    can. `could_break(possible, certain)` must be True whenever some completion of a partial
    route could break it (it is how branches are cut). Raises TooManyClasses past MAX_STEPS."""
    return _Search(book, could_break, breaks).run()
