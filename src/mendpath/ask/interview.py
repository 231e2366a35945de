"""The interview loop: step through the book, asking through a function given to it.

The ask function shows one question and returns an answer, or BACK to revisit the previous
question; it raises Interrupted when the user stops (Ctrl-C, Ctrl-D, end of input). Tests and
the non-interactive mode pass their own ask functions, so nothing here needs a terminal.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

from mendpath.errors import MendpathError
from mendpath.i18n import tr
from mendpath.logic import engine
from mendpath.logic.outcome import fill, wording
from mendpath.model import Answer, Book


class Back:
    """The answer that means: go back to the previous question."""

    def __repr__(self) -> str:
        return "BACK"


BACK = Back()


class Interrupted(Exception):
    """The user stopped the interview; progress so far is kept by the caller."""


class AskFn(Protocol):
    def __call__(
        self, step: engine.Ask, current: Answer | None, texts: dict[str, str]
    ) -> Answer | Back: ...


def texts_for(book: Book, step: engine.Ask, answers: engine.Answers) -> dict[str, str]:
    """The question's text, help and choice labels with placeholders filled from answers."""
    q = step.question
    texts = {"text": fill(wording(q, "text", q.text, book, answers), book, answers)}
    if q.help:
        texts["help"] = fill(wording(q, "help", q.help, book, answers), book, answers)
    for c in q.choices:
        texts[f"choice:{c.id}"] = fill(wording(c, "label", c.label, book, answers), book, answers)
    return texts


def refuser(book: Book, step: engine.Ask) -> Callable[[Answer], str | None]:
    """What refuses an answer to the step's question: the message of the first check it
    fails (placeholders filled with the answers so far and this one), or None."""
    question, so_far = step.question, step.so_far

    def refuse(value: Answer) -> str | None:
        check = engine.refused(book, question, value, so_far)
        if check is None:
            return None
        return fill(check.message, book, {**so_far, question.id: value})

    return refuse


def run(
    book: Book,
    ask: AskFn,
    answers: engine.Answers | None = None,
    on_change: Callable[[dict[str, Answer]], None] | None = None,
) -> engine.Done:
    """Ask until the route ends. `on_change` sees the answers after every change.

    Going back revisits the previous question with its answer preselected; answering it again
    walks forward through the later questions still on the route, each with its answer kept.
    """
    state = engine.walk(book, answers or {})
    at: str | None = None
    while True:
        step = engine.step_from(book, state, at)
        if isinstance(step, engine.Done):
            return step
        qid = step.question.id
        if step.question.choices and not step.choices:  # MP190: the book is at fault
            raise MendpathError(
                tr(
                    "question '{id}' offers no choice after the answers given, so the "
                    "interview cannot go on; the rule book needs mending (mendpath validate "
                    "reports it as MP190)"
                ).format(id=qid)
            )
        if step.question.checks:
            step = step._replace(refuse=refuser(book, step))
        reply = ask(step, state.answers.get(qid), texts_for(book, step, step.so_far))
        if isinstance(reply, Back):
            at = step.previous or qid
            continue
        state = engine.advance(book, state, qid, reply)
        if on_change is not None:
            on_change(dict(state.answers))
        # the next question on the new route, when it is already answered (after going
        # back): the route's answers are in route order, which holds for a book routed by
        # conditions too (the question's own `target` may not be where its branches lead)
        route = list(state.answers)
        nxt = route[route.index(qid) + 1] if qid in route[:-1] else None
        at = nxt
