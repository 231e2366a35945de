"""Scenarios run against a book (`mendpath test`): what each shows, and the report of what
passed and why the others failed. Reading scenario files is author/scenario_files.py's."""

from __future__ import annotations

from dataclasses import dataclass, field

from mendpath.author.scenario_files import Scenario
from mendpath.logic import engine
from mendpath.logic.explain import explain
from mendpath.model import Answer, Book
from mendpath.text import printable


@dataclass
class ScenarioResult:
    scenario: Scenario
    missing: list[tuple[str, tuple[str, ...]]] = field(default_factory=list)  # (id, why not)
    unwanted: list[tuple[str, tuple[str, ...]]] = field(default_factory=list)  # (id, why)
    unfinished: str | None = None  # the first question left unanswered
    offers: list[str] | None = None  # its choices, when it was answered with one not offered
    shown: tuple[str, ...] = ()
    unsaid: list[str] = field(default_factory=list)  # shows_text that no shown item says
    said: tuple[str, ...] = ()  # the title and body of each shown item, as read
    start: tuple[str, ...] | None = None  # "Start here" when it differs from starts_with
    # a scenario with `refused`: what happened instead (None: refused as expected)
    not_refused: str | None = None

    @property
    def passed(self) -> bool:
        return (
            not (self.missing or self.unwanted or self.unfinished or self.unsaid)
            and self.start is None
            and self.not_refused is None
        )


def run_scenario(book: Book, scenario: Scenario) -> ScenarioResult:
    result = ScenarioResult(scenario)
    if scenario.refused is not None:
        return _run_refused(book, scenario, result)
    step = engine.step(book, scenario.answers)
    if isinstance(step, engine.Ask):
        result.unfinished = step.question.id
        unoffered = engine.first_not_offered(book, scenario.answers)
        if unoffered is not None and unoffered[0].id == step.question.id:
            result.offers = unoffered[1]
        return result
    reasons = {r.advice: r for r in explain(book, step.answers, everything=True)}
    shown = {a for a, r in reasons.items() if r.shown}
    result.shown = tuple(a for a, r in reasons.items() if r.shown)
    result.missing = [(a, reasons[a].why) for a in scenario.shows if a not in shown]
    result.unwanted = [(a, reasons[a].why) for a in scenario.does_not_show if a in shown]
    if scenario.starts_with is not None:
        from mendpath.logic.outcome import outcome
        from mendpath.logic.summary import start_here

        start = tuple(start_here(book, outcome(book, step.answers).shown))
        result.start = None if start == scenario.starts_with else start
    if scenario.shows_text:
        from mendpath.logic.outcome import advice_title, fill, read_text, shown_words, wording

        result.said = tuple(
            f"{advice_title(book, a, step.answers)}: "
            + shown_words(
                wording(book.advice[a], "body", book.advice[a].body, book, step.answers),
                book,
                step.answers,
            )
            for a in result.shown
        )
        flat = [" ".join(t.split()) for t in result.said]
        flat += [  # as read: `**28 days**` is 28 days; an answer in it stays as typed
            f"{' '.join(advice_title(book, a, step.answers).split())}: "
            + read_text(
                fill(
                    wording(book.advice[a], "body", book.advice[a].body, book, step.answers),
                    book,
                    step.answers,
                    markdown=True,
                )
            )
            for a in result.shown
        ]
        result.unsaid = [
            t for t in scenario.shows_text if not any(" ".join(t.split()) in f for f in flat)
        ]
    return result


def _not_offered(given: Answer, qid: str, offers: list[str]) -> str:
    answer = given if isinstance(given, str) else ",".join(given)
    return (
        f"question '{qid}' does not offer '{printable(answer)}' after the answers before it; "
        f"it offers: {', '.join(offers) or 'nothing'}"
    )


def _run_refused(book: Book, scenario: Scenario, result: ScenarioResult) -> ScenarioResult:
    from mendpath.logic.outcome import fill

    assert scenario.refused is not None
    wanted, words = scenario.refused
    if scenario.typed is not None:  # refused as it is typed: a pattern, a range, a format
        step = engine.step(book, scenario.answers)
        if not isinstance(step, engine.Ask) or step.question.id != wanted:
            asked = f"'{step.question.id}'" if isinstance(step, engine.Ask) else "no question"
            result.not_refused = (
                f"'{wanted}' is not asked after the answers before it ({asked} is next), "
                "so its answer is never typed"
            )
            return result
        qid, message = wanted, " ".join(scenario.typed.split())
    else:
        refusal = engine.first_refused(book, scenario.answers)
        if refusal is None:
            unoffered = engine.first_not_offered(book, scenario.answers)
            if unoffered is None or unoffered[0].id != wanted:
                result.not_refused = f"no check refuses an answer; '{wanted}' should be refused"
                return result
            qid, message = wanted, _not_offered(scenario.answers[wanted], wanted, unoffered[1])
        else:
            qid = refusal.question.id
            message = " ".join(fill(refusal.check.message, book, refusal.answers).split())
    if qid != wanted:
        result.not_refused = f"the answer to '{qid}' is refused ({message}), not '{wanted}'"
    elif " ".join(words.split()) not in message:
        result.not_refused = f"the answer to '{qid}' is refused, but the message says: {message}"
    return result


def report(outcomes: list[ScenarioResult], book: Book) -> tuple[str, bool]:
    """Text for the outcomes, with the advice no scenario shows, and whether all passed."""
    lines: list[str] = []
    for o in outcomes:
        s = o.scenario
        if o.passed:
            lines.append(f"ok    {printable(s.name)}")
            continue
        lines.append(f"FAIL  {printable(s.name)}  ({printable(s.where)})")
        if o.unfinished and o.offers is not None:
            lines.append(f"      {_not_offered(s.answers[o.unfinished], o.unfinished, o.offers)}")
        elif o.unfinished:
            lines.append(
                f"      the answers stop at question '{o.unfinished}'; answer it to finish"
            )
        for advice, why in o.missing:
            lines.append(f"      should show {advice}, but it is not shown:")
            lines += [f"        {printable(w)}" for w in why]
        for advice, why in o.unwanted:
            lines.append(f"      should not show {advice}, but it is shown because:")
            lines += [f"        {printable(w)}" for w in why]
        if o.start is not None:
            wanted = ", ".join(s.starts_with or ()) or "nothing"
            lines.append(
                f"      Start here should be {wanted}, but is {', '.join(o.start) or 'nothing'}"
            )
        if o.not_refused is not None:
            lines.append(f"      {printable(o.not_refused)}")
        for text in o.unsaid:
            lines.append(
                f"      should say {printable(repr(text))}, but no shown item does; they say:"
            )
            lines += [f"        {printable(' '.join(t.split()))}" for t in o.said]
    covered = {a for o in outcomes for a in o.shown}
    uncovered = [a for a in book.advice if a not in covered]
    if uncovered:
        lines.append(
            f"note: no scenario shows {len(uncovered)} advice item(s): {', '.join(uncovered)}"
        )
    failed = sum(not o.passed for o in outcomes)
    lines.append(f"{len(outcomes) - failed} passed, {failed} failed")
    return "\n".join(lines) + "\n", failed == 0
