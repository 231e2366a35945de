"""Hypothesis strategies that generate rule books as plain data, for property tests."""

from __future__ import annotations

from itertools import chain, combinations
from typing import Any

from hypothesis import strategies as st

from mendpath.book.build import build_book
from mendpath.logic.engine import target
from mendpath.model import END, Answer, Book
from mendpath.reader import Document, MarkNode


@st.composite
def question_specs(draw: st.DrawFn, max_questions: int = 6) -> list[dict[str, Any]]:
    """Questions q0..qn that route only forward, so the routing never loops."""
    n = draw(st.integers(1, max_questions))
    questions = []
    for i in range(n):
        later = [f"q{j}" for j in range(i + 1, n)] + [END]
        kind = draw(st.sampled_from(["single", "yes_no", "multiple", "text"]))
        q: dict[str, Any] = {"id": f"q{i}", "text": f"Question {i}?", "kind": kind}
        if kind in ("single", "multiple"):
            count = draw(st.integers(1, 3))
            q["choices"] = [{"id": f"c{k}", "label": f"C{k}"} for k in range(count)]
            if kind == "multiple" and count > 1 and draw(st.booleans()):
                q["choices"][-1]["exclusive"] = True  # "None of these": it stands alone
        choice_ids = [c["id"] for c in q.get("choices", [])] or (
            ["yes", "no"] if kind == "yes_no" else []
        )
        q["next"] = draw(st.sampled_from(later))
        if kind in ("single", "yes_no"):
            routed = draw(st.lists(st.sampled_from(choice_ids), unique=True))
            if routed:
                q["routes"] = {c: draw(st.sampled_from(later)) for c in routed}
        questions.append(q)
    return questions


def _choices(q: dict[str, Any]) -> list[str]:
    if q["kind"] == "yes_no":
        return ["yes", "no"]
    return [c["id"] for c in q.get("choices", [])]


def conditions(questions: list[dict[str, Any]], situations: list[str]) -> st.SearchStrategy[Any]:
    """Conditions over the given questions (all references valid)."""
    leaves: list[st.SearchStrategy[Any]] = []
    for q in questions:
        ids = _choices(q)
        leaves.append(st.just({"answered": q["id"]}))
        if q["kind"] in ("single", "yes_no"):
            leaves.append(st.sampled_from(ids).map(lambda c, q=q: {"answer": q["id"], "is": c}))
            leaves.append(
                st.lists(st.sampled_from(ids), min_size=1, unique=True).map(
                    lambda cs, q=q: {"answer": q["id"], "in": cs}
                )
            )
        if q["kind"] == "multiple":
            leaves.append(
                st.sampled_from(ids).map(lambda c, q=q: {"answer": q["id"], "includes": c})
            )
    leaves += [st.just({"situation": s}) for s in situations]
    return st.recursive(
        st.one_of(leaves),
        lambda inner: st.one_of(
            st.lists(inner, min_size=1, max_size=3).map(lambda xs: {"all": xs}),
            st.lists(inner, min_size=1, max_size=3).map(lambda xs: {"any": xs}),
            inner.map(lambda x: {"not": x}),
        ),
        max_leaves=6,
    )


@st.composite
def books(draw: st.DrawFn, max_questions: int = 6) -> dict[str, Any]:
    """A whole book as data: questions, one situation, and a few advice items."""
    questions = draw(question_specs(max_questions))
    situation = {"id": "sit", "when": draw(conditions(questions, []))}
    advice = [
        {
            "id": f"a{i}",
            "title": f"Advice {i}",
            "body": "Do it.",
            "group": "g",
            "when": draw(conditions(questions, ["sit"])),
            "cite": [{"source": "s", "section": "x"}],
        }
        for i in range(draw(st.integers(1, 3)))
    ]
    return {
        "book": {"title": "T", "version": "1", "start": "q0", "disclaimer": "D"},
        "groups": [{"id": "g", "title": "G"}],
        "sources": [{"id": "s", "title": "S", "sections": [{"id": "x", "title": "X"}]}],
        "questions": questions,
        "situations": [situation],
        "advice": advice,
    }


def as_book(data: dict[str, Any]) -> Book:
    return build_book([Document("gen.yaml", data, MarkNode(1, 1))])


def possible_answers(book: Book, qid: str) -> list[Answer]:
    q = book.questions[qid]
    ids = list(q.choice_ids())
    if q.kind == "multiple":
        subsets = chain.from_iterable(combinations(ids, r) for r in range(len(ids) + 1))
        # an `exclusive` choice ("None of these") is never chosen with another
        return [list(s) for s in subsets if q.lone_choice(s) is None]
    if q.kind == "text":
        return ["", "words"]
    return list(ids)


def all_walks(book: Book) -> list[dict[str, Answer]]:
    """Every complete walk with every combination of answers (small books only)."""
    walks: list[dict[str, Answer]] = []

    def visit(qid: str, answers: dict[str, Answer]) -> None:
        if qid == END:
            walks.append(answers)
            return
        for value in possible_answers(book, qid):
            visit(target(book.questions[qid], value), {**answers, qid: value})

    assert book.start is not None
    visit(book.start, {})
    return walks


def mutate(data: Any, draw: st.DrawFn) -> Any:
    """Replace, delete or retype one node somewhere in the data."""
    if isinstance(data, dict) and data and draw(st.booleans()):
        key = draw(st.sampled_from(sorted(data)))
        copy = dict(data)
        if draw(st.integers(0, 3)) == 0:
            del copy[key]
        else:
            copy[key] = mutate(copy[key], draw)
        return copy
    if isinstance(data, list) and data and draw(st.booleans()):
        i = draw(st.integers(0, len(data) - 1))
        copy = list(data)
        copy[i] = mutate(copy[i], draw)
        return copy
    return draw(
        st.one_of(
            st.none(),
            st.booleans(),
            st.integers(),
            st.text(max_size=8),
            st.lists(st.text(max_size=4), max_size=2),
            st.dictionaries(st.text(max_size=4), st.integers(), max_size=2),
            st.sampled_from(["end", "q0", "q1", "c0", "yes", "g", "s", "x", "sit"]),
        )
    )
