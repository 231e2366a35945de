"""Why each piece of advice is or is not shown, in words (pure).

`explain` describes a condition through the answers: which answers and situations made an
item appear, and, for items not shown, which part of their condition failed or which shown
item hid them.
"""

from __future__ import annotations

from typing import NamedTuple, assert_never

from mendpath.logic.conditions import holds, questions_read
from mendpath.logic.engine import Answers
from mendpath.logic.measures import DAYS
from mendpath.logic.outcome import advice_title, choice_label, outcome, question_text
from mendpath.logic.values import answer_shown, evaluate
from mendpath.logic.values import shown as value_shown
from mendpath.model import (
    All,
    Answered,
    AnswerIn,
    AnyOf,
    Book,
    Compare,
    Condition,
    Includes,
    Invalid,
    Not,
    Relation,
    SituationRef,
    Term,
)


class Reason(NamedTuple):
    advice: str
    title: str
    shown: bool
    why: tuple[str, ...]


def _question(book: Book, qid: str, answers: Answers) -> str:
    q = book.questions.get(qid)
    return f"\u201c{question_text(book, qid, answers)}\u201d" if q else qid


def _given(book: Book, qid: str, answers: Answers) -> str:
    if qid not in answers:
        return "not asked"
    value = answers[qid]
    if isinstance(value, list):
        if not value:
            return "you chose nothing"  # not "none": a choice may be called None
        return "you chose: " + ", ".join(choice_label(book, qid, v, answers) for v in value)
    q = book.questions.get(qid)
    if q is not None and q.spec.free_text:
        return "you left it empty" if not value else "you answered it"
    if q is not None and q.spec.measured and value:
        return f"you answered: {_as_read(book, qid, value)}"
    return f"you answered: {choice_label(book, qid, value, answers)}"


def _as_read(book: Book, qid: str, text: str) -> str:
    """A number or date (an answer, or a constant compared with it) as the summary writes
    it: 1 May 2026, £100, 5 days; as written when it is not one."""
    try:
        return answer_shown(book, qid, text)
    except (ValueError, ArithmeticError):
        return text


_COMPARE_WORDS = {
    "at_least": "at least",
    "at_most": "at most",
    "above": "more than",
    "below": "less than",
    "between": "between",
}


def _side(book: Book, term: Term, answers: Answers) -> str:
    """One side of a comparison in words: a constant, a question, or a value (with what it
    comes to for these answers; with no answers at all, as `graph` draws it, nothing)."""
    match term.kind:
        case "constant":  # a date as the summary writes one: 1 January 2026
            from mendpath.logic.calendar import fixed_day
            from mendpath.logic.values import day_shown

            fixed = fixed_day(term.ref)
            return term.ref if fixed is None else day_shown(fixed)
        case "answer":
            return _question(book, term.ref, answers)
        case "value":
            from mendpath.logic.linear import Linear, kind_of, term_linear  # exact fractions

            value = book.values.get(term.ref)
            if not answers:  # a condition drawn on its own, not explained for answers
                return f"the value {term.ref}"
            now = value_shown(value, book, answers) if value is not None else ""
            side = term_linear(term, book)
            day = evaluate(value.compute, book, answers) if value is not None else None
            date = isinstance(side, Linear) and kind_of(side) == "date"
            if value is not None and day is None:  # an answer it reads missing, or a 0 divisor
                now = "no value for these answers"
            elif date and day is not None:
                if day > DAYS[1]:  # past the last date there is
                    now = "after 31 December 9999"
                elif day < DAYS[0]:
                    now = "before 1 January 0001"
                else:
                    from mendpath.logic.values import day_shown

                    now = day_shown(int(day))
            return f"the value {term.ref}" + (f" ({now})" if now else "")
        case _:
            assert_never(term.kind)


def describe(cond: Condition, book: Book, answers: Answers) -> str:
    """A condition in words, as the user would read it."""
    match cond:
        case All():
            return " and ".join(describe(c, book, answers) for c in cond.items)
        case AnyOf():
            return "either " + " or ".join(describe(c, book, answers) for c in cond.items)
        case Not():
            return f"not ({describe(cond.item, book, answers)})"
        case SituationRef():
            return f"situation {cond.situation}"
        case Answered():
            return f"{_question(book, cond.question, answers)} is answered"
        case AnswerIn():
            labels = [choice_label(book, cond.question, c, answers) for c in cond.choices]
            shown = labels[0] if len(labels) == 1 else "one of " + ", ".join(labels)
            return f"{_question(book, cond.question, answers)} is {shown}"
        case Includes():
            label = choice_label(book, cond.question, cond.choice, answers)
            return f"{_question(book, cond.question, answers)} includes {label}"
        case Compare():
            words = _COMPARE_WORDS[cond.op]
            low = (
                _as_read(book, cond.question, cond.low)
                if cond.question in book.questions
                else cond.low
            )
            high = cond.high
            if high is not None and cond.question in book.questions:
                high = _as_read(book, cond.question, high)
            shown = f"{low} and {high}" if high is not None else low
            return f"{_question(book, cond.question, answers)} is {words} {shown}"
        case Relation():
            words = _COMPARE_WORDS[cond.op]
            left, *right = (_side(book, term, answers) for term, _ in cond.terms())
            return f"{left} is {words} {' and '.join(right)}"
        case Invalid():
            return "an invalid condition"
        case _:
            assert_never(cond)


def _met(cond: Condition, book: Book, answers: Answers) -> list[str]:
    """The parts of a true condition that made it true."""
    match cond:
        case All():
            return [r for c in cond.items for r in _met(c, book, answers)]
        case AnyOf():
            return [
                r for c in cond.items if holds(c, book, answers) for r in _met(c, book, answers)
            ]
        case SituationRef():
            situation = book.situations.get(cond.situation)
            inner = _met(situation.when, book, answers) if situation else []
            return [f"situation {cond.situation}" + (f" ({'; '.join(inner)})" if inner else "")]
        case AnswerIn() if cond.op == "in":
            return [f"{describe(cond, book, answers)} ({_given(book, cond.question, answers)})"]
        case Not() | Answered() | AnswerIn() | Includes() | Compare() | Relation() | Invalid():
            return [describe(cond, book, answers)]
        case _:
            assert_never(cond)


def _failed(cond: Condition, book: Book, answers: Answers) -> list[str]:
    """The parts of a false condition that made it false."""
    match cond:
        case All():
            return [
                r
                for c in cond.items
                if not holds(c, book, answers)
                for r in _failed(c, book, answers)
            ]
        case AnyOf():
            inner = "; ".join(r for c in cond.items for r in _failed(c, book, answers))
            return ["none of: " + inner]
        case SituationRef():
            situation = book.situations.get(cond.situation)
            parts = _failed(situation.when, book, answers) if situation else []
            return [
                f"situation {cond.situation} does not hold"
                + (f" ({'; '.join(parts)})" if parts else "")
            ]
        case Not():
            return [f"needs not ({describe(cond.item, book, answers)}), but it holds"]
        case AnswerIn() | Includes() | Answered() | Compare():
            given = _given(book, cond.question, answers)
            return [f"needs {describe(cond, book, answers)} ({given})"]
        case Relation():
            read = [q for q in book.questions if q in questions_read(cond, book)]
            given = "; ".join(f"{q}: {_given(book, q, answers)}" for q in read)
            return [f"needs {describe(cond, book, answers)} ({given})"]
        case Invalid():
            return [describe(cond, book, answers)]
        case _:
            assert_never(cond)


def because(cond: Condition | None, book: Book, answers: Answers) -> tuple[str, ...]:
    """What made a shown item appear."""
    if cond is None:
        return ("shown to everyone",)
    return tuple(dict.fromkeys(_met(cond, book, answers)))


def explain(book: Book, answers: Answers, everything: bool = False) -> list[Reason]:
    """Reasons for the items shown (in display order), then, with `everything`, the rest."""
    result = outcome(book, answers)
    reasons = [
        Reason(
            a,
            advice_title(book, a, answers),
            True,
            because(book.advice[a].when, book, answers),
        )
        for a in result.shown
    ]
    if everything:
        for advice in book.advice.values():
            if advice.id in result.shown:
                continue
            title = advice_title(book, advice.id, answers)
            if advice.id in result.hidden:
                hider = book.advice[result.hidden[advice.id]]
                why: tuple[str, ...] = (
                    f"hidden by \u201c{advice_title(book, hider.id, answers)}\u201d ({hider.id})",
                )
            else:
                assert advice.when is not None
                why = tuple(_failed(advice.when, book, answers))
            reasons.append(Reason(advice.id, title, False, why))
    return reasons
