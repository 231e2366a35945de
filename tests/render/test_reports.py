"""render/reports.py on its own: a validation result as lines of text or as JSON, the verdict
for each mix of errors and warnings, with and without --strict."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from mendpath.book.validate import Result, validate
from mendpath.files import display_name
from mendpath.problems import Problem
from mendpath.render.reports import json_report, text_report

BOOKS = Path(__file__).parents[1] / "books"

ERROR = Problem("rules/a.yaml", 3, 7, "error", "MP103", "unknown question 'q3'")
WARNING = Problem("rules/b.yaml", 12, 1, "warning", "MP140", "source 'old' is cited by no advice")


@pytest.mark.parametrize(
    ("problems", "strict", "last"),
    [
        ([], False, "ok: 2 file(s), no problems"),
        ([], True, "ok: 2 file(s), no problems"),
        ([WARNING], False, "valid: 0 error(s), 1 warning(s) in 2 file(s)"),
        ([WARNING], True, "invalid: 0 error(s), 1 warning(s) in 2 file(s)"),
        ([ERROR], False, "invalid: 1 error(s), 0 warning(s) in 2 file(s)"),
        ([ERROR, WARNING], False, "invalid: 1 error(s), 1 warning(s) in 2 file(s)"),
    ],
)
def test_the_text_report_lists_each_problem_then_the_verdict(
    problems: list[Problem], strict: bool, last: str
) -> None:
    text = text_report(Result(problems, None), 2, strict)
    assert text == "".join(f"{p.format()}\n" for p in problems) + last + "\n"


def test_a_real_book_reads_as_validate_prints_it() -> None:
    path = BOOKS / "bad" / "mp131-always-true.yaml"
    result = validate([path])
    problem = f"{display_name(path)}:30:11: warning MP131: the `when` of advice 'one' is always true; leave it out to show it always"
    assert text_report(result, 1, strict=False) == (
        f"{problem}\nvalid: 0 error(s), 1 warning(s) in 1 file(s)\n"
    )
    assert text_report(result, 1, strict=True) == (
        f"{problem}\ninvalid: 0 error(s), 1 warning(s) in 1 file(s)\n"
    )


def test_names_and_messages_from_outside_are_printable_in_text_and_exact_in_json() -> None:
    odd = Problem("ev\x1bil.yaml", 1, 2, "error", "MP100", "unknown key 'a\x07b'")
    result = Result([odd], None)
    assert text_report(result, 1, strict=False) == (
        "ev\\x1bil.yaml:1:2: error MP100: unknown key 'a\\x07b'\n"
        "invalid: 1 error(s), 0 warning(s) in 1 file(s)\n"
    )
    payload = json.loads(json_report(result, 1, strict=False))
    assert payload["problems"][0]["file"] == "ev\x1bil.yaml"
    assert payload["problems"][0]["message"] == "unknown key 'a\x07b'"


def test_the_json_report_carries_the_verdict_the_counts_and_every_problem() -> None:
    text = json_report(Result([ERROR, WARNING], None), 2, strict=False)
    assert text.endswith("}\n")
    assert json.loads(text) == {
        "valid": False,
        "files": 2,
        "errors": 1,
        "warnings": 1,
        "problems": [
            {"file": "rules/a.yaml", "line": 3, "col": 7, "severity": "error", "code": "MP103", "message": "unknown question 'q3'"},
            {"file": "rules/b.yaml", "line": 12, "col": 1, "severity": "warning", "code": "MP140", "message": "source 'old' is cited by no advice"},
        ],
    }  # fmt: skip
    only_warning = Result([WARNING], None)
    assert json.loads(json_report(only_warning, 1, strict=False))["valid"] is True
    assert json.loads(json_report(only_warning, 1, strict=True))["valid"] is False
    assert json.loads(json_report(Result([], None), 0, strict=True)) == {
        "valid": True,
        "files": 0,
        "errors": 0,
        "warnings": 0,
        "problems": [],
    }
