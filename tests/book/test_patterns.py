"""book/patterns.py: patterns that backtrack catastrophically are found (MP161), and the
usual ones are not."""

from __future__ import annotations

import pytest

from mendpath.book.patterns import backtracking


@pytest.mark.parametrize(
    "pattern",
    [
        "(a|aa)+$",
        "(a+)+b",
        "(a*)*",
        r"(\w+\s?)*",
        "(.*a){12}",
        "(x|)+",
        "((a+)b?)+",
        "^(([a-z])+.)+[A-Z]([a-z])+$",
        "(a+a+)+y",
        "(?:a+|b)+",
        "(ab|a)+",  # would stay fast, refused all the same (conservative)
        r"x(\d+)*?y",
    ],
)
def test_patterns_that_can_backtrack_are_refused(pattern: str) -> None:
    assert backtracking(pattern) is not None


@pytest.mark.parametrize(
    "pattern",
    [
        r"(\d+,)+",
        r"(\w+\s)+",
        "([0-9]{3})+",
        "(a|b)+",
        "(cat|dog)+",
        "[A-Z]{1,2}[0-9][A-Z0-9]? ?[0-9][A-Z]{2}",
        "a+b+",
        r"\d{4}-\d{2}-\d{2}",
        r"(\d+\.)*\d+",
        r"[^@]+@[^@]+\.[a-z]+",
        "(?:[A-Z][a-z]+ )*[A-Z][a-z]+",
        "(?>a+)+",  # atomic: no backtracking into it
        "(a++)+",
        "(ab|ac)+",  # Python reads it as a[bc]
    ],
)
def test_usual_patterns_pass(pattern: str) -> None:
    assert backtracking(pattern) is None
