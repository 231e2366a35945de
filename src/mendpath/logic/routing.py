"""The routing graph: which question can follow which (from `Question.ways_out`), its
loops, its order, what the first question reaches, and trees of walks for `satisfy`.

A complete interview is a walk from the first question to the end. For a book routed by
conditions (`Book.dynamic`) this graph over-approximates the walks (every branch is an edge);
`walks.py` explores the real ones.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable, Iterator, Mapping
from weakref import WeakKeyDictionary

from mendpath.model import (
    END,
    Book,
)

# --- the routing graph ------------------------------------------------------------------


class Graph:
    """Routes between questions. `order` is a topological order when `cycles` is empty.

    `sound` is set when the routing is sound (a start, no loop, every question has a way
    out, so every walk reaches the end) and the graph was built with walks: then
    `_fill_trees` has added a tree of walks from the start (`tree`: child -> parent, choice)
    and one of walks to the end (`to_end`: question -> choice, next), with entry and exit
    times that make "is this question on that walk?" an O(1) test.
    """

    def __init__(self, start: str | None, succ: dict[str, list[tuple[str | None, str]]]) -> None:
        self.start = start
        self.succ = succ  # question -> [(choice or None, target)]
        self.order: dict[str, int] = {}
        self.cycles: list[list[str]] = []
        self.every_way_out = False  # every question's ways out lead to known targets
        self.sound = False
        self.tree: dict[str, tuple[str, str | None]] = {}
        self.to_end: dict[str, tuple[str | None, str]] = {}
        self.start_times: dict[str, tuple[int, int]] = {}
        self.end_times: dict[str, tuple[int, int]] = {}
        self.preds: dict[str, list[tuple[str, str | None]]] = {}
        self.children: dict[str, list[str]] = {}  # the tree's children, in entry order
        self._entries: dict[str, list[int]] = {}

    def path_from_start(self, dst: str) -> list[tuple[str, str | None]]:
        """The tree's walk from the start to dst (exclusive), as (question, choice taken)."""
        steps: list[tuple[str, str | None]] = []
        while dst != self.start:
            dst, choice = self.tree[dst]
            steps.append((dst, choice))
        return steps[::-1]

    def path_to_end(self, src: str) -> list[tuple[str, str | None]]:
        """The walk from src to the end along `to_end`."""
        steps: list[tuple[str, str | None]] = []
        while src != END:
            choice, nxt = self.to_end[src]
            steps.append((src, choice))
            src = nxt
        return steps

    def on_walk_from_start(self, node: str, dst: str) -> bool:
        """Whether node lies on the tree's walk from the start to dst (dst included)."""
        a, b = self.start_times.get(node), self.start_times[dst]
        return a is not None and a[0] <= b[0] and b[1] <= a[1]

    def child_toward(self, node: str, dst: str) -> str:
        """The child of node on the tree's walk to dst (node must lie on that walk, before
        dst): found by bisection over the children's entry times."""
        entries = self._entries.get(node)
        if entries is None:
            entries = self._entries[node] = [self.start_times[c][0] for c in self.children[node]]
        return self.children[node][bisect_right(entries, self.start_times[dst][0]) - 1]

    def on_walk_to_end(self, node: str, src: str) -> bool:
        """Whether node lies on the walk from src to the end along `to_end` (src included)."""
        a, b = self.end_times.get(node), self.end_times[src]
        return a is not None and a[0] <= b[0] and b[1] <= a[1]


def _fill_trees(graph: Graph) -> None:
    """Breadth-first trees of walks from the start and to the end, with their times."""
    assert graph.start is not None
    children = graph.children
    frontier, seen = [graph.start], {graph.start}
    while frontier:
        following = []
        for node in frontier:
            for choice, target in graph.succ[node]:
                if target != END and target not in seen:
                    seen.add(target)
                    graph.tree[target] = (node, choice)
                    children.setdefault(node, []).append(target)
                    following.append(target)
        frontier = following
    graph.start_times = _euler(children, graph.start)
    preds = graph.preds
    for node, out in graph.succ.items():
        for choice, target in out:
            preds.setdefault(target, []).append((node, choice))
    towards: dict[str, list[str]] = {}
    frontier, seen = [END], {END}
    while frontier:
        following = []
        for node in frontier:
            for prev, choice in preds.get(node, ()):
                if prev not in seen:
                    seen.add(prev)
                    graph.to_end[prev] = (choice, node)
                    towards.setdefault(node, []).append(prev)
                    following.append(prev)
        frontier = following
    graph.end_times = _euler(towards, END)


def _euler(children: Mapping[str, list[str]], root: str) -> dict[str, tuple[int, int]]:
    """Entry and exit times of every node of a tree (iteratively)."""
    times: dict[str, tuple[int, int]] = {}
    clock = 0
    entry = {root: 0}
    stack: list[tuple[str, Iterator[str]]] = [(root, iter(children.get(root, ())))]
    while stack:
        node, kids = stack[-1]
        kid = next(kids, None)
        if kid is None:
            stack.pop()
            clock += 1
            times[node] = (entry[node], clock)
        else:
            clock += 1
            entry[kid] = clock
            stack.append((kid, iter(children.get(kid, ()))))
    return times


_PLAIN: WeakKeyDictionary[Book, Graph] = WeakKeyDictionary()


def build_graph(book: Book, walks: bool = True) -> Graph:
    """The routing graph; with `walks`, also the trees of walks the reachability checks use
    (most of the cost on a large book, and not needed to order or count routes).

    The graph without walks is made once per book and shared (nothing changes a graph once
    made); one with walks is a new graph over the same routes, so dropping it frees its
    trees and keeps the routes for the next caller."""
    plain = _PLAIN.get(book)
    if plain is None:
        plain = _PLAIN[book] = _plain_graph(book)
    if not walks or plain.start is None or plain.cycles or not plain.every_way_out:
        return plain
    graph = Graph(plain.start, plain.succ)
    graph.order, graph.cycles, graph.every_way_out = plain.order, plain.cycles, True
    graph.sound = True  # and so the trees of walks are filled in
    _fill_trees(graph)
    return graph


def _plain_graph(book: Book) -> Graph:
    succ: dict[str, list[tuple[str | None, str]]] = {}
    for q in book.questions.values():
        succ[q.id] = [
            (choice, target)
            for choice, target, _ in q.ways_out
            if target is not None and (target == END or target in book.questions)
        ]
    graph = Graph(book.start if book.start in book.questions else None, succ)
    graph.order, graph.cycles = find_cycles({q: [t for _, t in out] for q, out in succ.items()})
    # every way out kept in `succ` (a length, not a search per way: linear in the choices)
    graph.every_way_out = all(len(succ[q.id]) == len(q.ways_out) for q in book.questions.values())
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
    if graph.sound:  # the tree of walks from the start holds every question they reach
        return {graph.start, *graph.tree}
    return {graph.start, *after(graph, graph.start)}


def after(graph: Graph, question: str) -> set[str]:
    """The questions some walk reaches after this one (itself only through a loop)."""
    seen: set[str] = set()
    todo = [question]
    while todo:
        for _, target in graph.succ.get(todo.pop(), ()):
            if target != END and target not in seen:
                seen.add(target)
                todo.append(target)
    return seen
