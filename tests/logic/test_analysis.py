"""Reasoning over routes: witnesses are real, and the analysis misses no reachable advice."""

from __future__ import annotations

from itertools import pairwise
from typing import Any

from bookgen import all_walks, as_book, books
from hypothesis import given, settings
from hypothesis import strategies as st

from mendpath.book.checks import check_book
from mendpath.logic import engine
from mendpath.logic.conditions import holds
from mendpath.logic.routing import build_graph, find_cycles, reachable
from mendpath.logic.satisfy import TooComplex, example


@settings(deadline=None)
@given(books())
def test_witness_is_a_complete_walk_that_meets_the_condition(data: dict[str, Any]) -> None:
    book = as_book(data)
    graph = build_graph(book)
    for advice in book.advice.values():
        for negate in (False, True):
            try:
                found = example(advice.when, book, graph, negate=negate)
            except TooComplex:  # documented: a normal form too large is not searched
                continue
            if found is None:
                continue
            done = engine.step(book, found)
            assert isinstance(done, engine.Done), "the witness does not finish the interview"
            assert done.answers == found, "the witness answers questions off its own route"
            assert holds(advice.when, book, found) != negate


@settings(deadline=None)
@given(books(max_questions=4))
def test_analysis_agrees_with_brute_force(data: dict[str, Any]) -> None:
    book = as_book(data)
    graph = build_graph(book)
    walks = all_walks(book)
    for advice in book.advice.values():
        truths = {holds(advice.when, book, walk) for walk in walks}
        assert (example(advice.when, book, graph) is not None) == (True in truths)
        assert (example(advice.when, book, graph, negate=True) is not None) == (False in truths)


@settings(deadline=None)
@given(books(max_questions=4))
def test_never_shown_and_always_true_match_the_checks(data: dict[str, Any]) -> None:
    book = as_book(data)
    walks = all_walks(book)
    codes = {
        (p.code, p.message.split("'")[1]) for p in check_book(book) if p.code in ("MP130", "MP131")
    }
    for advice in book.advice.values():
        truths = {holds(advice.when, book, walk) for walk in walks}
        assert (("MP130", advice.id) in codes) == (truths == {False})
        assert (("MP131", advice.id) in codes) == (truths == {True})


@given(st.dictionaries(st.sampled_from("abcdef"), st.lists(st.sampled_from("abcdefz"), max_size=3)))
def test_find_cycles_orders_acyclic_graphs(succ: dict[str, list[str]]) -> None:
    order, cycles = find_cycles(succ)
    if not cycles:
        for node, targets in succ.items():
            for t in targets:
                if t in succ:
                    assert order[node] < order[t]
    for cycle in cycles:
        assert cycle[0] == cycle[-1]
        for a, b in pairwise(cycle):
            assert b in succ[a]


@settings(deadline=None)
@given(books())
def test_the_plain_graph_is_made_once_and_a_graph_with_walks_shares_its_routes(
    data: dict[str, Any],
) -> None:
    book = as_book(data)
    walked, plain = build_graph(book), build_graph(book, walks=False)
    assert build_graph(book, walks=False) is plain  # made once per book, for every caller
    assert walked.succ is plain.succ
    assert walked.cycles is plain.cycles
    if walked.sound:  # its trees are its own: dropping it leaves the plain graph bare
        assert walked is not plain
        assert plain.tree == {}
        assert not plain.sound
    fresh = as_book(data)  # the same data, another book: a graph of its own, equal
    assert build_graph(fresh, walks=False) is not plain
    assert build_graph(fresh, walks=False).succ == plain.succ


@settings(deadline=None)
@given(books())
def test_what_the_start_reaches_is_the_same_with_or_without_the_trees(data: dict[str, Any]) -> None:
    book = as_book(data)
    assert reachable(build_graph(book)) == reachable(build_graph(book, walks=False))
