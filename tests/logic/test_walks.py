"""Routing on earlier answers: the engine's routes, and the exact analysis of `logic/walks.py`
against trying every combination of answers."""

from __future__ import annotations

from itertools import product
from pathlib import Path
from typing import Any, NamedTuple

import hypothesis
import pytest
from bookgen import as_book, possible_answers
from hypothesis import event, given
from hypothesis import strategies as st

from mendpath.book.checks import check_book
from mendpath.book.validate import validate
from mendpath.logic import engine
from mendpath.logic.conditions import holds
from mendpath.logic.merging import findings_of
from mendpath.logic.outcome import outcome
from mendpath.logic.walks import Loop, Walked, explore, findings
from mendpath.model import Book
from mendpath.problems import Problem

BOOK = Path(__file__).parents[1] / "books" / "good" / "regions.yaml"


@pytest.fixture(scope="module")
def book() -> Book:
    result = validate([BOOK])
    assert result.ok(strict=True), [p.format() for p in result.problems]
    assert result.book is not None
    assert result.book.dynamic
    return result.book


def test_regions_ask_the_same_questions_in_different_orders(book: Book) -> None:
    north = {"region": "north", "x": "yes", "y": "one", "z": "no"}
    south = {"region": "south", "y": "two", "x": "no", "z": "no"}
    assert engine.route(book, north) == (["region", "x", "y"], "end")  # z is skipped
    assert engine.route(book, south) == (["region", "y", "x", "z"], "end")


def test_a_choice_is_offered_only_when_its_condition_holds(book: Book) -> None:
    north = engine.step(book, {"region": "north", "x": "yes"})
    south = engine.step(book, {"region": "south"})
    assert isinstance(north, engine.Ask)
    assert isinstance(south, engine.Ask)
    assert [c.id for c in north.choices] == ["one"]
    assert [c.id for c in south.choices] == ["one", "two"]
    # an answer no longer offered after going back is asked again
    assert engine.route(book, {"region": "north", "x": "yes", "y": "two"}) == (["region", "x"], "y")


def test_the_walks_are_every_route_with_every_answer_class(book: Book) -> None:
    walks = [w for w in explore(book) if isinstance(w, Walked)]
    assert {w.asked for w in walks} == {
        ("region", "x", "y"),
        ("region", "y", "x"),
        ("region", "y", "x", "z"),
    }
    found = findings(book)
    assert found.routes == 3
    assert found.reached == {"region", "x", "y", "z"}
    assert found.loops == []


# --- brute force: random books routed by conditions ---------------------------------------


def _worded(draw: st.DrawFn, cond: st.SearchStrategy[Any]) -> Any:
    """A text, or one to two variants with `when` before the text without."""
    variants = [{"when": draw(cond), "text": f"V{i}"} for i in range(draw(st.integers(0, 2)))]
    return [*variants, {"text": "?"}] if variants else "?"


@st.composite
def routed_books(draw: st.DrawFn) -> dict[str, Any]:
    """Three or four yes/no and single questions whose `next` branches, `when` and choice
    `when` read earlier (or any) answers; advice over them. Loops on paper are allowed."""
    n = draw(st.integers(2, 4))
    ids = [f"q{i}" for i in range(n)]
    kinds = {q: draw(st.sampled_from(["yes_no", "single"])) for q in ids}
    offered = {q: ["yes", "no"] if kinds[q] == "yes_no" else ["a", "b"] for q in ids}
    leaves = st.one_of(
        st.builds(lambda q: {"answered": q}, st.sampled_from(ids)),
        st.sampled_from(ids).flatmap(
            lambda q: st.sampled_from(offered[q]).map(lambda c: {"answer": q, "is": c})
        ),
    )
    cond = st.recursive(
        leaves,
        lambda inner: st.one_of(
            st.lists(inner, min_size=1, max_size=2).map(lambda xs: {"all": xs}),
            st.lists(inner, min_size=1, max_size=2).map(lambda xs: {"any": xs}),
            inner.map(lambda x: {"not": x}),
        ),
        max_leaves=3,
    )
    questions = []
    for i, qid in enumerate(ids):
        targets = [*ids, "end"]
        kind = kinds[qid]
        q: dict[str, Any] = {"id": qid, "text": _worded(draw, cond), "kind": kind}
        if kind == "single":
            q["choices"] = [{"id": "a", "label": "A"}, {"id": "b", "label": "B"}]
            if draw(st.booleans()):
                q["choices"][1]["when"] = draw(cond)
                if draw(st.booleans()):  # both: after some answers no choice is offered
                    q["choices"][0]["when"] = draw(cond)
        branches = [
            {"when": draw(cond), "go": draw(st.sampled_from(targets))}
            for _ in range(draw(st.integers(0, 2)))
        ]
        q["next"] = [*branches, {"go": draw(st.sampled_from(targets[i + 1 :]))}]
        if i > 0 and draw(st.booleans()):
            q["when"] = draw(cond)
        questions.append(q)
    # every question may be reached on paper: the start points at each through a branch
    advice = [
        {
            "id": f"a{k}",
            "title": "A",
            "body": _worded(draw, cond),
            "group": "g",
            "when": draw(cond),
            "cite": [{"source": "s", "section": "x"}],
        }
        for k in range(draw(st.integers(1, 3)))
    ]
    return {
        "book": {"title": "T", "version": "1", "start": "q0", "disclaimer": "D"},
        "groups": [{"id": "g", "title": "G"}],
        "sources": [{"id": "s", "title": "S", "sections": [{"id": "x", "title": "X"}]}],
        "questions": questions,
        "advice": advice,
    }


class Brute(NamedTuple):
    reached: set[str]  # asked on some walk
    truths: dict[str, set[bool]]  # advice id -> what its `when` can be on a complete walk
    loops: bool  # some answers walk round
    no_choice: set[str]  # asked on some walk with no choice offered (MP190)
    whens: dict[tuple[str, str], set[bool]]  # a question's or a choice's `when` (MP191-193)
    ways: dict[str, set[int]]  # the ways out of each question taken (MP194)
    worded: dict[tuple[str, str], set[int]]  # the wording variants used (MP195)


def _steps(
    book: Book,
    answers: dict[str, Any],
    whens: dict[tuple[str, str], set[bool]],
    ways: dict[str, set[int]],
    worded: dict[tuple[str, str], set[int]],
) -> None:
    """Step by step along the route of one assignment, as the engine goes: what each
    question's `when` is where it is left, what each choice's `when` is where its question
    is asked, and the way out taken; up to where the assignment's answer is not offered
    (or refused), which other assignments go on from."""
    here, so_far = book.start or "end", {}
    for _ in range(2 * len(book.questions) + 1):
        if here == "end":
            return
        q = book.questions[here]
        value = None
        if engine.asked(book, q, so_far):
            _used(book, f"question:{here}", q.variants, so_far, worded)
            for c in q.choices:
                if c.when is not None:
                    truth = holds(c.when, book, so_far)
                    whens.setdefault(("offered", f"{here}:{c.id}"), set()).add(truth)
            value = answers[here]
            offered = {c.id for c in engine.offered(book, q, so_far)}
            chosen = [value] if isinstance(value, str) else value
            if q.choices and not all(v in offered for v in chosen):
                return
            if engine.refused(book, q, value, so_far) is not None:
                return
            so_far = {**so_far, here: value}
        if q.when is not None:
            whens.setdefault(("asked", here), set()).add(value is not None)
        way = engine.way_out(book, q, value, so_far)
        ways.setdefault(here, set()).add(way)
        here = engine.way_target(q, value, way)


def _read_late(book: Book) -> set[str]:
    """In a book routed by its graph alone, the questions with a wording variant that reads
    their own answer or one some route asks only after them."""
    if book.dynamic:
        return set()
    from mendpath.logic.conditions import questions_read
    from mendpath.logic.routing import build_graph

    graph = build_graph(book)
    late = set()
    for q in book.questions.values():
        after, todo = {q.id}, [t for _, t in graph.succ.get(q.id, [])]
        while todo:
            here = todo.pop()
            if here not in after and here in book.questions:
                after.add(here)
                todo += [t for _, t in graph.succ.get(here, [])]
        for variants in q.variants.values():
            if any(questions_read(when, book) & after for when, _ in variants):
                late.add(q.id)
    return late


def _used(
    book: Book,
    element: str,
    variants: Any,
    answers: dict[str, Any],
    worded: dict[tuple[str, str], set[int]],
) -> None:
    """The variant of each varying field these answers show, as `outcome.wording` picks."""
    for field, each in variants.items():
        picked = [i for i, (when, _) in enumerate(each) if holds(when, book, answers)]
        worded.setdefault((element, field), set()).add(picked[0] if picked else len(each))


def _brute(book: Book) -> Brute:
    """Every assignment of an answer to every question, walked by the engine."""
    ids = list(book.questions)
    reached: set[str] = set()
    no_choice: set[str] = set()
    truths: dict[str, set[bool]] = {a: set() for a in book.advice}
    whens: dict[tuple[str, str], set[bool]] = {}
    ways: dict[str, set[int]] = {}
    worded: dict[tuple[str, str], set[int]] = {}
    loops = False
    for values in product(*(possible_answers(book, q) for q in ids)):
        answers = dict(zip(ids, values, strict=True))
        walked, stop = engine.route(book, answers)
        _steps(book, answers, whens, ways, worded)
        if len(set(walked)) < len(walked):  # came back to a question: the walk went round
            loops = True
            continue
        if stop != "end":
            before = {q: answers[q] for q in walked}
            if (
                stop in walked  # back at a question already answered
                or len(walked) > len(ids)
                or not engine.asked(book, book.questions[stop], before)
            ):
                loops = True  # the engine went round (asking, or skipping) until it gave up
            elif not engine.offered(book, book.questions[stop], before):
                no_choice.add(stop)  # asked, with nothing to choose
                reached |= {*walked, stop}
            continue  # a choice not offered: that assignment is not a complete walk
        on_route = {q: answers[q] for q in walked}
        reached |= set(walked)
        for advice in book.advice.values():
            truths[advice.id].add(holds(advice.when, book, on_route))
        for aid in outcome(book, on_route).shown:
            _used(book, f"advice:{aid}", book.advice[aid].variants, on_route, worded)
    return Brute(reached, truths, loops, no_choice, whens, ways, worded)


def _come_back(q2_when: dict[str, Any]) -> dict[str, Any]:
    """Found by the property test below: q0, then q2, then q1, then q2 again, where q2's
    `when` decides differently once q1 is answered. The walk passes q2 twice and finishes;
    neither the first skip nor the first answer makes it a loop."""
    return {
        "book": {"title": "T", "version": "1", "start": "q0", "disclaimer": "D"},
        "groups": [{"id": "g", "title": "G"}],
        "sources": [{"id": "s", "title": "S", "sections": [{"id": "x", "title": "X"}]}],
        "questions": [
            {"id": "q0", "text": "?", "kind": "yes_no",
             "next": [{"when": {"answered": "q1"}, "go": "q0"},
                      {"when": {"answered": "q0"}, "go": "q2"}, {"go": "q1"}]},
            {"id": "q1", "text": "?", "kind": "yes_no",
             "next": [{"when": {"not": {"answered": "q0"}}, "go": "q0"}, {"go": "q2"}]},
            {"id": "q2", "text": "?", "kind": "yes_no", "when": q2_when,
             "next": [{"when": {"not": {"answered": "q1"}}, "go": "q1"}, {"go": "end"}]},
        ],
        "advice": [
            {"id": "a0", "title": "A", "body": "B", "group": "g",
             "when": {"answered": "q0"}, "cite": [{"source": "s", "section": "x"}]}
        ],
    }  # fmt: skip


@hypothesis.example(_come_back({"answered": "q1"}))  # skipped, then asked
@hypothesis.example(_come_back({"not": {"answered": "q1"}}))  # asked, then skipped
@given(routed_books())
def test_the_walks_agree_with_every_assignment(data: dict[str, Any]) -> None:
    book = as_book(data)
    items = list(explore(book))
    loops = [i for i in items if isinstance(i, Loop)]
    reached, truths, brute_loops, no_choice, whens, ways, worded = _brute(book)
    assert bool(loops) == brute_loops
    if loops:  # a walkable loop: validate says so, with answers that walk it
        codes = {p.code for p in check_book(book)}
        if "MP121" not in codes:  # (a question unreachable on paper is reported first)
            assert "MP120" in codes, codes
        return
    found = findings(book)
    assert found.reached == reached
    assert {a: found.holds_when.get(a, set()) for a in book.advice} == truths
    event("a question offers no choice" if no_choice else "a choice is always offered")
    for each in (found, findings_of(book)):  # walk by walk, and merged
        assert set(each.no_choice) == no_choice  # MP190
        assert each.whens == whens  # MP191, MP192, MP193
        assert each.ways == ways  # MP194
        if not no_choice:  # (where a walk cannot finish, merged facts of advice may differ)
            assert each.worded == worded  # MP195
        for qid, before in each.no_choice.items():  # the answers given really lead there
            assert engine.route(book, before)[1] == qid
            assert not engine.offered(book, book.questions[qid], before)
    problems = check_book(book)
    walked = {"MP120", "MP130", "MP177", "MP179", "MP190"}  # errors found by the walks

    def by_walks(p: Problem) -> bool:
        return p.code in walked or p.message.startswith("no answers reach")  # not "no route"

    if not any(p.severity == "error" and not by_walks(p) for p in problems):  # walks ran
        assert ("MP190" in {p.code for p in problems}) == bool(no_choice), problems
        said = {(p.code, p.message.split("'")[1]) for p in problems if p.code >= "MP191"}
        expected = set()
        for q in book.questions.values():
            if q.id not in ways:
                continue  # never reached: MP121 says so
            if whens.get(("asked", q.id)) == {True}:
                expected.add(("MP191", q.id))
            for c in q.choices:
                truths = whens.get(("offered", f"{q.id}:{c.id}"))
                if truths in ({True}, {False}):
                    expected.add(("MP192" if truths == {True} else "MP193", c.id))
            for i, (guard, goes) in enumerate(q.branches):
                if guard is not None and goes is not None and i not in ways[q.id]:
                    expected.add(("MP194", q.id))
        late = _read_late(book)  # routed by the graph: a wording read too early is MP196
        expected |= {("MP196", qid) for qid in late}
        for (element, field), used in worded.items() if not no_choice else ():
            kind, ident = element.split(":", 1)
            variants = (
                book.questions[ident] if kind == "question" else book.advice[ident]
            ).variants
            if set(range(len(variants[field]) + 1)) - used and ident not in late:
                expected.add(("MP195", ident))
        event("a route condition always or never holds" if expected else "-")
        assert said == expected, problems


@given(routed_books(), st.integers(0, 2))
def test_the_summary_rules_search_follows_the_routing(data: dict[str, Any], limit: int) -> None:
    from mendpath.logic.bounds import find_breach
    from mendpath.logic.outcome import outcome

    book = as_book(data)
    if any(isinstance(i, Loop) for i in explore(book)):
        return  # validate reports the loop (MP120) and searches no further
    walks = [w.answers for w in explore(book) if isinstance(w, Walked)]
    breaching = [w for w in walks if len(outcome(book, w).shown) > limit]
    found = find_breach(book, tuple(book.advice), limit + 1)
    assert (found is not None) == bool(breaching)
    if found is not None:
        assert len(outcome(book, found).shown) > limit
        assert engine.route(book, found)[1] == "end"
