"""Tools for rule-book authors (pure): count routes, find example answers, draw the tree.

- `count_routes`: distinct routes (walks of questions) from the first question to the end,
  counted over the routing graph without listing them.
- `advice_examples`: for every advice item, answers that show it, or None when none can.
- `graph_mermaid` / `graph_dot`: the decision tree as a flowchart, with an answered route
  highlighted and the advice attached to the questions its condition reads.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

from mendpath.analysis import Graph, TooComplex, build_graph, example
from mendpath.engine import Answers, route
from mendpath.model import (
    END,
    All,
    Answer,
    Answered,
    AnswerIn,
    AnyOf,
    Book,
    Condition,
    Includes,
    Invalid,
    Not,
    SituationRef,
)
from mendpath.outcome import holds, outcome


def count_routes(book: Book, graph: Graph | None = None) -> int:
    """How many distinct walks of questions lead from the first question to the end.

    Choices that lead to the same next question make one route, not several. Counted by
    dynamic programming in routing order, so a book with astronomically many routes is counted
    in time linear in its size. Returns 0 when the routing loops or has no start.
    """
    graph = graph or build_graph(book, walks=False)
    if graph.start is None or graph.cycles:
        return 0
    counts: dict[str, int] = {END: 1}
    for qid in sorted(graph.order, key=graph.order.__getitem__, reverse=True):
        targets = {target for _, target in graph.succ[qid]}
        counts[qid] = sum(counts.get(t, 0) for t in targets)
    return counts.get(graph.start, 0)


@dataclass(frozen=True)
class AdviceExample:
    advice: str
    answers: dict[str, Answer] | None  # None: no set of answers shows it
    note: str = ""


def _shown_condition(book: Book, advice_id: str) -> Condition | None:
    """The advice's condition, and that nothing which hides it also shows."""
    advice = book.advice[advice_id]
    hiders = [a for a in book.advice.values() if advice_id in a.hides]
    if not hiders:
        return advice.when
    parts: list[Condition] = [advice.when] if advice.when is not None else []
    for hider in hiders:
        if hider.when is None:
            return Invalid(advice.origin)  # an item shown to everyone hides it always
        parts.append(Not(hider.when, hider.origin))
    return All(tuple(parts), advice.origin)


def advice_examples(book: Book) -> list[AdviceExample]:
    """For every advice item: answers that show it (checked by running them), or None."""
    graph = build_graph(book)
    hiders: dict[str, list[Condition | None]] = {}
    for a in book.advice.values():
        for hidden in a.hides:
            hiders.setdefault(hidden, []).append(a.when)
    found: list[AdviceExample] = []
    for advice in book.advice.values():
        try:
            answers = example(_shown_condition(book, advice.id), book, graph)
        except TooComplex:
            found.append(AdviceExample(advice.id, None, "its condition is too complex to search"))
            continue
        shown = (
            answers is not None
            and holds(advice.when, book, answers)
            and not any(holds(when, book, answers) for when in hiders.get(advice.id, ()))
        )  # as in `outcome`: hidden when any item that hides it passes
        found.append(AdviceExample(advice.id, answers if shown else None))
    return found


# --- drawing ------------------------------------------------------------------------------

_LABEL_MAX = 48


def _short(text: str, limit: int = _LABEL_MAX) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "\u2026"


def _questions_read(
    cond: Condition | None, book: Book, seen: frozenset[str] = frozenset()
) -> set[str]:
    """Questions a condition reads, through situations too."""
    if cond is None:
        return set()
    if isinstance(cond, All | AnyOf):
        return set().union(*(_questions_read(c, book, seen) for c in cond.items))
    if isinstance(cond, Not):
        return _questions_read(cond.item, book, seen)
    if isinstance(cond, SituationRef):
        situation = book.situations.get(cond.situation)
        if situation is None or cond.situation in seen:
            return set()
        return _questions_read(situation.when, book, seen | {cond.situation})
    if isinstance(cond, AnswerIn | Includes | Answered):
        return {cond.question}
    return set()


@dataclass(frozen=True)
class Edge:
    source: str
    target: str
    labels: tuple[str, ...]
    on_route: bool


@dataclass(frozen=True)
class Drawing:
    """The tree as nodes and edges, ready for any text format."""

    questions: tuple[tuple[str, str, bool], ...]  # (id, label, on route)
    edges: tuple[Edge, ...]
    advice: tuple[tuple[str, str, str, bool], ...]  # (id, title, attached question, shown)


def drawing(book: Book, answers: Answers | None = None) -> Drawing:
    walked: list[str] = []
    taken: set[tuple[str, str]] = set()
    shown: set[str] = set()
    if answers is not None:
        walked, stop = route(book, answers)
        for here, nxt in zip(walked, [*walked[1:], stop], strict=True):
            taken.add((here, nxt))
        shown = set(outcome(book, {q: answers[q] for q in walked}).shown)
    questions = tuple((q.id, _short(q.text), q.id in walked) for q in book.questions.values())
    edges: list[Edge] = []
    for q in book.questions.values():
        grouped: dict[str, list[str]] = {}
        for choice, target in q.targets():
            if target is None:
                continue
            label = next((c.label for c in q.choices if c.id == choice), "") if choice else ""
            grouped.setdefault(target, []).append(_short(label, 24))
        for target, labels in grouped.items():
            edges.append(Edge(q.id, target, tuple(x for x in labels if x), (q.id, target) in taken))
    order = {q: i for i, q in enumerate(book.questions)}
    attached = []
    for a in book.advice.values():
        read = _questions_read(a.when, book)
        anchor = max(read, key=lambda q: order.get(q, -1)) if read else (book.start or "")
        attached.append((a.id, _short(a.title, 40), anchor, a.id in shown))
    return Drawing(questions, tuple(edges), tuple(attached))


def _notes(d: Drawing) -> list[tuple[str, list[tuple[str, bool]]]]:
    """Advice grouped by the question it attaches to: [(question, [(title, shown)])]."""
    grouped: dict[str, list[tuple[str, bool]]] = {}
    for _, title, anchor, shown in d.advice:
        if anchor:
            grouped.setdefault(anchor, []).append((title, shown))
    return list(grouped.items())


def _node(ident: str) -> str:
    return "q_" + re.sub(r"[^A-Za-z0-9_]", "_", ident)


def _mermaid_text(text: str) -> str:
    return text.replace('"', "#quot;")


def graph_mermaid(book: Book, answers: Answers | None = None) -> str:
    d = drawing(book, answers)
    lines = ["flowchart TD"]
    for qid, label, _ in d.questions:
        lines.append(f'    {_node(qid)}["{_mermaid_text(label)}"]')
    lines.append('    q__end(["end"])')
    for edge in d.edges:
        target = "q__end" if edge.target == END else _node(edge.target)
        label = _mermaid_text(" / ".join(edge.labels))
        arrow = f' -- "{label}" -->' if label else " -->"
        lines.append(f"    {_node(edge.source)}{arrow} {target}")
    notes = _notes(d)
    for anchor, items in notes:
        text = "<br/>".join(("\u2713 " if shown else "") + _mermaid_text(t) for t, shown in items)
        lines.append(f'    n_{_node(anchor)}["{text}"]')
        lines.append(f"    {_node(anchor)} -.-> n_{_node(anchor)}")
    lines.append("    classDef route fill:#fde9b5,stroke:#b8860b,stroke-width:2px")
    lines.append("    classDef advice fill:#eef4f8,stroke:#7a9cb5")
    lines.append("    classDef shown fill:#d6efd8,stroke:#3c8d40,stroke-width:2px")
    on_route = [_node(q) for q, _, walked in d.questions if walked]
    if on_route:
        lines.append(f"    class {','.join(on_route)} route")
    if notes:
        lines.append(f"    class {','.join('n_' + _node(a) for a, _ in notes)} advice")
    shown = ["n_" + _node(a) for a, items in notes if any(s for _, s in items)]
    if shown:
        lines.append(f"    class {','.join(shown)} shown")
    for index, edge in enumerate(d.edges):
        if edge.on_route:
            lines.append(f"    linkStyle {index} stroke:#b8860b,stroke-width:3px")
    return "\n".join(lines) + "\n"


def _dot_text(text: str) -> str:
    return text.replace("\\", "\\\\").replace('"', '\\"')


def _note_row(title: str, shown: bool) -> str:
    """One advice title in a note: marked and shaded when the answers show it."""
    colour = ' bgcolor="#d6efd8"' if shown else ""
    mark = "&#10003; " if shown else ""
    return f'<tr><td align="left"{colour}>{mark}{html.escape(title)}</td></tr>'


def graph_dot(book: Book, answers: Answers | None = None) -> str:
    d = drawing(book, answers)
    title = _dot_text(book.meta.title if book.meta else "rule book")
    lines = [
        "digraph rulebook {",
        f'    label="{title}"; labelloc=t; fontname="Helvetica";',
        '    node [shape=box, style="rounded,filled", fillcolor="#ffffff", fontname="Helvetica",'
        " fontsize=11];",
        '    edge [fontname="Helvetica", fontsize=9, color="#666666"];',
        '    end [label="end", shape=oval, fillcolor="#eeeeee"];',
    ]
    for qid, label, walked in d.questions:
        fill = ', fillcolor="#fde9b5", penwidth=2' if walked else ""
        lines.append(f'    {_node(qid)} [label="{_dot_text(label)}"{fill}];')
    for edge in d.edges:
        target = "end" if edge.target == END else _node(edge.target)
        attrs = []
        if edge.labels:
            attrs.append(f'label="{_dot_text(" / ".join(edge.labels))}"')
        if edge.on_route:
            attrs.append('color="#b8860b", penwidth=3')
        suffix = f" [{', '.join(attrs)}]" if attrs else ""
        lines.append(f"    {_node(edge.source)} -> {target}{suffix};")
    for anchor, items in _notes(d):
        rows = "".join(_note_row(title, shown) for title, shown in items)
        label = f'<<table border="0" cellborder="0" cellspacing="0">{rows}</table>>'
        note = f"n_{_node(anchor)}"
        lines.append(f'    {note} [label={label}, shape=note, fillcolor="#eef4f8", fontsize=9];')
        lines.append(
            f'    {_node(anchor)} -> {note} [style=dashed, arrowhead=none, color="#99aabb"];'
        )
    lines.append("}")
    return "\n".join(lines) + "\n"
