"""Scenario files: answers and the advice they must and must not show, run against a book.

A scenario file is YAML:

    scenarios:
      - name: Left in anger, still talking
        answers: {afraid: "no", how_left: stormed_out, ...}   # or answers_file: PATH
        shows: [angry_exit, no_pressure]       # must be shown
        does_not_show: [get_safe]              # must not be shown
        shows_text: ["16.5 days"]              # text some shown item must say
        starts_with: [no_pressure, angry_exit] # "Start here", exactly and in order
      - name: A leaving date before the start date is refused
        answers: {started: "2025-06-01", left: "2025-03-01"}
        refused: {question: left, says: must be after}   # a check refuses this answer

`shows_text` checks what the summary says, placeholders and computed values filled in: each
text must appear in the title or body of some shown advice item, as the person reads it
(plain text, Markdown not escaped). `starts_with` is the summary's "Start here" exactly, in
order (`[]` when it has none). `refused` says that the answer to the question named is
refused there, by a check (with `says`: words its message, filled in, holds), as it is
typed, or as a choice not offered; the scenario then has no summary, and `shows`,
`does_not_show`, `shows_text` and `starts_with` are not allowed with it.
`answers_file` is read relative to the scenario file, and must be inside its folder.
Problems in a scenario file are reported as FILE:LINE:COL like rule files. Running the
scenarios against a book and reporting them is author/scenario_runs.py's job.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from mendpath.errors import MendpathError
from mendpath.files import display_name
from mendpath.folders import rule_files
from mendpath.model import Answer, Book
from mendpath.problems import Problem
from mendpath.reader import Document, LoadError, load_document

_KEYS = {
    "name",
    "answers",
    "answers_file",
    "shows",
    "does_not_show",
    "shows_text",
    "starts_with",
    "refused",
}
_SUMMARY_KEYS = ("shows", "does_not_show", "shows_text", "starts_with")
_NOT_SCENARIOS = "a scenario file holds `scenarios:`, a list of scenarios"


@dataclass(frozen=True)
class Scenario:
    name: str
    where: str  # FILE:LINE
    answers: dict[str, Answer]
    shows: tuple[str, ...]
    does_not_show: tuple[str, ...]
    shows_text: tuple[str, ...] = ()
    starts_with: tuple[str, ...] | None = None  # "Start here", exactly; None: not checked
    refused: tuple[str, str] | None = None  # (question, words of the message): refused there
    today: datetime.date | None = None  # the file's `today`: the day its book is read for
    typed: str | None = None  # why `refused`'s answer is refused as it is typed (a pattern...)


def _problem(
    doc: Document,
    path: Sequence[str | int],
    message: str,
    code: str = "MP150",
    *,
    key: bool = False,
) -> Problem:
    """A problem in a scenario file: its shape (MP150), or what it says about the book (MP151);
    at the node at `path`, or at its key."""
    line, col = doc.locate(path, key=key)
    return Problem(doc.name, line, col, "error", code, message)


def _ids(
    doc: Document, path: list[str | int], value: Any, known: Book, problems: list[Problem]
) -> tuple[str, ...]:
    if value is None:
        return ()
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        problems.append(_problem(doc, path, "expected a list of advice ids"))
        return ()
    for i, v in enumerate(value):
        if v not in known.advice:
            problems.append(_problem(doc, [*path, i], f"unknown advice '{v}'", "MP151"))
    return tuple(value)


def _texts(
    doc: Document, path: list[str | int], value: Any, problems: list[Problem]
) -> tuple[str, ...]:
    if value is None:
        return ()
    if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
        problems.append(_problem(doc, path, "expected a list of texts (shows_text)"))
        return ()
    return tuple(value)


_FILE_KEYS = frozenset(("scenarios", "today"))


def _day(value: object) -> datetime.date | None:
    """A scenario file's `today` (YAML may read 2026-11-23 as a date already)."""
    from mendpath.logic.calendar import fixed_day

    if isinstance(value, datetime.date) and not isinstance(value, datetime.datetime):
        return value
    day = fixed_day(value) if isinstance(value, str) else None
    return None if day is None else datetime.date.fromordinal(day)


def load_scenarios(
    paths: Sequence[Path], book: Book, book_on: Callable[[datetime.date], Book] | None = None
) -> tuple[list[Scenario], list[Problem]]:
    """Every scenario in the files (folders are searched for *.yaml), and any problems. A
    file with `today: DATE` is read against `book_on(DATE)`: the book with its dates
    relative to today worked out from that day."""
    from mendpath.logic.answers import AnswerRejected, check_given
    from mendpath.logic.measures import today_is

    files: list[tuple[Path, str, bool]] = []  # (path, name, found in a folder)
    problems: list[Problem] = []
    for path in paths:
        if path.is_dir():
            found, trouble = rule_files(path, display_name(path))
            files += [(p, n, True) for p, n in found]
            problems += trouble
        else:
            files.append((path, display_name(path), False))
    read: list[tuple[Path, Document | Problem, bool]] = []
    for path, name, searched in files:
        try:
            read.append((path, load_document(path, name), searched))
        except LoadError as exc:
            problem = exc.problem
            if problem.code == "MP009":  # empty, a list, one value: the reader says "rule file"
                problem = Problem(
                    problem.file, problem.line, problem.col, "error", "MP150", _NOT_SCENARIOS
                )
            read.append((path, problem, searched))
    named = _answers_files_named([(p, d) for p, d, _ in read if isinstance(d, Document)])
    scenarios: list[Scenario] = []
    for path, doc, searched in read:
        if searched and path.resolve() in named:
            continue  # an answers file a scenario names, beside the scenario files
        if not isinstance(doc, Document):
            problems.append(doc)
            continue
        items = doc.data.get("scenarios")
        extra = sorted(set(doc.data) - _FILE_KEYS) if isinstance(items, list) else []
        if extra:
            message = f"unknown key '{extra[0]}' (expected one of: scenarios, today)"
            problems.append(_problem(doc, [extra[0]], message))
            continue
        if not isinstance(items, list):
            problems.append(_problem(doc, [], _NOT_SCENARIOS))
            continue
        day = _day(doc.data.get("today"))
        if "today" in doc.data and day is None:
            problems.append(_problem(doc, ["today"], "today must be a date written 2026-11-23"))
            continue
        file_book = book_on(day) if day is not None and book_on is not None else book
        for i, item in enumerate(items):
            at: list[str | int] = ["scenarios", i]
            if not isinstance(item, dict) or not isinstance(item.get("name"), str):
                problems.append(_problem(doc, at, "a scenario is a mapping with a `name`"))
                continue
            unknown = sorted(set(item) - _KEYS)
            if unknown:
                problems.append(
                    _problem(
                        doc,
                        [*at, unknown[0]],
                        f"unknown key '{unknown[0]}' (expected one of: {', '.join(sorted(_KEYS))})",
                    )
                )
                continue
            raw: dict[str, Any] = {}
            if "answers_file" in item:
                try:
                    given = _answers_file(path, item["answers_file"])
                except MendpathError as exc:  # the author's own file: say what is wrong
                    problems.append(_problem(doc, [*at, "answers_file"], exc.message))
                    continue
                if given is None:
                    problems.append(
                        _problem(
                            doc,
                            [*at, "answers_file"],
                            "answers_file must name an answers file inside the scenario "
                            "file's folder",
                        )
                    )
                    continue
                raw.update(given)
            if isinstance(item.get("answers"), dict):
                raw.update(item["answers"])
            line = doc.locate(at)[0]
            wanted = item.get("refused")
            wanted = wanted.get("question") if isinstance(wanted, dict) else None
            typed: str | None = None  # why the answer `refused` names is refused as typed
            try:
                with today_is(day):  # "today" typed: the file's day
                    try:
                        answers = check_given(file_book, raw, f"{doc.name}:{line}")
                    except AnswerRejected as exc:
                        if exc.question is None or exc.question != wanted:
                            raise
                        typed = exc.reason  # the refusal the scenario expects: the rest stays
                        rest = {k: v for k, v in raw.items() if k != wanted}
                        answers = check_given(file_book, rest, f"{doc.name}:{line}")
            except AnswerRejected as exc:
                where = _given_at(at, item, exc.question)
                at_key = exc.question not in file_book.questions  # the key is what is wrong
                problems.append(_problem(doc, where, exc.reason, "MP151", key=at_key))
                continue
            count = len(problems)
            refused = _refused(doc, at, item, file_book, problems)
            if len(problems) > count:
                continue
            scenarios.append(
                Scenario(
                    item["name"],
                    f"{doc.name}:{line}",
                    answers,
                    _ids(doc, [*at, "shows"], item.get("shows"), file_book, problems),
                    _ids(
                        doc, [*at, "does_not_show"], item.get("does_not_show"), file_book, problems
                    ),
                    _texts(doc, [*at, "shows_text"], item.get("shows_text"), problems),
                    None
                    if "starts_with" not in item
                    else _ids(doc, [*at, "starts_with"], item["starts_with"], file_book, problems),
                    refused,
                    day,
                    typed,
                )
            )
    return scenarios, problems


def _answers_files_named(docs: list[tuple[Path, Document]]) -> set[Path]:
    """The files the scenarios in `docs` name as their `answers_file`, resolved."""
    named: set[Path] = set()
    for path, doc in docs:
        items = doc.data.get("scenarios") if isinstance(doc.data, dict) else None
        for item in items if isinstance(items, list) else ():
            value = item.get("answers_file") if isinstance(item, dict) else None
            if isinstance(value, str) and value and "\0" not in value:
                named.add((path.parent / value).resolve())
    return named


def _given_at(at: list[str | int], item: dict[str, Any], qid: str | None) -> list[str | int]:
    """Where a scenario gives the answer to `qid`: its key under `answers`, which wins over
    the answers file; else the `answers_file` key; else the scenario itself."""
    if qid is not None and isinstance(item.get("answers"), dict) and qid in item["answers"]:
        return [*at, "answers", qid]
    if "answers_file" in item:
        return [*at, "answers_file"]
    return at


def _refused(
    doc: Document, at: list[str | int], item: dict[str, Any], book: Book, problems: list[Problem]
) -> tuple[str, str] | None:
    """A scenario's `refused: {question, says?}`: (question, words); None when absent, or
    when it is not of that shape (then with a problem)."""
    if "refused" not in item:
        return None
    value = item["refused"]
    where = [*at, "refused"]
    if (
        not isinstance(value, dict)
        or set(value) - {"question", "says"}
        or not isinstance(value.get("question"), str)
        or not isinstance(value.get("says", ""), str)
    ):
        message = "refused must be {question: ID} with an optional says: TEXT"
        problems.append(_problem(doc, where, message, "MP150"))
        return None
    if value["question"] not in book.questions:
        message = f"refused names an unknown question '{value['question']}'"
        problems.append(_problem(doc, where, message, "MP151"))
        return None
    also = [k for k in _SUMMARY_KEYS if k in item]
    if also:
        message = f"a refused answer has no summary: `{also[0]}` cannot go with `refused`"
        problems.append(_problem(doc, where, message, "MP150"))
        return None
    return value["question"], value.get("says", "")


def _answers_file(scenario_file: Path, value: object) -> dict[str, Any] | None:
    """The answers in a scenario's answers_file, or None when it is not a file inside the
    scenario file's folder: a file elsewhere (such as /etc/shadow) is never read, so none of
    it can be quoted in a message. MendpathError when a file inside cannot be used."""
    from mendpath.answer_files import read_answers_file

    if not isinstance(value, str) or not value:
        return None
    if "\0" in value:  # resolve() and open() would raise ValueError
        raise MendpathError("answers_file holds a NUL character (\\0), which no file name can")
    folder = scenario_file.parent.resolve()
    target = (folder / value).resolve()
    if Path(value).is_absolute() or not target.is_relative_to(folder):
        return None
    return read_answers_file(target)
