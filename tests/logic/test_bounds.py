"""The exact search over routes (logic/bounds.py) agrees with trying every set of answers."""

from __future__ import annotations

from typing import Any

from bookgen import all_walks, as_book, books
from hypothesis import given
from hypothesis import strategies as st

from mendpath.logic import engine
from mendpath.logic.bounds import find_breach
from mendpath.logic.outcome import outcome


@st.composite
def books_with_hides(draw: st.DrawFn) -> dict[str, Any]:
    data = draw(books(max_questions=4))
    ids = [a["id"] for a in data["advice"]]
    for advice in data["advice"]:
        others = [i for i in ids if i != advice["id"]]
        advice["hides"] = draw(st.lists(st.sampled_from(others), unique=True)) if others else []
    return data


def _check(data: dict[str, Any], could: Any, breaks: Any) -> None:
    book = as_book(data)
    found = find_breach(book, could, breaks)
    breaching = [w for w in all_walks(book) if breaks(outcome(book, w).shown)]
    assert (found is not None) == bool(breaching)
    if found is not None:  # the witness is a complete walk that really breaks the rule
        done = engine.step(book, found)
        assert isinstance(done, engine.Done)
        assert done.answers == found
        assert breaks(outcome(book, found).shown)


@given(books_with_hides(), st.integers(0, 3))
def test_the_advice_limit_agrees_with_every_walk(data: dict[str, Any], limit: int) -> None:
    _check(data, lambda possible, _: len(possible) > limit, lambda shown: len(shown) > limit)


@given(books_with_hides())
def test_never_together_agrees_with_every_walk(data: dict[str, Any]) -> None:
    pair = frozenset(a["id"] for a in data["advice"][:2])
    _check(
        data,
        lambda possible, _: len(possible & pair) >= 2,
        lambda shown: len(pair.intersection(shown)) >= 2,
    )


@given(books_with_hides(), st.integers(1, 3))
def test_a_minimum_agrees_with_every_walk(data: dict[str, Any], need: int) -> None:
    ranked = frozenset(a["id"] for a in data["advice"])
    _check(
        data,
        lambda _, certain: len(certain & ranked) < need,
        lambda shown: len(ranked.intersection(shown)) < need,
    )


def test_start_here_opens_the_summary_with_the_lowest_ranks() -> None:
    from pathlib import Path

    from mendpath.book.validate import validate
    from mendpath.logic.summary import summarise

    book = validate([Path(__file__).parents[1] / "books" / "good" / "limits.yaml"]).book
    assert book is not None
    summary = summarise(book, {"mood": "upset", "tried": ["calling", "writing"]})
    assert [(i.id, i.group, i.group_title) for i in summary.items] == [
        ("breathe", "start-here", "Start here"),  # rank 1; `limits: start: 1`
        ("stop_calling", "g", "Group"),  # rank 2, shown in its group
        ("write_less", "g", "Group"),
    ]
