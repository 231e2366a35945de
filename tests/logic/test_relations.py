"""Comparisons with other answers and computed values: their exact meaning, the cells that
`logic/relations.py` cuts answers into, and validate's verdicts against brute force."""

from __future__ import annotations

from fractions import Fraction
from itertools import product
from pathlib import Path
from typing import Any

import hypothesis
import pytest
from bookgen import as_book
from hypothesis import event, given
from hypothesis import strategies as st

from mendpath.book.checks import check_book
from mendpath.book.validate import validate
from mendpath.expressions import AnswerOf, ValueOf
from mendpath.logic import engine
from mendpath.logic.bounds import find_breach
from mendpath.logic.conditions import answer_classes, holds, relation_space, walk
from mendpath.logic.explain import explain
from mendpath.logic.linear import Atom, compares, weighed
from mendpath.logic.measures import format_number
from mendpath.logic.merging import findings_of
from mendpath.logic.outcome import outcome
from mendpath.logic.relations import Component, TooManyCells
from mendpath.logic.routing import build_graph
from mendpath.logic.satisfy import TooComplex, example
from mendpath.logic.walks import Loop, Walked, explore, findings, guards, needs
from mendpath.model import Answer, Book

GOOD = Path(__file__).parents[1] / "books" / "good" / "compare.yaml"

BASE = {
    "book": {"title": "T", "version": "1", "start": "a", "disclaimer": "D"},
    "groups": [{"id": "g", "title": "G"}],
    "sources": [{"id": "s", "title": "S", "sections": [{"id": "x", "title": "X"}]}],
}


def _advice(k: int, when: Any) -> dict[str, Any]:
    return {
        "id": f"a{k}",
        "title": "A",
        "body": "B",
        "group": "g",
        "when": when,
        "cite": [{"source": "s", "section": "x"}],
    }


def test_comparisons_are_exact_where_floats_are_not() -> None:
    # 5 - 4.9 is 0.0999999999999996 in floats; the comparison is worked out in fractions.
    book = as_book(
        {
            **BASE,
            "questions": [
                {"id": "a", "text": "?", "kind": "number", "next": "b"},
                {"id": "b", "text": "?", "kind": "number", "next": "end"},
            ],
            "values": [{"id": "gap", "compute": {"difference": [{"answer": "a"}, 4.9]}}],
            "advice": [
                _advice(0, {"value": "gap", "at_least": 0.1}),
                _advice(1, {"answer": "b", "above": {"answer": "a"}}),
            ],
        }
    )
    when = book.advice["a0"].when
    assert holds(when, book, {"a": "5", "b": "1"})
    assert not holds(when, book, {"a": "4.99", "b": "1"})
    assert not holds(when, book, {"b": "1"})  # a value with a missing input is never compared
    later = book.advice["a1"].when
    assert holds(later, book, {"a": "1.5", "b": "1.50001"})
    assert not holds(later, book, {"a": "1.5", "b": "1.5"})


def test_the_cells_of_two_dates_and_their_witnesses() -> None:
    result = validate([GOOD])
    assert result.ok(strict=True), [p.format() for p in result.problems]
    book = result.book
    assert book is not None
    space = relation_space(book)
    dates = space.of["started"]
    assert dates.questions == ["started", "left"]
    assert not dates.grid  # differences of two dates: shortest paths
    weighed = space.of["days"]
    assert weighed.questions == ["days", "taken"]
    assert weighed.grid
    cells = dates.cells()
    # every way `left` can stand to `started` and to `started + 90`, within their ranges
    orders = set()
    for cell in cells:
        answers: dict[str, Answer] = dict(cell)
        orders.add(
            (
                holds(book.advice["check_dates"].when, book, answers),
                holds(book.advice["in_probation"].when, book, answers),
                holds(book.advice["long_service"].when, book, answers),
            )
        )
    assert orders == {
        (True, False, False),  # left before started
        (False, True, False),  # within 90 days
        (False, False, False),  # between 90 days and two years
        (False, False, True),  # two years or more
    }
    # the walk tries, for `left`, only answers of cells that agree with `started`
    chosen = {"started": cells[0]["started"]}
    assert set(dates.classes("left", chosen)) == {
        c["left"] for c in cells if c["started"] == chosen["started"]
    }


def test_too_many_cells_stop_at_the_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    """Seven dates each compared with every other: 5,040 orders, more than MAX_CELLS. The
    search stops at the first cell past the limit, works out no witness, and refuses at once
    when asked again."""
    ids = [f"d{i}" for i in range(7)]
    pairs = [(x, y) for i, x in enumerate(ids) for y in ids[i + 1 :]]
    book = as_book(
        {
            **BASE,
            "book": {**BASE["book"], "start": "d0"},
            "questions": [
                {"id": q, "text": "?", "kind": "date", "next": nxt}
                for q, nxt in zip(ids, [*ids[1:], "end"], strict=True)
            ],
            "advice": [
                _advice(0, {"any": [{"answer": x, "below": {"answer": y}} for x, y in pairs]})
            ],
        }
    )
    component = relation_space(book).of["d0"]
    witnesses = []
    monkeypatch.setattr(Component, "_witness", lambda self, dist: witnesses.append(dist))
    for _ in range(2):
        with pytest.raises(TooManyCells):
            component.cells()
    assert witnesses == []


def test_explain_names_both_sides() -> None:
    result = validate([GOOD])
    assert result.book is not None
    answers: dict[str, Answer] = {
        "started": "2024-01-01",
        "left": "2024-02-01",
        "days": "5",
        "taken": "25",
    }
    reasons = {r.advice: r.why for r in explain(result.book, answers, everything=True)}
    assert reasons["in_probation"] == (
        "\u201cWhen did you leave?\u201d is between \u201cWhen did you start?\u201d and "
        "the value probation_end (31 March 2024)",
    )
    assert reasons["overtaken"] == (
        "the value entitlement (20 days) is at most \u201cHow many days of holiday have you "
        "taken this year?\u201d",
    )
    assert reasons["owed"] == (
        "needs \u201cHow many days of holiday have you taken this year?\u201d is less than the "
        "value entitlement (20 days) (days: you answered: 5; taken: you answered: 25)",
    )


# --- brute force: random books comparing answers with answers and values -------------------
#
# Every number question accepts whole numbers from 0 to at most 3, so trying every answer of
# every question is not a sample of the answer classes but every answer there is: the brute
# force below is exhaustive by construction, whatever the comparisons cut.

OPS = ("at_least", "at_most", "above", "below")


@st.composite
def compared_books(
    draw: st.DrawFn,
    decimal: bool = False,
    checks: bool = False,
    pieces: bool = False,
    lookups: bool = False,
    tenths: bool = False,
) -> dict[str, Any]:
    """Two to four questions (whole numbers from 0 to 1-3, and one yes/no), values that are
    an answer plus a constant, a difference of two answers or twice an answer, and
    conditions that compare answers with constants, answers and values, in advice and in
    `next` branches (which may go back: loops on paper). With `decimal`, two or three
    questions take any decimal from 0 to 1-2, and values are differences only. With
    `lookups`, the choice question may be a single choice of three, and values look up a
    number per choice (added to an answer, or dividing one: a 0 in the table leaves that
    choice without a value) or divide by answers: by one plus an answer (never zero), by
    minus one minus an answer (never zero, negative: the comparison flips) or by an answer
    (which can be zero: refused). With `tenths`, two or three questions take answers with
    one decimal (`decimals: 1`) from 0 to 1, or whole numbers (then 0 or 1), compared also
    with constants between the tenths (0.05, 0.25), where no answer is."""
    n = draw(st.integers(2, 3 if decimal or tenths else 4))
    ids = [chr(ord("a") + i) for i in range(n)]
    yes_no = draw(st.sampled_from([None, *ids[1:]]))
    single = lookups and yes_no is not None and draw(st.booleans())
    options = ["x", "y", "z"] if single else ["yes", "no"]
    numbers = [q for q in ids if q != yes_no]
    values = []
    for k in range(draw(st.integers(1 if lookups else 0, 2))):
        pieced = ["min", "max", "band", "by_max"] if pieces else []
        new = ["ratio", "negative", "zero"] + (["lookup", "lookup_plus", "by_lookup"] * 2)
        new = new if yes_no else new[:3]
        old = ["plus", "difference"] + ([] if decimal else ["twice"]) + pieced
        shape = draw(st.sampled_from(new if lookups and draw(st.booleans()) else old))
        one, two = draw(st.sampled_from(numbers)), draw(st.sampled_from(numbers))
        edges = sorted(draw(st.lists(st.integers(0, 3), min_size=1, max_size=2)))
        table = {c: draw(st.integers(-1, 3)) for c in options}
        divisors = {c: draw(st.integers(0, 2)) for c in options}
        compute: Any = {
            "plus": {"sum": [{"answer": one}, draw(st.integers(-2, 2))]},
            "difference": {"difference": [{"answer": one}, {"answer": two}]},
            "twice": {"product": [{"answer": one}, 2]},
            "min": {"min": [{"answer": one}, {"sum": [{"answer": two}, draw(st.integers(-1, 1))]}]},
            "max": {"max": [{"answer": one}, {"answer": two}, draw(st.integers(0, 2))]},
            "band": {
                "band": {"difference": [{"answer": one}, {"answer": two}]},
                "table": [{"below": e, "value": draw(st.integers(0, 3))} for e in edges]
                + [{"value": draw(st.integers(0, 3))}],
            },
            "ratio": {"quotient": [{"answer": one}, {"sum": [{"answer": two}, 1]}]},
            # never zero: in the piece where it is the answer, the answer is at least 1
            "by_max": {"quotient": [{"answer": one}, {"max": [{"answer": two}, 1]}]},
            "negative": {
                "quotient": [{"sum": [{"answer": one}, 1]}, {"difference": [-1, {"answer": two}]}]
            },
            "zero": {"quotient": [{"answer": one}, {"answer": two}]},
            "lookup": {"lookup": yes_no, "table": table},
            "lookup_plus": {"sum": [{"answer": one}, {"lookup": yes_no, "table": table}]},
            "by_lookup": {"quotient": [{"answer": one}, {"lookup": yes_no, "table": divisors}]},
        }[shape]
        values.append({"id": f"v{k}", "compute": compute})
    constants = st.sampled_from([0, 0.05, 0.25, 0.5, 1, 2]) if tenths else st.integers(0, 3)
    sides = [constants, st.sampled_from(numbers).map(lambda q: {"answer": q})]
    if values:
        sides.append(st.sampled_from([v["id"] for v in values]).map(lambda v: {"value": v}))
    side = st.one_of(*sides)
    lefts = [st.sampled_from(numbers).map(lambda q: ("answer", q))]
    if values:
        lefts.append(st.sampled_from([v["id"] for v in values]).map(lambda v: ("value", v)))
    leaf = st.builds(
        lambda left, op, right: {left[0]: left[1], op: right},
        st.one_of(*lefts),
        st.sampled_from(OPS),
        side,
    )
    between = st.builds(
        lambda q, low, high: {"answer": q, "between": [low, high]},
        st.sampled_from(numbers),
        side,
        side,
    )
    leaves = [leaf, between]
    if yes_no is not None:
        leaves.append(st.sampled_from(options).map(lambda c: {"answer": yes_no, "is": c}))
    cond = st.recursive(
        st.one_of(*leaves),
        lambda inner: st.one_of(
            st.lists(inner, min_size=1, max_size=2).map(lambda xs: {"all": xs}),
            st.lists(inner, min_size=1, max_size=2).map(lambda xs: {"any": xs}),
            inner.map(lambda x: {"not": x}),
        ),
        max_leaves=3,
    )
    questions = []
    routed = draw(st.booleans())  # else routed by the graph alone, reasoned about by satisfy
    for i, qid in enumerate(ids):
        targets = [*ids, "end"]
        q: dict[str, Any] = {"id": qid, "text": "?"}
        if qid == yes_no:
            q["kind"] = "single" if single else "yes_no"
            if single:
                q["choices"] = [{"id": c, "label": c.upper()} for c in options]
            if draw(st.booleans()):  # "yes" skips ahead: questions off some routes
                q["routes"] = {options[0]: draw(st.sampled_from(targets[i + 1 :]))}
        else:
            top = 1 if tenths else draw(st.integers(1, 2 if decimal else 3))
            q.update(kind="number", min=0, max=top)
            if not decimal:  # in tenths, or whole numbers beside them
                q["decimals"] = draw(st.sampled_from([1, 1, 0])) if tenths else 0
        branches = [
            {"when": draw(cond), "go": draw(st.sampled_from(targets))}
            for _ in range(draw(st.integers(0, 1)) if routed else 0)
        ]
        q["next"] = [*branches, {"go": draw(st.sampled_from(targets[i + 1 :]))}]
        if checks and draw(st.booleans()):  # answers refused as they are typed
            q["checks"] = [{"refuse": draw(cond), "message": "No."}]
        questions.append(q)
    advice = [_advice(k, draw(cond)) for k in range(draw(st.integers(1, 3)))]
    return {**BASE, "questions": questions, "values": values, "advice": advice}


def _every_answer(book: Book, qid: str) -> list[str]:
    """Every answer of a whole-number question; for a decimal one, every multiple of 0.2.

    Why 0.2 is enough for decimals: every bound the generated books compare against is a
    whole number (constants 0 to 3, offsets -2 to 2, ranges from 0 to 1 or 2), and every
    comparison is `x OP c` or `x - y OP c`. Which of those hold depends only on the whole
    parts of the answers, on which fractional parts are zero, and on the order of the
    fractional parts (the region argument for clocks of timed automata). With at most three
    answers, at most three distinct fractional parts in (0, 1) can matter, and the grid's
    0.2, 0.4, 0.6, 0.8 can stand for any three of them in order: every cell has a point on
    the grid, so trying the grid is trying every class."""
    q = book.questions[qid]
    if q.spec.one_choice:
        return list(q.choice_ids())
    low, high = int(q.measure.minimum or 0), int(q.measure.maximum or 0)
    if q.measure.decimals == 0:
        return [str(v) for v in range(low, high + 1)]
    if q.measure.decimals == 1:  # every answer there is: the tenths
        return [format_number(v / 10) for v in range(low * 10, high * 10 + 1)]
    return [format_number(v / 5) for v in range(low * 5, high * 5 + 1)]


class Brute:
    """What every assignment of an answer to every question shows, walked by the engine."""

    def __init__(self, book: Book) -> None:
        ids = list(book.questions)
        self.reached: set[str] = set()
        self.truths: dict[str, set[bool]] = {a: set() for a in book.advice}
        self.loops = False
        self.empty = False  # some complete walk shows no advice
        self.most = 0  # the most advice items a complete walk shows
        # what the checks can do where their question is asked: refuse some answer, refuse
        # every answer, read an answer not given
        self.refusing: set[tuple[str, int]] = set()
        self.stuck: set[str] = set()
        self.unanswered: set[tuple[str, int]] = set()
        for values in product(*(_every_answer(book, q) for q in ids)):
            answers = dict(zip(ids, values, strict=True))
            walked, stop = engine.route(book, answers)
            if stop in walked:  # back at an answered question: a loop, whatever it refuses
                walked.append(stop)
            if len(set(walked)) == len(walked):
                self._checks(book, answers, walked, stop)
            back = stop in walked  # the walk came back to a question it asked: a loop
            if stop != "end" and not back and len(set(walked)) == len(walked):
                before = {q: answers[q] for q in walked}
                if engine.refused(book, book.questions[stop], answers[stop], before):
                    self.reached |= {*walked, stop}  # asked, and the answer refused
                    continue  # not answers: a check refuses one of them
            if back or len(set(walked)) < len(walked) or stop != "end":
                self.loops = True  # (every answer is accepted, so only a loop stops a walk)
                continue
            on_route = {q: answers[q] for q in walked}
            self.reached |= set(walked)
            for advice in book.advice.values():
                self.truths[advice.id].add(holds(advice.when, book, on_route))
            shown = outcome(book, on_route).shown
            self.empty |= not shown
            self.most = max(self.most, len(shown))

    def _checks(self, book: Book, answers: dict[str, Answer], walked: list[str], stop: str) -> None:
        asked = [*walked, stop] if stop != "end" else walked
        for n, qid in enumerate(asked):
            question = book.questions[qid]
            before = {q: answers[q] for q in walked[:n]}
            every = _every_answer(book, qid)
            refused = [engine.refused(book, question, v, before) for v in every]
            space = relation_space(book)
            decided = (  # MP177 (see walks): on its own classes, or on its line
                space.classes(question, before) is None
                or space.line(question, before, answer_classes(book)[qid]) is not None
            )
            self.stuck |= {qid} if all(refused) and question.checks and decided else set()
            for i, check in enumerate(question.checks):
                if any(holds(check.refuse, book, {**before, qid: v}) for v in every):
                    self.refusing.add((qid, i))
                if any(before.get(g, "") == "" for g in guards(check)):
                    continue
                if any(r not in before for r in needs(check, book, qid)):
                    self.unanswered.add((qid, i))


def _kinds_compared(book: Book) -> str:
    """Whether a comparison reads a lookup or divides by answers (for `event`)."""
    from mendpath.logic.linear import Chosen, pieces
    from mendpath.model import Relation

    space = relation_space(book)
    looked = divided = False
    for cond in space.forms:
        if not isinstance(cond, Relation):
            continue
        found = space.forms[cond]
        looked |= any(isinstance(g, Chosen) for case in found.cases or () for g in case)
        for term, _ in cond.terms():
            if term.kind == "value":
                split = pieces(ValueOf(term.ref), book)
                divided |= not isinstance(split, tuple) and any(v.per for _, v in split)
    return f"lookup {'compared' if looked else '-'}, division by answers {divided or '-'}"


# Found by the property test below (2,000 examples): the route comes back to an answered
# question whose check now refuses its answer. That is a walkable loop (MP120), not a
# question to be asked again.
BACK_TO_A_REFUSED_ANSWER: dict[str, Any] = {
    "book": {"title": "T", "version": "1", "start": "a", "disclaimer": "D"},
    "groups": [{"id": "g", "title": "G"}],
    "sources": [{"id": "s", "title": "S", "sections": [{"id": "x", "title": "X"}]}],
    "questions": [
        {"id": "a", "text": "?", "kind": "number", "min": 0, "max": 1, "decimals": 0,
         "next": [{"when": {"not": {"answer": "b", "is": "yes"}}, "go": "c"}, {"go": "b"}],
         "checks": [{"refuse": {"answer": "a", "at_least": 1}, "message": "No."}]},
        {"id": "b", "text": "?", "kind": "yes_no", "routes": {"yes": "c"},
         "next": [{"when": {"answer": "a", "at_least": 0}, "go": "end"}, {"go": "c"}]},
        {"id": "c", "text": "?", "kind": "number", "min": 0, "max": 1, "decimals": 0,
         "next": [{"when": {"not": {"answer": "b", "is": "yes"}}, "go": "b"}, {"go": "end"}],
         "checks": [{"refuse": {"answer": "b", "is": "yes"}, "message": "No."}]},
    ],
    "advice": [
        {"id": "a0", "title": "A", "body": "B", "group": "g",
         "when": {"answer": "a", "at_least": 0}, "cite": [{"source": "s", "section": "x"}]}
    ],
}  # fmt: skip


@hypothesis.example(BACK_TO_A_REFUSED_ANSWER)
@given(
    st.tuples(
        st.sampled_from(["whole", "decimal", "tenths"]), st.booleans(), st.booleans(), st.booleans()
    ).flatmap(
        lambda flags: compared_books(
            decimal=flags[0] == "decimal",
            checks=flags[1],
            pieces=flags[2],
            lookups=flags[3],
            tenths=flags[0] == "tenths",
        )
    )
)
def test_the_verdicts_agree_with_every_answer(data: dict[str, Any]) -> None:
    book = as_book(data)
    brute = Brute(book)
    space = relation_space(book)
    event("answers compared with each other" if space.components else "no two answers compared")
    event("weighted (tried answer by answer)" if any(c.grid for c in space.components) else "-")
    decimal = any(
        q.kind == "number" and q.measure.decimals is None for q in book.questions.values()
    )
    tenths = any(q.measure.decimals == 1 for q in book.questions.values())
    event("decimal answers" if decimal else "tenths" if tenths else "whole answers")
    event("walkable loop" if brute.loops else "no loop")
    event("routed by conditions" if book.dynamic else "routed by the graph")
    event("a route shows nothing" if brute.empty else "every route shows advice")
    event(_kinds_compared(book))
    problems = check_book(book)
    codes = {p.code for p in problems}
    event("refused (MP173)" if "MP173" in codes else "analysed")
    if "MP173" in codes:  # refused, rightly, and for one of these reasons only
        rightly = [
            "a division by '",  # an answer that can be zero: {quotient: [a, b]}
            "divisor",  # a division by an answer compared with other answers
            "in more than 64 cases",
            "a division by zero",  # a lookup of zeros only, dividing: never a value
        ]
        if decimal:
            rightly.append("it weighs answers differently")  # decimals weighed: a >= b - a
        for p in problems:
            assert p.code != "MP173" or any(why in p.message for why in rightly), problems
        return
    assert not codes & {"MP103", "MP170", "MP171", "MP172", "MP176"}, problems
    _truths_agree(book)
    items = list(explore(book))
    loops = [i for i in items if isinstance(i, Loop)]
    assert bool(loops) == brute.loops  # a walkable cycle
    if loops:
        for loop in loops:  # the answers given really walk back to the question
            walked, _ = engine.route(book, {**loop.answers})
            assert loop.at in walked or engine.route(book, loop.answers)[1] == loop.at
        return
    found = findings(book)
    assert found.reached == brute.reached  # unreachable questions
    checked = any(q.checks for q in book.questions.values())
    event("answers refused by checks" if checked else "no checks")
    for each in (found, findings_of(book)):  # walk by walk, and merged
        assert set(each.refusing) == brute.refusing  # MP178: a check that refuses nothing
        assert set(each.stuck) == brute.stuck  # MP177: every answer refused
        assert set(each.unanswered) == brute.unanswered  # MP179: an answer not given
        for qid, before in each.stuck.items():  # the answers given really lead there
            assert engine.route(book, before)[1] == qid
    assert {a: found.holds_when.get(a, set()) for a in book.advice} == brute.truths
    for aid, answers in found.shown.items():  # witnesses are real complete walks
        assert engine.route(book, answers)[1] == "end"
        assert aid in outcome(book, answers).shown
    if not book.dynamic:  # reasoned over the routing graph (satisfy), with witnesses
        graph = build_graph(book)
        for advice in book.advice.values():
            for negate in (False, True):
                try:
                    answers = example(advice.when, book, graph, negate)
                except TooComplex:  # decided by the walks instead (checked above, and MP130)
                    event("a condition too large for the routes")
                    continue
                assert (answers is not None) == ((not negate) in brute.truths[advice.id])
                if answers is not None:
                    assert engine.route(book, answers)[1] == "end"
                    assert holds(advice.when, book, answers) != negate
    for limit in range(3):  # the search behind `limits: advice` (MP133)
        over = find_breach(book, book.advice, limit + 1)  # more than `limit` items show
        assert (over is not None) == (brute.most > limit)
        if over is not None:
            assert engine.route(book, over)[1] == "end"
            assert len(outcome(book, over).shown) > limit
    empty = find_breach(book, book.advice, len(book.advice), shown=False)  # none shows
    assert (empty is not None) == brute.empty  # a route that shows no advice
    if empty is not None:
        assert engine.route(book, empty)[1] == "end"
        assert not outcome(book, empty).shown
    never = {a for a, t in brute.truths.items() if t == {False}}
    errors = {p.code for p in problems if p.severity == "error"}
    if errors - {"MP121", "MP130", "MP139"}:
        return  # another mistake (a `between` that runs downwards: MP115) is reported first
    if brute.reached != set(book.questions):  # reported first, on paper or by the walks
        assert "MP121" in errors
        return
    if errors <= {"MP130", "MP139"}:  # the exploration ran
        reported = {p.message.split("'")[1] for p in problems if p.code == "MP130"}
        assert reported == never  # advice that can never show
    if errors <= {"MP139"}:  # the summary rules ran
        assert ("MP139" in codes) == brute.empty


def _truths_agree(book: Book) -> None:
    """MP174 (never true) and MP175 (always true) of each comparison, against every answer
    to the questions it reads (all answered, each within its range)."""
    from mendpath.book.compared import _truth
    from mendpath.logic.conditions import questions_read

    space = relation_space(book)
    for cond, found in space.forms.items():
        if not found.atoms:
            continue  # broken (an unknown value), reported by its own checks
        read = sorted(questions_read(cond, book))
        truths = {
            holds(cond, book, dict(zip(read, values, strict=True)))
            for values in product(*(_every_answer(book, q) for q in read))
        }
        said = {
            p.code
            for never in (True, False)
            for p in _truth(book, cond, found.atoms, never=never, cases=found.cases)
        }
        assert ("MP174" in said) == (truths == {False}), (cond, truths, said)
        assert ("MP175" in said) == (truths == {True}), (cond, truths, said)
        event(
            f"a comparison {'never' if truths == {False} else 'always' if truths == {True} else 'sometimes'} true"
        )


@given(compared_books())
def test_walks_try_only_witnesses_of_cells(data: dict[str, Any]) -> None:
    """Every walk explored is answered from the cells' witnesses, which lie in range."""
    book = as_book(data)
    for item in explore(book):
        if isinstance(item, Walked):
            for qid, value in item.answers.items():
                assert value in _every_answer(book, qid)


SIDES = """\
book: {title: T, version: "1", start: a, disclaimer: D.}
groups: [{id: g, title: G}]
sources: [{id: s, title: S, sections: [{id: x, title: X}]}]
questions:
  - {id: a, text: A?, kind: number, min: 0, max: 9, next: b}
  - {id: b, text: B?, kind: number, min: 0, max: 9, next: end}
values:
  - {id: twice, compute: {product: [{answer: a}, 2]}}
advice:
  - {id: one, title: One, body: B., group: g, when: {answer: a, between: [{answer: bb}, {value: twice}]}, cite: [{source: s, section: x}]}
  - {id: two, title: Two, body: B., group: g, when: {value: twice, is: x}, cite: [{source: s, section: x}]}
  - {id: three, title: Three, body: B., group: g, when: {value: twice, above: {answer: a, value: twice}}, cite: [{source: s, section: x}]}
"""


def test_each_side_is_located_and_a_wrong_shape_named(tmp_path: Path) -> None:
    (tmp_path / "book.yaml").write_text(SIDES)
    result = validate([tmp_path / "book.yaml"])
    assert [p.format().removeprefix(str(tmp_path) + "/") for p in result.problems] == [
        "book.yaml:10:84: error MP103: unknown question 'bb'",
        "book.yaml:11:53: error MP100: advice[1].when: not a condition (has is, value); a "
        "condition is all, any, not, situation, answered, answer with one of is / in / "
        "includes / at_least / at_most / above / below / between, or value with one of "
        "at_least / at_most / above / below / between",
        "book.yaml:12:79: error MP100: advice[2].when.above: expected a constant, today, "
        "{today: N}, {answer: ID} or {value: ID}",
    ]


def test_round_of_a_whole_number_is_compared_exactly_and_of_a_fraction_refused() -> None:
    """`round` of a value that is a whole number for every answer (whole-number and date
    answers, whole weights) keeps it, so it is compared in linear form; checked against the
    value as the engine works it out, for every answer. Any other `round` stays MP173."""
    from mendpath.logic.values import evaluate

    rounded = {"round": {"difference": [{"product": [{"answer": "a"}, 2]}, {"answer": "b"}]}}
    data = {
        **BASE,
        "questions": [
            {
                "id": "a",
                "text": "?",
                "kind": "number",
                "min": 0,
                "max": 4,
                "decimals": 0,
                "next": "b",
            },
            {
                "id": "b",
                "text": "?",
                "kind": "number",
                "min": 0,
                "max": 4,
                "decimals": 0,
                "next": "end",
            },
        ],
        "values": [
            {"id": "r", "compute": {**rounded, "decimals": 0}},
            {
                "id": "half",
                "compute": {"round": {"product": [{"answer": "a"}, 0.5]}, "decimals": 0},
            },
        ],
        "advice": [
            _advice(0, {"value": "r", "above": {"answer": "b"}}),
            _advice(1, {"value": "r", "at_most": 3}),
        ],
    }
    book = as_book(data)
    problems = check_book(book)  # (a=4, b=4 shows nothing: MP139, rightly)
    assert [p.format() for p in problems] == [
        "gen.yaml:1:1: error MP139: a route shows no advice at all: a=4 b=4"
    ]
    compute = book.values["r"].compute
    for a, b in product(range(5), range(5)):
        answers: dict[str, Answer] = {"a": str(a), "b": str(b)}
        value = evaluate(compute, book, answers)
        assert value is not None
        assert holds(book.advice["a0"].when, book, answers) == (value > b)
        assert holds(book.advice["a1"].when, book, answers) == (value <= 3)
    refused = as_book({**data, "advice": [_advice(0, {"value": "half", "above": 1})]})
    assert [p.message for p in check_book(refused) if p.code == "MP173"] == [
        "value 'half' cannot be compared exactly: it uses `round` of a value that is not "
        "always a whole number (docs/rule-format.md says what a compared value may use)"
    ]


@given(
    st.sampled_from(["whole", "decimal", "tenths"]).flatmap(
        lambda kind: compared_books(
            decimal=kind == "decimal", tenths=kind == "tenths", pieces=True, lookups=True
        )
    )
)
def test_pieces_and_quotients_compare_as_the_values_are_worked_out(data: dict[str, Any]) -> None:
    """A comparison of a value with `min`, `max`, `band` or `lookup` is worked out piece by
    piece, and one with a division by answers multiplied through: for every answer, it
    holds exactly when the values, as the engine shows them, compare so (a value with an
    answer missing, or divided by zero, has none, and the comparison is false)."""
    from mendpath.logic.values import evaluate
    from mendpath.model import Relation, Term

    book = as_book(data)
    relations = [
        node for a in book.advice.values() for node in walk(a.when) if isinstance(node, Relation)
    ]
    forms = [relation_space(book).form(r, book) for r in relations]
    event("in pieces" if any(f.cases is not None for f in forms) else "-")
    event("refused" if any(f.problem is not None for f in forms) else "analysed")

    def side(term: Term, answers: dict[str, Answer]) -> float | None:
        if term.kind == "constant":
            return float(term.ref)
        expr = AnswerOf(term.ref) if term.kind == "answer" else ValueOf(term.ref)
        return evaluate(expr, book, answers)

    ids = list(book.questions)
    for values in product(*(_every_answer(book, q) for q in ids)):
        answers = dict(zip(ids, values, strict=True))
        for r in relations:
            if relation_space(book).form(r, book).problem is not None:
                continue
            left, low = side(r.left, answers), side(r.low, answers)
            high = side(r.high, answers) if r.high is not None else None
            if left is None or low is None or (r.high is not None and high is None):
                expected = False
            elif r.op == "between":
                assert high is not None
                expected = low - 1e-9 <= left <= high + 1e-9
            else:
                expected = {
                    "at_least": left >= low - 1e-9,
                    "at_most": left <= low + 1e-9,
                    "above": left > low + 1e-9,
                    "below": left < low - 1e-9,
                }[r.op]
            assert holds(r, book, answers) == expected, (r, answers)


def test_lookups_and_divisions_by_answers_are_compared_exactly() -> None:
    """tests/books/good/lookup-and-quotient.yaml: hours / days against a limit looked up per
    shift (multiplied through by days, above zero), and hours divided by a looked-up 0 (a
    rota): no value, so the comparison is false. A negative divisor flips the comparison."""
    result = validate([GOOD.parent / "lookup-and-quotient.yaml"])
    assert result.ok(strict=True), [p.format() for p in result.problems]
    book = result.book
    assert book is not None
    when = {a: book.advice[a].when for a in ("long_days", "within", "long_shifts")}
    cases: list[tuple[dict[str, Answer], tuple[bool, bool, bool]]] = [
        ({"shift": "day", "days": "4", "hours": "41"}, (True, False, False)),  # 10.25 > 10
        ({"shift": "day", "days": "7", "hours": "55"}, (False, True, True)),  # 55 / 5 > 10
        ({"shift": "day", "days": "4", "hours": "40"}, (False, True, False)),  # 10, 8 a shift
        ({"shift": "night", "days": "5", "hours": "41"}, (True, False, True)),  # 8.2 > 8
        ({"shift": "rota", "days": "1", "hours": "12"}, (False, True, False)),  # 12 / 0: none
        ({"shift": "rota", "days": "1", "hours": "13"}, (True, False, False)),
        ({"shift": "night", "days": "5"}, (False, False, False)),  # hours not answered
    ]
    for answers, expected in cases:
        got = tuple(holds(when[a], book, answers) for a in ("long_days", "within", "long_shifts"))
        assert got == expected, answers
    whole = {"decimals": 0, "next": "end"}  # a / b < -2 is a > -2 b: a weighted sum, whole
    flipped = as_book(
        {
            **BASE,
            "questions": [
                {"id": "a", "text": "?", "kind": "number", "min": 0, "max": 9}
                | whole
                | {"next": "b"},
                {"id": "b", "text": "?", "kind": "number", "min": -3, "max": -1} | whole,
            ],
            "values": [{"id": "q", "compute": {"quotient": [{"answer": "a"}, {"answer": "b"}]}}],
            "advice": [_advice(0, {"value": "q", "below": -2}), _advice(1, None)],
        }
    )
    assert [p.format() for p in check_book(flipped)] == []
    assert holds(flipped.advice["a0"].when, flipped, {"a": "5", "b": "-2"})  # -2.5 < -2
    assert not holds(flipped.advice["a0"].when, flipped, {"a": "4", "b": "-2"})  # -2
    assert not holds(flipped.advice["a0"].when, flipped, {"a": "5", "b": "-3"})  # -1.67
    never = as_book(
        {
            **BASE,
            "questions": [{"id": "a", "text": "?", "kind": "yes_no", "next": "end"}],
            "values": [{"id": "v", "compute": {"lookup": "a", "table": {"yes": 1, "no": 2}}}],
            "advice": [_advice(0, {"value": "v", "above": 2}), _advice(1, None)],
        }
    )
    assert [p.format() for p in check_book(never)] == [
        "gen.yaml:1:1: error MP174: no answers can make this comparison true: 'a' is one of yes, no"
    ]


def test_a_weighed_comparison_says_what_each_answer_lacks() -> None:
    """Weighed comparisons are decided answer by answer, over whole numbers with a `min`
    and a `max`: the message names what the answer lacks (a decimal answer with both was
    said to have none)."""

    def refusal(**a: Any) -> list[str]:
        b = {"id": "b", "text": "?", "kind": "number", "min": 0, "max": 4, "decimals": 0}
        questions = [{"id": "a", "text": "?", "kind": "number", "next": "b", **a}, b]
        twice = {"id": "twice", "compute": {"product": [{"answer": "b"}, 2]}}
        advice = [_advice(0, {"answer": "a", "at_least": {"value": "twice"}})]
        data = {**BASE, "questions": questions, "values": [twice], "advice": advice}
        return [p.message for p in check_book(as_book(data)) if p.code == "MP173"]

    start = "this comparison cannot be analysed exactly: it weighs answers differently (or "
    start += "adds several), which validate decides only over dates and numbers with "
    start += "`decimals`, a `min` and a `max`, and 'a' "
    end = " (a, b are compared with each other)"
    anything = "takes any decimal (it has no `decimals`)"
    assert refusal(min=0, max=4) == [f"{start}{anything}{end}"]
    assert refusal(min=0, decimals=0) == [f"{start}has no `max`{end}"]
    assert refusal() == [f"{start}has no `min` or `max` and {anything}{end}"]
    assert refusal(min=0, max=4, decimals=1) == []  # answers in tenths: tried one by one


_WEIGHT = st.fractions(min_value=-6, max_value=6, max_denominator=4)


@st.composite
def weighed_atoms(draw: st.DrawFn) -> tuple[list[list[Fraction]], list[Fraction], list[Atom]]:
    """Two to four answers on short ranges (whole, or in tenths or hundredths), and atoms
    weighing them."""
    questions = [f"q{i}" for i in range(draw(st.integers(2, 4)))]
    points, steps = [], []
    for _ in questions:  # whole numbers, or answers with one or two decimals
        first = draw(st.integers(-5, 5))
        step = draw(st.sampled_from([Fraction(1), Fraction(1, 10), Fraction(1, 100)]))
        steps.append(step)
        points.append([v * step for v in range(first, first + draw(st.integers(1, 7)))])
    atoms = []
    for _ in range(draw(st.integers(1, 4))):
        picked = draw(st.lists(st.sampled_from(questions), min_size=1, max_size=3))
        weights = tuple((q, draw(_WEIGHT)) for q in picked)
        x = draw(st.sampled_from([None, *questions]))
        y = draw(st.sampled_from([None, *[q for q in questions if q != x]]))
        op = draw(st.sampled_from(["ge", "le", "gt", "lt"]))
        reads = frozenset(q for q, _ in weights)
        atoms.append(Atom(x, y, op, draw(st.fractions(-20, 20, max_denominator=6)), reads, weights))
    return points, steps, atoms


@given(weighed_atoms())
def test_the_grid_meets_every_way_the_atoms_can_be_where_every_answer_meets_it(
    case: tuple[list[list[Fraction]], list[Fraction], list[Atom]],
) -> None:
    """The grid tries only the first answer and the crossings of each atom along the last
    question: it finds each way the atoms can be, first at the same answers, as trying every
    combination does (weights and bounds that are fractions, all four operators, answers
    whole or with one or two decimals)."""
    points, steps, atoms = case
    component = Component.__new__(Component)
    component.questions = [f"q{i}" for i in range(len(points))]
    component.atoms, component.points, component.steps = atoms, points, steps
    expected: dict[tuple[bool, ...], tuple[Fraction, ...]] = {}
    for values in product(*points):
        at = dict(zip(component.questions, values, strict=True))
        truths = tuple(compares(a.op, weighed(a, at), a.bound) for a in atoms)
        expected.setdefault(truths, values)
    found: dict[tuple[bool, ...], tuple[Fraction, ...]] = {}
    for truths, values in component._grid():
        found.setdefault(truths, values)
    assert found == expected
    assert list(found) == list(expected)  # met in the same order


def test_answers_with_different_decimals_are_compared_answer_by_answer() -> None:
    """Whole days (0 to 7) against hours in tenths (0 to 2): no one grid of differences
    keeps both steps, so every combination (8 x 21) is tried. `hours` above `days` and below
    `days` + 0.1 holds for no answers: MP174."""
    days = {"id": "days", "text": "?", "kind": "number", "min": 0, "max": 7, "decimals": 0}
    hours = {"id": "hours", "text": "?", "kind": "number", "min": 0, "max": 2, "decimals": 1}
    days["next"], hours["next"] = "hours", "end"
    plus = {"id": "plus", "compute": {"sum": [{"answer": "days"}, 0.1]}}
    both = {"all": [{"answer": "hours", "above": {"answer": "days"}},
                    {"answer": "hours", "below": {"value": "plus"}}]}  # fmt: skip
    below = {"answer": "hours", "below": {"answer": "days"}}
    advice = [_advice(0, both), _advice(1, below)]
    start = {**BASE["book"], "start": "days"}
    data = {**BASE, "book": start, "questions": [days, hours], "values": [plus], "advice": advice}
    found = [p.message for p in check_book(as_book(data)) if p.severity == "error"]
    assert found == [  # a0 never shows; a1 can
        "advice 'a0' can never show: no answers along any route meet its `when`"
    ]
