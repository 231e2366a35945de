"""logic/matching.py: a book's pattern is matched under a time limit, so a pattern that
runs on (one validate could not find) cannot hang the interview."""

from __future__ import annotations

import signal
import threading
import time

import pytest

from mendpath.logic.matching import fullmatch


def test_an_ordinary_match_says_whether_it_matches() -> None:
    assert fullmatch(r"\d{4}", "2026") is True
    assert fullmatch(r"\d{4}", "20x6") is False


def test_a_match_that_runs_on_is_given_up() -> None:
    started = time.monotonic()
    assert fullmatch("(a+)+b", "a" * 60, 0.05) is None  # hours, unbounded
    assert time.monotonic() - started < 5
    assert signal.getsignal(signal.SIGALRM) is signal.SIG_DFL  # as it was
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)


def test_outside_the_main_thread_it_matches_without_a_timer() -> None:
    found: list[bool | None] = []
    worker = threading.Thread(target=lambda: found.append(fullmatch("a+", "aaa", 0.01)))
    worker.start()
    worker.join()
    assert found == [True]


def test_an_answer_its_pattern_cannot_check_in_time_is_refused_with_a_reason(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from bookgen import as_book

    from mendpath.logic import engine, matching

    book = as_book(
        {
            "book": {"title": "T", "version": "1", "start": "code", "disclaimer": "D."},
            "groups": [{"id": "g", "title": "G"}],
            "sources": [{"id": "s", "title": "S", "sections": [{"id": "a", "title": "A"}]}],
            "questions": [
                {"id": "code", "text": "Code?", "kind": "text", "pattern": "(a+)+b", "next": "end"}
            ],
            "advice": [],
        }
    )
    monkeypatch.setattr(engine, "fullmatch", lambda p, t: matching.fullmatch(p, t, 0.05))
    with pytest.raises(engine.AnswerError) as refused:
        engine.check_answer(book.questions["code"], "a" * 60)
    assert str(refused.value) == (
        "question 'code': this answer could not be checked in time against what the "
        "question accepts; write it more shortly"
    )
    assert engine.check_answer(book.questions["code"], "aab") == "aab"


def test_a_timer_the_caller_set_is_put_back() -> None:
    """It was cancelled: an alarm set before a match never came."""
    fired: list[int] = []
    before = signal.signal(signal.SIGALRM, lambda signum, frame: fired.append(signum))
    try:
        signal.setitimer(signal.ITIMER_REAL, 0.3)
        assert fullmatch(r"\d+", "123") is True
        left, _ = signal.getitimer(signal.ITIMER_REAL)
        assert 0 < left <= 0.3
        time.sleep(0.5)
        assert fired == [signal.SIGALRM]
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, before)


def test_cpu_time_is_what_a_probe_counts() -> None:
    assert fullmatch("(a+)+b", "a" * 60, 0.05, cpu=True) is None
    assert signal.getitimer(signal.ITIMER_PROF) == (0.0, 0.0)
