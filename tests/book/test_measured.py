"""book/measured.py on its own: number, date and text questions whose keys do not fit their
kind or that no answer fits, and comparisons that do not fit their question or that no
answer can meet."""

from __future__ import annotations

from pathlib import Path

from mendpath.book.build import build_book
from mendpath.book.measured import compare_problems, question_problems
from mendpath.model import Book, Compare
from mendpath.reader import load_document

BOOKS = Path(__file__).parents[1] / "books"


def book_of(name: str) -> Book:
    path = BOOKS / name
    return build_book([load_document(path, path.name)])


def test_questions_whose_keys_do_not_fit_their_kind_or_any_answer() -> None:
    book = book_of("measured/questions.yaml")
    found = {q.id: [p.format() for p in question_problems(q)] for q in book.questions.values()}
    assert found == {
        "days": [],
        # a number question's `min` is not a number: said as such (it used to say "is not an
        # ISO date" whatever the kind)
        "hours": ["questions.yaml:7:50: error MP111: '2026-01-01' is not a number"],
        "started": [
            "questions.yaml:8:69: error MP115: no answer fits: `max` (2026-01-31) is below `min` (2026-12-01)"
        ],
        "birthday": [
            "questions.yaml:9:54: error MP111: 'soon' is not an ISO date (2026-11-23), `today` or `{today: N, unit: days}`"
        ],
        # a key the kind does not take is located at the key itself
        "pick": [
            "questions.yaml:10:73: error MP100: a single question takes no `min`",
            "questions.yaml:10:81: error MP100: a single question takes no `unit`",
        ],
        "name": [
            "questions.yaml:11:58: error MP100: a text question takes no `decimals`",
            "questions.yaml:11:50: error MP116: the pattern is not a valid regular expression: unterminated character set at position 0",
        ],
        "code": [],
    }


def test_comparisons_that_do_not_fit_or_that_no_answer_meets() -> None:
    book = book_of("measured/comparisons.yaml")
    found = {}
    for advice in book.advice.values():
        assert isinstance(advice.when, Compare)
        question = book.questions[advice.when.question]
        found[advice.id] = [p.format() for p in compare_problems(question, advice.when)]
    assert found == {
        "fits": [],
        "on_yes_no": [
            "comparisons.yaml:13:82: error MP171: `at_least:` compares a number or a date, but 'pick' is yes_no"
        ],
        "word_for_number": [
            "comparisons.yaml:14:85: error MP170: 'few' is not a number, as 'days' needs"
        ],
        "number_for_date": [
            "comparisons.yaml:15:88: error MP170: '5' is not an ISO date (2026-11-23), `today` or `{today: N, unit: days}`, as 'started' needs"
        ],
        "backwards": [
            "comparisons.yaml:16:81: error MP115: `between:` runs from 9.5 down to 1.25; no answer is between them"
        ],
        "past_max": [
            "comparisons.yaml:17:78: error MP115: no answer to 'days' can meet this: it accepts only a whole number from 0 to 7"
        ],
        "before_min": [
            "comparisons.yaml:18:83: error MP115: no answer to 'started' can meet this: it accepts only a date (like 23/11/2026 or 2026-11-23) on or after 2026-01-01"
        ],
        "no_bounds": [],  # no `min`: a number far below anything is still an answer
        "on_the_edge": [],  # at_least the `max` itself: 7 meets it
        # no whole number is between 0.2 and 0.8 (the cuts of a whole-number line are
        # whole: 0.2 and 0.8 cut it at 0 and 1, and no class lies between them)
        "between_whole": [
            "comparisons.yaml:21:85: error MP115: no answer to 'days' can meet this: it accepts only a whole number from 0 to 7"
        ],
        "below_half": [],  # 0 meets it
        # no `max`, but an answer has at most 15 digits (the message said only "a number")
        "past_digits": [
            "comparisons.yaml:23:81: error MP115: no answer to 'rate' can meet this: it accepts only a number with at most 2 decimals, and no answer has more than 15 digits"
        ],
    }
