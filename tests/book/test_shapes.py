"""The hostile but valid shapes of issue 14, item 13, on small instances: the verdicts of
`validate` and `paths` are right. (Their speed at full size is measured in bench/run.)

The books are under tests/books/shapes/, written by bench/hostile.py at a small size with
one item each whose verdict is known: two choices of one question at once, a question a
route has skipped, an item hidden by another whenever it could show. A text over the size
limit is tests/books/bad/mp160-long-text.yaml (and the boundary is tested here).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from bookgen import all_walks

from mendpath.book.validate import validate
from mendpath.cli.main import main
from mendpath.logic.outcome import outcome
from mendpath.reader import MAX_TEXT

SHAPES = Path(__file__).parents[1] / "books" / "shapes"


def _paths(name: str, capsys: pytest.CaptureFixture[str]) -> dict[str, dict[str, str] | None]:
    assert main(["paths", "--format", "json", "--rules", str(SHAPES / name)]) == 0
    report = json.loads(capsys.readouterr().out)
    return {item["id"]: item["example"] for item in report["advice"]}


def _shown_on_some_walk(name: str) -> set[str]:
    """Brute force: every item that some complete walk, with some answers, shows."""
    book = validate([SHAPES / name]).book
    assert book is not None
    return {aid for walk in all_walks(book) for aid in outcome(book, walk).shown}


def _check_examples(name: str, examples: dict[str, dict[str, str] | None]) -> None:
    book = validate([SHAPES / name]).book
    assert book is not None
    for aid, answers in examples.items():
        if answers is not None:
            assert aid in outcome(book, answers).shown, aid


def test_one_question_with_many_choices(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(SHAPES)
    assert main(["validate", "--strict", "many-choices.yaml"]) == 1
    assert capsys.readouterr().out.splitlines() == [
        "many-choices.yaml:342:11: error MP130: advice 'two_at_once' can never show: "
        "no answers along any route meet its `when`",
        "invalid: 1 error(s), 0 warning(s) in 1 file(s)",
    ]
    examples = _paths("many-choices.yaml", capsys)
    assert examples["tip1"] == {"q0": "c150"}
    assert {a for a, e in examples.items() if e is not None} == _shown_on_some_walk(
        "many-choices.yaml"
    )
    _check_examples("many-choices.yaml", examples)


def test_conditions_reading_far_apart_questions(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(SHAPES)
    assert main(["validate", "--strict", "far-apart.yaml"]) == 1
    assert capsys.readouterr().out.splitlines() == [
        "far-apart.yaml:163:11: error MP130: advice 'skipped' can never show: "
        "no answers along any route meet its `when`",
        "invalid: 1 error(s), 0 warning(s) in 1 file(s)",
    ]
    examples = _paths("far-apart.yaml", capsys)
    assert [a for a, e in examples.items() if e is None] == ["skipped"]
    tip0 = examples["tip0"]
    assert tip0 is not None
    assert (tip0["q0"], tip0["q6"] in ("a", "c")) == ("a", True)
    _check_examples("far-apart.yaml", examples)


def test_advice_chained_by_hiding(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(SHAPES)
    assert main(["validate", "--strict", "chained-hiding.yaml"]) == 0
    assert capsys.readouterr().out == "ok: 1 file(s), no problems\n"
    examples = _paths("chained-hiding.yaml", capsys)
    assert [a for a, e in examples.items() if e is None] == ["shadowed"]
    tip1 = examples["tip1"]
    assert tip1 is not None
    assert tip1["q0"] != "a"  # where q0=a, tip0 shows and hides it
    assert {a for a, e in examples.items() if e is not None} == _shown_on_some_walk(
        "chained-hiding.yaml"
    )
    _check_examples("chained-hiding.yaml", examples)


BOOK = """\
book: {title: T, version: '1', start: q0, disclaimer: D}
groups: [{id: g, title: G}]
sources: [{id: s, title: S, sections: [{id: x, title: X}]}]
questions: [{id: q0, text: Q?, kind: yes_no, next: end}]
advice:
  - id: long
    title: Long
    group: g
    cite: [{source: s, section: x}]
    body: "BODY"
"""


@pytest.mark.parametrize("length", [MAX_TEXT, MAX_TEXT + 1])
def test_one_text_may_have_up_to_the_limit(
    length: int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "book.yaml").write_text(BOOK.replace("BODY", "w" * length))
    monkeypatch.chdir(tmp_path)
    code = main(["validate", "--strict", "book.yaml"])
    out = capsys.readouterr().out.splitlines()
    if length == MAX_TEXT:
        assert (code, out) == (0, ["ok: 1 file(s), no problems"])
    else:
        assert code == 1
        assert out[0] == (
            "book.yaml:10:11: error MP160: this text is 20,001 characters long; "
            "a text may have at most 20,000 (split it into several advice items)"
        )
