"""A walk between two required questions: the backward search that stops at a tree walk
(`satisfy._between`, fast when the questions are far apart) finds a walk exactly when the
plain forward search does, and the walk it builds is a real one that honours the needs."""

from __future__ import annotations

from typing import Any

from bookgen import as_book, books
from hypothesis import given, settings

from mendpath.logic import satisfy
from mendpath.logic.routing import Graph, build_graph
from mendpath.model import END


def _honours(
    graph: Graph, needs: dict[str, Any], here: str, stop: str, steps: list[tuple[str, Any]]
) -> bool:
    """Whether steps walk from here to stop, leaving each question by a choice the needs
    allow and passing no question a walk may not pass."""
    node = here
    for i, (qid, choice) in enumerate(steps):
        if qid != node or not satisfy._allows(needs, qid, choice):
            return False
        need = needs.get(qid)
        if i > 0 and need is not None and (need.forbidden or need.required):
            return False
        node = next((t for c, t in graph.succ[qid] if c == choice), END)
    return node == stop


@settings(deadline=None)
@given(books(max_questions=9))
def test_between_agrees_with_the_forward_search(data: dict[str, Any]) -> None:
    book = as_book(data)
    graph = build_graph(book)
    if not graph.sound:
        return
    questions = sorted(graph.order, key=graph.order.__getitem__)
    for advice in book.advice.values():
        try:
            conjuncts = satisfy.dnf(advice.when, book) if advice.when is not None else []
        except satisfy.TooComplex:
            continue
        for conj in conjuncts:
            needs = satisfy._needs(conj, book)
            if needs is None:
                continue
            for i, here in enumerate(questions):
                if here in needs and needs[here].forbidden:
                    continue  # a walk starts at the start or at a required question
                for stop in questions[i + 1 :]:
                    expected = satisfy._walk(graph, needs, here, stop)
                    quick = satisfy._between(graph, needs, here, stop, build=False)
                    built = satisfy._between(graph, needs, here, stop, build=True)
                    assert (quick is None) == (expected is None) == (built is None)
                    if built is not None:
                        assert _honours(graph, needs, here, stop, built), built
