"""Draw the decision tree as Mermaid or Graphviz dot, a route highlighted (pure)."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

from mendpath.logic.conditions import holds, questions_read
from mendpath.logic.engine import Answers, asked, next_after, route
from mendpath.logic.explain import describe
from mendpath.logic.outcome import before, outcome
from mendpath.model import (
    END,
    Answer,
    Book,
    Question,
)
from mendpath.text import clean_line

# --- drawing ------------------------------------------------------------------------------

_LABEL_MAX = 48


def _short(text: str, limit: int = _LABEL_MAX) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "\u2026"


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
    on_route: dict[str, Answer] = {}  # the answers on the route drawn, in route order
    taken: set[tuple[str, str]] = set()
    shown: set[str] = set()
    if answers is not None:
        walked, stop = route(book, answers)
        on_route = {q: answers[q] for q in walked}
        taken = _taken(book, on_route, stop)  # through skipped ones
        shown = set(outcome(book, on_route).shown)
    questions = tuple(
        (q.id, _short(q.text) + _asked_if(book, q), q.id in walked) for q in book.questions.values()
    )
    edges: list[Edge] = []
    for q in book.questions.values():
        # per target, per branch condition: the choices that go there (a {when, go} branch
        # that every choice takes is labelled with its condition alone)
        grouped: dict[str, dict[str, list[str]]] = {}
        guarded: set[str | None] = set()  # answers with a {when, go} branch before this way
        for choice, target, guard in q.ways_out:
            if guard is not None:
                guarded.add(choice)
            if target is None:
                continue
            chosen = next((c for c in q.choices if c.id == choice), None) if choice else None
            label = _short(chosen.label, 24) if chosen else ""
            if chosen is not None and chosen.when is not None:  # offered only when it holds
                said = f"offered if {_short(describe(chosen.when, book, {}), 120)}"
                if q.id in on_route:  # and whether it was, on the route drawn
                    here = before(on_route, q.id)
                    said += (
                        "; offered on this route"
                        if holds(chosen.when, book, here)
                        else "; not on this route"
                    )
                label = f"{label} ({said})"
            branch = f"if {_short(describe(guard, book, {}), 120)}" if guard is not None else ""
            if guard is None and (choice in guarded or None in guarded):
                branch = "otherwise"  # the branch taken when none of those before holds
            grouped.setdefault(target, {}).setdefault(branch, []).append(label)
        skips = _skips(book, q)
        for target in skips:
            grouped.setdefault(target, {})
        for target, branches in grouped.items():
            labels: list[str] = []
            for branch, names in branches.items():
                if branch and len(names) == max(len(q.choices), 1):
                    labels.append(branch)  # every answer, when the condition holds
                elif branch:
                    labels += [f"{n} ({branch})" if n else branch for n in names]
                else:
                    labels += [n for n in names if n]
            labels += skips.get(target, [])
            edges.append(Edge(q.id, target, tuple(labels), (q.id, target) in taken))
    order = {q: i for i, q in enumerate(book.questions)}
    attached = []
    for a in book.advice.values():
        read = questions_read(a.when, book)
        anchor = max(read, key=lambda q: order.get(q, -1)) if read else (book.start or "")
        attached.append((a.id, _short(a.title, 40), anchor, a.id in shown))
    return Drawing(questions, tuple(edges), tuple(attached))


def _asked_if(book: Book, q: Question) -> str:
    """A question asked only when its `when` holds says so in its box."""
    if q.when is None:
        return ""
    return f" (asked if {_short(describe(q.when, book, {}), 80)})"


def _skips(book: Book, q: Question) -> dict[str, list[str]]:
    """Where a question with `when` goes when it is skipped (its `next`, each branch under
    its own condition): a label per target."""
    if q.when is None:
        return {}
    found: dict[str, list[str]] = {}
    guarded = False
    for guard, goes in q.branches:
        if goes is None:
            continue
        if guard is not None:
            said = f"skipped, if {_short(describe(guard, book, {}), 120)}"
            guarded = True
        else:
            said = "skipped, otherwise" if guarded else "skipped"
        found.setdefault(goes, []).append(said)
    return found


def _taken(book: Book, given: Answers, stop: str) -> set[tuple[str, str]]:
    """The edges the answers (those on their route) take, through the questions they skip
    (a `when` that fails)."""
    taken: set[tuple[str, str]] = set()
    here = book.start or END
    so_far: dict[str, Answer] = {}
    for _ in range(2 * len(book.questions) + 1):
        question = book.questions.get(here)
        if question is None or (here == stop and here not in given):
            break
        if not asked(book, question, so_far):
            nxt = next_after(book, question, None, so_far)
        elif here in given:
            so_far[here] = given[here]
            nxt = next_after(book, question, given[here], so_far)
        else:
            break
        taken.add((here, nxt))
        here = nxt
    return taken


def _notes(d: Drawing) -> list[tuple[str, list[tuple[str, bool]]]]:
    """Advice grouped by the question it attaches to: [(question, [(title, shown)])]."""
    grouped: dict[str, list[tuple[str, bool]]] = {}
    for _, title, anchor, shown in d.advice:
        if anchor:
            grouped.setdefault(anchor, []).append((title, shown))
    return list(grouped.items())


def _node(ident: str) -> str:
    return "q_" + re.sub(r"[^A-Za-z0-9_]", "_", ident)


_MERMAID_ENTITIES = {"#": "#35;", '"': "#quot;", "<": "#lt;", ">": "#gt;", "&": "#amp;"}


def _mermaid_text(text: str) -> str:
    """A label Mermaid shows as text: it renders labels as HTML, so <, >, & and quotes are
    written as Mermaid's entity codes (and # first, which starts them)."""
    return "".join(_MERMAID_ENTITIES.get(c, c) for c in clean_line(text))


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
