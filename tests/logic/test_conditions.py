"""Conditions and question kinds: one dispatch point per consumer, checked by mypy.

Adding a kind of condition (to `model.Condition`) or of question (to `model.Kind`) must be a
change the type checker walks through: every consumer dispatches with `match` ending in
`assert_never`, so mypy names each one that does not handle the new kind yet."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from mendpath.book.validate import validate
from mendpath.logic.conditions import holds, parts, question_read, questions_read, walk
from mendpath.model import Book

SRC = Path(__file__).parents[2] / "src" / "mendpath"

NEW_CONDITION = """

class Always:
    __slots__ = ("origin",)

    def __init__(self, origin: Origin) -> None:
        self.origin = origin


Condition = (
    All | AnyOf | Not | SituationRef | Answered | AnswerIn | Includes | Compare | Relation | Invalid | Always
)
"""


@pytest.mark.first
def test_a_new_kind_is_flagged_in_every_consumer(tmp_path: Path) -> None:
    copy = tmp_path / "mendpath"
    shutil.copytree(SRC, copy, ignore=shutil.ignore_patterns("__pycache__", "*.json", "*.yaml"))
    model = copy / "model.py"
    text = model.read_text()
    text = text.replace(
        'Kind = Literal["single", "multiple", "yes_no", "text", "number", "date"]',
        'Kind = Literal["single", "multiple", "yes_no", "text", "number", "date", "rating"]',
    )
    text = re.sub(r"\nCondition = \(\n.*?\n\)\n", NEW_CONDITION, text, flags=re.S)
    model.write_text(text)
    # Seeded with the tree's own mypy cache when there is one (`make test` runs mypy first),
    # mypy checks again only what the change touches, and reads the standard library's and
    # the dependencies' stubs from the cache: about 0.5 s of work instead of 6 s. The exact
    # set asserted below makes a stale cache fail the test, never pass it.
    cache = tmp_path / "mypy-cache"
    if (SRC.parents[1] / ".mypy_cache").is_dir():
        shutil.copytree(SRC.parents[1] / ".mypy_cache", cache)
    run = subprocess.run(
        [
            sys.executable,
            "-m",
            "mypy",
            "--strict",
            "--cache-dir",
            str(cache),
            "--no-error-summary",
            str(copy),
        ],
        capture_output=True,
        text=True,
        cwd=tmp_path,
    )
    flagged = {
        (Path(m.group(1)).as_posix().removeprefix("mendpath/"), m.group(2))
        for m in re.finditer(
            r"^(.*?):\d+: error: Argument 1 to \"assert_never\" has incompatible type \"([^\"]+)\"",
            run.stdout,
            re.M,
        )
    }
    assert flagged == {
        # every consumer of conditions
        ("logic/conditions.py", "Always"),  # parts, question_read, choices_tested, ...
        ("logic/bounds.py", "Always"),  # three-valued truth
        ("logic/explain.py", "Always"),  # describe, _met, _failed
        ("logic/satisfy.py", "Always"),  # normal form
        ("logic/merging.py", "Always"),  # residuals
        ("book/references.py", "Always"),  # references in conditions
        # every consumer of question kinds
        ("model.py", "Literal['rating']"),  # the table of kinds
        ("logic/engine.py", "Literal['rating']"),  # checking an answer
        ("ask/prompts.py", "Literal['rating']"),  # prompting
        ("ask/plain.py", "Literal['rating']"),  # plain prompting
    }, run.stdout
    per_module = {}
    for m in re.finditer(r"^(.*?):\d+: error: Argument 1 to \"assert_never\"", run.stdout, re.M):
        name = Path(m.group(1)).as_posix().removeprefix("mendpath/")
        per_module[name] = per_module.get(name, 0) + 1
    assert per_module["logic/conditions.py"] == 5  # + situation_named, holds
    assert per_module["logic/explain.py"] == 3


BOOK = """
book: {title: T, version: "1", start: q1, disclaimer: D.}
groups: [{id: g, title: G}]
sources: [{id: s, title: S, sections: [{id: a, title: A}]}]
questions:
  - {id: q1, text: One?, kind: yes_no, next: q2}
  - {id: q2, text: Two?, kind: multiple, choices: [{id: m, label: M}, {id: n, label: N}], next: q3}
  - {id: q3, text: Name?, kind: text, next: end}
situations:
  - {id: both, when: {all: [{answer: q1, is: "yes"}, {answer: q2, includes: m}]}}
  - {id: named, when: {any: [{answered: q3}, {not: {situation: both}}]}}
advice:
  - {id: one, title: One, body: B., group: g, when: {situation: named}, cite: [{source: s, section: a}]}
  - {id: two, title: Two, body: B., group: g, when: {not: {situation: named}}, cite: [{source: s, section: a}]}
"""


def _book(tmp_path: Path) -> Book:
    (tmp_path / "book.yaml").write_text(BOOK)
    result = validate([tmp_path / "book.yaml"])
    assert result.ok(), [p.format() for p in result.problems]
    assert result.book is not None
    return result.book


def test_walk_parts_and_questions_read(tmp_path: Path) -> None:
    book = _book(tmp_path)
    named = book.situations["named"].when
    nodes = list(walk(named))
    assert [type(n).__name__ for n in nodes] == ["AnyOf", "Answered", "Not", "SituationRef"]
    assert parts(nodes[0]) == (nodes[1], nodes[2])
    assert [question_read(n) for n in nodes] == [None, "q3", None, None]
    assert questions_read(named, book) == {"q1", "q2", "q3"}  # through situation `both`


def test_holds_follows_situations_and_answers(tmp_path: Path) -> None:
    book = _book(tmp_path)
    named = book.situations["named"].when
    assert holds(named, book, {"q1": "yes", "q2": ["m"], "q3": "Sam"})
    assert not holds(named, book, {"q1": "yes", "q2": ["m"], "q3": ""})  # empty text
    assert holds(named, book, {"q1": "no", "q2": [], "q3": ""})  # `both` does not hold
    assert holds(None, book, {})
