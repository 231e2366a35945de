"""render/output.py: the one table of output formats, the format a file name asks for, where
the summary goes, and the explanation's text."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from mendpath.answer_files import read_answers_file
from mendpath.book.validate import load_valid_book
from mendpath.logic import engine
from mendpath.logic.answers import check_given
from mendpath.logic.explain import explain
from mendpath.logic.summary import Summary, summarise
from mendpath.render.formats import render_html, render_json, render_markdown
from mendpath.render.output import EXTENSIONS, FORMATS, explanation_text, format_for, summary_text
from mendpath.render.terminal import terminal_text

ROOT = Path(__file__).parents[2]
PLANTS = ROOT / "examples" / "houseplants"


def answers_of(name: str) -> tuple[object, dict[str, object]]:
    book = load_valid_book([PLANTS])
    answers = check_given(book, read_answers_file(ROOT / "examples" / "answers" / name), name)
    done = engine.step(book, answers)
    assert isinstance(done, engine.Done)
    return book, dict(done.answers)


@pytest.fixture
def plants() -> Summary:
    book, answers = answers_of("houseplants-cat.yaml")
    return summarise(book, answers)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("advice.html", "html"),
        ("advice.HTM", "html"),
        ("notes.md", "markdown"),
        ("notes.markdown", "markdown"),
        ("out.json", "json"),
        ("advice.txt", None),
        ("advice", None),
        ("folder.html/advice", None),  # a dot in a folder's name is not an extension
        (".html", "html"),
    ],
)
def test_the_extension_chooses_the_format(name: str, expected: str | None) -> None:
    assert format_for(name) == expected


def test_every_extension_names_a_format_in_the_table() -> None:
    assert set(EXTENSIONS.values()) <= set(FORMATS)
    assert all(f.description for f in FORMATS.values())


def test_to_a_file_each_format_is_its_renderer(plants: Summary) -> None:
    assert summary_text(plants, "markdown", to_file=True) == render_markdown(plants)
    assert summary_text(plants, "html", to_file=True) == render_html(plants)
    assert summary_text(plants, "json", to_file=True) == render_json(plants)
    assert summary_text(plants, "terminal", to_file=True) == terminal_text(plants)
    assert summary_text(plants, "terminal", to_file=True, bare=True) == terminal_text(
        plants, bare=True
    )
    assert json.loads(summary_text(plants, "json", to_file=True) or "")["advice"]


def test_on_the_terminal_the_summary_is_printed_not_returned(
    plants: Summary, capsys: pytest.CaptureFixture[str]
) -> None:
    assert summary_text(plants, "terminal", to_file=False) is None
    printed = capsys.readouterr().out
    assert plants.items[0].title in printed


def test_the_explanation_lists_shown_then_not_shown() -> None:
    book, answers = answers_of("houseplants-cat.yaml")
    reasons = explain(book, answers, everything=True)  # type: ignore[arg-type]
    text = explanation_text(reasons)
    shown = [r for r in reasons if r.shown]
    hidden = [r for r in reasons if not r.shown]
    lines = text.splitlines()
    assert lines[0] == "Shown:"
    assert lines[1] == f"  1. {shown[0].title} ({shown[0].advice})"
    assert lines[2] == f"     because {shown[0].why[0]}"
    assert "Not shown:" in lines
    assert f"  - {hidden[0].title} ({hidden[0].advice})" in lines
    assert text.endswith("\n")


def test_the_explanation_says_when_nothing_is_shown() -> None:
    assert explanation_text([]) == "Nothing is shown for these answers.\n"
