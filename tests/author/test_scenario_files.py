"""author/scenario_files.py on its own: reading scenario files (each mistake located, answers
files kept inside the scenario file's folder), running a scenario, and the report."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from mendpath.author.scenario_files import load_scenarios
from mendpath.author.scenario_runs import report, run_scenario
from mendpath.book.build import build_book
from mendpath.model import Book
from mendpath.reader import load_document

BOOKS = Path(__file__).parents[1] / "books"
FILES = Path("scenario-files")  # from tests/books, as the problems name them


def book_of(path: str) -> Book:
    """A book of tests/books, by its path there, named by its file's name."""
    return build_book([load_document(BOOKS / path, Path(path).name)])


@pytest.fixture
def book(monkeypatch: pytest.MonkeyPatch) -> Book:
    """The plants book of tests/books/coverage, run from tests/books."""
    monkeypatch.chdir(BOOKS)
    return build_book([load_document(Path("coverage/book.yaml"), "coverage/book.yaml")])


def test_scenarios_are_read_with_their_answers_in_normal_form(book: Book) -> None:
    scenarios, problems = load_scenarios([FILES / "plants.yaml"], book)
    assert problems == []
    assert [(s.name, s.where, s.answers, s.shows, s.does_not_show) for s in scenarios] == [
        (
            "Bright, no pets",
            "scenario-files/plants.yaml:3",
            {"light": "bright", "pets": "no", "name": "Fern", "height": "3"},
            ("sun",),
            ("lamp",),
        ),
        (
            # the answers file's answers (pets: true, kinds: cat) in normal form, and the
            # scenario's own `answers:` over them (name)
            "Dim, with a cat \x1b[31m",
            "scenario-files/plants.yaml:7",
            {"light": "dim", "pets": "yes", "kinds": ["cat"], "name": "Ivy", "height": "40"},
            ("sun", "high_shelf"),
            ("lamp",),
        ),
        ("Stops at the pets", "scenario-files/plants.yaml:12", {"light": "dim"}, ("lamp",), ()),
    ]


def test_each_mistake_in_a_scenario_file_is_located(book: Book) -> None:
    scenarios, problems = load_scenarios([FILES / "mistakes.yaml"], book)
    inside = "answers_file must name an answers file inside the scenario file's folder"
    assert [p.format() for p in problems] == [
        "scenario-files/mistakes.yaml:3:5: error MP150: a scenario is a mapping with a `name`",
        "scenario-files/mistakes.yaml:4:30: error MP150: unknown key 'answer' (expected one of: answers, answers_file, does_not_show, name, refused, shows, shows_text, starts_with)",
        # outside the folder, absolute, not a name: never read, so nothing of it is quoted
        f"scenario-files/mistakes.yaml:5:46: error MP150: {inside}",
        f"scenario-files/mistakes.yaml:6:36: error MP150: {inside}",
        f"scenario-files/mistakes.yaml:7:38: error MP150: {inside}",
        # inside the folder but not usable: what is wrong with it, where it is
        "scenario-files/mistakes.yaml:8:42: error MP150: scenario-files/answers/broken.yaml:2:1: error MP001: invalid YAML: did not find expected ',' or ']' (while parsing a flow sequence)",
        "scenario-files/mistakes.yaml:9:36: error MP150: scenario-files/answers: is a folder, not an answers file",
        # answers the book does not take, and advice it does not have (MP151)
        "scenario-files/mistakes.yaml:10:40: error MP151: unknown question 'colour'; the questions are: light, pets, kinds, name, height",
        "scenario-files/mistakes.yaml:11:42: error MP151: question 'light' has no choice 'sunny'; valid choices: bright, dim",
        "scenario-files/mistakes.yaml:12:56: error MP150: expected a list of advice ids",
        "scenario-files/mistakes.yaml:13:73: error MP151: unknown advice 'moss'",
        "scenario-files/mistakes.yaml:14:45: error MP150: answers_file holds a NUL character (\\0), which no file name can",
        # an answer from a file is located at the file's name; one given over it, at itself
        "scenario-files/mistakes.yaml:15:49: error MP151: question 'light' has no choice 'sunny'; valid choices: bright, dim",
        "scenario-files/mistakes.yaml:16:90: error MP151: question 'light' has no choice 'sunny'; valid choices: bright, dim",
    ]
    assert [s.name for s in scenarios] == ["Shows a word", "Unknown advice"]


def test_an_unknown_key_beside_scenarios_is_named() -> None:
    """`todai:` (or `extra:`) beside `scenarios:` was said to be no scenario file at all."""
    book = build_book([load_document(BOOKS / "coverage/book.yaml", "coverage/book.yaml")])
    scenarios, problems = load_scenarios([BOOKS / FILES / "not-scenarios.yaml"], book)
    assert scenarios == []
    assert [p.message for p in problems] == [
        "unknown key 'extra' (expected one of: scenarios, today)"
    ]


@pytest.mark.parametrize("name", ["a-list.yaml", "empty.yaml"])
def test_a_file_that_is_not_a_mapping_of_scenarios_says_what_a_scenario_file_holds(
    book: Book, name: str
) -> None:
    # an empty file or a list was refused in the words for rule files ("a rule file is a
    # mapping (book:, questions:, advice: ...)", MP009)
    scenarios, problems = load_scenarios([FILES / name], book)
    assert scenarios == []
    assert [p.format() for p in problems] == [
        f"scenario-files/{name}:1:1: error MP150: a scenario file holds `scenarios:`, a list of scenarios"
    ]


def test_a_folder_gives_the_scenarios_of_each_file_in_name_order(book: Book) -> None:
    scenarios, problems = load_scenarios([FILES / "folder"], book)
    assert problems == []
    assert [(s.name, s.where) for s in scenarios] == [
        ("Dim, with a cat", "scenario-files/folder/a.yaml:2"),
        ("Bright, no pets", "scenario-files/folder/b.yaml:2"),
    ]


def test_running_a_scenario_says_what_is_shown_and_what_differs(book: Book) -> None:
    passes, differs, unfinished = load_scenarios([FILES / "plants.yaml"], book)[0]
    ok = run_scenario(book, passes)
    assert (ok.passed, ok.shown, ok.missing, ok.unwanted, ok.unfinished) == (
        True,
        ("sun",),
        [],
        [],
        None,
    )
    bad = run_scenario(book, differs)
    assert not bad.passed
    assert bad.shown == ("lamp", "high_shelf")
    assert bad.missing == [("sun", ("needs “Light?” is Bright (you answered: Dim)",))]
    assert bad.unwanted == [("lamp", ("situation dark (“Light?” is Dim)",))]
    stopped = run_scenario(book, unfinished)
    assert (stopped.passed, stopped.unfinished, stopped.shown) == (False, "pets", ())


def test_the_report_gives_each_failure_its_reasons_and_names_advice_no_scenario_shows(
    book: Book,
) -> None:
    scenarios = load_scenarios([FILES / "plants.yaml"], book)[0]
    text, passed = report([run_scenario(book, s) for s in scenarios], book)
    assert not passed
    assert text == (
        "ok    Bright, no pets\n"
        # a name from the file is printed printable: no escape sequence reaches the terminal
        "FAIL  Dim, with a cat \\x1b[31m  (scenario-files/plants.yaml:7)\n"
        "      should show sun, but it is not shown:\n"
        "        needs “Light?” is Bright (you answered: Dim)\n"
        "      should not show lamp, but it is shown because:\n"
        "        situation dark (“Light?” is Dim)\n"
        "FAIL  Stops at the pets  (scenario-files/plants.yaml:12)\n"
        "      the answers stop at question 'pets'; answer it to finish\n"
        "1 passed, 2 failed\n"
    )
    first_only = [run_scenario(book, scenarios[0])]
    assert report(first_only, book) == (
        "ok    Bright, no pets\n"
        "note: no scenario shows 2 advice item(s): lamp, high_shelf\n"
        "1 passed, 0 failed\n",
        True,
    )


def test_starts_with_pins_start_here_exactly_and_in_order(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`starts_with` is the summary's "Start here", in order; a miss says what it is instead."""
    from mendpath.cli.main import main

    answers = "{afraid: 'yes', u_who_left: husband, u_partner_name: '', u_children: 'no', u_coping: steady}"
    scenario = tmp_path / "start.yaml"
    scenario.write_text(
        "scenarios:\n"
        "  - name: right\n"
        f"    answers: {answers}\n"
        "    starts_with: [get_safe, safety_first, your_call]\n"
        "  - name: wrong order\n"
        f"    answers: {answers}\n"
        "    starts_with: [safety_first, get_safe, your_call]\n"
        "  - name: not checked\n"
        f"    answers: {answers}\n"
    )
    assert main(["test", str(scenario)]) == 1
    out = capsys.readouterr().out
    assert out.startswith(
        "ok    right\n"
        f"FAIL  wrong order  ({scenario}:5)\n"
        "      Start here should be safety_first, get_safe, your_call, "
        "but is get_safe, safety_first, your_call\n"
        "ok    not checked\n"
    )
    scenario.write_text(
        f"scenarios:\n  - name: typo\n    answers: {answers}\n    starts_with: [get_saf]\n"
    )
    assert main(["test", str(scenario)]) == 1
    assert capsys.readouterr().err == (
        f"{scenario}:4:19: error MP151: unknown advice 'get_saf'\n"
        "mendpath: the scenario files have 1 error(s)\n"
    )


def test_a_scenario_can_expect_an_answer_refused_with_the_words_of_its_check(
    tmp_path: Path,
) -> None:
    book = book_of("good/checks.yaml")
    given = '{started: "2024-05-01", left: "2024-04-01"}'
    (tmp_path / "s.yaml").write_text(
        "scenarios:\n"
        f"  - {{name: refused, answers: {given}, refused: {{question: left, says: (1 May 2024)}}}}\n"
        f"  - {{name: other words, answers: {given}, refused: {{question: left, says: later}}}}\n"
        f"  - {{name: elsewhere, answers: {given}, refused: {{question: days}}}}\n"
        '  - {name: accepted, answers: {started: "2024-05-01"}, refused: {question: left}}\n'
        f"  - {{name: no summary, answers: {given}, refused: {{question: left}}, shows: [long]}}\n"
        f"  - {{name: unknown, answers: {given}, refused: {{question: nothing}}}}\n"
        f"  - {{name: shape, answers: {given}, refused: left}}\n",
        encoding="utf-8",
    )
    scenarios, problems = load_scenarios([tmp_path / "s.yaml"], book)
    assert [(p.line, p.code, p.message) for p in problems] == [
        (6, "MP150", "a refused answer has no summary: `shows` cannot go with `refused`"),
        (7, "MP151", "refused names an unknown question 'nothing'"),
        (8, "MP150", "refused must be {question: ID} with an optional says: TEXT"),
    ]
    results = [run_scenario(book, s) for s in scenarios]
    assert [r.not_refused for r in results] == [
        None,
        "the answer to 'left' is refused, but the message says: "
        "The leaving date must be after the start date (1 May 2024).",
        "the answer to 'left' is refused (The leaving date must be after the start date "
        "(1 May 2024).), not 'days'",
        "no check refuses an answer; 'left' should be refused",
    ]
    assert [r.passed for r in results] == [True, False, False, False]


def test_a_scenario_can_expect_an_answer_refused_as_it_is_typed(tmp_path: Path) -> None:
    """An answer out of range, not a date, or against a pattern was an error in the file
    (MP151) even under `refused:`, and no scenario in the file ran."""
    book = book_of("good/checks.yaml")
    dates = 'started: "2024-05-01", left: "2024-06-01"'
    (tmp_path / "s.yaml").write_text(
        "scenarios:\n"
        f"  - {{name: range, answers: {{{dates}, days: '9'}}, refused: {{question: days, says: 1 to 7}}}}\n"
        f"  - {{name: words, answers: {{{dates}, days: '9'}}, refused: {{question: days, says: 1 to 9}}}}\n"
        '  - {name: not asked, answers: {started: "2024-05-01", days: "9"}, refused: {question: days}}\n'
        "  - {name: not a date, answers: {started: May}, refused: {question: started}}\n"
        "  - {name: another, answers: {started: May, days: '9'}, refused: {question: days}}\n",
        encoding="utf-8",
    )
    scenarios, problems = load_scenarios([tmp_path / "s.yaml"], book)
    assert [p.format().split(": ", 1)[1] for p in problems] == [  # not the one it expects
        "error MP151: question 'started' takes a date (like 23/11/2026 or 2026-11-23) from "
        "2020-01-01 to 2030-12-31: 'May' is not a date"
    ]
    results = [run_scenario(book, s) for s in scenarios]
    range_refused = "question 'days' takes a whole number from 1 to 7: '9' is out of range"
    assert [r.not_refused for r in results] == [
        None,
        f"the answer to 'days' is refused, but the message says: {range_refused}",
        "'days' is not asked after the answers before it ('left' is next), so its answer is "
        "never typed",
        None,
    ]


def test_a_scenario_can_expect_a_choice_not_offered_there_refused(tmp_path: Path) -> None:
    book = book_of("dynamic/offered.yaml")
    (tmp_path / "s.yaml").write_text(
        "scenarios:\n"
        "  - {name: north, answers: {region: north, y: two}, refused: {question: y, says: 'offers: one'}}\n"
        "  - {name: south, answers: {region: south, y: two}, refused: {question: y}}\n",
        encoding="utf-8",
    )
    results = [run_scenario(book, s) for s in load_scenarios([tmp_path / "s.yaml"], book)[0]]
    assert [r.not_refused for r in results] == [
        None,
        "no check refuses an answer; 'y' should be refused",
    ]


def test_an_answers_file_a_scenario_names_is_no_scenario_file_in_a_folder(
    tmp_path: Path,
) -> None:
    """A folder of scenario files with their answers files beside them: each answers file
    was read as a scenario file ("a scenario file holds scenarios:")."""
    book = book_of("dynamic/offered.yaml")
    (tmp_path / "answers").mkdir()
    (tmp_path / "answers" / "north.yaml").write_text("region: north\ny: one\n", encoding="utf-8")
    (tmp_path / "answers" / "stray.yaml").write_text("region: south\n", encoding="utf-8")
    (tmp_path / "s.yaml").write_text(
        "scenarios: [{name: north, answers_file: answers/north.yaml, shows: [one]}]\n",
        encoding="utf-8",
    )
    scenarios, problems = load_scenarios([tmp_path], book)
    assert [s.name for s in scenarios] == ["north"]
    # a file no scenario names is still read as a scenario file, and said to be none
    assert [p.format() for p in problems] == [
        f"{tmp_path}/answers/stray.yaml:1:1: error MP150: a scenario file holds "
        "`scenarios:`, a list of scenarios"
    ]


def test_a_choice_not_offered_there_is_said_so(monkeypatch: pytest.MonkeyPatch) -> None:
    """An answer with a choice whose `when` fails after the answers before it was said as
    a question left unanswered ("answer it to finish")."""
    monkeypatch.chdir(BOOKS)
    book = build_book([load_document(Path("dynamic/offered.yaml"), "dynamic/offered.yaml")])
    scenarios = load_scenarios([FILES / "offered.yaml"], book)[0]
    text, passed = report([run_scenario(book, s) for s in scenarios], book)
    assert not passed
    assert text.splitlines()[:3] == [
        "ok    South, two",
        "FAIL  North, two  (scenario-files/offered.yaml:6)",
        "      question 'y' does not offer 'two' after the answers before it; it offers: one",
    ]


def test_shows_text_reads_the_words_as_shown_not_their_markdown(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`shows_text: [Keep the receipts]` failed against a body `Keep **the** receipts`."""
    book, scenarios = _keep(
        tmp_path,
        monkeypatch,
        "questions: [{id: q, text: Q?, kind: yes_no, next: end}]\n",
        "'Keep **the** receipts, and `copies`,\n\n  in [a folder](https://example.org).'",
        "  - {name: read, answers: {q: 'yes'}, shows_text: ['Keep the receipts, and copies, in a folder']}\n"
        "  - {name: source, answers: {q: 'yes'}, shows_text: ['Keep **the** receipts']}\n"
        "  - {name: address, answers: {q: 'yes'}, shows_text: ['a folder https']}\n",
    )
    read, source, address = scenarios
    assert run_scenario(book, read).passed
    assert run_scenario(book, source).passed  # the text as written matches too
    assert run_scenario(book, address).unsaid == ["a folder https"]  # an address is not read


def test_shows_text_keeps_an_answer_as_typed_in_a_formatted_body(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An answer with Markdown characters (`A*b*c`) lost them when the body was read."""
    book, (typed,) = _keep(
        tmp_path,
        monkeypatch,
        "placeholders: [{id: who, default: you, from: [{answer: name}]}]\n"
        "questions: [{id: name, text: Name?, kind: text, next: end}]\n",
        "'Keep **the** receipts, *{who}*.'",
        "  - {name: as typed, answers: {name: 'A*b*c'}, shows_text: ['Keep the receipts, A*b*c.']}\n",
    )
    assert run_scenario(book, typed).passed


def _keep(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, questions: str, body: str, scenarios: str
) -> tuple[Book, list[Any]]:
    """A book whose one item `keep` has this body, and these scenarios of it."""
    monkeypatch.chdir(tmp_path)
    start = questions.split("id: ", 2)[-1].split(",")[0]
    (tmp_path / "book.yaml").write_text(
        f"book: {{title: T, version: '1', start: {start}, disclaimer: D.}}\n"
        "groups: [{id: g, title: G}]\n"
        "sources: [{id: s, title: S, sections: [{id: a, title: A}]}]\n"
        f"{questions}advice:\n"
        "  - {id: keep, title: Keep them, group: g, cite: [{source: s, section: a}],\n"
        f"     body: {body}}}\n",
        encoding="utf-8",
    )
    (tmp_path / "s.yaml").write_text(f"scenarios:\n{scenarios}", encoding="utf-8")
    book = build_book([load_document(Path("book.yaml"), "book.yaml")])
    return book, load_scenarios([Path("s.yaml")], book)[0]
