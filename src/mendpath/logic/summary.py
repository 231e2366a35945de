"""The finished interview as a result object that every output format renders.

Pure: built from the book and the answers on the route. Text is personalised here
(placeholders filled), so renderers only lay it out.
"""

from __future__ import annotations

from typing import NamedTuple

from mendpath.i18n import tr
from mendpath.logic.engine import Answers
from mendpath.logic.explain import because
from mendpath.logic.outcome import advice_title, choice_label, fill, outcome, question_text, wording
from mendpath.logic.values import answer_shown
from mendpath.model import Answer, Book


class SourceRef(NamedTuple):
    number: int  # in the numbered list of sources at the end
    title: str
    author: str | None
    url: str | None
    section: str
    unheaded: bool


class Item(NamedTuple):
    id: str
    title: str
    body: str
    group: str
    group_title: str
    sources: tuple[SourceRef, ...]
    because: tuple[str, ...]  # answers and situations that made it appear


class Listed(NamedTuple):
    """A source in the numbered list at the end of a summary."""

    number: int
    title: str
    author: str | None
    url: str | None


class Told(NamedTuple):
    question: str
    answer: str


class Summary(NamedTuple):
    title: str
    version: str
    disclaimer: str
    told: tuple[Told, ...]
    answers: dict[str, Answer]
    situations: tuple[str, ...]
    items: tuple[Item, ...]
    sources: tuple[Listed, ...]
    language: str = "en"  # the language of its texts (the book's, or its translation's)


def answer_label(book: Book, qid: str, value: Answer, answers: Answers) -> str:
    """An answer in the words the user saw."""
    if isinstance(value, list):
        return ", ".join(choice_label(book, qid, v, answers) for v in value) or tr("(none)")
    if book.questions[qid].spec.free_text:
        return value or tr("(left empty)")
    if book.questions[qid].spec.measured:
        return answer_shown(book, qid, value)
    return choice_label(book, qid, value, answers)


# "Start here" is shown as the first group. Its id cannot clash with a book's group ids,
# which never contain "-".
START_GROUP = "start-here"


def start_here(book: Book, shown: tuple[str, ...]) -> list[str]:
    """The items "Start here" opens with: the shown items ranked with `first`, lowest rank
    first (display order breaks ties), as many as the book's `limits: start`."""
    count = book.meta.limits.start if book.meta else 0
    ranked = [aid for aid in shown if book.advice[aid].first is not None]
    ranked.sort(key=lambda aid: book.advice[aid].first or 0)  # stable: display order on ties
    return ranked[:count]


def summarise(book: Book, answers: Answers) -> Summary:
    result = outcome(book, answers)
    start = start_here(book, result.shown)
    numbers: dict[str, int] = {}
    listed: list[Listed] = []
    items: list[Item] = []
    for aid in [*start, *(a for a in result.shown if a not in start)]:
        a = book.advice[aid]
        refs = []
        for c in a.cite:
            source = book.sources.get(c.source)
            section = source.section(c.section) if source else None
            if source is None or section is None:
                continue
            if source.id not in numbers:
                numbers[source.id] = len(numbers) + 1
                listed.append(Listed(numbers[source.id], source.title, source.author, source.url))
            refs.append(
                SourceRef(
                    numbers[source.id],
                    source.title,
                    source.author,
                    source.url,
                    section.title,
                    section.unheaded,
                )
            )
        group = book.groups.get(a.group)
        group_id, group_title = (a.group, group.title if group else a.group)
        if aid in start:
            group_id, group_title = START_GROUP, tr("Start here")
        items.append(
            Item(
                aid,
                advice_title(book, aid, answers),
                fill(wording(a, "body", a.body, book, answers), book, answers, markdown=True),
                group_id,
                group_title,
                tuple(refs),
                because(a.when, book, answers),
            )
        )
    told = tuple(  # what the person said; questions left empty are left out
        Told(question_text(book, q, answers), answer_label(book, q, v, answers))
        for q, v in answers.items()
        if v not in ("", [])
    )
    meta = book.meta
    return Summary(
        title=meta.title if meta else "mendpath",
        version=meta.version if meta else "",
        disclaimer=fill(meta.disclaimer, book, answers) if meta else "",
        told=told,
        answers=dict(answers),
        situations=result.situations,
        items=tuple(items),
        sources=tuple(listed),
        language=book.language,
    )
