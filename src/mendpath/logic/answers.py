"""Answers from outside the interview, and answers written out: one module for ask, scenarios
and progress.

An answer is a choice id, a list of choice ids (multiple choice) or text (`model.Answer`).
Answers come from answers files (YAML or JSON), from `--answer ID=VALUE` pairs and from
scenario files; `check_given` puts them in normal form against a book, and `answers_text`
writes them so they replay the same interview.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from mendpath.errors import MendpathError, UsageError
from mendpath.files import display_name
from mendpath.logic import engine
from mendpath.model import YES_NO_LABELS, Answer, Book
from mendpath.text import printable


def read_answers_file(path: Path) -> dict[str, Any]:
    """An answers file (YAML or JSON): question id -> choice id, list of choice ids, or text."""
    from mendpath.reader import LoadError, load_document, read_text

    name = printable(display_name(path))
    try:
        if path.suffix == ".json":
            # the same limits as YAML: a regular file, at most 16 MiB, UTF-8 text
            data = _json_answers(read_text(path, name), name)
        else:
            data = load_document(path, name).data
    except LoadError as exc:
        raise MendpathError(exc.problem.format()) from None
    if not isinstance(data, dict):
        raise MendpathError(f"{name}: an answers file maps question ids to answers")
    _check_text(data, name)
    return data


def _json_answers(text: str, name: str) -> Any:
    """JSON answers: no duplicate keys, no NaN or Infinity, no deep nesting."""

    def pairs(items: list[tuple[str, Any]]) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for key, value in items:
            if key in out:
                raise MendpathError(f"{name}: the key '{printable(key)}' is given twice")
            out[key] = value
        return out

    def constant(word: str) -> Any:
        raise MendpathError(f"{name}: {word} is not an answer")

    try:
        data = json.loads(text, object_pairs_hook=pairs, parse_constant=constant)
    except RecursionError:
        raise MendpathError(f"{name}: the answers nest too deeply") from None
    except ValueError as exc:
        raise MendpathError(f"{name}: not a valid JSON answers file: {exc}") from None
    _check_depth(data, name, 0)
    return data


MAX_DEPTH = 16  # {id: [choice]} is two levels deep


def _check_depth(value: Any, name: str, depth: int) -> None:
    if depth > MAX_DEPTH:
        raise MendpathError(f"{name}: the answers nest too deeply")
    if isinstance(value, dict):
        for item in value.values():
            _check_depth(item, name, depth + 1)
    elif isinstance(value, list):
        for item in value:
            _check_depth(item, name, depth + 1)


def _check_text(data: dict[str, Any], name: str) -> None:
    """Keys and text that cannot be written back (a lone surrogate) are refused here."""
    texts: list[Any] = list(data)
    for value in data.values():
        texts += value if isinstance(value, list) else [value]
    for text in texts:
        if isinstance(text, str):
            try:
                text.encode("utf-8")
            except UnicodeEncodeError:
                raise MendpathError(
                    f"{name}: '{printable(text)}' holds a lone surrogate, not a character"
                ) from None


def parse_pairs(pairs: Sequence[str]) -> dict[str, Any]:
    """`--answer ID=VALUE` pairs; a list answer is written with commas: `ID=a,b`."""
    out: dict[str, Any] = {}
    for pair in pairs:
        qid, sep, value = pair.partition("=")
        qid = qid.strip()
        if not sep or not qid:
            raise UsageError(f"--answer takes ID=VALUE, got {printable(repr(pair))}")
        out[qid] = value
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
    lines = ["# mendpath answers: replay with  mendpath ask --answers " + printable(name)]
    for qid, value in answers.items():
        lines.append(f"{_yaml_text(qid)}: {_yaml_text(value)}")
    return "\n".join(lines) + "\n"


# Characters YAML does not allow in a file, even quoted: written as \u escapes instead.
_NOT_YAML = re.compile("[^\t\n\r\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _yaml_text(value: object) -> str:
    """A value as YAML flow (JSON syntax) that the YAML reader takes back unchanged."""
    text = json.dumps(value, ensure_ascii=False)
    return _NOT_YAML.sub(lambda m: f"\\u{ord(m.group()):04x}", text)
