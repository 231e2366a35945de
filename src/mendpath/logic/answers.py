"""Answers from outside the interview, and answers written out: one module for ask, scenarios
and progress.

An answer is a choice id, a list of choice ids (multiple choice) or text (`model.Answer`).
Answers come from answers files (YAML or JSON), from `--answer ID=VALUE` pairs and from
scenario files; `check_given` puts them in normal form against a book, and `answers_text`
writes them so they replay the same interview.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from mendpath.errors import MendpathError, UsageError
from mendpath.files import display_name
from mendpath.logic import engine
from mendpath.model import YES_NO_LABELS, Answer, Book


def read_answers_file(path: Path) -> dict[str, Any]:
    """An answers file (YAML or JSON): question id -> choice id, list of choice ids, or text."""
    from mendpath.reader import LoadError, load_document

    name = display_name(path)
    if path.suffix == ".json":
        try:
            data = json.loads(path.read_text("utf-8"))
        except OSError as exc:
            raise MendpathError(f"{name}: cannot read the answers file: {exc.strerror}") from None
        except (UnicodeDecodeError, ValueError) as exc:
            raise MendpathError(f"{name}: not a valid JSON answers file: {exc}") from None
    else:
        try:
            data = load_document(path, name).data
        except LoadError as exc:
            raise MendpathError(exc.problem.format()) from None
    if not isinstance(data, dict):
        raise MendpathError(f"{name}: an answers file maps question ids to answers")
    return data


def parse_pairs(pairs: Sequence[str]) -> dict[str, Any]:
    """`--answer ID=VALUE` pairs; a list answer is written with commas: `ID=a,b`."""
    out: dict[str, Any] = {}
    for pair in pairs:
        qid, sep, value = pair.partition("=")
        if not sep or not qid:
            raise UsageError(f"--answer takes ID=VALUE, got {pair!r}")
        out[qid.strip()] = value
    return out


class AnswerRejected(MendpathError):
    """A given answer the book does not accept: `reason` says why, `where` where it was given."""

    def __init__(self, where: str, reason: str) -> None:
        super().__init__(f"{where}: {reason}")
        self.where = where
        self.reason = reason


def check_given(book: Book, given: dict[str, Any], where: str) -> dict[str, Answer]:
    """Given answers in normal form; an unknown question or a choice not offered is an error."""
    out: dict[str, Answer] = {}
    for qid, value in given.items():
        question = book.questions.get(qid)
        if question is None:
            known = ", ".join(book.questions)
            raise AnswerRejected(where, f"unknown question '{qid}'; the questions are: {known}")
        if question.spec.many_choices and isinstance(value, str):
            value = [v.strip() for v in value.split(",") if v.strip()]
        if isinstance(value, bool) and question.spec.fixed_choices == YES_NO_LABELS:
            value = "yes" if value else "no"
        if not (
            isinstance(value, str)
            or (isinstance(value, list) and all(isinstance(v, str) for v in value))
        ):
            raise AnswerRejected(
                where, f"the answer to '{qid}' must be a choice id, a list of them, or text"
            )
        try:
            out[qid] = engine.check_answer(question, value)
        except engine.AnswerError as exc:
            raise AnswerRejected(where, str(exc)) from None
    return out


def answers_text(answers: dict[str, Answer], json_format: bool, name: str) -> str:
    """Answers as a file that replays the same interview: JSON, or YAML that names the file
    (`name`) in its opening comment."""
    if json_format:
        return json.dumps(answers, indent=2, ensure_ascii=False) + "\n"
    lines = ["# mendpath answers: replay with  mendpath ask --answers " + name]
    for qid, value in answers.items():
        lines.append(f"{qid}: {json.dumps(value, ensure_ascii=False)}")
    return "\n".join(lines) + "\n"
