"""book/checks.py: a condition too large to decide over the routing graph is decided by
exploring the walks instead, and left unchecked only with a warning that says so (MP189)."""

from __future__ import annotations

from pathlib import Path

import pytest

from mendpath.book import checks
from mendpath.book.build import build_book
from mendpath.logic import merging, routing, satisfy, walks
from mendpath.model import Book
from mendpath.reader import load_document

BOOKS = Path(__file__).parents[1] / "books"


def book_of(name: str) -> Book:
    path = BOOKS / name
    return build_book([load_document(path, path.name)])


def reachability(book: Book) -> list[str]:
    graph = routing.build_graph(book)
    return [p.format() for p in checks._reachability(book, graph, set())]


def test_the_book_needs_the_fallback() -> None:
    book = book_of("computed/too-large.yaml")
    graph = routing.build_graph(book)
    with pytest.raises(satisfy.TooComplex):
        satisfy.possible(book.advice["always"].when, book, graph, negate=True)


def test_a_condition_too_large_for_the_routes_is_decided_by_the_walks() -> None:
    assert reachability(book_of("computed/too-large.yaml")) == [
        "too-large.yaml:13:59: warning MP131: the `when` of advice 'always' is always true; leave it out to show it always"
    ]


def test_past_the_walk_limit_too_it_is_one_warning_per_condition_not_silence(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    for module in (walks, checks):
        monkeypatch.setattr(module, "MAX_WALKS", 1)
    monkeypatch.setattr(merging, "MAX_STATES", 1)
    assert reachability(book_of("computed/too-large.yaml")) == [
        "too-large.yaml:13:59: warning MP189: the `when` of advice 'always' is too large to reason about over the routes, and there are more than 1 answer classes to try instead, so whether it can hold, or always holds, was not checked"
    ]


def test_a_placeholder_some_route_fills_before_its_question_is_not_said_to_read_too_early(
    tmp_path: Path,
) -> None:
    """MP198 is decided over the routing graph: a placeholder read by a question that some
    route asks after its source (here `a` before `b`, or `b` first, by region) is fine."""
    from mendpath.book.validate import validate

    path = tmp_path / "book.yaml"
    path.write_text(
        "book: {title: T, version: '1', start: region, disclaimer: D.}\n"
        "groups: [{id: g, title: G}]\n"
        "sources: [{id: s, title: S, sections: [{id: x, title: X}]}]\n"
        "placeholders: [{id: named, default: it, from: [{answer: a}]}]\n"
        "questions:\n"
        "  - id: region\n"
        "    text: Where?\n"
        "    kind: single\n"
        "    choices: [{id: north, label: North}, {id: south, label: South}]\n"
        "    routes: {north: a, south: b}\n"
        "  - {id: a, text: Name?, kind: text, next: b}\n"
        "  - {id: b, text: 'How old is {named}?', kind: number, min: 0, max: 99, next: end}\n"
        "advice: [{id: one, title: One, body: B., group: g, cite: [{source: s, section: x}]}]\n",
        encoding="utf-8",
    )
    result = validate([path])
    assert [p.code for p in result.problems] == []
