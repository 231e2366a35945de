"""Checks of meaning over a merged book: every problem the schema cannot see.

Each check yields Problems with a stable code (see problems.CODES and docs/checks.md).
"""

from __future__ import annotations

from collections.abc import Iterator

from mendpath.book import compared, computed, dynamic, summaries
from mendpath.book.references import (
    citations,
    condition_refs,
    duplicates,
    references,
    worded,
    worded_named,
)
from mendpath.logic import routing, satisfy
from mendpath.logic.conditions import questions_read, relation_space, situation_named, walk
from mendpath.logic.merging import findings_of
from mendpath.logic.outcome import hiders, shown_condition, variant_conditions
from mendpath.logic.relations import TooManyCells
from mendpath.logic.walks import MAX_WALKS, Findings, TooManyWalks
from mendpath.model import (
    Advice,
    All,
    Answered,
    Book,
    Condition,
    Invalid,
    Relation,
)
from mendpath.problems import Problem, located


def check_book(book: Book, shape_errors: bool = False) -> list[Problem]:
    """Every problem of meaning. The summary rules (a search over every route) run only on a
    book with no error at all, `shape_errors` included."""
    problems: list[Problem] = []
    problems += duplicates(book)
    problems += references(book)
    graph, routing = _routing(book)
    if book.dynamic:  # a loop in the graph is a problem only when answers can walk it
        routing = [p for p in routing if p.code != "MP120"]
    problems += routing
    if graph.start is not None:
        problems += _early_placeholders(book, graph)
    found, broken = _conditions(book)
    problems += found
    problems += citations(book)
    problems += summaries.references(book)
    problems += computed.check_values(book)
    problems += compared.check_relations(book)
    too_many = any(p.code == "MP176" for p in problems)  # answers compared in too many ways
    if (
        book.dynamic
        and graph.start is not None
        and not any(p.severity == "error" for p in problems)
    ):
        if not too_many:
            problems += dynamic.check_dynamic(
                book, broken, routing_reach(graph), wordings=not shape_errors
            )
            if not (broken or shape_errors or any(p.severity == "error" for p in problems)):
                problems += summaries.check_summaries(book)
    elif graph.sound:  # a start, no loop, every way out known: the walks are all finite
        mended = not shape_errors and not any(p.severity == "error" for p in problems)
        problems += _reachability(book, graph, broken)
        if mended and any(e.variants for e in worded(book)):  # (advice never shown: still)
            problems += _wordings(book, broken, graph)
        del graph  # its trees of walks (100,000 questions: 120 MB); the summaries need none
        if not (broken or shape_errors or too_many or any(p.severity == "error" for p in problems)):
            problems += summaries.check_summaries(book)
    return problems


def routing_reach(graph: routing.Graph) -> set[str]:
    return routing.reachable(graph) if graph.start is not None else set()


def _routing(book: Book) -> tuple[routing.Graph, list[Problem]]:
    graph = routing.build_graph(book)
    problems: list[Problem] = []
    reported: set[frozenset[str]] = set()
    for cycle in graph.cycles:
        key = frozenset(cycle)
        if key in reported:
            continue
        reported.add(key)
        first = book.questions[cycle[0]]
        problems.append(
            located(
                first.origin.at("id"), "error", "MP120", "the routing loops: " + " -> ".join(cycle)
            )
        )
    if graph.start is not None:
        seen = routing.reachable(graph)
        for q in book.questions.values():
            if q.id not in seen:
                problems.append(
                    located(
                        q.origin.at("id"), "error", "MP121", f"no route reaches question '{q.id}'"
                    )
                )
    return graph, problems


def _conditions(book: Book) -> tuple[list[Problem], set[str]]:
    """Reference problems in conditions, and the situations and advice they leave broken.

    A broken condition (a bad reference, an invalid shape, a situation loop, or a reference
    to a broken situation) is left out of the reachability checks: one mistake, one message.
    Broken ids are returned as "situation:ID" and "advice:ID".
    """
    problems: list[Problem] = []
    broken: set[str] = set()
    refs: dict[str, set[str]] = {}
    roots: list[tuple[str, Condition]] = [
        (f"situation:{s.id}", s.when) for s in book.situations.values()
    ]
    roots += [(f"advice:{a.id}", a.when) for a in book.advice.values() if a.when is not None]
    for q in book.questions.values():  # (most questions have none of these: kept quick)
        for i, (g, _) in enumerate(q.branches):
            if g is not None:
                roots.append((f"guard:{q.id}:{i}", g))
        if q.when is not None:
            roots.append((f"asked:{q.id}", q.when))
        roots += [(f"check:{q.id}:{i}", check.refuse) for i, check in enumerate(q.checks)]
        for c in q.choices:
            if c.when is not None:
                roots.append((f"offered:{q.id}:{c.id}", c.when))
    roots += [
        (f"wording:{element.origin.path}:{field}:{i}", when)
        for element in worded(book)
        for field, variants in element.variants.items()
        for i, (when, _) in enumerate(variants)
    ]
    for key, root in roots:
        for cond in walk(root):
            found = list(condition_refs(book, cond))
            if found or isinstance(cond, Invalid):
                broken.add(key)
            elif isinstance(cond, Relation) and not compared.fits(book, cond):
                broken.add(key)  # a side reads a broken value (its checks say how)
            elif isinstance(cond, Relation) and relation_space(book).refused(cond, book):
                broken.add(key)  # MP173 says why: no verdict rests on inexact classes
            problems += found
            named = situation_named(cond)
            if named is not None:  # (a root that names none is broken only by itself)
                refs.setdefault(key, set()).add(f"situation:{named}")
    loops = list(_situation_loops(book))
    problems += [problem for problem, _ in loops]
    for _, members in loops:
        broken |= {f"situation:{m}" for m in members}
    changed = True
    while changed:
        changed = False
        for key, used in refs.items():
            if key not in broken and used & broken:
                broken.add(key)
                changed = True
    return problems, broken


def _situation_loops(book: Book) -> Iterator[tuple[Problem, list[str]]]:
    refs = {
        s.id: [named for c in walk(s.when) if (named := situation_named(c)) is not None]
        for s in book.situations.values()
    }
    reported: set[frozenset[str]] = set()
    for loop in routing.find_cycles(refs)[1]:
        if frozenset(loop) in reported:
            continue
        reported.add(frozenset(loop))
        where = book.situations[loop[0]].origin.at("id")
        message = "situations refer to each other in a loop: " + " -> ".join(loop)
        yield located(where, "error", "MP122", message), loop


def _wordings(book: Book, broken: set[str], graph: routing.Graph) -> Iterator[Problem]:
    """MP195 and MP196 in a book routed by its graph alone, over the graph (`satisfy`): a
    variant is used on some route when its `when`, and none before it, can hold there (for
    an advice item, with the item shown); a question's or choice's wording is chosen with
    the answers before the question, so a variant reading a question asked only after it
    is MP196, and otherwise the answers on a route through the question decide it."""
    later: dict[str, set[str]] = {}  # the questions some route asks after each

    hidden = hiders(book)
    for _, named, element, asked in worded_named(book):
        for field, variants in element.variants.items():
            if any(
                f"wording:{element.origin.path}:{field}:{i}" in broken for i in range(len(variants))
            ):
                continue
            if asked is not None:
                if asked not in later:
                    later[asked] = routing.after(graph, asked)
                late = [
                    (i, sorted(questions_read(when, book) & (later[asked] | {asked})))
                    for i, (when, _) in enumerate(variants)
                ]
                if any(reads for _, reads in late):
                    for i, reads in late:
                        if reads:
                            when_asked = (
                                "itself" if reads[0] == asked else f"asked only after '{asked}'"
                            )
                            yield located(
                                element.origin.at(field, i),
                                "warning",
                                "MP196",
                                f"this wording of the {field} of {named} reads the answer to "
                                f"'{reads[0]}', {when_asked}: it is never given when the "
                                "wording is chosen",
                            )
                    continue
                shown: list[Condition] = [Answered(asked, element.origin)]
            else:
                assert isinstance(element, Advice)
                hidden_by = hidden.get(element.id, [])
                if any(h.when is None for h in hidden_by):
                    continue  # never shown: MP130 or the hiding says so
                shown_when = shown_condition(element, hidden_by)
                shown = [] if shown_when is None else [shown_when]
            try:  # never shown at all: MP121 or MP130 says so, not each variant
                if shown and not satisfy.possible(All(tuple(shown), element.origin), book, graph):
                    continue
            except satisfy.TooComplex:
                continue
            for i, cond in enumerate(variant_conditions(element, field, shown)):
                try:
                    used = satisfy.possible(cond, book, graph)
                except satisfy.TooComplex:
                    break
                if not used:
                    yield dynamic.unused_wording(element, field, i, len(variants), named)


def _reachability(book: Book, graph: routing.Graph, broken: set[str]) -> Iterator[Problem]:
    """Advice that can never show, conditions always true, situations that never hold.

    Each is decided over the routing graph (`satisfy`). A condition whose normal form is too
    large for that is decided by exploring every walk instead (`logic.walks`, as for a book
    routed by conditions); only when that is past its limit too is it left unchecked, with
    a warning that says so (MP189)."""
    explored: list[Findings | Exception] = []  # explored once, when first needed

    def truths(kind: str, ident: str, where: tuple[str, int, int]) -> set[bool]:
        if not explored:
            try:
                explored.append(findings_of(book))
            except (TooManyWalks, TooManyCells) as too_many:
                explored.append(too_many)
        found = explored[0]
        if isinstance(found, TooManyCells):
            return set()  # the compared answers have too many cells: MP176 says so
        if isinstance(found, Exception):
            skipped.append(
                located(
                    where,
                    "warning",
                    "MP189",
                    f"the `when` of {kind} '{ident}' is too large to reason about over the "
                    f"routes, and there are more than {MAX_WALKS:,} answer classes to try "
                    "instead, so whether it can hold, or always holds, was not checked",
                )
            )
            return set()
        return (found.situations if kind == "situation" else found.holds_when).get(ident, set())

    skipped: list[Problem] = []
    for s in book.situations.values():
        if f"situation:{s.id}" in broken:
            continue
        try:
            never = not satisfy.possible(s.when, book, graph)
        except satisfy.TooComplex:
            never = truths("situation", s.id, s.origin.at("when")) == {False}
        if never:
            yield dynamic.never_holds(s)
    for a in book.advice.values():
        if a.when is None or f"advice:{a.id}" in broken:
            continue
        try:
            if not satisfy.possible(a.when, book, graph):
                yield dynamic.never_shows(a)
            elif not satisfy.possible(a.when, book, graph, negate=True):
                yield dynamic.always_true(a)
        except satisfy.TooComplex:
            verdict = dynamic.advice_verdict(a, truths("advice", a.id, a.origin.at("when")))
            if verdict is not None:
                yield verdict
    yield from skipped


def _early_placeholders(book: Book, graph: routing.Graph) -> Iterator[Problem]:
    """MP198: a placeholder (or value) in a question's text, help or choice labels whose
    every answer is never given before the question is asked: no route asks any of them
    before it (the graph has every way a route can go, so this is never said wrongly), and
    the text always reads the default there."""
    from mendpath.book.computed import questions_of_value
    from mendpath.logic.outcome import placeholders_in

    later: dict[str, set[str]] = {}
    for q in book.questions.values():
        texts = [("text", q.text, q.origin)] if "{" in q.text else []
        if q.help and "{" in q.help:
            texts.append(("help", q.help, q.origin))
        texts += [
            (f"text of choice '{c.id}'", c.label, c.origin) for c in q.choices if "{" in c.label
        ]
        texts += [(field, t, q.origin) for field, vs in q.variants.items() for _, t in vs]
        if not texts:
            continue  # (most questions: nothing to read)
        said: set[str] = set()
        for field, text, origin in texts:
            for name in placeholders_in(text):
                if name in said:
                    continue
                if name in book.placeholders:
                    reads = {s.answer for s in book.placeholders[name].sources}
                    default = book.placeholders[name].default
                elif name in book.values:
                    reads = questions_of_value(book, name)
                    default = book.values[name].default
                else:
                    continue  # MP109
                reads &= set(book.questions)
                if not reads:
                    continue
                for r in reads:
                    if r not in later:
                        later[r] = routing.after(graph, r)
                if any(q.id in later[r] and r != q.id for r in reads):
                    continue  # some route asks one of them before it
                said.add(name)
                where = field if field in ("text", "help") else "label"
                at = origin.at(where) if origin is q.origin else origin.at("label")
                yield located(
                    at,
                    "warning",
                    "MP198",
                    f"the placeholder {{{name}}} in the {field.replace('text of ', 'label of ')} "
                    f"of question '{q.id}' takes its value from "
                    + ("its own answer" if reads == {q.id} else f"{', '.join(sorted(reads))}")
                    + f", never given before '{q.id}' is asked: it always reads "
                    f'"{default}" there',
                )
