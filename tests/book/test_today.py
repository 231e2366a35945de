"""Dates relative to today (`today`, `{today: N, unit: U}`): worked out once, when the book
is built, from the day given (`--today`) or the machine's date; everything after sees
fixed dates, so the checks stay exact for that day."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest

from mendpath.book.build import build_book, build_expr
from mendpath.cli.main import main
from mendpath.expressions import Between, FixedDate
from mendpath.model import Compare
from mendpath.reader import load_document

BOOK = Path(__file__).parents[1] / "books" / "measured" / "relative.yaml"
DAY = datetime.date(2026, 12, 4)


def test_every_relative_date_is_the_date_it_is_on_the_day_given() -> None:
    book = build_book([load_document(BOOK, BOOK.name)], DAY)
    born = book.questions["born"].measure
    assert (born.minimum, born.maximum) == ("1906-12-04", "2026-12-04")
    child = book.advice["child"].when
    assert isinstance(child, Compare)
    assert (child.op, child.low) == ("above", "2008-12-04")
    assert book.values["age"].compute == Between(
        "years", build_expr({"answer": "born"}), FixedDate("2026-12-04")
    )
    later = build_book([load_document(BOOK, BOOK.name)], datetime.date(2030, 2, 28))
    assert later.questions["born"].measure.maximum == "2030-02-28"


def test_without_a_day_given_it_is_the_machine_s_date() -> None:
    book = build_book([load_document(BOOK, BOOK.name)])
    assert book.questions["born"].measure.maximum == datetime.date.today().isoformat()


def test_validate_and_paths_reason_about_the_day_given(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", "--strict", "--today", "2026-12-04", str(BOOK)]) == 0
    capsys.readouterr()
    assert main(["paths", "--rules", str(BOOK), "--today", "2026-12-04"]) == 0
    assert capsys.readouterr().out.splitlines()[-2:] == [
        "adult: born=1906-12-04",
        "child: born=2008-12-05",
    ]
    assert main(["paths", "--rules", str(BOOK), "--today", "2030-01-01"]) == 0
    assert capsys.readouterr().out.splitlines()[-1] == "child: born=2012-01-02"


def test_an_answer_is_checked_against_the_day_given(capsys: pytest.CaptureFixture[str]) -> None:
    run = ["ask", "--rules", str(BOOK), "--no-save", "--format", "markdown"]
    assert main([*run, "--today", "2026-12-04", "--answer", "born=2008-12-04"]) == 0
    assert "### You are 18 years" in capsys.readouterr().out
    assert main([*run, "--today", "2026-12-03", "--answer", "born=2008-12-04"]) == 0
    assert "### You are young" in capsys.readouterr().out
    assert main([*run, "--today", "2026-12-04", "--answer", "born=2026-12-05"]) == 1
    assert capsys.readouterr().err == (
        "mendpath: --answer: question 'born' takes a date (like 23/11/2026 or 2026-11-23) "
        "from 1906-12-04 to 2026-12-04: '2026-12-05' is out of range\n"
    )


@pytest.mark.parametrize("day", ["2026-02-30", "tomorrow", "20261204"])
def test_a_day_that_is_not_one_is_a_usage_error(
    day: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["validate", "--today", day, str(BOOK)]) == 2
    err = capsys.readouterr().err
    assert f"argument --today: '{day}' is not a date written like 2026-11-23" in err


@pytest.mark.parametrize(
    ("swap", "message"),
    [
        (
            ("min: {today: -120, unit: years}", "min: {today: 1}"),
            "book.yaml:20:10: error MP115: no answer fits: `max` (2026-12-04) is below "
            "`min` (2026-12-05)",
        ),
        (
            ("min: {today: -120, unit: years}", "min: {today: 1, unit: fortnights}"),
            "book.yaml:19:27: error MP100: questions[0].min.unit: 'fortnights' is not one of: "
            "days, weeks, months, years",
        ),
        (
            ("max: today", "max: tomorrow"),
            "book.yaml:20:10: error MP111: 'tomorrow' is not an ISO date (2026-11-23), "
            "`today` or `{today: N, unit: days}`",
        ),
        (
            ("at_least: 18}", "at_least: {today: x}}"),
            "book.yaml:32:42: error MP100: advice[0].when.at_least.today: expected an "
            "integer, got text ('x')",
        ),
    ],
)
def test_a_relative_date_that_is_wrong_is_located_and_said(
    swap: tuple[str, str], message: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = BOOK.read_text(encoding="utf-8")
    assert swap[0] in text
    (tmp_path / "book.yaml").write_text(text.replace(swap[0], swap[1]), encoding="utf-8")
    assert main(["validate", "--today", "2026-12-04", str(tmp_path / "book.yaml")]) == 1
    assert capsys.readouterr().out.splitlines()[0] == f"{tmp_path}/{message}"


def test_a_relative_date_outside_the_calendar_is_said_so(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A valid form whose date falls before 0001-01-01 was said to be no ISO date, as
    "-1 months from today"."""
    text = BOOK.read_text(encoding="utf-8").replace(
        "min: {today: -120, unit: years}", "min: {today: -1, unit: months}"
    )
    (tmp_path / "book.yaml").write_text(text, encoding="utf-8")
    assert main(["validate", "--today", "0001-01-15", str(tmp_path / "book.yaml")]) == 1
    assert capsys.readouterr().out.splitlines()[0] == (
        f"{tmp_path}/book.yaml:19:10: error MP111: {{today: -1, unit: months}} on 0001-01-15 "
        "falls outside the dates there are (0001-01-01 to 9999-12-31)"
    )


def test_a_scenario_file_pins_the_day_its_book_is_read_for(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Scenarios of a book with dates relative to today passed one day and failed the next;
    `today:` in the file pins the day (over --today), and a day that is not one is MP150."""
    scenarios = tmp_path / "s.yaml"
    text = (
        "today: 2026-12-04\n"
        "scenarios:\n"
        "  - {name: Just 18, answers: {born: 2008-12-04}, shows: [adult]}\n"
        "  - {name: Not yet, answers: {born: 2008-12-05}, shows: [child]}\n"
    )
    scenarios.write_text(text, encoding="utf-8")
    run = ["test", "--rules", str(BOOK), str(scenarios)]
    assert main([*run, "--today", "2030-01-01"]) == 0
    assert capsys.readouterr().out.splitlines()[-1] == "2 passed, 0 failed"
    scenarios.write_text(text.replace("2026-12-04", "2027-12-05"), encoding="utf-8")
    assert main(run) == 1
    assert "FAIL  Not yet" in capsys.readouterr().out
    scenarios.write_text(text.replace("2026-12-04", "soon"), encoding="utf-8")
    assert main(run) == 1
    assert capsys.readouterr().err.splitlines()[0] == (
        f"{scenarios}:1:8: error MP150: today must be a date written 2026-11-23"
    )


def test_coverage_counts_a_pinned_file_on_its_own_day(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`--coverage` worked the scenarios out on the machine's date, not the file's."""
    scenarios = tmp_path / "s.yaml"
    scenarios.write_text(
        "today: 2026-12-01\n"
        "scenarios:\n"
        "  - {name: Not yet, answers: {born: 2008-12-02}, shows: [child]}\n",
        encoding="utf-8",
    )
    assert main(["test", "--rules", str(BOOK), str(scenarios), "--coverage"]) == 0
    out = capsys.readouterr().out
    assert "  advice items: 50% (1 of 2)\n    reached by no scenario: adult\n" in out
    # cut on the pinned day (the day 18 years before it), and the answer counted there
    assert "reached by no scenario: born below 2008-12-01, born=2008-12-01\n" in out


def test_the_validate_hint_names_the_day_the_book_was_read_for(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["paths", "--rules", str(BOOK), "--today", "0001-01-01"]) == 1
    assert (
        capsys.readouterr()
        .err.splitlines()[-1]
        .endswith(f"run `mendpath validate --today 0001-01-01 {BOOK}`")
    )
