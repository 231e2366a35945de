"""book/patterns.py: patterns that backtrack catastrophically are found (MP161), and the
usual ones are not."""

from __future__ import annotations

from pathlib import Path

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


def test_probing_odd_patterns_neither_runs_out_of_memory_nor_takes_long() -> None:
    """A counted repeat of counted repeats made a sample of 10^15 characters (MemoryError,
    exit 3); a pattern of 1,000 classes took 11 s to probe (each prefix sampled again)."""
    import time

    started = time.process_time()
    assert slow_answer("(?:(?:(?:(?:a{1000}){1000}){1000}){1000}){1000}", 200) is None
    assert slow_answer("[a-z]" * 1000, 2000) is None
    assert time.process_time() - started < 5


def test_no_answer_is_probed_where_no_match_can_be_timed() -> None:
    """Off the main thread a match runs without a timer: probing a slow pattern there hung."""
    import threading

    found: list[str | None] = []
    worker = threading.Thread(target=lambda: found.append(slow_answer(r"\d*\d*\d*\d*\d*\d*x", 200)))
    worker.start()
    worker.join(10)
    assert found == [None]


def test_a_pattern_nested_too_deeply_for_python_is_refused_not_a_crash(tmp_path: Path) -> None:
    """500 nested groups made re.compile raise RecursionError: validate crashed (exit 3)."""
    from mendpath.book.validate import validate

    path = tmp_path / "book.yaml"
    deep = "(" * 500 + "a" + ")" * 500
    path.write_text(
        "book: {title: T, version: '1', start: code, disclaimer: D.}\n"
        "groups: [{id: g, title: G}]\n"
        "sources: [{id: s, title: S, sections: [{id: x, title: X}]}]\n"
        f"questions: [{{id: code, text: Code?, kind: text, pattern: '{deep}', next: end}}]\n"
        "advice: [{id: one, title: One, body: B., group: g, cite: [{source: s, section: x}]}]\n",
        encoding="utf-8",
    )
    said = [p.code + " " + p.message for p in validate([path]).problems]
    assert "MP116 the pattern is not a valid regular expression: it nests too deeply" in said
