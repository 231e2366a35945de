"""Answers files (`--answers FILE`, a scenario's `answers_file`): YAML or JSON read from disk
into plain data, question id -> choice id, list of choice ids, or text. Putting them in
normal form against a book is `logic/answers.check_given`'s job.

YAML is read as rule files are (`reader.load_document`: safe, limited); JSON within the same
limits, with no duplicate keys, no NaN or Infinity and no deep nesting.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from mendpath.errors import MendpathError
from mendpath.files import display_name
from mendpath.text import printable


def read_answers_file(path: Path) -> dict[str, Any]:
    """An answers file (YAML or JSON): question id -> choice id, list of choice ids, or text."""
    return read_answers(path)[0]


def read_answers(path: Path) -> tuple[dict[str, Any], dict[str, str]]:
    """An answers file, and where each answer is in it: question id -> `FILE:LINE:COL` of
    the answer in a YAML file (JSON is parsed without places: there, the file's name)."""
    from mendpath.reader import LoadError, load_document, read_text

    name = printable(display_name(path))
    not_answers = f"{name}: an answers file maps question ids to answers"
    if path.is_dir():
        raise MendpathError(f"{name}: is a folder, not an answers file")
    places: dict[str, str] = {}
    try:
        if path.suffix == ".json":
            # the same limits as YAML: a regular file, at most 16 MiB, UTF-8 text
            data = _json_answers(read_text(path, name), name)
        else:
            document = load_document(path, name)
            data = document.data
            if isinstance(data, dict):
                for key in data:
                    line, col = document.locate([key])
                    places[key] = f"{name}:{line}:{col}"
    except LoadError as exc:
        if exc.problem.code == "MP009":  # empty, a list, one value: the reader says "rule file"
            raise MendpathError(not_answers) from None
        raise MendpathError(exc.problem.format()) from None
    if not isinstance(data, dict):
        raise MendpathError(not_answers)
    _check_text(data, name)
    return data, {k: places.get(k, name) for k in data}


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

    def integer(digits: str) -> int:
        if len(digits.lstrip("-")) > 4000:  # Python refuses past 4300, in its own words
            raise MendpathError(f"{name}: a number of {len(digits):,} digits is not an answer")
        return int(digits)

    try:
        data = json.loads(text, object_pairs_hook=pairs, parse_constant=constant, parse_int=integer)
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
