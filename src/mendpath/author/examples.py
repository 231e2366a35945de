"""Tools for rule-book authors (pure): count routes and find example answers.

- `count_routes`: distinct routes (walks of questions) from the first question to the end,
  counted over the routing graph without listing them (explored, for a book routed by
  conditions).
- `count_outcomes`: distinct outcomes, that is distinct sets of advice shown, over every
  walk and every answer class.
- `advice_examples`: for every advice item, answers that show it, or None when none can.

Drawing the tree is in `drawing.py`.
"""

from __future__ import annotations

from dataclasses import dataclass

from mendpath.logic.conditions import holds
from mendpath.logic.merging import count_sequences, findings_of
from mendpath.logic.outcome import hiders, shown_condition
from mendpath.logic.routing import Graph, build_graph
from mendpath.logic.satisfy import TooComplex, example
from mendpath.logic.walks import TooManyWalks, Walked, explore, findings
from mendpath.model import (
    END,
    Answer,
    Book,
)


def count_routes(book: Book, graph: Graph | None = None) -> int:
    """How many distinct walks of questions lead from the first question to the end.

    Choices that lead to the same next question make one route, not several. Counted by
    dynamic programming in routing order, so a book with astronomically many routes is counted
    in time linear in its size. Returns 0 when the routing loops or has no start. A book
    routed by conditions is counted by exploring its walks (distinct sequences of questions
    asked), merged where they cannot differ (`logic.merging`) when its routing graph has no
    loop: TooManyWalks past logic.walks.MAX_WALKS walks (or merged states).
    """
    if book.dynamic:
        graph = graph or build_graph(book, walks=False)
        if graph.start is not None and not graph.cycles:
            return count_sequences(book, graph)  # walks merged: exact, and quick
        return findings(book).routes
    graph = graph or build_graph(book, walks=False)
    if graph.start is None or graph.cycles:
        return 0
    counts: dict[str, int] = {END: 1}
    for qid in sorted(graph.order, key=graph.order.__getitem__, reverse=True):
        targets = {target for _, target in graph.succ[qid]}
        counts[qid] = sum(counts.get(t, 0) for t in targets)
    return counts.get(graph.start, 0)


def count_outcomes(book: Book) -> int | None:
    """How many distinct outcomes (distinct sets of advice shown) the book's answers can give.

    Every walk is explored with one answer from each answer class of each question it asks
    (each offered choice, each combination of the choices a condition reads, empty or not
    for text, each class of a number or date cut by the constants compared with): answers
    in one class show the same advice, so the count is exact. None when there are more
    walks than logic.walks.MAX_WALKS, or the routing loops.
    """
    from mendpath.logic.outcome import outcome
    from mendpath.logic.walks import MAX_WALKS

    if not book.dynamic and _walks(book) > MAX_WALKS:
        return None  # known at once, without exploring the first MAX_WALKS walks
    seen: set[frozenset[str]] = set()
    try:
        for item in explore(book):
            if not isinstance(item, Walked):
                return None
            seen.add(frozenset(outcome(book, item.answers).shown))
    except TooManyWalks:
        return None
    return len(seen)


def _walks(book: Book) -> int:
    """How many walks `explore` would take through a book routed by choices only: routes
    weighted by answer classes, counted in routing order like `count_routes`; 0 when the
    routing loops."""
    from mendpath.logic.conditions import choices_read
    from mendpath.logic.engine import target
    from mendpath.logic.walks import classes_of

    graph = build_graph(book, walks=False)
    if graph.start is None or graph.cycles:
        return 0
    read = choices_read(book)
    counts: dict[str, int] = {END: 1}
    for qid in sorted(graph.order, key=graph.order.__getitem__, reverse=True):
        question = book.questions[qid]
        counts[qid] = sum(
            counts.get(target(question, value), 0) for value in classes_of(book, question, {}, read)
        )
    return counts.get(graph.start, 0)


@dataclass(frozen=True)
class AdviceExample:
    advice: str
    answers: dict[str, Answer] | None  # None: no set of answers shows it
    note: str = ""


def advice_examples(book: Book) -> list[AdviceExample]:
    """For every advice item: answers that show it (checked by running them), or None."""
    if book.dynamic:  # routed by conditions: from the walks explored
        examples = findings_of(book).shown
        return [AdviceExample(a, examples.get(a)) for a in book.advice]
    graph = build_graph(book)
    hiders_of = hiders(book)
    found: list[AdviceExample] = []
    for advice in book.advice.values():
        hidden_by = hiders_of.get(advice.id, [])
        try:
            answers = example(shown_condition(advice, hidden_by), book, graph)
        except TooComplex:
            found.append(AdviceExample(advice.id, None, "its condition is too complex to search"))
            continue
        shown = (
            answers is not None
            and holds(advice.when, book, answers)
            and not any(holds(hider.when, book, answers) for hider in hidden_by)
        )  # as in `outcome`: hidden when any item that hides it passes
        found.append(AdviceExample(advice.id, answers if shown else None))
    return found
