"""The finished interview as a result object that every output format renders.

Pure: built from the book and the answers on the route. Text is personalised here
(placeholders filled), so renderers only lay it out.
"""

from __future__ import annotations

from typing import NamedTuple

from mendpath.logic.engine import Answers
from mendpath.logic.explain import because
from mendpath.logic.outcome import choice_label, fill, outcome
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
    sources: tuple[tuple[int, str, str | None, str | None], ...]  # (number, title, author, url)


def answer_label(book: Book, qid: str, value: Answer, answers: Answers) -> str:
    """An answer in the words the user saw."""
    if isinstance(value, list):
        return ", ".join(choice_label(book, qid, v, answers) for v in value) or "(none)"
    if book.questions[qid].kind == "text":
        return value or "(left empty)"
    return choice_label(book, qid, value, answers)


def summarise(book: Book, answers: Answers) -> Summary:
    result = outcome(book, answers)
    numbers: dict[str, int] = {}
    listed: list[tuple[int, str, str | None, str | None]] = []
    items: list[Item] = []
    for aid in result.shown:
        a = book.advice[aid]
        refs = []
        for c in a.cite:
            source = book.sources.get(c.source)
            section = source.section(c.section) if source else None
            if source is None or section is None:
                continue
            if source.id not in numbers:
                numbers[source.id] = len(numbers) + 1
                listed.append((numbers[source.id], source.title, source.author, source.url))
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
        items.append(
            Item(
                aid,
                fill(a.title, book, answers),
                fill(a.body, book, answers, markdown=True),
                a.group,
                group.title if group else a.group,
                tuple(refs),
                because(a.when, book, answers),
            )
        )
    told = tuple(
        Told(fill(book.questions[q].text, book, answers), answer_label(book, q, v, answers))
        for q, v in answers.items()
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
    )
