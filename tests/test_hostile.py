"""Hostile input: broken or malicious rule files, escape sequences, random books and answers.

Nothing here may end in a traceback: every outcome is a message and an exit code.
"""

from __future__ import annotations

import io
import os
import re
import tempfile
from pathlib import Path
from typing import Any

import pytest
import yaml
from bookgen import as_book, books, mutate, possible_answers
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from rich.console import Console

from mendpath.book.validate import load_valid_book
from mendpath.cli.main import main
from mendpath.logic import engine
from mendpath.logic.summary import summarise
from mendpath.render.terminal import render_terminal

BOOKS = Path(__file__).parent / "books"
ERROR_CASES = sorted(
    p.name
    for p in (BOOKS / "bad").iterdir()
    if not p.name.startswith(
        ("mp131", "mp132", "mp140", "mp141", "mp175", "mp176", "mp178", "mp180", "mp186", "mp188")
    )  # warnings only
)


@pytest.mark.parametrize("case", ERROR_CASES)
def test_ask_refuses_every_bad_book_with_a_message(
    case: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(BOOKS / "bad")
    assert main(["ask", "--rules", case]) == 1
    err = capsys.readouterr().err
    assert f"{case}" in err.splitlines()[0]
    hint = f"run `mendpath validate {case}`"
    assert err.splitlines()[-1] == f"mendpath: the rule book has 1 error(s); {hint}"
    assert "Traceback" not in err


def test_a_pipe_named_like_a_rule_file_is_refused_not_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    os.mkfifo("book.yaml")
    assert main(["validate", "book.yaml"]) == 1
    assert (
        capsys.readouterr().out.splitlines()[0]
        == "book.yaml:1:1: error MP007: is not a regular file"
    )


def test_dangling_symlink(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    os.symlink("gone.yaml", "book.yaml")
    assert main(["validate", "book.yaml"]) == 1
    assert capsys.readouterr().out.splitlines()[0] == (
        "book.yaml:1:1: error MP007: cannot read the file: No such file or directory"
    )


@pytest.mark.skipif(os.geteuid() == 0, reason="root can read any file, so no file is unreadable")
def test_unreadable_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    Path("book.yaml").write_text("book: {}\n")
    os.chmod("book.yaml", 0)
    assert main(["validate", "book.yaml"]) == 1
    assert capsys.readouterr().out.splitlines()[0] == (
        "book.yaml:1:1: error MP007: cannot read the file: Permission denied"
    )


def test_escape_sequences_and_markup_print_literally() -> None:
    book = load_valid_book([BOOKS / "hostile" / "escapes.yaml"])
    answers = engine.answer(book, {}, "name", "Sam \x1b]0;owned\x07\x1b[31m[bold]x[/bold]")
    buffer = io.StringIO()
    render_terminal(summarise(book, answers), Console(file=buffer, width=100, force_terminal=True))
    out = buffer.getvalue()
    assert "\x1b]" not in out  # no OSC: no retitling, no hidden links
    assert "\x07" not in out
    # every escape left is one of rich's own style codes
    assert re.sub(r"\x1b\[[0-9;]*m", "", out).count("\x1b") == 0
    plain = re.sub(r"\x1b\[[0-9;]*m", "", out)
    for literal in [
        "[bold red]Not markup[/bold red]",
        "[red]Title[/red] for Sam",
        "[31mred[0m",
        "[link=http://example.invalid]Group[/link]",
        "Sam ]0;owned[31m[bold]x[/bold]",
    ]:
        assert literal in plain, literal


@st.composite
def books_and_answers(draw: st.DrawFn) -> tuple[dict[str, Any], dict[str, Any]]:
    """A generated book, mutated 0 to 3 times, and answers: a complete walk of the original
    book, sometimes with an answer spoilt or an unknown question added."""
    data = draw(books())
    book = as_book(data)
    answers: dict[str, Any] = {}
    while not isinstance(step := engine.step(book, answers), engine.Done):
        qid = step.question.id
        answers = engine.answer(
            book, answers, qid, draw(st.sampled_from(possible_answers(book, qid)))
        )
    for _ in range(draw(st.integers(0, 3))):
        data = mutate(data, draw)
    if draw(st.booleans()):
        answers[draw(st.sampled_from([*answers, "zz"]))] = draw(answer_values)
    return (data if isinstance(data, dict) else {"book": data}), answers


answer_values = st.one_of(
    st.text(max_size=6),
    st.lists(st.text(max_size=4), max_size=3),
    st.sampled_from(["c0", "c1", "yes", "no", ""]),
    st.integers(),
    st.none(),
)


@settings(deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(case=books_and_answers())
def test_random_books_and_answers_never_end_in_an_exception(
    case: tuple[dict[str, Any], dict[str, Any]], capsys: pytest.CaptureFixture[str]
) -> None:
    data, answers = case
    with tempfile.TemporaryDirectory() as tmp:
        book = Path(tmp) / "book.yaml"
        book.write_text(yaml.safe_dump(data))
        given_answers = Path(tmp) / "answers.yaml"
        given_answers.write_text(yaml.safe_dump(answers))
        validated = main(["validate", str(book)])
        asked = main(
            ["ask", "--rules", str(book), "--answers", str(given_answers), "--format", "json"]
        )
        event(f"validate exit {validated}, ask exit {asked}")
        assert validated in (0, 1)
        assert asked in (0, 1, 2)
        assert main(["paths", "--rules", str(book)]) in (0, 1)
        err = capsys.readouterr().err
        assert "Traceback" not in err
        assert "a bug, not your doing" not in err
