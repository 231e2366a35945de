"""Merged exploration of a book routed by conditions (`logic.merging`) finds exactly what
walk-by-walk exploration (`logic.walks`) finds, and its example answers are real walks that
show their item."""

from __future__ import annotations

from typing import Any

from bookgen import as_book
from hypothesis import given, settings
from hypothesis import strategies as st

from mendpath.logic import engine
from mendpath.logic.merging import count_sequences, merged_findings
from mendpath.logic.outcome import outcome
from mendpath.logic.routing import build_graph
from mendpath.logic.walks import findings


@st.composite
def forward_books(draw: st.DrawFn) -> dict[str, Any]:
    """Up to six questions (yes/no, single, multiple, number) routed forward only, by
    choice, by `next` branches, `when` and choice `when` over any answers; situations and
    advice over them, some hiding others."""
    n = draw(st.integers(2, 6))
    ids = [f"q{i}" for i in range(n)]
    kinds = {q: draw(st.sampled_from(["yes_no", "single", "multiple", "number"])) for q in ids}
    offered = {
        q: {"yes_no": ["yes", "no"], "single": ["a", "b", "c"], "multiple": ["a", "b"]}.get(k, [])
        for q, k in kinds.items()
    }

    def leaf(q: str) -> st.SearchStrategy[dict[str, Any]]:
        kind = kinds[q]
        options: list[st.SearchStrategy[dict[str, Any]]] = [st.just({"answered": q})]
        if kind in ("yes_no", "single"):
            options.append(st.sampled_from(offered[q]).map(lambda c: {"answer": q, "is": c}))
        if kind == "multiple":
            options.append(st.sampled_from(offered[q]).map(lambda c: {"answer": q, "includes": c}))
        if kind == "number":
            options.append(st.sampled_from([3, 5, 8]).map(lambda x: {"answer": q, "at_least": x}))
        return st.one_of(options)

    leaves = st.sampled_from(ids).flatmap(leaf)
    cond = st.recursive(
        leaves | st.just({"situation": "sit"}),
        lambda inner: st.one_of(
            st.lists(inner, min_size=1, max_size=3).map(lambda xs: {"all": xs}),
            st.lists(inner, min_size=1, max_size=3).map(lambda xs: {"any": xs}),
            inner.map(lambda x: {"not": x}),
        ),
        max_leaves=4,
    )
    plain = st.recursive(
        leaves,
        lambda inner: st.one_of(
            st.lists(inner, min_size=1, max_size=2).map(lambda xs: {"all": xs}),
            inner.map(lambda x: {"not": x}),
        ),
        max_leaves=3,
    )
    questions = []
    for i, qid in enumerate(ids):
        later = [*ids[i + 1 :], "end"]
        kind = kinds[qid]
        q: dict[str, Any] = {"id": qid, "text": "?", "kind": kind}
        if kind in ("single", "multiple"):
            q["choices"] = [{"id": c, "label": c.upper()} for c in offered[qid]]
            if draw(st.booleans()):
                q["choices"][-1]["when"] = draw(plain)
        if kind == "number":
            q |= {"min": 0, "max": 10}
        if kind in ("single", "yes_no") and draw(st.booleans()):
            q["routes"] = {offered[qid][0]: draw(st.sampled_from(later))}
        branches = [
            {"when": draw(plain), "go": draw(st.sampled_from(later))}
            for _ in range(draw(st.integers(0, 2)))
        ]
        q["next"] = [*branches, {"go": draw(st.sampled_from(later))}]
        if i > 0 and draw(st.booleans()):
            q["when"] = draw(plain)
        questions.append(q)
    count = draw(st.integers(1, 4))
    advice = []
    for k in range(count):
        item: dict[str, Any] = {
            "id": f"a{k}",
            "title": "A",
            "body": "B",
            "group": "g",
            "cite": [{"source": "s", "section": "x"}],
        }
        if draw(st.integers(0, 4)):
            item["when"] = draw(cond)
        hidden = draw(st.lists(st.sampled_from([f"a{j}" for j in range(count)]), max_size=2))
        if hidden:
            item["hides"] = hidden
        advice.append(item)
    return {
        "book": {"title": "T", "version": "1", "start": "q0", "disclaimer": "D"},
        "groups": [{"id": "g", "title": "G"}],
        "sources": [{"id": "s", "title": "S", "sections": [{"id": "x", "title": "X"}]}],
        "questions": questions,
        "situations": [{"id": "sit", "when": draw(plain)}],
        "advice": advice,
    }


@settings(deadline=None)
@given(forward_books())
def test_merged_exploration_finds_what_every_walk_finds(data: dict[str, Any]) -> None:
    book = as_book(data)
    graph = build_graph(book, walks=False)
    assert not graph.cycles
    expected = findings(book)
    found = merged_findings(book, graph)
    assert found.reached == expected.reached
    assert found.holds_when == expected.holds_when
    assert found.situations == expected.situations
    assert set(found.shown) == set(expected.shown)
    for aid, answers in found.shown.items():
        walked, stop = engine.route(book, answers)
        assert stop == "end"
        assert set(walked) == set(answers)  # a complete walk, nothing off its route
        assert aid in outcome(book, answers).shown
    assert count_sequences(book, graph) == expected.routes
