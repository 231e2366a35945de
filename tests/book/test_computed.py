"""book/computed.py on its own: what each node of a value's expression can get wrong, and
loops between values, each reported once at the `compute:` of the value."""

from __future__ import annotations

from pathlib import Path

from mendpath.book.build import build_book
from mendpath.book.checks import check_book
from mendpath.book.computed import broken_values, check_values
from mendpath.model import Book
from mendpath.reader import load_document

BOOKS = Path(__file__).parents[1] / "books"


def book_of(name: str) -> Book:
    path = BOOKS / name
    return build_book([load_document(path, path.name)])


def test_each_mistake_in_a_value_is_found_however_deep_it_stands() -> None:
    assert [p.format() for p in check_values(book_of("computed/every-mistake.yaml"))] == [
        # inside a sum: an unknown question for `answer:` and for `lookup:`
        "every-mistake.yaml:18:30: error MP103: value 'unknown_question': unknown question 'hours'",
        "every-mistake.yaml:18:47: error MP103: value 'unknown_question': unknown question 'nowhere'",
        # inside a band
        "every-mistake.yaml:20:30: error MP111: value 'from_text': `answer:` in a value needs a number or date, but 'name' is text",
        "every-mistake.yaml:22:32: error MP117: value 'unknown_value': unknown value 'missing'",
        "every-mistake.yaml:24:23: error MP111: value 'lookup_multiple': `lookup:` needs a single-choice or yes/no question, but 'extras' is multiple",
        # keys the question does not offer (sorted), then its choices the table leaves out
        "every-mistake.yaml:26:55: error MP104: value 'lookup_gaps': question 'shift' has no choice 'dawn'",
        "every-mistake.yaml:26:46: error MP104: value 'lookup_gaps': question 'shift' has no choice 'dusk'",
        "every-mistake.yaml:26:37: error MP119: value 'lookup_gaps': the lookup table has no number for night, late of 'shift'",
        "every-mistake.yaml:36:23: error MP111: value 'yes_no_lookup': `lookup:` needs a single-choice or yes/no question, but 'days' is number",
        # loops come last: loop_a -> loop_b -> loop_a once (on_a_loop only uses it), and itself
        "every-mistake.yaml:28:14: error MP118: value 'loop_a' depends on itself",
        "every-mistake.yaml:34:14: error MP118: value 'itself' depends on itself",
    ]


def test_every_loop_is_reported_even_when_one_value_also_uses_another_loop() -> None:
    # x -> y -> x, and z -> w -> z where z also uses x. Reporting z's loop must not depend
    # on whether its search passes through the loop already reported (it once did, and the
    # second loop went unreported in either order of the values).
    assert [p.format() for p in check_values(book_of("computed/two-loops.yaml"))] == [
        "two-loops.yaml:12:14: error MP118: value 'x' depends on itself",
        "two-loops.yaml:17:14: error MP118: value 'z' depends on itself",
    ]


def test_a_value_that_only_uses_good_parts_has_no_problem() -> None:
    good = book_of("bad/mp118-value-loop.yaml")  # entitlement is fine; a and b loop
    assert [p.format() for p in check_values(good)] == [
        "mp118-value-loop.yaml:37:14: error MP118: value 'a' depends on itself"
    ]
    assert list(check_values(book_of("good/measures.yaml"))) == []


def test_the_broken_values_are_those_with_a_mistake_on_a_loop_or_using_one() -> None:
    """A comparison with one of these gets no verdict (never true, always true): the value's
    own message says what to mend. `fine` alone is whole; `on_a_loop` only uses a loop."""
    book = book_of("computed/every-mistake.yaml")
    assert broken_values(book) == set(book.values) - {"fine"}
    assert broken_values(book_of("bad/mp118-value-loop.yaml")) == {"a", "b"}


def test_a_comparison_with_a_broken_value_gets_only_the_value_s_messages() -> None:
    """A lookup whose keys match none of its question's choices has no value: a comparison
    with it was also said never to show (MP130)."""
    path = BOOKS / "computed/compared-with-a-broken-lookup.yaml"
    book = build_book([load_document(path, path.name)])
    assert [p.format() for p in check_book(book)] == [
        "compared-with-a-broken-lookup.yaml:10:49: error MP104: value 'cap': question 'region' has no choice 'east'",
        "compared-with-a-broken-lookup.yaml:10:60: error MP104: value 'cap': question 'region' has no choice 'west'",
        "compared-with-a-broken-lookup.yaml:10:48: error MP119: value 'cap': the lookup table has no number for north, south of 'region'",
    ]


def test_a_value_that_reads_no_answer_needs_no_default(tmp_path: Path) -> None:
    """MP197 was said of `rate: 5.6` and `deadline: today + 30`, which always have a value."""
    from mendpath.book.validate import validate

    path = tmp_path / "book.yaml"
    path.write_text(
        "book: {title: T, version: '1', start: days, disclaimer: D.}\n"
        "groups: [{id: g, title: G}]\n"
        "sources: [{id: s, title: S, sections: [{id: x, title: X}]}]\n"
        "values:\n"
        "  - {id: rate, compute: 5.6, decimals: 1}\n"
        "  - {id: deadline, compute: {sum: [today, 30]}}\n"
        "  - {id: ent, compute: {product: [{answer: days}, 5.6]}, decimals: 1}\n"
        "questions: [{id: days, text: Days?, kind: number, min: 0, max: 7, next: end}]\n"
        "advice: [{id: one, title: One, body: '{rate} {deadline} {ent}', group: g,"
        " cite: [{source: s, section: x}]}]\n",
        encoding="utf-8",
    )
    assert [p.message.split(" is shown")[0] for p in validate([path]).problems] == [
        "the value 'ent'"
    ]
