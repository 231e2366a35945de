"""What a finished interview shows: situations that hold, advice shown and why, text filled in.

Pure functions over the book and the answers on the route.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterator
from typing import NamedTuple

from mendpath.logic.conditions import holds
from mendpath.logic.engine import Answers
from mendpath.logic.values import answer_shown, shown
from mendpath.model import Advice, Answer, Book, Choice, Question
from mendpath.text import md_escape

# {name} is a placeholder, {Name} the same with a capital letter; {{ and }} are braces.
PLACEHOLDER = re.compile(r"\{\{|\}\}|\{([A-Za-z][A-Za-z0-9_]*)\}")


def placeholder_id(name: str) -> str:
    """The placeholder id a name in text stands for: {Partner} is `partner`."""
    return name[0].lower() + name[1:]


def placeholders_in(text: str) -> Iterator[str]:
    """Placeholder ids used in text."""
    for match in PLACEHOLDER.finditer(text):
        if match.group(1):
            yield placeholder_id(match.group(1))


class Outcome(NamedTuple):
    """The advice to show, in display order, with what hid the rest."""

    situations: tuple[str, ...]
    shown: tuple[str, ...]
    hidden: dict[str, str]  # advice id -> the shown advice id that hid it
    failed: tuple[str, ...]  # advice whose condition does not hold


def outcome(book: Book, answers: Answers) -> Outcome:
    situations = tuple(s.id for s in book.situations.values() if holds(s.when, book, answers))
    passing = [a for a in book.advice.values() if holds(a.when, book, answers)]
    passing_ids = {a.id for a in passing}
    failed = tuple(a for a in book.advice if a not in passing_ids)
    hidden: dict[str, str] = {}
    for a in passing:
        for h in a.hides:
            if h in passing_ids:  # only what would otherwise show is hidden
                hidden.setdefault(h, a.id)
    # An item hidden by an item that is itself hidden still stays hidden: safety wins.
    group_order = {g: i for i, g in enumerate(book.groups)}
    shown = [a for a in passing if a.id not in hidden]
    shown.sort(key=lambda a: (group_order.get(a.group, len(group_order)), -a.priority))
    return Outcome(situations, tuple(a.id for a in shown), hidden, failed)


# Where a value in Markdown would become part of an address: an inline link or image
# destination `](...)`, anything in angle brackets (autolinks, destinations), a reference
# definition `[x]: ...`, and a bare address (scheme://..., mailto:, www.).
_URL_SPANS = re.compile(
    r"\]\([^)\n]*\)?"
    r"|<[^<>\n]*>?"
    r"|^ {0,3}\[[^\]\n]*\]:.*$"
    r"|(?i:\b(?:[a-z][a-z0-9+.-]*://|mailto:|javascript:|data:|www\.))\S*",
    re.MULTILINE,
)


def wording(
    element: Question | Choice | Advice, field: str, plain: str, book: Book, answers: Answers
) -> str:
    """The wording of a text field for these answers: the first variant whose `when` holds,
    else the plain text; placeholders not yet filled."""
    for when, text in element.variants.get(field, ()):
        if holds(when, book, answers):
            return text
    return plain


def fill(text: str, book: Book, answers: Answers, *, markdown: bool = False) -> str:
    """Text with {placeholders} replaced by plain substitution; {{ and }} are literal braces.

    For Markdown (`markdown=True`) each value is escaped so it shows literally, and a
    placeholder inside an address (a link, an image, an autolink) is left out: answers never
    become part of a URL, where opening the page could send them somewhere.
    """
    # The address spans, in order and apart (as finditer gives them): the one that could
    # hold a placeholder is found by bisection, so a long body costs no more per placeholder.
    starts: list[int] = []
    ends: list[int] = []
    if markdown:
        for m in _URL_SPANS.finditer(text):
            starts.append(m.start())
            ends.append(m.end())

    def sub(match: re.Match[str]) -> str:
        token = match.group(0)
        if token in ("{{", "}}"):
            return token[0]
        name = match.group(1)
        value = placeholder_value(placeholder_id(name), book, answers)
        if value is None:
            return token
        if markdown:
            at = bisect_right(starts, match.start()) - 1
            if at >= 0 and match.start() < ends[at]:
                return ""
            value = md_escape(value)
        return value[:1].upper() + value[1:] if name[0].isupper() else value

    return PLACEHOLDER.sub(sub, text)


def question_text(book: Book, qid: str, answers: Answers) -> str:
    """A question in the words the user saw."""
    q = book.questions[qid]
    return fill(wording(q, "text", q.text, book, answers), book, answers)


def advice_title(book: Book, aid: str, answers: Answers) -> str:
    """An advice item's title in the words the user saw."""
    a = book.advice[aid]
    return fill(wording(a, "title", a.title, book, answers), book, answers)


def choice_label(book: Book, qid: str, choice: str, answers: Answers) -> str:
    """A choice in the words the user saw (its label, placeholders filled); the id when the
    question does not offer it."""
    q = book.questions.get(qid)
    chosen = next((c for c in q.choices if c.id == choice), None) if q else None
    if chosen is None:
        return choice
    return fill(wording(chosen, "label", chosen.label, book, answers), book, answers)


def placeholder_value(key: str, book: Book, answers: Answers) -> str | None:
    computed = book.values.get(key)
    if computed is not None:
        return shown(computed, book, answers)
    ph = book.placeholders.get(key)
    if ph is None:
        return None
    for source in ph.sources:
        value: Answer | None = answers.get(source.answer)
        question = book.questions.get(source.answer)
        if not isinstance(value, str) or not value or question is None:
            continue
        if question.spec.free_text:
            return value
        if question.spec.measured:
            return answer_shown(book, source.answer, value)
        if value in source.values:
            return source.values[value]
        choice = next((c for c in question.choices if c.id == value), None)
        if choice is not None:
            return choice.says or choice.label
    return ph.default
