"""Every walk of a book routed by conditions, with walks that can no longer differ merged.

`walks.explore` follows every walk one answer class at a time: a chain of twenty questions
with three classes each is already 3^20 walks. But two partial walks standing at the same
question behave alike from there on when every condition still to be decided says the same
about them. So each condition is kept as its *residual*: what is left of it once the answered
questions, and those no walk can still ask, are put in. Where two walks stand at one question
with the same residuals, everything after is the same, and the second is not followed again.

Which conditions: those that decide the route (a question's `when`, its choices' `when`, its
`next` guards), for as long as their question is still ahead; and the facts gathered, for as
long as they are not decided: each advice item's `when`, whether it is shown (its `when`, and
no item that hides it passing), each situation. When a fact is decided on a partial walk, it is
recorded with answers that finish that walk (in a book whose routing graph has no loop every
partial walk can be finished), and drops out of the state.

A question no walk can still ask is known from the routing graph's topological order: the
walk only ever moves forward in it, so questions before the current one, if unanswered, stay
unanswered. That is why this search is used only for routing graphs without a loop; others
are explored walk by walk (`walks.explore`), where a loop that answers walk is found.

Exact: residuals are equal only when the conditions they come from agree on every way the
walk can go on, so what is recorded is what walk-by-walk exploration records (a property test
compares the two). The number of states is bounded by MAX_STATES (then `TooManyWalks`).
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Iterator
from typing import NamedTuple, assert_never

from mendpath.logic.conditions import choices_read, holds, questions_read, relation_space
from mendpath.logic.engine import asked, way_out, way_target
from mendpath.logic.outcome import hiders, shown_condition, variant_conditions
from mendpath.logic.routing import Graph, build_graph
from mendpath.logic.walks import (
    MAX_WALKS,
    Findings,
    TooManyWalks,
    classes_of,
    findings,
    guards,
    needs,
    no_findings,
    note_asked,
    note_step,
)
from mendpath.model import (
    END,
    All,
    Answer,
    Answered,
    AnswerIn,
    AnyOf,
    Book,
    Choice,
    Compare,
    Condition,
    Includes,
    Invalid,
    Not,
    Question,
    Relation,
    SituationRef,
)

MAX_STATES = MAX_WALKS  # states (each standing for many walks), as walks are bounded there

Residual = Hashable  # True, False, the condition itself when nothing in it is known, a tuple


def residual(
    cond: Condition, book: Book, answers: dict[str, Answer], is_open: Callable[[str], bool]
) -> Residual:
    """What is left of a condition: True or False when the answers decide it, the condition
    itself when nothing in it is decided yet, else a tuple of what is left of its parts."""
    match cond:
        case All() | AnyOf():
            conjunctive = isinstance(cond, All)
            kept: list[Residual] = []
            changed = False
            for item in cond.items:
                left = residual(item, book, answers, is_open)
                if left is not item:
                    changed = True
                if left is (not conjunctive):  # False in all, True in any: decided
                    return left
                if left is not conjunctive:  # True in all, False in any is left out
                    kept.append(left)
            if not changed:
                return cond
            if not kept:
                return conjunctive
            return kept[0] if len(kept) == 1 else ("all" if conjunctive else "any", *kept)
        case Not():
            left = residual(cond.item, book, answers, is_open)
            if left is cond.item:
                return cond
            return (not left) if isinstance(left, bool) else ("not", left)
        case SituationRef():
            situation = book.situations.get(cond.situation)
            if situation is None:
                return False
            left = residual(situation.when, book, answers, is_open)  # no loops: checked first
            return cond if left is situation.when else left
        case Answered() | AnswerIn() | Includes() | Compare():
            return cond if is_open(cond.question) else holds(cond, book, answers)
        case Relation():  # a comparison with another answer or a value
            reads = sorted(questions_read(cond, book))
            if not any(is_open(q) for q in reads):
                return holds(cond, book, answers)  # (an answer never given: False)
            known = tuple((q, repr(answers[q])) for q in reads if q in answers)
            return ("relation", cond, known) if known else cond
        case Invalid():
            return False
        case _:
            assert_never(cond)


Edges = dict[Hashable, list[tuple[str | None, Hashable]]]


def merged_findings(book: Book, graph: Graph, edges: Edges | None = None) -> Findings:
    """What `walks.findings` finds (all but `routes`, left 0), for a routing graph with no
    loop, with walks merged where nothing still to be decided tells them apart. With `edges`,
    also the steps between states: state -> [(question asked, or None if skipped, next
    state or END)], and under None the first state."""
    assert book.start is not None
    assert not graph.cycles
    order = graph.order
    last = len(order)
    by_order = sorted(order, key=order.__getitem__)
    read = choices_read(book)

    # The conditions followed: key -> (condition, the order after which it no longer counts)
    followed: dict[tuple[str, str], tuple[Condition, int]] = {}
    for q in book.questions.values():
        at = order[q.id]
        if q.when is not None:
            followed[("asked", q.id)] = (q.when, at)
        for c in q.choices:
            if c.when is not None:
                followed[("offered", f"{q.id}:{c.id}")] = (c.when, at)
        for i, (guard, _) in enumerate(q.branches):
            if guard is not None:
                followed[("guard", f"{q.id}:{i}")] = (guard, at)
        worded: list[tuple[Question | Choice, str]] = [(q, q.id)]
        worded += [(c, f"{q.id}:{c.id}") for c in q.choices]
        for element, named in worded:
            for field, variants in element.variants.items():  # the wording where it is asked
                for i, (when, _) in enumerate(variants):
                    followed[("wording", f"{named}:{field}:{i}")] = (when, at)
        for i, check in enumerate(q.checks):  # the answers refused, and those it must read
            followed[("refused", f"{q.id}:{i}")] = (check.refuse, at)
            for needed in [*needs(check, book, q.id), *guards(check)]:
                followed[("given", f"{q.id}:{needed}")] = (Answered(needed, check.origin), at)
    hidden = hiders(book)
    always = [a.id for a in book.advice.values() if a.when is None and not hidden.get(a.id)]
    for a in book.advice.values():
        if a.when is not None:
            followed[("when", a.id)] = (a.when, last)
        hidden_by = hidden.get(a.id, [])
        if any(h.when is None for h in hidden_by):
            continue  # an item shown to everyone hides it: never shown
        shown_when = shown_condition(a, hidden_by)
        if shown_when is not None:
            followed[("shown", a.id)] = (shown_when, last)
    used: dict[str, tuple[tuple[str, str], int]] = {}  # a wording variant used where shown
    for a in book.advice.values():
        hidden_by = hidden.get(a.id, [])
        if not a.variants or any(h.when is None for h in hidden_by):
            continue  # no variants, or never shown
        shown_at = followed.get(("shown", a.id))
        shown = [] if shown_at is None else [shown_at[0]]
        for field in a.variants:
            for i, cond in enumerate(variant_conditions(a, field, shown)):
                named = f"{a.id}:{field}:{i}"
                used[named] = ((f"advice:{a.id}", field), i)
                followed[("used", named)] = (cond, last)
    for s in book.situations.values():
        followed[("situation", s.id)] = (s.when, last)
    reading: dict[str, list[tuple[str, str]]] = {}
    for key, (cond, _) in followed.items():
        for qid in questions_read(cond, book):
            reading.setdefault(qid, []).append(key)

    found = no_findings()

    def decided(key: tuple[str, str], value: bool) -> bool:
        """Record a fact; whether an example of it is wanted (a shown item)."""
        kind, ident = key
        if kind == "when":
            found.holds_when.setdefault(ident, set()).add(value)
        elif kind == "situation":
            found.situations.setdefault(ident, set()).add(value)
        elif kind == "used" and value:
            worded, i = used[ident]
            found.worded.setdefault(worded, set()).add(i)
        return kind == "shown" and value and ident not in found.shown

    def step(
        left: dict[tuple[str, str], Residual], answers: dict[str, Answer], here: str, goes: str
    ) -> tuple[dict[tuple[str, str], Residual], list[str]]:
        """The residuals at `goes` once `here` and the questions between (in routing order)
        are behind; and the items whose being shown was decided on the way."""
        at = order[goes] if goes != END else last

        def is_open(qid: str) -> bool:
            return qid not in answers and order.get(qid, -1) >= at

        now = {k: r for k, r in left.items() if followed[k][1] >= at}
        shown: list[str] = []
        for qid in by_order[order[here] : at]:
            for key in reading.get(qid, ()):
                cond, until = followed[key]
                if until < at:
                    now.pop(key, None)
                    continue
                result = residual(cond, book, answers, is_open)
                if isinstance(result, bool) and key[0] not in ROUTING:
                    now.pop(key, None)  # decided: recorded, and no longer part of the state
                    if decided(key, result):
                        shown.append(key[1])
                elif result is cond:
                    now.pop(key, None)
                else:
                    now[key] = result
        return now, shown

    # At the start, every condition against the questions before it (none can be asked).
    start = book.start
    begin = order[start]
    first: dict[tuple[str, str], Residual] = {}
    shown_at_start: list[str] = []
    for key, (cond, until) in followed.items():
        if until < begin:
            continue
        result = residual(cond, book, {}, lambda qid: order.get(qid, -1) >= begin)
        if isinstance(result, bool) and key[0] not in ROUTING:
            if decided(key, result):
                shown_at_start.append(key[1])
        elif result is not cond:
            first[key] = result

    def children(
        here: str, answers: dict[str, Answer], left: dict[tuple[str, str], Residual]
    ) -> Iterator[_Child]:
        question = book.questions[here]
        if not asked(book, question, answers):
            try:
                way = way_out(book, question, None, answers)
            except ValueError:  # nowhere to go: reported by MP113
                return
            note_step(found, question, None, way)
            goes = way_target(question, None, way)
            yield _Child(answers, goes, *step(left, answers, here, goes), None)
            return
        note_asked(found, book, question, answers, read)
        for value in classes_of(book, question, answers, read):
            given = {**answers, here: value}
            try:
                way = way_out(book, question, value, given)
            except ValueError:
                continue
            note_step(found, question, value, way)
            goes = way_target(question, value, way)
            yield _Child(given, goes, *step(left, given, here, goes), value)

    completions: dict[Hashable, dict[str, Answer]] = {}  # state -> answers that finish it

    def finish(frame: _Frame, child: _Child, completion: dict[str, Answer]) -> None:
        """A step from frame, into child, is finished by `completion`: the items decided
        shown on that step get their example, and the frame its completion (its first)."""
        for aid in child.shown:
            found.shown.setdefault(aid, {**child.answers, **completion})
        if frame.completion is None:
            mine = {frame.here: child.value} if child.value is not None else {}
            frame.completion = mine | completion

    # Which cells a question compared with others offers depends on the answers given to the
    # others (`Space.classes`), so walks merge only when those answers agree too.
    coupled = [q for c in relation_space(book).components for q in c.questions]

    def with_coupled(answers: dict[str, Answer]) -> tuple[tuple[str, str], ...]:
        return tuple((q, repr(answers[q])) for q in coupled if q in answers)

    stack = [_Frame(start, (start, frozenset(first.items()), ()), children(start, {}, first))]
    if edges is not None:
        edges[None] = [(None, stack[0].key)]
    root: dict[str, Answer] = {}
    states = 0
    while stack:
        frame = stack[-1]
        child = next(frame.children, None)
        if child is None:
            stack.pop()
            completion = frame.completion or {}
            completions[frame.key] = completion
            if stack:
                parent = stack[-1]
                assert parent.current is not None
                finish(parent, parent.current, completion)
            else:
                root = completion
            continue
        frame.current = child
        state = (
            END
            if child.goes == END
            else (child.goes, frozenset(child.left.items()), with_coupled(child.answers))
        )
        if edges is not None:
            label = frame.here if child.value is not None else None
            edges.setdefault(frame.key, []).append((label, state))
        if child.goes == END:
            finish(frame, child, {})
            continue
        if state in completions:
            finish(frame, child, completions[state])
            continue
        states += 1
        if states > MAX_STATES:
            raise TooManyWalks
        stack.append(_Frame(child.goes, state, children(child.goes, child.answers, child.left)))
    for aid in [*shown_at_start, *always]:
        found.shown.setdefault(aid, root)
    return found


# conditions that decide the route (and the answers checks refuse, whether the answers they
# read are given, and the wording a question is asked in), not facts
ROUTING = ("asked", "offered", "guard", "refused", "given", "wording")


class _Child(NamedTuple):
    """One step of a walk: the answers after it, where it goes, the residuals there, the
    items decided shown on it, and the answer given (None: the question was skipped)."""

    answers: dict[str, Answer]
    goes: str
    left: dict[tuple[str, str], Residual]
    shown: list[str]
    value: Answer | None


class _Frame:
    """A state being explored: its question, its key, the steps still to try from it."""

    __slots__ = ("children", "completion", "current", "here", "key")

    def __init__(self, here: str, key: Hashable, children: Iterator[_Child]) -> None:
        self.here, self.key, self.children = here, key, children
        self.completion: dict[str, Answer] | None = None  # answers that finish the walk
        self.current: _Child | None = None


def findings_of(book: Book) -> Findings:
    """What exploring every walk finds (`routes` left 0): merged when the routing graph has
    no loop, walk by walk (`walks.findings`, which also finds the loops) otherwise."""
    graph = build_graph(book, walks=False)
    if book.start in book.questions and not graph.cycles:
        return merged_findings(book, graph)
    return findings(book)


def count_sequences(book: Book, graph: Graph) -> int:
    """How many distinct sequences of questions asked lead from the first question to the
    end (what `walks.findings` counts as routes), over the merged states: the states reached
    after one sequence are followed together, so each sequence is counted once."""
    edges: Edges = {}
    merged_findings(book, graph, edges)

    def closure(nodes: Iterable[Hashable]) -> frozenset[Hashable]:
        """The states where something is asked (or END), skipped questions passed."""
        result: set[Hashable] = set()
        todo = list(nodes)
        while todo:
            node = todo.pop()
            out = edges.get(node, []) if node != END else []
            if node != END and out and out[0][0] is None:
                todo.append(out[0][1])
            elif node == END or out:
                result.add(node)
        return frozenset(result)

    def following(nodes: frozenset[Hashable]) -> list[frozenset[Hashable]]:
        groups: dict[str | None, list[Hashable]] = {}
        for node in nodes:
            if node != END:
                for label, after in edges[node]:
                    groups.setdefault(label, []).append(after)
        return [closure(group) for group in groups.values()]

    counts: dict[frozenset[Hashable], int] = {}
    first = closure(after for _, after in edges[None])
    stack = [first]
    while stack:
        nodes = stack[-1]
        if nodes in counts:
            stack.pop()
            continue
        after = following(nodes)
        missing = [n for n in after if n not in counts]
        if missing:
            stack += missing
            continue
        counts[nodes] = (END in nodes) + sum(counts[n] for n in after)
        if len(counts) > MAX_STATES:
            raise TooManyWalks
        stack.pop()
    return counts[first]
