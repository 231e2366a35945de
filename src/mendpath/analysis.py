"""Reasoning over a book's routes: the routing graph, and whether a condition can hold.

A complete interview is a walk from the first question to the end, one answer per question
on the walk. A condition can hold when some walk with some answers makes it true. To decide
that, the condition is put in disjunctive normal form (situations inlined); each conjunction
becomes constraints per question (must be on the walk, allowed choices, must stay off it),
and a walk is searched for that visits the required questions in routing order, using only
allowed routes. The search also yields a witness: answers that make the condition true.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from mendpath.model import (
    END,
    All,
    Answered,
    AnswerIn,
    AnyOf,
    Book,
    Condition,
    Includes,
    Invalid,
    Not,
    Question,
    SituationRef,
)

MAX_CONJUNCTS = 512
EXAMPLE_TEXT = "example"

Answer = str | list[str]


# --- the routing graph ------------------------------------------------------------------


@dataclass
class Graph:
    """Routes between questions. `order` is a topological order when `cycles` is empty."""

    start: str | None
    succ: dict[str, list[tuple[str | None, str]]]  # question -> [(choice or None, target)]
    order: dict[str, int] = field(default_factory=dict)
    cycles: list[list[str]] = field(default_factory=list)


def build_graph(book: Book) -> Graph:
    succ: dict[str, list[tuple[str | None, str]]] = {}
    for q in book.questions.values():
        succ[q.id] = [
            (choice, target)
            for choice, target in q.targets()
            if target is not None and (target == END or target in book.questions)
        ]
    graph = Graph(book.start if book.start in book.questions else None, succ)
    graph.order, graph.cycles = find_cycles({q: [t for _, t in out] for q, out in succ.items()})
    return graph


def find_cycles(succ: Mapping[str, Iterable[str]]) -> tuple[dict[str, int], list[list[str]]]:
    """A topological index per node, and one cycle per back edge found (iterative DFS).

    Targets not in `succ` (such as END) are ignored. The order is meaningful only when no
    cycle is found.
    """
    order: list[str] = []
    state: dict[str, int] = {}  # 1 on the stack, 2 done
    cycles: list[list[str]] = []
    for root in succ:
        if root in state:
            continue
        stack: list[tuple[str, Iterator[str]]] = [(root, iter(succ[root]))]
        on_stack = [root]
        state[root] = 1
        while stack:
            node, edges = stack[-1]
            for target in edges:
                if target not in succ:
                    continue
                mark = state.get(target)
                if mark is None:
                    state[target] = 1
                    stack.append((target, iter(succ[target])))
                    on_stack.append(target)
                    break
                if mark == 1:
                    cycles.append([*on_stack[on_stack.index(target) :], target])
            else:
                stack.pop()
                on_stack.pop()
                state[node] = 2
                order.append(node)
    order.reverse()
    return {q: i for i, q in enumerate(order)}, cycles


def reachable(graph: Graph) -> set[str]:
    """Questions some walk from the start reaches."""
    if graph.start is None:
        return set()
    seen = {graph.start}
    todo = [graph.start]
    while todo:
        for _, target in graph.succ[todo.pop()]:
            if target != END and target not in seen:
                seen.add(target)
                todo.append(target)
    return seen


# --- conditions in normal form ---------------------------------------------------------

# A literal: (positive, kind, question, payload) where kind is "in" (payload: frozenset of
# choices), "inc" (payload: a choice) or "ans" (payload: None).
Literal_ = tuple[bool, str, str, Any]
Conjunct = frozenset[Literal_]


class TooComplex(Exception):
    """The normal form would be too large to reason about."""


def dnf(cond: Condition, book: Book, negate: bool = False) -> list[Conjunct]:
    """The condition (or its negation) as a list of conjunctions of literals."""
    return _dnf(cond, book, negate, ())


def _dnf(cond: Condition, book: Book, neg: bool, seen: tuple[str, ...]) -> list[Conjunct]:
    if isinstance(cond, Not):
        return _dnf(cond.item, book, not neg, seen)
    if isinstance(cond, All | AnyOf):
        parts = [_dnf(item, book, neg, seen) for item in cond.items]
        conjunctive = isinstance(cond, All) != neg
        if not conjunctive:
            return [c for part in parts for c in part]
        result: list[Conjunct] = [frozenset()]
        for part in parts:
            result = [a | b for a in result for b in part]
            if len(result) > MAX_CONJUNCTS:
                raise TooComplex
        return result
    if isinstance(cond, SituationRef):
        situation = book.situations.get(cond.situation)
        if situation is None or cond.situation in seen:
            return [] if not neg else [frozenset()]  # unknown or looping: never true
        return _dnf(situation.when, book, neg, (*seen, cond.situation))
    if isinstance(cond, AnswerIn):
        return [frozenset({(not neg, "in", cond.question, frozenset(cond.choices))})]
    if isinstance(cond, Includes):
        return [frozenset({(not neg, "inc", cond.question, cond.choice)})]
    if isinstance(cond, Answered):
        return [frozenset({(not neg, "ans", cond.question, None)})]
    assert isinstance(cond, Invalid)
    return [] if not neg else [frozenset()]


@dataclass
class _Need:
    """What one conjunction asks of one question."""

    question: Question
    required: bool = False
    forbidden: bool = False
    allowed: set[str] | None = None  # single / yes_no: choices allowed if on the walk
    include: set[str] = field(default_factory=set)  # multiple
    exclude: set[str] = field(default_factory=set)  # multiple
    nonempty: bool = False  # text
    empty: bool = False  # text

    def feasible(self) -> bool:
        if self.allowed is not None and not self.allowed:
            self.forbidden = True
        if self.include & self.exclude or (self.nonempty and self.empty):
            self.forbidden = True
        return not (self.required and self.forbidden)

    def answer(self, via: str | None) -> Answer:
        q = self.question
        if q.kind == "multiple":
            return [c.id for c in q.choices if c.id in self.include]
        if q.kind == "text":
            return "" if self.empty else EXAMPLE_TEXT
        assert via is not None
        return via


def _needs(conj: Conjunct, book: Book) -> dict[str, _Need] | None:
    needs: dict[str, _Need] = {}
    for positive, kind, qid, payload in conj:
        q = book.questions.get(qid)
        if q is None:
            if positive:
                return None  # an unknown question is never answered
            continue
        need = needs.setdefault(qid, _Need(q))
        choice_kind = q.kind in ("single", "yes_no")
        if kind == "ans":
            if positive:
                need.required = True
                need.nonempty = q.kind == "text"
            elif q.kind == "text":
                need.empty = True
            else:
                need.forbidden = True
        elif kind == "in":
            if not choice_kind:
                if positive:
                    return None
                continue
            base = need.allowed if need.allowed is not None else set(q.choice_ids())
            need.allowed = base & payload if positive else base - payload
            need.required |= positive
        elif kind == "inc":
            if q.kind != "multiple":
                if positive:
                    return None
                continue
            (need.include if positive else need.exclude).add(payload)
            need.required |= positive
    for need in needs.values():
        if not need.feasible():
            return None
    return needs


def _walk(
    graph: Graph, needs: dict[str, _Need], src: str, dst: str
) -> list[tuple[str, str | None]] | None:
    """A walk from src to dst (exclusive) honouring the needs: [(question, choice taken)]."""
    limit = graph.order.get(dst, len(graph.order) + 1)
    parent: dict[str, tuple[str, str | None] | None] = {src: None}
    todo = [src]
    while todo:
        node = todo.pop()
        need = needs.get(node)
        for choice, target in graph.succ[node]:
            if need is not None and need.allowed is not None and choice not in need.allowed:
                continue
            if target in parent or (target != END and graph.order[target] > limit):
                continue
            if target != dst and target != END:
                tneed = needs.get(target)
                if tneed is not None and (tneed.forbidden or tneed.required):
                    continue
            elif target != dst:
                continue
            parent[target] = (node, choice)
            if target == dst:
                steps: list[tuple[str, str | None]] = []
                back = parent[dst]
                while back is not None:
                    steps.append(back)
                    back = parent[back[0]]
                return steps[::-1]
            todo.append(target)
    return None


def witness(conj: Conjunct, book: Book, graph: Graph) -> dict[str, Answer] | None:
    """Answers on one complete walk that make the conjunction true, or None when none can."""
    if graph.start is None or graph.cycles:
        return None
    needs = _needs(conj, book)
    if needs is None:
        return None
    start_need = needs.get(graph.start)
    if start_need is not None and start_need.forbidden:
        return None
    required = sorted((q for q, n in needs.items() if n.required), key=lambda q: graph.order[q])
    if any(q not in graph.order for q in required):
        return None
    stops = [q for q in required if q != graph.start]
    answers: dict[str, Answer] = {}
    here = graph.start
    for stop in [*stops, END]:
        steps = _walk(graph, needs, here, stop)
        if steps is None:
            return None
        for qid, choice in steps:
            need = needs.get(qid) or _Need(book.questions[qid])
            answers[qid] = need.answer(choice)
        here = stop
    return answers


def example(
    cond: Condition | None, book: Book, graph: Graph, negate: bool = False
) -> dict[str, Answer] | None:
    """Answers that make the condition (or, with negate, its negation) true, or None.

    Raises TooComplex when the condition's normal form is too large to search.
    """
    if cond is None:
        conjuncts: list[Conjunct] = [] if negate else [frozenset()]
    else:
        conjuncts = dnf(cond, book, negate)
    for conj in conjuncts:
        found = witness(conj, book, graph)
        if found is not None:
            return found
    return None
