"""book/patterns.py: patterns that backtrack catastrophically are found (MP161), and the
usual ones are not."""

from __future__ import annotations

import pytest

from mendpath.book.patterns import backtracking, slow_answer


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


@pytest.mark.parametrize(
    ("pattern", "max_length"),
    [
        ("(?i)(ab|AB)+", 200),  # the shape check compared characters without the flag
        ("(a?){30}a{30}", 200),  # a counted repeat of a part that may match nothing
        (r"\d*\d*\d*\d*\d*\d*x", 200),  # polynomial, not exponential: n^6
        (".*.*.*=", 10_000),  # n^3, at its max_length
        ("(\u2003x|\\sx)+", 200),  # \s matches the em space, which no sample had
    ],
)
def test_patterns_the_shape_check_misses_are_found_slow_on_an_answer(
    pattern: str, max_length: int
) -> None:
    """Each passed validate, and a long enough answer then hung the interview."""
    from mendpath.logic.matching import fullmatch

    assert backtracking(pattern) is None
    answer = slow_answer(pattern, max_length)
    assert answer is not None
    assert len(answer) <= max_length
    assert fullmatch(pattern, answer, 0.05) is None  # it is slow, not merely long


@pytest.mark.parametrize(
    "pattern",
    [
        r"(\d+,)+",
        "[A-Z]{1,2}[0-9][A-Z0-9]? ?[0-9][A-Z]{2}",
        r"[^@]+@[^@]+\.[a-z]+",
        r"\d*x",  # linear
        r"\d*\d*x",  # n^2 at 200 characters: fast enough
        "(?:[A-Z][a-z]+ )*[A-Z][a-z]+",
    ],
)
def test_usual_patterns_are_fast_on_every_answer_tried(pattern: str) -> None:
    assert slow_answer(pattern, 200) is None
