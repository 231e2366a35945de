"""book/summaries.py on its own: each summary rule proved over every route, the answers that
break it, where it is reported, and when nothing is (or can be) proved."""

from __future__ import annotations

from pathlib import Path

import pytest

from mendpath.book.build import build_book
from mendpath.book.summaries import answers_text, check_summaries, references
from mendpath.logic import bounds
from mendpath.model import Book
from mendpath.reader import load_document

BOOKS = Path(__file__).parents[1] / "books"


def book_of(name: str) -> Book:
    path = BOOKS / name
    return build_book([load_document(path, path.name)])


def test_every_rule_broken_is_reported_once_with_answers_that_break_it() -> None:
    book = book_of("summaries/every-rule-broken.yaml")
    assert [p.format() for p in check_summaries(book)] == [
        # breathe, stop_calling and keep_waiting
        "every-rule-broken.yaml:7:20: error MP133: a route shows 3 advice items, more than the limit of 2: mood=upset tried=calling,waiting",
        # stop_calling cites section b twice but counts once: keep_waiting makes it two
        "every-rule-broken.yaml:7:36: error MP135: a route shows 2 items citing section 'b' of source 's', more than the limit of 1: mood=upset tried=calling,waiting",
        # breathe is ranked, rest is not
        'every-rule-broken.yaml:7:46: error MP136: "Start here" needs 2 items ranked with `first`, but a route shows 1: mood=calm',
        "every-rule-broken.yaml:40:5: error MP134: 'breathe' and 'rest' are declared never together, but a route shows both: mood=calm",
        "every-rule-broken.yaml:41:5: error MP134: 'stop_calling' and 'keep_waiting' are declared never together, but a route shows both: mood=upset tried=calling,waiting",
    ]


def test_never_together_naming_unknown_advice_is_located_at_the_name() -> None:
    book = book_of("summaries/every-rule-broken.yaml")
    assert [p.format() for p in references(book)] == [
        "every-rule-broken.yaml:41:34: error MP110: unknown advice 'nobody'"
    ]
    assert list(references(book_of("good/limits.yaml"))) == []


def test_a_route_with_no_advice_is_an_error_and_start_here_is_proved_only_when_asked() -> None:
    # breathe is ranked `first` and mood=calm shows nothing, but the book sets no
    # `limits: start`, so there is no MP136 beside the MP139.
    assert [p.format() for p in check_summaries(book_of("summaries/empty-route.yaml"))] == [
        "empty-route.yaml:21:11: error MP139: a route shows no advice at all: mood=calm"
    ]


def test_rules_that_hold_give_nothing() -> None:
    assert list(check_summaries(book_of("good/limits.yaml"))) == []
    assert list(check_summaries(book_of("summaries/one-item-cites-twice.yaml"))) == []


def test_a_book_without_book_has_no_summary_rules_to_prove() -> None:
    book = book_of("bad/mp112-no-book.yaml")
    assert book.meta is None
    assert list(check_summaries(book)) == []


def test_a_search_past_its_bound_is_one_warning_and_no_verdict(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(bounds, "MAX_STEPS", 0)
    assert [p.format() for p in check_summaries(book_of("summaries/every-rule-broken.yaml"))] == [
        "every-rule-broken.yaml:3:3: warning MP137: the summary rules could not be proved: the routes have too many answer classes to search (see docs/checks.md)"
    ]


def test_answers_text_is_ready_to_replay_as_answer_pairs() -> None:
    assert answers_text({"mood": "upset", "tried": ["calling", "waiting"], "none": []}) == (
        "mood=upset tried=calling,waiting none="
    )
    assert answers_text({}) == ""
