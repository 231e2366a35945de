"""What summaries can show, over every route: an exact search for answers that break a rule.

The book's own rules about its summaries (`book: limits:`, `never_together`, a route with no
advice) all ask one thing: can some answers make at least `goal` of a set of advice items
show (or, for a minimum, not show)? `find_breach` answers it exactly. Whether an item shows
is itself a condition: its `when` holds and no `when` of an item that hides it does. The
search walks the routing graph depth first, one answer class at a time: each choice of a
single-choice or yes/no question, each class of a number or date, empty or not for text, and
for a multiple-choice question each choice some condition reads, included or left out, one
at a time (the others change nothing). Along the walk each item's condition is kept as what
is left of it to decide (`truth`, three-valued: true, false, or a residual over the
questions that may still be asked), settled further as each answer comes. An item decided
counts at once; what the rest of the walk can add depends only on where the walk is and on
the residuals still open, counted as a multiset (items are interchangeable for a count), so
partial walks that differ only in what they already decided are one state. A branch is cut
when fewer items are undecided than are still needed, or when a bound proved for its state
(the most the rest of the walk can add) is too small. So the answer is exact: either answers
that break the rule, or a proof that none exist. The search is bounded by a number of steps;
past it, `TooManyClasses` says the proof was not finished.
"""

from __future__ import annotations

from collections.abc import Container, Iterable, Iterator, Mapping
from typing import assert_never
from weakref import WeakKeyDictionary

from mendpath.logic.conditions import (
    choices_read,
    holds,
    question_read,
    questions_read,
    relation_space,
)
from mendpath.logic.engine import asked, next_after, offered, refused
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
    Question,
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
        case All() | AnyOf():  # parts worked out lazily: the first that decides it stops
            return _join(
                "any" if isinstance(cond, AnyOf) else "all",
                (truth(item, book, answers, pending, still_open, seen) for item in cond.items),
            )
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


def _join(kind: str, parts: Iterable[Truth]) -> Truth:
    """Parts combined with "all" or "any", simplified: True, False, one part, or the set."""
    stop = kind == "any"  # the value that decides the whole
    rest: set[Residual] = set()
    for part in parts:
        if part is stop:
            return stop
        if part is not (not stop):
            rest.add(part)  # type: ignore[arg-type]
    if not rest:
        return not stop
    if len(rest) == 1:
        return rest.pop()
    return (kind, frozenset(rest))


def _questions(part: Truth, book: Book) -> Iterator[str]:
    """The questions a residual's leaves read."""
    if isinstance(part, bool):
        return
    if isinstance(part, tuple):
        kind, inner = part
        if kind == "not":
            yield from _questions(inner, book)  # type: ignore[arg-type]
        elif kind == "relation":  # (the comparison, the answers it had)
            yield from questions_read(inner[0], book)  # type: ignore[index]
        else:
            for item in inner:  # type: ignore[attr-defined]
                yield from _questions(item, book)
        return
    question = question_read(part)
    if question is not None:
        yield question


def _negate(part: Truth) -> Truth:
    return (not part) if isinstance(part, bool) else ("not", part)


class _State:
    """A partial walk: the answers so far, a multiple-choice question half decided (its
    choices included so far, and how many of its read choices are decided), where the walk
    is, and what is left to decide of the targets not yet decided: the numbers of their
    residuals in `_Space.parts`, sorted (a multiset: targets are counted, not named). The
    targets decided true by the last change are `gained`."""

    __slots__ = ("answers", "decided", "gained", "here", "included", "open", "pending")

    def __init__(
        self,
        answers: dict[str, Answer],
        pending: dict[str, Pending],
        here: str,
        open_: tuple[int, ...],
        gained: int = 0,
        included: frozenset[str] = frozenset(),
        decided: int = 0,
    ) -> None:
        self.answers, self.pending, self.here, self.open = answers, pending, here, open_
        self.gained, self.included, self.decided = gained, included, decided


FALSE, TRUE = 0, 1  # the numbers of the decided residuals


class _Space:
    """What every search over one book shares: its routing, and what searches learnt about
    residuals (their numbers, what each becomes after each change, and the most that a
    multiset of them can still add from a place on the walk, which depends on nothing else)."""

    def __init__(self, book: Book) -> None:
        graph = build_graph(book, walks=False)
        if graph.start is None or (graph.cycles and not book.dynamic):
            raise ValueError("the routing must be sound before summaries can be bounded")
        self.start: str = graph.start
        self.graph = graph
        self.reach: dict[str, set[str]] = {}
        self.read = choices_read(book)
        self.hiders: dict[str, list[Condition | None]] = {}
        for a in book.advice.values():
            for hidden in a.hides:
                self.hiders.setdefault(hidden, []).append(a.when)
        # answers compared with each other: what the rest can be depends on their values
        self.coupled = [q for c in relation_space(book).components for q in c.questions]
        self.routing = [
            c
            for q in book.questions.values()
            for c in (
                *(g for g, _ in q.branches if g is not None),
                *((q.when,) if q.when is not None else ()),
                *(ch.when for ch in q.choices if ch.when is not None),
                *(check.refuse for check in q.checks),
            )
        ]
        self.parts: list[Truth] = [False, True]  # each residual met, by number
        self.numbers: dict[Truth, int] = {False: FALSE, True: TRUE}
        self.reads: list[frozenset[str]] = [frozenset(), frozenset()]  # the questions of each
        self.settled: dict[tuple[object, ...], dict[int, int]] = {}
        self.bound: dict[tuple[object, ...], int] = {}


_SPACES: WeakKeyDictionary[Book, _Space] = WeakKeyDictionary()


def _space(book: Book) -> _Space:
    space = _SPACES.get(book)
    if space is None:
        space = _SPACES[book] = _Space(book)
    return space


# What a search counts: ("advice", id, True) an item shown, ("advice", id, False) an item not
# shown, ("situation", id, True / False) a situation that holds or does not.
Target = tuple[str, str, bool]


class _Search:
    """Answers on which at least `goal` of the targets come true.

    Whether an item shows is itself a condition: its `when` holds and the `when` of no item
    that hides it holds (`outcome` hides an item whenever a hider's condition holds); a
    target that asks for the opposite is that condition negated. The search walks answer
    classes depth first, keeping for each target what is left of its condition (`truth`,
    then `_settle` as each answer comes). A target whose condition is decided counts now;
    the state that matters for the rest of the walk is where it is and the residuals of the
    targets still undecided, so walks that decided different targets but left the same
    residuals are one state (`bound`, by that key). A branch is cut when fewer targets are
    undecided than are still needed, or when the key's known bound on what the rest of the
    walk can add is too small."""

    def __init__(self, book: Book, targets: Iterable[Target], goal: int) -> None:
        space = _space(book)
        self.book = book
        self.start, self.graph, self.reach, self.read = (
            space.start,
            space.graph,
            space.reach,
            space.read,
        )
        self.hiders, self.routing = space.hiders, space.routing
        self.coupled = space.coupled
        self.parts, self.numbers, self.settled = space.parts, space.numbers, space.settled
        self.reads = space.reads
        self.bound = space.bound
        self.targets = tuple(dict.fromkeys(targets))
        self.goal = goal
        self.steps = 0
        self.dead: set[tuple[object, ...]] = set()  # states no complete walk leaves

    # -- states ------------------------------------------------------------------------

    def _open(
        self, answers: Mapping[str, Answer], pending: Mapping[str, Pending], here: str
    ) -> _Open:
        return _Open(self.graph, here, _Both(answers, pending), self.reach)

    def first(self) -> _State:
        answers: dict[str, Answer] = {}
        pending: dict[str, Pending] = {}
        still_open = self._open(answers, pending, self.start)
        numbers = [
            self._number(self._target(t, answers, pending, still_open)) for t in self.targets
        ]
        undecided = tuple(sorted(n for n in numbers if n > TRUE))
        return _State(answers, pending, self.start, undecided, numbers.count(TRUE))

    def _number(self, part: Truth) -> int:
        """The number of a residual (equal residuals share one)."""
        number = self.numbers.get(part)
        if number is None:
            number = self.numbers[part] = len(self.parts)
            self.parts.append(part)
            self.reads.append(frozenset(_questions(part, self.book)))
        return number

    def _still_open_at(self, here: str) -> set[str] | None:
        """The questions that may be asked from `here` on (None where routing order stands
        in for them, on a large book)."""
        if here == END:
            return set()
        if not self.graph.cycles and len(self.graph.succ) > EXACT_REACH:
            return None
        if here not in self.reach:
            self.reach[here] = reachable(Graph(here, self.graph.succ)) | {here}
        return self.reach[here]

    def _target(
        self,
        target: Target,
        answers: Mapping[str, Answer],
        pending: Mapping[str, Pending],
        still_open: _Open,
    ) -> Truth:
        """What is left of a target's condition at the start."""
        book = self.book
        kind, ident, wanted = target
        if kind == "situation":
            situation = book.situations.get(ident)
            part = (
                False
                if situation is None
                else truth(situation.when, book, answers, pending, still_open)
            )
        elif ident not in book.advice:
            part = False
        else:
            part = _join(
                "all",
                (
                    truth(book.advice[ident].when, book, answers, pending, still_open),
                    *(
                        _negate(truth(h, book, answers, pending, still_open))
                        for h in self.hiders.get(ident, ())
                    ),
                ),
            )
        return part if wanted else _negate(part)

    def _settle(
        self,
        part: Truth,
        answers: Mapping[str, Answer],
        pending: Mapping[str, Pending],
        still_open: _Open,
    ) -> Truth:
        """A residual given more answers (or fewer questions still open)."""
        if isinstance(part, bool):
            return part
        if isinstance(part, tuple):
            kind, inner = part
            if kind == "not":
                return _negate(self._settle(inner, answers, pending, still_open))  # type: ignore[arg-type]
            if kind == "relation":  # decided afresh from the comparison itself
                return truth(inner[0], self.book, answers, pending, still_open)  # type: ignore[index]
            parts: frozenset[Residual] = inner  # type: ignore[assignment]
            return _join(kind, (self._settle(p, answers, pending, still_open) for p in parts))
        return truth(part, self.book, answers, pending, still_open)

    def _moved(
        self,
        st: _State,
        change: tuple[str, object],
        answers: dict[str, Answer],
        pending: dict[str, Pending],
        here: str,
        included: frozenset[str] = frozenset(),
        decided: int = 0,
    ) -> _State:
        """The state after one change: `change` is the question answered, skipped or being
        decided and what it became. Every residual speaks only of questions still open
        before the change, so what it becomes depends on the change and on where the walk
        goes (which questions close), and is worked out once per residual (`settled`)."""
        context = (*change, here)
        table = self.settled.get(context)
        if table is None:
            table = self.settled[context] = {}
        try:
            after = list(map(table.__getitem__, st.open))
        except KeyError:
            # A residual that does not read the question changed, and whose questions all
            # stay open, stays as it is; the others are settled.
            asked_here, reach = change[0], self._still_open_at(here)
            still_open = self._open(answers, pending, here)
            for number in st.open:
                if number not in table:
                    reads = self.reads[number]
                    if reach is not None and asked_here not in reads and reads <= reach:
                        table[number] = number
                        continue
                    part = self._settle(self.parts[number], answers, pending, still_open)
                    table[number] = self._number(part)
            after = list(map(table.__getitem__, st.open))
        undecided = tuple(sorted(filter(TRUE.__lt__, after)))
        return _State(answers, pending, here, undecided, after.count(TRUE), included, decided)

    def _children(self, st: _State) -> Iterator[_State]:
        book = self.book
        question = book.questions[st.here]
        qid, answers = question.id, st.answers
        if not st.decided and not asked(book, question, answers):  # its `when` does not hold
            goes = next_after(book, question, None, answers)
            yield self._moved(st, (qid, None), answers, st.pending, goes)
            return
        if question.spec.many_choices:  # decided one read choice at a time
            read = self._read(question, answers)
            if st.decided == len(read):
                chose = [c for c in question.choice_ids() if c in st.included]
                if refused(book, question, chose, answers) is not None:
                    return  # not an answer: a check refuses it
                given: dict[str, Answer] = {**answers, qid: chose}
                pending = {k: v for k, v in st.pending.items() if k != qid}
                goes = next_after(book, question, chose, given)
                yield self._moved(st, (qid, tuple(chose)), given, pending, goes)
                return
            decided = frozenset(read[: st.decided + 1])
            for include in (False, True):
                chosen = st.included | {read[st.decided]} if include else st.included
                if include and question.lone_choice(chosen) is not None:
                    continue  # an `exclusive` choice stands alone
                pending = {**st.pending, qid: (chosen, decided)}
                change = (qid, (chosen, decided))
                yield self._moved(st, change, answers, pending, qid, chosen, st.decided + 1)
            return
        for value in classes_of(book, question, answers, self.read):
            given = {**answers, qid: value}
            goes = next_after(book, question, value, given)
            yield self._moved(st, (qid, value), given, st.pending, goes)

    def _read(self, question: Question, answers: Mapping[str, Answer]) -> tuple[str, ...]:
        """The choices to decide: offered, and read by some condition."""
        if not self.book.dynamic:  # every choice is offered
            return self.read.get(question.id, ())
        shown = {c.id for c in offered(self.book, question, answers)}
        return tuple(c for c in self.read.get(question.id, ()) if c in shown)

    def _key(self, st: _State) -> tuple[object, ...]:
        """What the rest of the walk depends on: where it is, and the residuals still to
        decide, as a multiset (targets are counted, not named, so two targets left with the
        same residual are interchangeable)."""
        residuals = st.open
        # the answer classes of a question compared with others depend on their answers
        coupled = tuple((q, repr(st.answers[q])) for q in self.coupled if q in st.answers)
        if not self.book.dynamic:
            return (st.here, st.decided, residuals, coupled)
        still_open = self._open(st.answers, st.pending, st.here)
        routing = tuple(
            truth(c, self.book, st.answers, st.pending, still_open) for c in self.routing
        )
        return (st.here, st.decided, residuals, routing, coupled)

    # -- the search ---------------------------------------------------------------------

    def run(self) -> dict[str, Answer] | None:
        st = self.first()
        got = self._can(st, self.goal - st.gained)
        return got if isinstance(got, dict) else None

    def _can(self, st: _State, need: int) -> dict[str, Answer] | int:
        """Answers completing this walk on which `need` more targets come true, or a proved
        bound on how many more can (less than `need`)."""
        if need <= 0:
            done = self._complete(st)
            return need - 1 if done is None else done  # a dead end completes nothing
        if len(st.open) < need or st.here == END:
            return len(st.open)
        if len(st.answers) > len(self.book.questions):  # pragma: no cover - a loop (MP120)
            return 0
        key = self._key(st)
        known = self.bound.get(key)
        if known is not None and known < need:
            return known
        self.steps += 1
        if self.steps > MAX_STEPS:
            raise TooManyClasses
        best = 0
        for child in self._children(st):
            gained = child.gained
            got = self._can(child, need - gained)
            if isinstance(got, dict):
                return got
            best = max(best, gained + got)
        self.bound[key] = best if known is None else min(known, best)
        return best

    def _complete(self, st: _State) -> dict[str, Answer] | None:
        """Any complete walk on from this state (what it decided no longer changes), or None
        when every walk on from it ends where a check refuses every answer. Depth first,
        backtracking from such dead ends, each dead state (by its key) tried once."""
        if not self.book.dynamic:  # no checks and no conditions: every walk completes
            while st.here != END:
                nxt = next(self._children(st), None)
                if nxt is None:  # pragma: no cover - a question with no answers (MP1xx)
                    return None
                st = nxt
            return dict(st.answers)
        walk: list[tuple[tuple[object, ...], Iterator[_State]]] = []
        while True:
            if st.here == END:
                return dict(st.answers)
            key = (*self._key(st), st.included)
            if key not in self.dead and len(st.answers) <= len(self.book.questions):
                self.steps += 1
                if self.steps > MAX_STEPS:
                    raise TooManyClasses
                walk.append((key, self._children(st)))
            while walk:
                nxt = next(walk[-1][1], None)
                if nxt is not None:
                    st = nxt
                    break
                self.dead.add(walk.pop()[0])
            else:
                return None


def find_breach(
    book: Book, members: Iterable[str], goal: int, *, shown: bool = True
) -> dict[str, Answer] | None:
    """Answers on a complete route on which at least `goal` of the `members` show (with
    `shown=False`: at least `goal` of them do not show), or None when no answers can.
    Raises TooManyClasses past MAX_STEPS."""
    members = tuple(dict.fromkeys(members))
    if shown and goal >= 2 and _hide_each_other(book, members):
        return None  # of items that hide each other, at most one shows
    return _Search(book, (("advice", m, shown) for m in members), goal).run()


def _hide_each_other(book: Book, members: tuple[str, ...]) -> bool:
    """Whether of every two of these items one hides the other: then no answers show two,
    since an item shows only when no item that hides it holds (`outcome`)."""
    hides = {m: set(book.advice[m].hides) for m in members if m in book.advice}
    return len(hides) == len(members) and all(
        b in hides[a] or a in hides[b] for i, a in enumerate(members) for b in members[i + 1 :]
    )


def find_answers(
    book: Book,
    *,
    show: Iterable[str] = (),
    hide: Iterable[str] = (),
    holds: Iterable[str] = (),
    fails: Iterable[str] = (),
) -> dict[str, Answer] | None:
    """Answers on a complete route that show every item of `show`, none of `hide`, and on
    which every situation of `holds` holds and none of `fails` does; None when no answers
    can. Raises TooManyClasses past MAX_STEPS."""
    targets = [
        *(("advice", a, True) for a in show),
        *(("advice", a, False) for a in hide),
        *(("situation", s, True) for s in holds),
        *(("situation", s, False) for s in fails),
    ]
    return _Search(book, targets, len(dict.fromkeys(targets))).run()
