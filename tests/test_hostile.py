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
WARNINGS_ONLY = (
    *("mp131", "mp132", "mp140", "mp141", "mp175", "mp176", "mp178", "mp180", "mp186"),
    *("mp188", "mp191", "mp192", "mp193", "mp194", "mp195", "mp196", "mp197", "mp198"),
)
ERROR_CASES = sorted(
    p.name for p in (BOOKS / "bad").iterdir() if not p.name.startswith(WARNINGS_ONLY)
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


@pytest.mark.parametrize("day", ["9999-12-31", "0001-01-01", "9999-12-30", "31/12/9999"])
def test_dates_at_the_ends_of_the_calendar(day: str, capsys: pytest.CaptureFixture[str]) -> None:
    book = str(BOOKS / "hostile" / "date-edges.yaml")
    assert main(["validate", "--strict", book]) == 0
    assert main(["paths", "--rules", book]) == 0
    assert main(["ask", "--rules", book, "--answer", f"started={day}", "--format", "json"]) == 0
    assert main(["explain", "--rules", book, "--answer", f"started={day}"]) == 0
    out, err = capsys.readouterr()
    assert "Traceback" not in err
    assert "a bug" not in err
    assert "started=0001-01-01" in out
    assert "started=9999-12-31" in out
    if day.startswith("9999-12-31"):
        assert "the value later (after 31 December 9999) is more than 30 December 9999" in out


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("days: 5", None),  # a number unquoted for a number question is that number
        ("days: 4.5", None),
        ("days: .inf", "the answer to 'days' must be a number from 0 to 7; .inf is not"),
        ("days: -.inf", "the answer to 'days' must be a number from 0 to 7; -.inf is not"),
        ("days: .nan", "the answer to 'days' must be a number from 0 to 7; .nan is not"),
        ("days: 1e400", "the answer to 'days' must be a number from 0 to 7; .inf is not"),
        ("days: 1" + "0" * 400, "'10000000000000000000…' has 401 digits; a number has at most 15"),
        (
            "code: 12345",
            "the answer to 'code' is text, but it was written as a number (12345); "
            "put it in quotes, as it should read",
        ),
        (
            "started: 20260101",
            "the answer to 'started' must be a date (like 23/11/2026 or 2026-11-23) "
            "on or after 2020-01-01; 20260101 is a number",
        ),
    ],
)
def test_numbers_in_an_answers_file(
    line: str,
    message: str | None,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    answers = tmp_path / "answers.yaml"
    rest = "" if message else "started: 2026-02-03\ncode: SW1A 1AA\n"  # the rest of a walk
    answers.write_text(line + "\n" + rest)
    book = str(BOOKS / "good" / "measures.yaml")
    code = main(["ask", "--rules", book, "--answers", str(answers), "--format", "json"])
    err = capsys.readouterr().err
    assert "Traceback" not in err
    if message is None:
        assert code == 0, err
    else:
        assert code == 1
        assert message in err, err


def test_recorded_answers_replayed_without_rules_say_to_pass_rules(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    monkeypatch.chdir(tmp_path)
    book = str(BOOKS / "good" / "measures.yaml")
    given = ["--answer", "days=5", "--answer", "started=2026-01-01", "--answer", "code=SW1A 1AA"]
    assert main(["ask", "--rules", book, *given, "--record", "rec.yaml", "--format", "json"]) == 0
    comment = Path("rec.yaml").read_text().splitlines()[0]
    assert (
        comment
        == f"# mendpath answers: replay with  mendpath ask --rules {book} --answers rec.yaml"
    )
    assert main(["ask", "--rules", book, "--answers", "rec.yaml", "--format", "json"]) == 0
    capsys.readouterr()
    assert main(["ask", "--answers", "rec.yaml", "--format", "json", "--no-save"]) == 1
    err = capsys.readouterr().err
    assert "rec.yaml:2:9: unknown question 'days'" in err
    assert err.rstrip().endswith(
        "these answers may be for another book: name its rule files with --rules PATH"
    )


# --- hostile scalars in every number, date and answer position ------------------------------

HOSTILE_BOOK = """\
book: {title: Probe, version: "1", start: days, disclaimer: A test only.}
groups: [{id: g, title: Your result}]
sources: [{id: s, title: A source, url: "https://example.org/", sections: [{id: a, title: A}]}]
questions:
  - {id: days, text: How many?, kind: number, decimals: 1, min: NMIN, max: NMAX, next: started}
  - {id: started, text: When?, kind: date, min: DMIN, max: DMAX, next: code}
  - {id: code, text: Code?, kind: text, pattern: PATTERN, next: end}
advice:
  - {id: all, title: All, body: "For all: {total}.", group: g, cite: [{source: s, section: a}]}
  - {id: one, title: One, body: One., group: g, cite: [{source: s, section: a}],
     when: {answer: days, above: NCMP}}
  - {id: two, title: Two, body: Two., group: g, cite: [{source: s, section: a}],
     when: {answer: started, below: DCMP}}
  - {id: three, title: Three, body: Three., group: g, cite: [{source: s, section: a}],
     when: {value: later, at_least: VCMP}}
  - {id: four, title: Four, body: Four., group: g, cite: [{source: s, section: a}],
     when: {answer: days, between: [NLO, 5]}}
values:
  - {id: total, compute: {product: [{answer: days}, VCONST, {answer: days}]}, default: some}
  - {id: later, compute: {sum: [{answer: started}, VDAYS]}}
"""
DEFAULTS = {
    "NMIN": "0",
    "NMAX": "7",
    "DMIN": "2020-01-01",
    "DMAX": "2030-01-01",
    "NCMP": "3",
    "DCMP": "2025-01-01",
    "VCMP": "2025-06-01",
    "NLO": "1",
    "VCONST": "2",
    "VDAYS": "1",
    "PATTERN": '"[A-Z]+"',
}
# YAML scalars as written in a file: numbers that overflow or are not numbers, huge integers,
# dates at and past the ends of the calendar, NUL, lone surrogates, bidi overrides, nothing.
hostile_scalars = st.one_of(
    st.sampled_from(
        [
            ".inf",
            "-.inf",
            ".nan",
            "1e400",
            "-1e400",
            "1e308",
            "-1.7976931348623157e308",
            "1" * 400,
            "1" * 5000,
            "0x" + "f" * 3500,
            "0o777",
            "9999-12-31",
            "0001-01-01",
            "10000-01-01",
            "0000-00-00",
            "2026-02-30",
            '"\\0"',
            '"\\ud800"',
            '"\\u202e1"',
            '"\\u200b"',
            '"(a|aa)+$"',
            '"["',
            "''",
            "~",
            "true",
            "[]",
            "{}",
        ]
    ),
    st.integers().map(str),
    st.floats().map(repr),
    st.dates().map(lambda d: d.isoformat()),
)


@settings(deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    places=st.one_of(  # half the time a valid book, so that the answers are tried
        st.just({}), st.dictionaries(st.sampled_from(sorted(DEFAULTS)), hostile_scalars, max_size=3)
    ),
    answers=st.dictionaries(
        st.sampled_from(["days", "started", "code"]), hostile_scalars, max_size=2
    ),  # the others are answered well
)
def test_hostile_scalars_anywhere_never_end_in_an_exception(
    places: dict[str, str],
    answers: dict[str, str],
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    text = HOSTILE_BOOK
    for key, default in DEFAULTS.items():
        text = text.replace(key, places.get(key, default))
    with tempfile.TemporaryDirectory() as tmp:
        monkeypatch.setenv("XDG_STATE_HOME", tmp)
        book = Path(tmp) / "book.yaml"
        book.write_text(text)
        given_answers = Path(tmp) / "answers.yaml"
        answers = {"days": "5", "started": "2026-01-01", "code": "AB", **answers}
        given_answers.write_text("".join(f"{k}: {v}\n" for k, v in answers.items()))
        pairs = [a for k, v in answers.items() for a in ("--answer", f"{k}={v}")]
        codes = [
            main(["validate", str(book)]),
            main(["paths", "--rules", str(book)]),
            main(["ask", "--rules", str(book), "--answers", str(given_answers), "--no-save"]),
            main(["ask", "--rules", str(book), *pairs, "--format", "json", "--no-save"]),
            main(["explain", "--rules", str(book), "--answers", str(given_answers)]),
        ]
        event(f"exits {codes}")
        err = capsys.readouterr().err
        assert set(codes[:2]) <= {0, 1}, err
        assert set(codes[2:]) <= {0, 1, 2}, err  # 2: an answer missing and no terminal
        assert "Traceback" not in err
        assert "a bug, not your doing" not in err
