"""Number and date questions: reading what is typed, answer classes, prompting, replaying."""

from __future__ import annotations

import copy
import faulthandler
from itertools import product
from pathlib import Path
from typing import Any

import pytest
from bookgen import as_book
from hypothesis import given
from hypothesis import strategies as st
from prompt_toolkit.input import create_pipe_input
from prompt_toolkit.output import DummyOutput

from mendpath.ask.interview import texts_for
from mendpath.ask.prompts import ask_in_terminal
from mendpath.book.checks import check_book
from mendpath.book.validate import validate
from mendpath.cli.main import main
from mendpath.logic import engine
from mendpath.logic.conditions import answer_classes, holds
from mendpath.logic.measures import BadValue, classes, normal
from mendpath.logic.satisfy import example
from mendpath.model import Book

BOOK = Path(__file__).parents[1] / "books" / "good" / "measures.yaml"
ENTER, BACKSPACE = "\r", "\x7f"


@pytest.fixture(scope="module")
def book() -> Book:
    result = validate([BOOK])
    assert result.ok(strict=True), [p.format() for p in result.problems]
    assert result.book is not None
    return result.book


@pytest.mark.parametrize(
    ("qid", "typed", "stored"),
    [
        ("days", "4.5", "4.5"),
        ("days", " 5 days", "5"),
        ("days", "0", "0"),
        ("days", ".5", "0.5"),  # the holiday example's help says "Half days count as .5"
        ("days", "5.", "5"),
        ("days", "3 DAYS", "3"),  # the unit in any case
        ("days", "0.5000000000000000", "0.5"),  # trailing zeros are no digits to keep
        ("started", "2026-11-23", "2026-11-23"),
        ("started", "23/11/2026", "2026-11-23"),
        ("started", "3.2.2026", "2026-02-03"),
        ("started", "23 November 2026", "2026-11-23"),
        ("started", "1 Sept 2025", "2025-09-01"),
        (
            "started",
            "\u0662\u0660\u0662\u0666-\u0660\u0662-\u0660\u0663",
            "2026-02-03",
        ),  # as numbers are read
        ("started", "\uff13/\uff12/\uff12\uff10\uff12\uff16", "2026-02-03"),  # full-width digits
    ],
)
def test_what_is_typed_is_kept_in_normal_form(
    book: Book, qid: str, typed: str, stored: str
) -> None:
    assert normal(book.questions[qid], typed) == stored


@pytest.mark.parametrize(
    ("qid", "typed", "why"),
    [
        ("days", "five", "'five' is not a number"),
        ("days", "9", "'9' is out of range"),
        ("days", "-1", "'-1' is out of range"),
        ("started", "31/02/2026", "'31/02/2026' is not a date"),
        ("started", "2019-12-31", "'2019-12-31' is out of range"),
        ("started", "next week", "'next week' is not a date"),
        ("days", "", "no number was typed"),
        ("days", "  ", "no number was typed"),
        ("started", "", "no date was typed"),
    ],
)
def test_what_is_refused_and_why(book: Book, qid: str, typed: str, why: str) -> None:
    with pytest.raises(BadValue) as caught:
        normal(book.questions[qid], typed)
    assert str(caught.value) == why


def test_a_lower_bound_alone_reads_as_finished(book: Book) -> None:
    from mendpath.logic.measures import accepts

    assert accepts(book.questions["started"]) == (
        "a date (like 23/11/2026 or 2026-11-23) on or after 2020-01-01"
    )
    question = copy.copy(book.questions["days"])
    question.measure = question.measure._replace(maximum=None, minimum=0.01)
    assert accepts(question) == "a number of at least 0.01"


def test_a_pattern_is_checked_and_explained(book: Book) -> None:
    question = book.questions["code"]
    assert engine.check_answer(question, "SW1A 1AA") == "SW1A 1AA"
    assert engine.check_answer(question, "") == ""  # text may be left empty
    with pytest.raises(engine.AnswerError, match="write a UK postcode, like SW1A 1AA"):
        engine.check_answer(question, "not a postcode")


def test_the_constants_cut_the_line_into_classes(book: Book) -> None:
    # days: 0..7 in tenths, compared at 0.5, 5 and (a wording) 1
    assert answer_classes(book)["days"] == ["0", "0.25", "0.5", "0.75", "1", "3", "5", "6", "7"]
    # started: from 2020-01-01, compared above 2026-01-01: whole days
    assert answer_classes(book)["started"] == [
        "2020-01-01",
        "2020-01-02",
        "2026-01-01",
        "2026-01-02",
    ]
    whole = book.questions["days"]
    assert classes(whole, []) == ["0", "3.5", "7"]


def test_a_whole_number_line_is_cut_only_at_whole_numbers(book: Book) -> None:
    """A cut between two whole numbers stands for both: `below: 0.5` is met by 0 alone and
    `above: 0.5` by 1 and up, so no class is 0.5, an answer no one can give (it made MP139
    report a route `hours=0.5` that shows nothing). A `min` or `max` between two whole
    numbers is rounded inwards."""
    days = copy.copy(book.questions["days"])
    days.measure = days.measure._replace(decimals=0)
    assert classes(days, ["0.5"]) == ["0", "1", "2", "7"]
    assert classes(days, ["0.2", "0.8"]) == ["0", "1", "2", "7"]  # nothing between them
    assert classes(days, ["2", "6.5"]) == ["0", "1", "2", "3", "6", "7"]
    days.measure = days.measure._replace(minimum="0.5", maximum="6.5")
    assert classes(days, []) == ["1", "2", "6"]


def _prompt(book: Book, answers: dict[str, Any], keys: str) -> Any:
    faulthandler.dump_traceback_later(20, exit=True)
    try:
        step = engine.step(book, answers)
        assert isinstance(step, engine.Ask)
        with create_pipe_input() as pipe:
            pipe.send_text(keys)
            texts = texts_for(book, step, answers)
            return ask_in_terminal(step, None, texts, input=pipe, output=DummyOutput())
    finally:
        faulthandler.cancel_dump_traceback_later()


def test_the_prompt_refuses_until_the_number_fits(book: Book) -> None:
    assert _prompt(book, {}, "9" + ENTER + BACKSPACE + "4.5" + ENTER) == "4.5"
    assert (
        _prompt(book, {"days": "5"}, "31/11/2026" + ENTER + BACKSPACE * 10 + "2/3/2026" + ENTER)
        == "2026-03-02"
    )


def test_answers_given_on_the_command_line_are_checked(capsys: pytest.CaptureFixture[str]) -> None:
    code = main(
        [
            "ask",
            "--rules",
            str(BOOK),
            "--answer",
            "days=9",
            "--answer",
            "started=2026-01-01",
            "--answer",
            "code=",
        ]
    )
    assert code == 1
    assert capsys.readouterr().err == (
        "mendpath: --answer: question 'days' takes a number from 0 to 7: '9' is out of range\n"
    )
    code = main(
        [
            "ask",
            "--rules",
            str(BOOK),
            "--answer",
            "days=5",
            "--answer",
            "started=2 March 2026",
            "--answer",
            "code=",
            "--format",
            "json",
        ]
    )
    assert code == 0
    assert '"started": "2026-03-02"' in capsys.readouterr().out


LONG = "1" + "0" * 400  # float() would make it inf, and printing it crashed (exit 3)


def test_a_number_has_at_most_fifteen_digits(book: Book) -> None:
    question = book.questions["days"]
    assert normal(question, "0.00000000000005") == "0.00000000000005"  # not 5e-14: untypable
    with pytest.raises(BadValue) as refused:
        normal(question, LONG)
    assert str(refused.value) == "'10000000000000000000…' has 401 digits; a number has at most 15"
    with pytest.raises(BadValue, match="'1000000000000000' has 16 digits"):
        normal(question, "1000000000000000")


def test_only_significant_digits_count_and_a_long_reply_is_cut_in_messages(book: Book) -> None:
    """0.123456789012345 (15 significant digits) was refused as 16 digits: the leading 0
    and trailing zeros counted. A megabyte pasted was repeated whole in the message."""
    question = book.questions["days"]
    assert normal(question, "0.123456789012345") == "0.123456789012345"
    assert normal(question, "0000000000000000004") == "4"
    with pytest.raises(BadValue) as refused:
        normal(question, "1," * 500_000)
    assert str(refused.value) == "'1,1,1,1,1,1,1,1,1,1,…' is not a number"
    with pytest.raises(BadValue) as refused:
        normal(book.questions["started"], "x" * 10**6)
    assert str(refused.value) == "'xxxxxxxxxxxxxxxxxxxx…' is not a date"


def test_a_long_number_is_refused_where_it_is_typed(book: Book) -> None:
    assert _prompt(book, {}, LONG + ENTER + BACKSPACE * 401 + "4" + ENTER) == "4"


def test_a_long_number_in_an_answer_or_answers_file_is_invalid_input(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(["ask", "--rules", str(BOOK), "--no-save", "--answer", f"days={LONG}"])
    assert code == 1
    assert capsys.readouterr().err == (
        "mendpath: --answer: question 'days' takes a number from 0 to 7: "
        "'10000000000000000000…' has 401 digits; a number has at most 15\n"
    )
    answers = tmp_path / "answers.yaml"
    answers.write_text(f'days: "{LONG}"\n', encoding="utf-8")
    code = main(["ask", "--rules", str(BOOK), "--no-save", "--answers", str(answers)])
    assert code == 1
    assert "'10000000000000000000…' has 401 digits; a number has at most 15" in (
        capsys.readouterr().err
    )


# --- the analysis is exact: brute force over every whole number in range ----------------


@st.composite
def number_books(draw: st.DrawFn) -> dict[str, Any]:
    """Books of two or three whole-number questions in 0..6 and comparisons on them."""
    n = draw(st.integers(1, 3))
    questions = [
        {
            "id": f"q{i}",
            "text": "?",
            "kind": "number",
            "min": 0,
            "max": 6,
            "decimals": 0,
            "next": f"q{i + 1}" if i + 1 < n else "end",
        }
        for i in range(n)
    ]
    ops = ["at_least", "at_most", "above", "below", "between"]

    def leaf(q: str, op: str, a: int, b: int) -> dict[str, Any]:
        if op == "between":
            return {"answer": q, "between": sorted([a, b])}
        # every comparison can be met by some answer in 0..6 (else MP115 says so instead)
        return {"answer": q, op: min(max(a, 1), 5) if op in ("above", "below") else a}

    leaves = st.builds(
        leaf,
        st.sampled_from([q["id"] for q in questions]),
        st.sampled_from(ops),
        st.integers(0, 6),
        st.integers(0, 6),
    )
    cond = st.recursive(
        leaves,
        lambda inner: st.one_of(
            st.lists(inner, min_size=1, max_size=3).map(lambda xs: {"all": xs}),
            st.lists(inner, min_size=1, max_size=3).map(lambda xs: {"any": xs}),
            inner.map(lambda x: {"not": x}),
        ),
        max_leaves=5,
    )
    advice = [
        {
            "id": f"a{i}",
            "title": "A",
            "body": "B",
            "group": "g",
            "when": draw(cond),
            "cite": [{"source": "s", "section": "x"}],
        }
        for i in range(draw(st.integers(1, 3)))
    ]
    return {
        "book": {"title": "T", "version": "1", "start": "q0", "disclaimer": "D"},
        "groups": [{"id": "g", "title": "G"}],
        "sources": [{"id": "s", "title": "S", "sections": [{"id": "x", "title": "X"}]}],
        "questions": questions,
        "advice": advice,
    }


@given(number_books())
def test_never_shown_and_always_true_agree_with_every_answer(data: dict[str, Any]) -> None:
    book = as_book(data)
    walks = [
        {f"q{i}": str(v) for i, v in enumerate(values)}
        for values in product(range(7), repeat=len(book.questions))
    ]
    codes = {
        (p.code, p.message.split("'")[1]) for p in check_book(book) if p.code in ("MP130", "MP131")
    }
    from mendpath.logic.routing import build_graph

    graph = build_graph(book)
    for advice in book.advice.values():
        truths = {holds(advice.when, book, walk) for walk in walks}
        assert (("MP130", advice.id) in codes) == (truths == {False})
        assert (("MP131", advice.id) in codes) == (truths == {True})
        found = example(advice.when, book, graph)
        assert (found is not None) == (True in truths)
        if found is not None:  # the witness is a real answer that shows it
            assert holds(advice.when, book, found)
            assert all(engine.check_answer(book.questions[q], v) == v for q, v in found.items())


@given(st.decimals(min_value=0, max_value=7, places=14, allow_nan=False))
def test_a_normal_form_can_be_typed_again(book: Book, typed: Any) -> None:
    # an answers file, --record and saved progress hold the normal form and read it back
    question = book.questions["days"]
    shown = normal(question, format(typed, "f"))
    assert normal(question, shown) == shown
    assert "e" not in shown


def test_a_class_stands_for_answers_that_can_be_typed(book: Book) -> None:
    # cuts written with more digits than an answer may have: no answer equals them, and a
    # gap between them is stood for by the number of fewest digits in it
    question = book.questions["days"]
    cuts = ("0.11111111111111111", "0.3333333333333333", "1e20")
    shown = classes(question, cuts)
    assert shown == ["0", "0.1", "0.2", "1", "7"]  # 1e20 is beyond `max` and any answer
    for text in shown:
        assert normal(question, text) == text


def _tenths(book: Book, places: int = 1) -> Any:
    days = copy.copy(book.questions["days"])  # 0 to 7
    days.measure = days.measure._replace(decimals=places)
    return days


def test_decimals_limit_what_can_be_typed(book: Book) -> None:
    """`decimals: 1` takes answers in tenths: 4.95 was taken and compared as 4.95."""
    days = _tenths(book)
    assert normal(days, "4.9") == "4.9"
    assert normal(days, "4.50") == "4.5"  # a trailing zero is no decimal
    assert normal(days, "5") == "5"
    with pytest.raises(BadValue, match=r"^'4.95' has more than 1 decimal$"):
        normal(days, "4.95")
    with pytest.raises(BadValue, match=r"^'0.125' has more than 2 decimals$"):
        normal(_tenths(book, 2), "0.125")
    from mendpath.logic.measures import accepts

    assert accepts(days) == "a number from 0 to 7, with at most 1 decimal"
    unbounded = copy.copy(days)
    unbounded.measure = days.measure._replace(minimum=None, maximum=None, decimals=2)
    assert accepts(unbounded) == "a number with at most 2 decimals"


def test_answers_in_tenths_are_classed_on_their_grid(book: Book) -> None:
    """A cut between two tenths stands for both, and a gap with no tenth in it is no class:
    `above: 0.51` and `below: 0.59` hold for no answer in tenths together."""
    days = _tenths(book)
    assert classes(days, ["0.5"]) == ["0", "0.1", "0.5", "0.6", "7"]
    assert classes(days, ["0.51", "0.59"]) == ["0", "0.1", "0.5", "0.6", "0.7", "7"]
    assert classes(days, ["0.05"]) == ["0", "0.1", "0.2", "7"]
    for text in classes(days, ["0.51", "0.59", "3.333"]):
        assert normal(days, text) == text  # every class can be typed


def test_a_negative_amount_reads_back_as_the_summary_writes_it() -> None:
    """The summary writes -£15.00; typing -£5 (or \u22125 with the minus sign) was "not a
    number", and only £-5 was taken."""
    priced = as_book(
        {
            "book": {"title": "T", "version": "1", "start": "price", "disclaimer": "D."},
            "groups": [{"id": "g", "title": "G"}],
            "sources": [{"id": "s", "title": "S", "sections": [{"id": "a", "title": "A"}]}],
            "questions": [
                {
                    "id": "price",
                    "text": "Price?",
                    "kind": "number",
                    "min": -100,
                    "max": 100,
                    "currency": "£",
                    "decimals": 2,
                    "next": "end",
                }
            ],
            "advice": [],
        }
    )
    price = priced.questions["price"]
    for typed in ("-£5", "£-5", "\u22125", "- £5.00", "£ -5"):
        assert normal(price, typed) == "-5", typed
    assert normal(price, "+£5") == "5"
    with pytest.raises(BadValue, match="is not a number"):
        normal(price, "£--5")


def test_typed_numbers_and_the_analysis_count_digits_alike(book: Book) -> None:
    """parse_number counted only significant digits and the analysis every digit: validate
    said no answer lies between 0 and 0.000000000000001 (MP177) while 0.0000000000000005
    was taken when typed. Both count leading zeros of a fraction now."""
    from mendpath.logic.measures import digits, typable

    question = book.questions["days"]
    for text in ("0.123456789012345", "0.000000000000001", "0000000000000000004", "5.50"):
        assert typable(float(normal(question, text)))
    for text in ("0.0000000000000005", "0." + "0" * 400 + "1"):
        with pytest.raises(BadValue, match="digits; a number has at most 15"):
            normal(question, text)
        assert digits(text) > 15
    with pytest.raises(BadValue, match="is not a number"):
        normal(question, "-+5")  # two signs: which was meant?


def test_a_date_may_be_typed_as_today(book: Book, capsys: pytest.CaptureFixture[str]) -> None:
    """`today` works in a book's dates, and `--answer started=today` was "not a date"."""
    import datetime

    from mendpath.logic.measures import today_is

    started = book.questions["started"]
    with today_is(datetime.date(2026, 3, 4)):
        assert normal(started, "today") == "2026-03-04"
        assert normal(started, " Today ") == "2026-03-04"
    assert normal(started, "today") == datetime.date.today().isoformat()
    run = ["ask", "--rules", str(BOOK), "--no-save", "--format", "json", "--today", "2026-05-06"]
    assert main([*run, "--answer", "days=5", "--answer", "started=today", "--answer", "code="]) == 0
    assert '"started": "2026-05-06"' in capsys.readouterr().out
