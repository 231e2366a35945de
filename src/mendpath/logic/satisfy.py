"""Whether a condition can hold on some walk, and answers that make it hold (a witness).

See routing.py for the walks; the method is described there."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from itertools import product
from typing import Any, assert_never

from mendpath.logic.conditions import EXAMPLE_TEXT, answer_classes, choice_set, relation_space
from mendpath.logic.linear import Atom, Chosen, atom_true
from mendpath.logic.linear import point as exact_point
from mendpath.logic.measures import meets, point
from mendpath.logic.relations import Component, TooManyCells
from mendpath.logic.routing import Graph
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

MAX_CONJUNCTS = 512
FIRST_STEPS = 8  # questions after `here` that `_between` tries tree walks from

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
    match cond:
        case Not():
            return _dnf(cond.item, book, not neg, seen)
        case All() | AnyOf():
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
        case SituationRef():
            situation = book.situations.get(cond.situation)
            if situation is None or cond.situation in seen:
                return [] if not neg else [frozenset()]  # unknown or looping: never true
            return _dnf(situation.when, book, neg, (*seen, cond.situation))
        case AnswerIn():
            return [frozenset({(not neg, "in", cond.question, frozenset(cond.choices))})]
        case Includes():
            return [frozenset({(not neg, "inc", cond.question, cond.choice)})]
        case Answered():
            return [frozenset({(not neg, "ans", cond.question, None)})]
        case Compare():
            return [frozenset({(not neg, "cmp", cond.question, cond)})]
        case Relation():
            return _relation(cond, book, neg)
        case Invalid():
            return [] if not neg else [frozenset()]  # never true
        case _:
            assert_never(cond)


def _relation(cond: Relation, book: Book, neg: bool) -> list[Conjunct]:
    """A comparison with answers or values: every question it reads answered, and each of
    its atoms true; its negation: some question it reads not answered, or some atom false.
    An atom literal is (truth wanted, "atom", "", atom)."""
    found = relation_space(book).form(cond, book)
    if not found.atoms:
        if found.problem is not None:
            raise TooComplex  # refused by validate (MP173): never reasoned about
        return [] if not neg else [frozenset()]  # broken: never true
    reads = sorted({q for a in found.atoms for q in a.reads})
    answered = frozenset((True, "ans", q, None) for q in reads)
    if found.cases is not None:  # some case holds; its negation: in every case a guard fails
        if not neg:
            return [answered | {_guard(True, g) for g in case} for case in found.cases]
        failing: set[Conjunct] = {answered}
        for case in found.cases:
            failing = {f | {_guard(False, g)} for f in failing for g in case}
            if len(failing) > 512:
                raise TooComplex
        return [*(frozenset({(False, "ans", q, None)}) for q in reads), *failing]
    if not neg:
        return [answered | {(True, "atom", "", a) for a in found.atoms}]
    return [
        *(frozenset({(False, "ans", q, None)}) for q in reads),
        *(answered | {(False, "atom", "", a)} for a in found.atoms),
    ]


def _guard(positive: bool, g: Atom | Chosen) -> Literal_:
    """The literal of a guard of a case: an atom, or a lookup's choice (`is` that choice)."""
    match g:
        case Atom():
            return (positive, "atom", "", g)
        case Chosen():
            return (positive, "in", g.question, frozenset({g.choice}))
        case _:
            assert_never(g)


class _Need:
    """What one conjunction asks of one question."""

    __slots__ = (
        "allowed",
        "classes",
        "empty",
        "exclude",
        "forbidden",
        "include",
        "nonempty",
        "question",
        "required",
    )

    def __init__(self, question: Question) -> None:
        self.question = question
        self.required = False
        self.forbidden = False
        self.allowed: set[str] | None = None  # single / yes_no: choices allowed on the walk
        self.include: set[str] = set()  # multiple
        self.exclude: set[str] = set()  # multiple
        self.nonempty = False  # text
        self.empty = False  # text
        self.classes: list[str] | None = None  # number, date: answer classes allowed

    def feasible(self) -> bool:
        if self.allowed is not None and not self.allowed:
            self.forbidden = True
        if self.classes is not None and not self.classes:
            self.forbidden = True
        if self.include & self.exclude or (self.nonempty and self.empty):
            self.forbidden = True
        if self.question.lone_choice(self.include) is not None:  # it stands alone
            self.forbidden = True
        return not (self.required and self.forbidden)

    def answer(self, via: str | None) -> Answer:
        q = self.question
        if q.spec.many_choices:
            return [c.id for c in q.choices if c.id in self.include]
        if q.spec.free_text:
            return "" if self.empty else EXAMPLE_TEXT
        if q.spec.measured:
            return (self.classes or [""])[0]  # _needs gives every measured question its classes
        assert via is not None
        return via


def _new_need(book: Book, question: Question) -> _Need:
    need = _Need(question)
    if question.spec.measured:  # every answer class is allowed until a comparison says not
        need.classes = answer_classes(book)[question.id]
    return need


def _needs(conj: Conjunct, book: Book) -> dict[str, _Need] | None:
    needs: dict[str, _Need] = {}
    space = relation_space(book)
    for positive, kind, qid, payload in conj:
        if kind == "atom":
            moved = payload.questions()
            if not moved:  # a constant truth
                if atom_true(payload, {}) != positive:
                    return None
                continue
            if len(moved) > 1 or moved[0] in space.of:
                continue  # decided with the cells of its component (`_coupled`)
            one = book.questions[moved[0]]
            need = needs.get(one.id) or needs.setdefault(one.id, _new_need(book, one))
            need.classes = [
                v
                for v in need.classes or ()
                if atom_true(payload, {one.id: exact_point(one, v)}) == positive
            ]
            continue
        q = book.questions.get(qid)
        if q is None:
            if positive:
                return None  # an unknown question is never answered
            continue
        need = needs.get(qid) or needs.setdefault(qid, _new_need(book, q))
        choice_kind = q.spec.one_choice
        if kind == "ans":
            if positive:
                need.required = True
                need.nonempty = q.spec.free_text
            elif q.spec.free_text:
                need.empty = True
            else:
                need.forbidden = True
        elif kind == "in":
            if not choice_kind:
                if positive:
                    return None
                continue
            if positive:  # only the choices named: no need to list every choice
                known = need.allowed if need.allowed is not None else choice_set(book, qid)
                need.allowed = {c for c in payload if c in known}
            else:
                base = need.allowed if need.allowed is not None else set(choice_set(book, qid))
                need.allowed = base - payload
            need.required |= positive
        elif kind == "cmp":
            if not q.spec.measured:
                if positive:
                    return None
                continue
            need.classes = [
                v for v in need.classes or () if meets(payload, q, point(q, v)) == positive
            ]
            need.required |= positive
        elif kind == "inc":
            if not q.spec.many_choices:
                if positive:
                    return None
                continue
            (need.include if positive else need.exclude).add(payload)
            need.required |= positive
    for need in needs.values():
        if not need.feasible():
            return None
    return needs


def _allows(needs: dict[str, _Need], node: str, choice: str | None) -> bool:
    """Whether the needs let a walk leave `node` by `choice`."""
    need = needs.get(node)
    return need is None or need.allowed is None or choice in need.allowed


def _blocks(needs: dict[str, _Need], node: str) -> bool:
    """Whether a walk may not pass through `node` on its way somewhere else."""
    need = needs.get(node)
    return need is not None and (need.forbidden or need.required)


def _forward(
    graph: Graph,
    needs: dict[str, _Need],
    src: str,
    is_goal: Callable[[str], bool],
    limit: int,
) -> tuple[str, list[tuple[str, str | None]]] | None:
    """Search forward from src, honouring the needs and never past routing position `limit`,
    for a question (or END) that `is_goal`; returns it and the steps that reach it."""
    parent: dict[str, tuple[str, str | None]] = {}
    todo = [src]
    while todo:
        node = todo.pop()
        for choice, target in graph.succ[node]:
            if not _allows(needs, node, choice) or target in parent:
                continue
            if target != END and graph.order[target] > limit:
                continue
            goal = is_goal(target)
            if not goal and (target == END or _blocks(needs, target)):
                continue
            parent[target] = (node, choice)
            if goal:
                steps: list[tuple[str, str | None]] = []
                back = target
                while back != src:
                    prev, taken = parent[back]
                    steps.append((prev, taken))
                    back = prev
                return target, steps[::-1]
            todo.append(target)
    return None


def _walk(
    graph: Graph, needs: dict[str, _Need], src: str, dst: str
) -> list[tuple[str, str | None]] | None:
    """A walk from src to dst (exclusive) honouring the needs: [(question, choice taken)]."""
    limit = graph.order.get(dst, len(graph.order) + 1)
    found = _forward(graph, needs, src, lambda t: t == dst, limit)
    return None if found is None else found[1]


def _walls(graph: Graph, needs: dict[str, _Need]) -> list[str]:
    """Questions a walk may not simply pass through: forbidden, required (visited as stops),
    or limited to some choices. The start counts only when its choices are limited."""
    walls = []
    for q, n in needs.items():
        if q == graph.start:
            if n.allowed is not None:
                walls.append(q)
        elif n.forbidden or n.required or n.allowed is not None:
            walls.append(q)
    return walls


def _followed(
    onward: dict[str, tuple[str | None, str] | None], node: str
) -> list[tuple[str, str | None]]:
    """The steps from `node` on, following what a backward search recorded: `onward[q]` is
    (the choice taken at q, the question it leads to), None where the walk stops."""
    steps: list[tuple[str, str | None]] = []
    step = onward[node]
    while step is not None:
        steps.append((node, step[0]))
        node = step[1]
        step = onward[node]
    return steps


def _passable(
    needs: dict[str, _Need], node: str, choice: str | None, ends: tuple[str, str]
) -> bool:
    """Whether a walk may leave `node` by `choice` between the two ends of a leg."""
    forbidden = node in needs and needs[node].forbidden
    through = node in ends or not _blocks(needs, node)
    return not forbidden and through and _allows(needs, node, choice)


def _from_start(
    graph: Graph, needs: dict[str, _Need], stop: str, build: bool
) -> list[tuple[str, str | None]] | None:
    """A walk from the start to stop: searched backwards from stop until a question whose
    tree walk from the start crosses no wall."""
    walls = [w for w in _walls(graph, needs) if w != stop]
    onward: dict[str, tuple[str | None, str] | None] = {stop: None}
    todo = [stop]
    while todo:
        node = todo.pop()
        if node in graph.start_times and not any(
            w != node and graph.on_walk_from_start(w, node) for w in walls
        ):
            if not build:
                return []
            return graph.path_from_start(node) + _followed(onward, node)
        for prev, choice in graph.preds.get(node, ()):
            if prev in onward or not _passable(needs, prev, choice, (graph.start or END, stop)):
                continue
            onward[prev] = (choice, node)
            todo.append(prev)
    return None


def _to_end(
    graph: Graph, needs: dict[str, _Need], here: str, build: bool
) -> list[tuple[str, str | None]] | None:
    """A walk from here to the end: searched forwards until a question whose walk to the end
    crosses no wall."""
    after = graph.order[here]
    walls = [w for w in _walls(graph, needs) if graph.order[w] > after]
    if not any(needs[w].forbidden for w in walls):
        # Sound routing: every choice leads on to the end, and no question needs avoiding,
        # so taking an allowed choice at every step always gets there.
        return _greedy_to_end(graph, needs, here) if build else []

    def clear(target: str) -> bool:
        return target == END or not any(graph.on_walk_to_end(w, target) for w in walls)

    found = _forward(graph, needs, here, clear, len(graph.order) + 1)
    if found is None:
        return None
    goal, steps = found
    if not build:
        return []
    return steps + (graph.path_to_end(goal) if goal != END else [])


def _greedy_to_end(
    graph: Graph, needs: dict[str, _Need], here: str
) -> list[tuple[str, str | None]]:
    steps: list[tuple[str, str | None]] = []
    node = here
    while node != END:
        choice, node_next = next((c, t) for c, t in graph.succ[node] if _allows(needs, node, c))
        steps.append((node, choice))
        node = node_next
    return steps


def _between(
    graph: Graph, needs: dict[str, _Need], here: str, stop: str, build: bool
) -> list[tuple[str, str | None]] | None:
    """A walk from here (a question the needs do not forbid) to stop: searched backwards
    from stop, through questions a walk may pass, until `here` itself, or a question that a
    tree walk (from the start, or to the end) reaches from a question just after `here`,
    crossing no wall.

    Exact: the backward search alone finds every walk there is; the trees only let it stop
    early, so two required questions far apart cost about as much as two close together.
    """
    walls = [w for w in _walls(graph, needs) if w != here and w != stop]
    wall_set = set(walls)
    start_walls = [w for w in walls if w in graph.start_times]  # the others are on no tree
    end_walls = [w for w in walls if w in graph.end_times]
    after = graph.order[here]
    on_start, on_end = graph.on_walk_from_start, graph.on_walk_to_end
    firsts: dict[str, str | None] = {}  # a few questions one allowed step after here
    for choice, target in graph.succ[here]:
        if target in (END, stop) or target in wall_set or target in firsts:
            continue
        if _allows(needs, here, choice):
            firsts[target] = choice
            if len(firsts) == FIRST_STEPS:
                break

    def tree_walk(node: str) -> tuple[str, str] | None:
        """A question just after here from which a tree reaches node crossing no wall, and
        which tree ("start" or "end")."""
        for first in firsts:
            if (
                first in graph.start_times
                and node in graph.start_times
                and on_start(first, node)
                and not any(
                    w != node and on_start(first, w) and on_start(w, node) for w in start_walls
                )
            ):
                return first, "start"
            if (
                node in graph.end_times
                and on_end(node, first)
                and not any(w != node and on_end(w, first) and on_end(node, w) for w in end_walls)
            ):
                return first, "end"
        return None

    onward: dict[str, tuple[str | None, str] | None] = {stop: None}
    todo = [stop]
    while todo:
        node = todo.pop()
        found = None if node == here else tree_walk(node)
        if node == here or found is not None:
            if not build:
                return []
            steps: list[tuple[str, str | None]] = []
            if found is not None:
                first, tree = found
                steps.append((here, firsts[first]))
                if tree == "start":
                    back, lead = node, []
                    while back != first:
                        back, choice = graph.tree[back]
                        lead.append((back, choice))
                    steps += lead[::-1]
                else:
                    ahead = first
                    while ahead != node:
                        choice, target = graph.to_end[ahead]
                        steps.append((ahead, choice))
                        ahead = target
            return steps + _followed(onward, node)
        for prev, choice in graph.preds.get(node, ()):
            if prev in onward or graph.order[prev] < after:
                continue
            if not _passable(needs, prev, choice, (here, stop)):
                continue
            onward[prev] = (choice, node)
            todo.append(prev)
    return None


def _leg(
    graph: Graph, needs: dict[str, _Need], here: str, stop: str, build: bool
) -> list[tuple[str, str | None]] | None:
    """A walk from `here` to `stop` (exclusive) honouring the needs, or None.

    With sound routing, walks from the start and to the end use the precomputed trees, so
    their cost depends on the constraints near the questions involved, not on the depth of
    the book. Between two required questions, a search bounded by routing order decides.
    """
    if graph.sound and here == graph.start and stop != END:
        return _from_start(graph, needs, stop, build)
    if graph.sound and stop == END:
        return _to_end(graph, needs, here, build)
    if graph.sound:
        return _between(graph, needs, here, stop, build)
    return _walk(graph, needs, here, stop)


def _search(conj: Conjunct, book: Book, graph: Graph, build: bool) -> dict[str, Answer] | None:
    """Answers on a complete walk meeting the conjunction ({} when not building), or None.

    The walk visits the required questions in routing order; each leg between two of them
    (and from the start, and to the end) is found by `_leg`.
    """
    if graph.start is None or graph.cycles:
        return None
    needs = _needs(conj, book)
    if needs is None:
        return None
    for variant in _coupled(conj, book, needs):
        found = _route(variant, book, graph, build)
        if found is not None:
            return found
    return None


def _coupled(conj: Conjunct, book: Book, needs: dict[str, _Need]) -> Iterator[dict[str, _Need]]:
    """The needs, once for each way the compared answers can be: for every component of
    answers compared with each other that an atom of the conjunction reads, the witness of
    each of its cells (`logic/relations.py`) that makes those atoms as wanted gives its
    questions their answers; a question whose answer in that cell fails its own comparisons
    must then be off the walk. Without such atoms, the needs as they are."""
    space = relation_space(book)
    wanted: dict[int, list[tuple[bool, Atom]]] = {}
    touched: dict[int, Component] = {}
    for positive, kind, _, payload in conj:
        if kind == "atom" and payload.questions():
            component = space.of.get(payload.questions()[0])
            if component is not None and component.problem is not None:
                raise TooComplex  # refused by validate (MP173): never reasoned about
            if component is not None:
                touched[id(component)] = component
                wanted.setdefault(id(component), []).append((positive, payload))
    if not touched:
        yield needs
        return
    compares = [(positive, qid, payload) for positive, kind, qid, payload in conj if kind == "cmp"]
    options: list[list[dict[str, list[str]]]] = []
    try:
        for key, component in touched.items():
            options.append(_cells_for(book, component, wanted[key], compares, needs))
    except TooManyCells as too_many:
        raise TooComplex from too_many
    for choice in product(*options):
        variant = dict(needs)
        for classes in choice:
            for qid, allowed in classes.items():
                need = _copy(needs.get(qid) or _new_need(book, book.questions[qid]))
                need.classes = allowed  # (its questions are required by the "ans" literals)
                variant[qid] = need
        if all(n.feasible() for n in variant.values()):
            yield variant


def _cells_for(
    book: Book,
    component: Component,
    atoms: list[tuple[bool, Atom]],
    compares: list[tuple[bool, str, Any]],
    needs: dict[str, _Need],
) -> list[dict[str, list[str]]]:
    """For each distinct way the component's cells meet the conjunction: the answer each of
    its questions may take ([] when it must stay off the walk)."""
    seen: set[tuple[tuple[str, bool], ...]] = set()
    found: list[dict[str, list[str]]] = []
    for cell in component.cells():
        values = {q: exact_point(book.questions[q], v) for q, v in cell.items()}
        if any(atom_true(a, values) != positive for positive, a in atoms):
            continue
        fits = {
            q: all(
                meets(cond, book.questions[q], point(book.questions[q], cell[q])) == positive
                for positive, qid, cond in compares
                if qid == q
            )
            for q in component.questions
            if q in needs or any(q in a.reads for _, a in atoms)
        }
        key = tuple(sorted(fits.items()))
        if key in seen:
            continue
        seen.add(key)
        found.append({q: [cell[q]] if ok else [] for q, ok in fits.items()})
    return found


def _copy(need: _Need) -> _Need:
    copy = _Need(need.question)
    for slot in _Need.__slots__:
        value = getattr(need, slot)
        setattr(copy, slot, set(value) if isinstance(value, set) else value)
    return copy


def _route(
    needs: dict[str, _Need], book: Book, graph: Graph, build: bool
) -> dict[str, Answer] | None:
    """Answers on a complete walk meeting the needs ({} when not building), or None."""
    assert graph.start is not None
    start_need = needs.get(graph.start)
    if start_need is not None and start_need.forbidden:
        return None
    if any(q not in graph.order for q in needs):
        return None
    required = sorted((q for q, n in needs.items() if n.required), key=graph.order.__getitem__)
    answers: dict[str, Answer] = {}
    here = graph.start
    for stop in [*(q for q in required if q != graph.start), END]:
        steps = _leg(graph, needs, here, stop, build)
        if steps is None:
            return None
        for qid, choice in steps if build else ():
            need = needs.get(qid) or _new_need(book, book.questions[qid])
            answers[qid] = need.answer(choice)
        here = stop
    return answers


def witness(conj: Conjunct, book: Book, graph: Graph) -> dict[str, Answer] | None:
    """Answers on one complete walk that make the conjunction true, or None when none can."""
    return _search(conj, book, graph, build=True)


def _conjuncts(cond: Condition | None, book: Book, negate: bool) -> list[Conjunct]:
    if cond is None:
        return [] if negate else [frozenset()]
    return dnf(cond, book, negate)


def example(
    cond: Condition | None, book: Book, graph: Graph, negate: bool = False
) -> dict[str, Answer] | None:
    """Answers that make the condition (or, with negate, its negation) true, or None.

    Raises TooComplex when the condition's normal form is too large to search.
    """
    for conj in _conjuncts(cond, book, negate):
        found = witness(conj, book, graph)
        if found is not None:
            return found
    return None


def possible(cond: Condition | None, book: Book, graph: Graph, negate: bool = False) -> bool:
    """Whether some complete walk makes the condition (or its negation) true.

    The same answer as `example(...) is not None`, without building the example.
    """
    return any(
        _search(conj, book, graph, build=False) is not None
        for conj in _conjuncts(cond, book, negate)
    )
