"""Checks of a book whose routing reads earlier answers (`Book.dynamic`), by exploring every
walk (`logic.walks`): loops that answers can really walk, questions no answers reach, advice
that can never show or always does, situations that never hold."""

from __future__ import annotations

from collections.abc import Iterator

from mendpath.book.references import worded_named
from mendpath.book.summaries import answers_text
from mendpath.logic.merging import findings_of as findings
from mendpath.logic.walks import MAX_WALKS, Findings, TooManyWalks
from mendpath.model import Advice, Book, Choice, Question, Situation
from mendpath.problems import Problem, located


def never_holds(situation: Situation) -> Problem:
    return located(
        situation.origin.at("when"),
        "warning",
        "MP132",
        f"situation '{situation.id}' can never hold: no answers along any route make it true",
    )


def never_shows(advice: Advice) -> Problem:
    return located(
        advice.origin.at("when"),
        "error",
        "MP130",
        f"advice '{advice.id}' can never show: no answers along any route meet its `when`",
    )


def always_true(advice: Advice) -> Problem:
    return located(
        advice.origin.at("when"),
        "warning",
        "MP131",
        f"the `when` of advice '{advice.id}' is always true; leave it out to show it always",
    )


def advice_verdict(advice: Advice, truths: set[bool]) -> Problem | None:
    """MP130 or MP131 for advice whose `when` was found only false, or only true, on every
    walk; None when it can be either (or was not decided: no truths)."""
    if truths == {False}:
        return never_shows(advice)
    if truths == {True}:
        return always_true(advice)
    return None


def check_dynamic(
    book: Book, broken: set[str], statically_reached: set[str], wordings: bool = True
) -> Iterator[Problem]:
    """Problems found by exploring every walk. A routing loop is an error only when some
    answers really walk it; the message gives them. `wordings`: also MP195 (not when a
    wording's shape is wrong: a default it lacks was made up)."""
    try:
        found = findings(book)
    except TooManyWalks:
        where = book.meta.origin.at() if book.meta else (book.files[0], 1, 1)
        yield located(
            where,
            "warning",
            "MP138",
            f"the routes read earlier answers and have more than {MAX_WALKS:,} answer "
            "classes, so loops, reachability and advice that never shows were not checked",
        )
        return
    looped: set[str] = set()
    for loop in found.loops:
        if loop.at in looped:
            continue
        looped.add(loop.at)
        yield located(
            book.questions[loop.at].origin.at("id"),
            "error",
            "MP120",
            f"the routing loops back to '{loop.at}' with these answers: "
            f"{answers_text(loop.answers)}",
        )
    unreached = [
        q
        for q in book.questions.values()
        if q.id in statically_reached and q.id not in found.reached
    ]
    stops: dict[str, str] = {}  # a question the walks stop at -> why (MP177, MP190)
    if unreached and (found.stuck or found.no_choice):
        from mendpath.logic.routing import after, build_graph

        graph = build_graph(book, walks=False)
        stops = {s: "whose checks refuse every answer" for s in found.stuck}
        stops |= {s: "which offers no choice" for s in found.no_choice}
        later = {s: after(graph, s) for s in stops}
    for q in unreached:
        before = [s for s in stops if q.id in later[s]]
        if before:
            why = "; ".join(f"'{s}', {stops[s]}" for s in before)
            cause = (
                "every walk toward it is excluded by the conditions on the way or stops "
                f"before it: some stop at {why}"
            )
        else:
            cause = "the conditions on the way exclude it"
        message = f"no answers reach question '{q.id}' ({cause})"
        yield located(q.origin.at("id"), "error", "MP121", message)
    yield from check_findings(book, found, broken)
    yield from check_route_conditions(book, found, broken)
    if wordings and not found.no_choice:  # (MP190: some walks cannot finish)
        yield from check_wordings(book, found, broken)
    for s in book.situations.values():
        if f"situation:{s.id}" not in broken and found.situations.get(s.id) == {False}:
            yield never_holds(s)
    for a in book.advice.values():
        if a.when is None or f"advice:{a.id}" in broken:
            continue
        verdict = advice_verdict(a, found.holds_when.get(a.id, set()))
        if verdict is not None:
            yield verdict


def check_route_conditions(book: Book, found: Findings, broken: set[str]) -> Iterator[Problem]:
    """The conditions that decide the route, where their question is reached: a question's
    `when` always true (MP191), a choice's `when` always true (MP192) or never (MP193), a
    branch of `next` no answers take (MP194). Not said of a question no answers reach
    (MP121 is), nor of a condition with errors of its own."""
    for q in book.questions.values():
        if q.id not in found.ways:
            continue  # never reached
        asked = found.whens.get(("asked", q.id), set())
        if q.when is not None and f"asked:{q.id}" not in broken and asked == {True}:
            yield located(
                q.origin.at("when"),
                "warning",
                "MP191",
                f"the `when` of question '{q.id}' is true wherever the question is reached; "
                "leave it out to ask it always",
            )
        for c in q.choices:
            truths = found.whens.get(("offered", f"{q.id}:{c.id}"), set())
            if c.when is None or f"offered:{q.id}:{c.id}" in broken or not truths:
                continue
            said = {
                True: (
                    "MP192",
                    f"the `when` of choice '{c.id}' of question '{q.id}' is true wherever "
                    "the question is asked; leave it out to offer the choice always",
                ),
                False: (
                    "MP193",
                    f"choice '{c.id}' of question '{q.id}' is never offered: its `when` is "
                    "false wherever the question is asked",
                ),
            }
            if len(truths) == 1:
                code, message = said[next(iter(truths))]
                yield located(c.origin.at("when"), "warning", code, message)
        taken = found.ways[q.id]
        for i, (guard, goes) in enumerate(q.branches):
            if guard is None or goes is None or i in taken or f"guard:{q.id}:{i}" in broken:
                continue
            yield located(
                guard.origin.at(),
                "warning",
                "MP194",
                f"no answers take this branch of question '{q.id}' (to '{goes}'): wherever "
                "the route leaves the question, its `when` is false or an earlier way out "
                "is taken",
            )


def unused_wording(
    element: Question | Choice | Advice, field: str, i: int, count: int, named: str
) -> Problem:
    """MP195 for variant i of a wording with `count` variants (i == count: the text without
    `when`)."""
    if i < count:
        why = "its `when` is never the first to hold"
    else:
        why = "the `when` of a variant before it always holds"
    return located(
        element.origin.at(field, i),
        "warning",
        "MP195",
        f"this wording of the {field} of {named} is never used: wherever it is shown, {why}",
    )


def check_wordings(book: Book, found: Findings, broken: set[str]) -> Iterator[Problem]:
    """MP195: a variant of a wording never used where its element is shown (a question
    asked, a choice offered, an advice item shown), its `when` never the first to hold;
    the text without `when` too, when some variant's always does. Not said of an element
    never shown, nor where a variant's `when` has errors of its own."""
    for key, named, element, _ in worded_named(book):
        for field, variants in element.variants.items():
            used = found.worded.get((key, field))
            if not used or any(
                f"wording:{element.origin.path}:{field}:{i}" in broken for i in range(len(variants))
            ):
                continue
            for i in range(len(variants) + 1):
                if i not in used:
                    yield unused_wording(element, field, i, len(variants), named)


def check_findings(book: Book, found: Findings, broken: set[str]) -> Iterator[Problem]:
    """The checks that refuse answers: one that leaves no answer on some route (MP177), one
    that refuses none on any (MP178), one that reads an answer some route has not given
    before its question (MP179); and a question that offers no choice on some route (MP190),
    where the interview cannot go on either."""
    for qid, before in found.no_choice.items():
        after = f"after these answers: {answers_text(before)}" if before else "at the start"
        yield located(
            book.questions[qid].origin.at("choices"),
            "error",
            "MP190",
            f"question '{qid}' offers no choice {after} (the `when` of every choice is "
            "false): the interview cannot go on; give one choice no `when`, or make the "
            "`when`s cover every route",
        )
    for q in book.questions.values():
        if not q.checks or q.id not in found.reached:
            continue
        if q.id in found.stuck:
            before = found.stuck[q.id]
            after = f"after these answers: {answers_text(before)}" if before else "at the start"
            yield located(
                q.origin.at("checks"),
                "error",
                "MP177",
                f"the checks of question '{q.id}' refuse every answer {after}: "
                "the interview cannot go on",
            )
        for i, check in enumerate(q.checks):
            if f"check:{q.id}:{i}" in broken:
                continue
            where = check.origin.at("refuse")
            if (q.id, i) in found.unanswered:
                before, missing = found.unanswered[q.id, i]
                walked = " -> ".join([*before, q.id])
                given = f" (answers: {answers_text(before)})" if before else ""
                yield located(
                    where,
                    "error",
                    "MP179",
                    f"this check of question '{q.id}' reads the answer to '{missing}', which "
                    f"is not given before it on the route {walked}{given} (if that is "
                    f"meant, guard the check: all: [{{answered: {missing}}}, ...])",
                )
            elif (q.id, i) not in found.refusing:
                yield located(
                    where,
                    "warning",
                    "MP178",
                    f"this check of question '{q.id}' refuses no answer on any route: leave it out",
                )
