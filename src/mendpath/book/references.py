"""Checks that every name a book uses is one it defines: ids given twice, references to
questions, choices, situations, groups, sources and sections, placeholders, the references
inside conditions, and citations. `checks.check_book` runs them with the routing checks.
"""

from __future__ import annotations

from collections.abc import Generator, Iterator
from typing import NamedTuple, assert_never

from mendpath.book import compared
from mendpath.book.measured import compare_problems, question_problems
from mendpath.logic.conditions import choice_set
from mendpath.logic.outcome import left_out, placeholders_in
from mendpath.model import (
    END,
    Advice,
    All,
    Answered,
    AnswerIn,
    AnyOf,
    Book,
    Choice,
    Compare,
    Condition,
    Includes,
    Invalid,
    Not,
    Question,
    Relation,
    SituationRef,
)
from mendpath.problems import Problem, located
from mendpath.reader import MAX_TEXT, Origin
from mendpath.text import safe_url


def duplicates(book: Book) -> Iterator[Problem]:
    for kind, ident, first, again in book.duplicates:
        file, line, _ = first.at("id")
        shown = file if file != again.doc.name else "line"
        place = f"{file}:{line}" if shown == file else f"line {line}"
        yield located(
            again.at("id"), "error", "MP101", f"{kind} '{ident}' is already defined at {place}"
        )
    if len(book.metas) > 1:
        first_book = book.metas[0].origin.at()
        for meta in book.metas[1:]:
            yield located(
                meta.origin.at(key=True),
                "error",
                "MP112",
                f"`book:` is given twice (first in {first_book[0]}:{first_book[1]}); "
                "a book has one",
            )
    for q in book.questions.values():
        seen: dict[str, Origin] = {}
        for c in q.choices:
            if c.id in seen and q.spec.fixed_choices is None:
                line = seen[c.id].at("id")[1]
                yield located(
                    c.origin.at("id"),
                    "error",
                    "MP102",
                    f"choice '{c.id}' is repeated in question '{q.id}' (first at line {line})",
                )
            seen.setdefault(c.id, c.origin)


def _no_choice(q: Question, choice: str, where: tuple[str, int, int]) -> Problem:
    """MP104: a route, condition or placeholder names a choice the question does not offer."""
    offered = ", ".join(q.choice_ids())
    return located(
        where,
        "error",
        "MP104",
        f"question '{q.id}' has no choice '{choice}' (it offers: {offered})",
    )


def _unknown(kind: str, ident: str, known: list[str]) -> str:
    close = [k for k in known if _similar(ident, k)]
    hint = f"; did you mean '{close[0]}'?" if close else ""
    return f"unknown {kind} '{ident}'{hint}"


def _similar(a: str, b: str) -> bool:
    import difflib

    return difflib.SequenceMatcher(None, a, b).ratio() >= 0.8


def references(book: Book) -> Iterator[Problem]:
    questions = list(book.questions)
    if book.meta is None:
        where = (book.files[0], 1, 1) if book.files else ("(no files)", 1, 1)
        yield located(
            where, "error", "MP112", "no file has `book:` (title, version, start, disclaimer)"
        )
    elif book.meta.start and book.meta.start not in book.questions:
        yield located(
            book.meta.origin.at("start"),
            "error",
            "MP103",
            _unknown("question", book.meta.start, questions) + " as the first question",
        )
    for q in book.questions.values():
        yield from question_problems(q)
        offered = q.choice_ids()
        for routed, target in q.routes.items():
            if q.spec.one_choice and routed not in offered:
                yield _no_choice(q, routed, q.origin.at("routes", routed, key=True))
            if target != END and target not in book.questions:
                yield located(
                    q.origin.at("routes", routed),
                    "error",
                    "MP103",
                    _unknown("question", target, questions),
                )
        if q.next is not None and q.next != END and q.next not in book.questions:
            yield located(
                q.origin.at("next"), "error", "MP103", _unknown("question", q.next, questions)
            )
        if q.next is None:  # `next` as branches (or none): each branch's `go`
            for i, (_, goes) in enumerate(q.branches):
                if goes is not None and goes != END and goes not in book.questions:
                    yield located(
                        q.origin.at("next", i, "go"),
                        "error",
                        "MP103",
                        _unknown("question", goes, questions),
                    )
        for choice, goes, _ in q.ways_out:
            if goes is None:
                what = f"choice '{choice}'" if choice else "the answer"
                yield located(
                    q.origin.at("id"),
                    "error",
                    "MP113",
                    f"question '{q.id}': {what} has nowhere to go; "
                    "add `next:` (a question id or `end`)",
                )
                break
        else:  # every answer has a way; a skipped question goes by `next` alone
            if q.when is not None and q.branches[-1][1] is None:
                yield located(
                    q.origin.at("when"),
                    "error",
                    "MP113",
                    f"question '{q.id}': when it is skipped (its `when` does not hold) it has "
                    "nowhere to go, since `routes` are for answers; add `next:` (a question "
                    "id or `end`)",
                )
    for a in book.advice.values():
        if a.group and a.group not in book.groups:
            yield located(
                a.origin.at("group"),
                "error",
                "MP108",
                _unknown("group", a.group, list(book.groups)),
            )
        for i, hidden in enumerate(a.hides):
            if hidden not in book.advice:
                yield located(
                    a.origin.at("hides", i),
                    "error",
                    "MP110",
                    _unknown("advice", hidden, list(book.advice)),
                )
        for c in a.cite:
            cited_source = book.sources.get(c.source)
            if cited_source is None:
                yield located(
                    c.origin.at("source"),
                    "error",
                    "MP106",
                    _unknown("source", c.source, list(book.sources)),
                )
            elif cited_source.section(c.section) is None:
                sections = [s.id for s in cited_source.sections]
                yield located(
                    c.origin.at("section"),
                    "error",
                    "MP107",
                    f"source '{cited_source.id}' has no section '{c.section}' "
                    f"(it has: {', '.join(sections)})",
                )
    for source in book.sources.values():
        if source.url is not None and not safe_url(source.url):
            yield located(
                source.origin.at("url"),
                "error",
                "MP114",
                f"source '{source.id}': the url '{source.url}' is not an http, https or "
                "mailto address",
            )
    yield from _placeholder_checks(book)


def _placeholder_checks(book: Book) -> Iterator[Problem]:
    from mendpath.book.computed import questions_of_value

    for ph in book.placeholders.values():
        for s in ph.sources:
            q = book.questions.get(s.answer)
            if q is None:
                yield located(
                    s.origin.at("answer"),
                    "error",
                    "MP103",
                    _unknown("question", s.answer, list(book.questions)),
                )
                continue
            if q.spec.many_choices:
                yield located(
                    s.origin.at("answer"),
                    "error",
                    "MP111",
                    f"placeholder '{ph.id}' cannot take its value "
                    f"from multiple-choice question '{q.id}'",
                )
            for choice in s.values:
                if choice not in q.choice_ids():
                    yield _no_choice(q, choice, s.origin.at("values", choice, key=True))
    yield from addresses(book)
    texts: list[tuple[Origin, str, str]] = []
    for q in book.questions.values():
        texts += [(q.origin, "text", q.text)]
        if q.help:
            texts.append((q.origin, "help", q.help))
        texts += [(c.origin, "label", c.label) for c in q.choices if c.origin is not q.origin]
        texts += [(check.origin, "message", check.message) for check in q.checks]
    for a in book.advice.values():
        texts += [(a.origin, "title", a.title), (a.origin, "body", a.body)]
    texts += [
        (element.origin, field, text)
        for element in worded(book)
        for field, variants in element.variants.items()
        for _, text in variants
    ]
    undefaulted: set[str] = set()
    for origin, key, text in texts:
        for name in placeholders_in(text):
            value = book.values.get(name) if name not in book.placeholders else None
            if (
                value is not None
                and not value.default
                and name not in undefaulted
                and questions_of_value(book, name)  # (constants and dates: always a value)
            ):
                undefaulted.add(name)
                yield located(
                    value.origin.at("id"),
                    "warning",
                    "MP197",
                    f"the value '{name}' is shown in {key} with no `default`, so nothing "
                    "stands in its place where it has no value (an answer it reads not "
                    "given, a division by zero): give it one",
                )
            if name not in book.placeholders and name not in book.values:
                yield located(
                    origin.at(key),
                    "error",
                    "MP109",
                    f"the placeholder {{{name}}} in {key} is not defined under `placeholders:` "
                    "or `values:`",
                )


def addresses(book: Book) -> Iterator[Problem]:
    """MP166: a placeholder in an advice body (or one of its variants) that stands in an
    address, raw HTML or a bare address, where the summary leaves its value out. A text
    over the length limit is not parsed: it is an error already (MP160), and parsing 4 MB of
    Markdown took seconds and hundreds of megabytes."""
    for a in book.advice.values():
        for text in (a.body, *(t for _, t in a.variants.get("body", ()))):
            if len(text) > MAX_TEXT:
                continue
            for name in left_out(text):
                yield located(
                    a.origin.at("body"),
                    "warning",
                    "MP166",
                    f"the placeholder {{{name}}} in body stands in an address, raw HTML or a "
                    "bare address, where the summary leaves its value out (answers never go "
                    "into a URL); move it into the text",
                )


def worded(book: Book) -> Iterator[Question | Choice | Advice]:
    """Every element whose text may have variants (in `worded_named`'s order, unnamed)."""
    for q in book.questions.values():
        yield q
        yield from q.choices
    yield from book.advice.values()


class Worded(NamedTuple):
    """An element whose text may vary, as the wording checks name it."""

    key: str  # "question:ID", "choice:QUESTION:ID" or "advice:ID" (`Findings.worded`)
    named: str  # as a message says it: "choice 'c' of 'q'"
    element: Question | Choice | Advice
    asked: str | None  # the question it is asked with (None: an advice item)


def worded_named(book: Book) -> Iterator[Worded]:
    """The elements of `worded` that have variants, each with its key, its name in messages
    and its question."""
    for q in book.questions.values():
        if q.variants:
            yield Worded(f"question:{q.id}", f"question '{q.id}'", q, q.id)
        for c in q.choices:
            if c.variants:
                yield Worded(f"choice:{q.id}:{c.id}", f"choice '{c.id}' of '{q.id}'", c, q.id)
    for a in book.advice.values():
        if a.variants:
            yield Worded(f"advice:{a.id}", f"advice '{a.id}'", a, None)


def condition_refs(book: Book, cond: Condition) -> Iterator[Problem]:
    """The references one condition makes that the book cannot honour."""
    match cond:
        case SituationRef():
            if cond.situation not in book.situations:
                where = cond.origin.at("situation")
                yield located(
                    where,
                    "error",
                    "MP105",
                    _unknown("situation", cond.situation, list(book.situations)),
                )
        case Answered():
            yield from _question_ref(book, cond, "answered")
        case AnswerIn():
            q = yield from _question_ref(book, cond, "answer")
            if q is None:
                return
            if not q.spec.one_choice:
                hint = " (use `includes:`)" if q.spec.many_choices else ""
                yield located(
                    cond.origin.at(cond.op),
                    "error",
                    "MP111",
                    f"`{cond.op}:` tests a single-choice or yes/no answer, "
                    f"but '{q.id}' is {q.kind}{hint}",
                )
                return
            for i, choice in enumerate(cond.choices):
                if choice not in choice_set(book, q.id):
                    at = cond.origin.at("is") if cond.op == "is" else cond.origin.at("in", i)
                    yield _no_choice(q, choice, at)
        case Includes():
            q = yield from _question_ref(book, cond, "answer")
            if q is None:
                return
            if not q.spec.many_choices:
                yield located(
                    cond.origin.at("includes"),
                    "error",
                    "MP111",
                    f"`includes:` tests a multiple-choice answer, "
                    f"but '{q.id}' is {q.kind} (use `is:`)",
                )
            elif cond.choice not in choice_set(book, q.id):
                yield _no_choice(q, cond.choice, cond.origin.at("includes"))
        case Compare():
            q = yield from _question_ref(book, cond, "answer")
            if q is not None:
                yield from compare_problems(q, cond)
        case Relation():
            yield from compared.relation_problems(book, cond, _unknown)
        case All() | AnyOf() | Not() | Invalid():
            return  # their parts are walked separately; an invalid shape is a schema problem
        case _:
            assert_never(cond)


def _question_ref(
    book: Book, cond: Answered | AnswerIn | Includes | Compare, key: str
) -> Generator[Problem, None, Question | None]:
    """The question a leaf tests, after reporting it when it is unknown (then None)."""
    q = book.questions.get(cond.question)
    if q is None:
        yield located(
            cond.origin.at(key),
            "error",
            "MP103",
            _unknown("question", cond.question, list(book.questions)),
        )
    return q


def citations(book: Book) -> Iterator[Problem]:
    cited: set[tuple[str, str]] = set()
    for a in book.advice.values():
        if not a.cite:
            yield located(
                a.origin.at("id"),
                "error",
                "MP142",
                f"advice '{a.id}' cites no source; add `cite:` with a source and section",
            )
        cited |= {(c.source, c.section) for c in a.cite}
    cited_sources = {s for s, _ in cited}
    for source in book.sources.values():
        if source.id not in cited_sources:
            yield located(
                source.origin.at("id"), "warning", "MP140", f"no advice cites source '{source.id}'"
            )
            continue
        for section in source.sections:
            if (source.id, section.id) not in cited:
                yield located(
                    section.origin.at("id"),
                    "warning",
                    "MP141",
                    f"no advice cites section '{section.id}' of source '{source.id}'",
                )
