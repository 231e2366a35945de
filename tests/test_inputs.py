"""Inputs from outside that used to crash or hang: YAML .inf/.nan, JSON answers files past
the reader's limits, javascript: source URLs, and the smaller command-line cases (issue 14,
findings 10, 11, 14 and Low)."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from mendpath.answer_files import read_answers_file
from mendpath.cli.main import main
from mendpath.logic.answers import answers_text

ROOT = Path(__file__).parent.parent
PLANTS = ROOT / "examples" / "houseplants"
BOOKS = Path(__file__).parent / "books"


def no_traceback(capsys: pytest.CaptureFixture[str]) -> str:
    out = capsys.readouterr()
    assert "Traceback" not in out.err
    assert "something went wrong" not in out.err
    return out.out + out.err


# -- 11. .inf, -.inf and .nan ---------------------------------------------------------


@pytest.mark.parametrize("number", [".inf", "-.inf", "+.inf", ".nan", ".NaN", ".Inf", "-.INF"])
def test_non_finite_numbers_in_a_book_are_located_errors(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], number: str
) -> None:
    book = tmp_path / "plants"
    shutil.copytree(PLANTS, book)
    text = (book / "book.yaml").read_text().replace('version: "1.0"', f"version: {number}")
    (book / "book.yaml").write_text(text)
    assert main(["validate", str(book)]) == 1
    out = no_traceback(capsys)
    assert "book.version: expected a string, got a number" in out


@pytest.mark.parametrize("number", [".inf", "-.inf", ".nan"])
def test_non_finite_numbers_in_answers_and_scenarios(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], number: str
) -> None:
    answers = tmp_path / "a.yaml"
    answers.write_text(f"light: {number}\n")
    assert main(["ask", "--rules", str(PLANTS), "--answers", str(answers)]) == 1
    assert "the answer to 'light' must be a choice id" in no_traceback(capsys)
    scenario = tmp_path / "s.yaml"
    scenario.write_text(f"scenarios:\n  - name: {number}\n    answers: {{q1: {number}}}\n")
    monkeypatch.chdir(BOOKS)
    assert main(["test", "--rules", "good/minimal.yaml", str(scenario)]) == 1
    no_traceback(capsys)


# -- 14. JSON answers files get the reader's limits ------------------------------------


def answers_error(path: Path, capsys: pytest.CaptureFixture[str]) -> str:
    assert main(["ask", "--rules", str(PLANTS), "--answers", str(path)]) == 1
    return no_traceback(capsys)


def test_a_fifo_is_refused_not_read(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    fifo = tmp_path / "answers.json"
    os.mkfifo(fifo)
    assert "is not a regular file" in answers_error(fifo, capsys)


def test_dev_zero_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    link = tmp_path / "answers.json"
    link.symlink_to("/dev/zero")
    assert "is not a regular file" in answers_error(link, capsys)


def test_a_huge_json_file_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "answers.json"
    with path.open("wb") as handle:
        handle.truncate(17 * 1024 * 1024)
    assert "larger than 16 MiB" in answers_error(path, capsys)


def test_deep_nesting_is_a_message(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "answers.json"
    path.write_text('{"light": ' + "[" * 100_000 + "]" * 100_000 + "}")
    assert "the answers nest too deeply" in answers_error(path, capsys)
    path.write_text('{"light": ' + "[" * 40 + "]" * 40 + "}")
    assert "the answers nest too deeply" in answers_error(path, capsys)


def test_a_lone_surrogate_is_a_message(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "answers.json"
    path.write_text('{"light": "\\ud800"}')
    assert "'\\ud800' holds a lone surrogate" in answers_error(path, capsys)


def test_duplicate_keys_are_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "answers.json"
    path.write_text('{"light": "low", "light": "bright"}')
    assert "the key 'light' is given twice" in answers_error(path, capsys)


def test_nan_in_json_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "answers.json"
    path.write_text('{"light": NaN}')
    assert "NaN is not an answer" in answers_error(path, capsys)


# -- 10. javascript: source URLs --------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "ok"),
    [
        ("https://example.org/a", True),
        ("http://example.org", True),
        ("mailto:someone@example.org", True),
        ("javascript:alert(1)", False),
        (" JavaScript:alert(1)", False),
        ("data:text/html,<script>", False),
        ("file:///etc/passwd", False),
        ("https:no-slashes", False),
        ("example.org", False),
    ],
)
def test_validate_accepts_only_http_and_mailto_urls(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], url: str, ok: bool
) -> None:
    source = BOOKS / "bad" / "mp114-javascript-url.yaml"
    book = tmp_path / "book.yaml"
    book.write_text(source.read_text().replace('"javascript:alert(document.title)"', repr(url)))
    assert main(["validate", str(book)]) == (0 if ok else 1)
    assert ("MP114" in no_traceback(capsys)) is not ok


# -- Low --------------------------------------------------------------------------------


def test_an_answer_with_a_noncharacter_replays(tmp_path: Path) -> None:
    text = answers_text({"name": "a\uffffb\ufffe"}, False, "mine.yaml")
    path = tmp_path / "mine.yaml"
    path.write_text(text)
    assert read_answers_file(path) == {"name": "a\uffffb\ufffe"}


def test_a_list_for_a_single_choice_says_so(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "a.yaml"
    path.write_text("pets: [no]\n")
    assert "question 'pets' takes one choice, not a list" in answers_error(path, capsys)


def test_a_blank_answer_id_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["ask", "--rules", str(PLANTS), "--answer", " =x"]) == 2
    assert "--answer takes ID=VALUE, got ' =x'" in no_traceback(capsys)


@pytest.mark.parametrize("command", [["validate", ""], ["ask", "--rules", ""]])
def test_an_empty_path_is_a_usage_error(
    capsys: pytest.CaptureFixture[str], command: list[str]
) -> None:
    assert main(command) == 2
    assert "a path cannot be empty" in no_traceback(capsys)


def test_a_very_long_rules_path_is_a_message(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["ask", "--rules", "a" * 5000]) == 1
    assert "MP007: cannot read: File name too long" in no_traceback(capsys)
    assert main(["validate", "a/" * 3000]) == 1
    assert "File name too long" in no_traceback(capsys)


def test_closed_stdout_is_a_message(monkeypatch: pytest.MonkeyPatch) -> None:
    import subprocess
    import sys

    done = subprocess.run(
        [sys.executable, "-m", "mendpath", "validate", str(PLANTS)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        check=False,
        preexec_fn=lambda: os.close(1),
    )
    assert done.returncode == 1
    assert done.stderr == (
        "mendpath: standard output is closed; nothing can be shown (try --output FILE)\n"
    )


# -- session 12: what an attacker found -----------------------------------------------


def test_an_answer_that_is_not_utf8_is_refused_not_dropped(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """`--answer $'name=ab\\xffcd'` stored "abcd" (and a pattern was checked on that)."""
    run = ["ask", "--rules", str(PLANTS), "--no-save", "--format", "markdown"]
    assert main([*run, "--answer", "light=ab\udcffcd"]) == 1  # how Python reads the bytes
    assert no_traceback(capsys) == "mendpath: --answer: 'light=ab\\xffcd' is not UTF-8 text\n"


def test_a_json_number_too_long_for_python_is_refused_in_our_words(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """It said "Exceeds the limit (4300 digits) for integer string conversion: use
    sys.set_int_max_str_digits() to increase the limit"."""
    answers = tmp_path / "a.json"
    answers.write_text('{"light": ' + "9" * 5000 + "}", encoding="utf-8")
    assert main(["ask", "--rules", str(PLANTS), "--no-save", "--answers", str(answers)]) == 1
    assert no_traceback(capsys) == (
        f"mendpath: {answers}: a number of 5,000 digits is not an answer\n"
    )


@pytest.mark.parametrize(
    ("written", "said"),
    [
        ("days_per_week: true", "must be a number from 1 to 7"),
        ("days_per_week: ~", "must be a number from 1 to 7"),
        ("days_per_week: {a: 1}", "must be a number from 1 to 7"),
        ("days_per_week: [5]", "must be a number from 1 to 7"),
    ],
)
def test_an_answer_of_the_wrong_type_says_what_the_question_takes(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], written: str, said: str
) -> None:
    """A number or date question given true, null, a map or a list said "must be a choice
    id, a list of them, or text"."""
    answers = tmp_path / "a.yaml"
    answers.write_text(
        f"hours_pattern: regular\nbasis: days\nperiod: full_year\n{written}\n", encoding="utf-8"
    )
    rules = str(ROOT / "examples" / "holiday-entitlement" / "rules")
    assert main(["ask", "--rules", rules, "--no-save", "--answers", str(answers)]) == 1
    assert no_traceback(capsys) == (
        f"mendpath: {answers}:4:16: the answer to 'days_per_week' {said}\n"
    )
