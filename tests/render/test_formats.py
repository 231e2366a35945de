"""Markdown, HTML and JSON summaries: exact Markdown, JSON against its documented schema,
and the HTML page rendered in headless Chromium (skipped, with the reason, without it)."""

from __future__ import annotations

import functools
import json
import shutil
import subprocess
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator

from mendpath.answer_files import read_answers_file
from mendpath.book.bundled import bundled_rules
from mendpath.book.validate import load_valid_book
from mendpath.cli.main import main
from mendpath.logic import engine
from mendpath.logic.answers import check_given
from mendpath.logic.summary import Summary, summarise
from mendpath.model import Book
from mendpath.render.formats import md_escape, render_html, render_json, render_markdown

ROOT = Path(__file__).parents[2]
ANSWERS = ROOT / "examples" / "answers"
SUMMARY_SCHEMA = ROOT / "src" / "mendpath" / "schema" / "summary.schema.json"


@functools.cache
def _book(rules: Path) -> Book:  # checked once for the module: a book is never changed
    return load_valid_book([rules])


@functools.cache
def _summary_schema() -> Draft202012Validator:
    return Draft202012Validator(json.loads(SUMMARY_SCHEMA.read_text()))


def summary_for(rules: Path, answers_name: str) -> Summary:
    book = _book(rules)
    answers = check_given(book, read_answers_file(ANSWERS / answers_name), answers_name)
    done = engine.step(book, answers)
    assert isinstance(done, engine.Done)
    return summarise(book, done.answers)


def test_markdown_exactly() -> None:
    summary = summary_for(ROOT / "examples" / "houseplants", "houseplants-cat.yaml")
    assert (
        render_markdown(summary)
        == """\
# Which houseplant suits you?

*General tips from our own notes; ask a local nursery about your climate.*

## Plants to try

### Choose a pet-safe plant

Many common plants upset animals' stomachs. A spider plant or a calathea is a safer pick for your office.

*Source: \\[1\\] Our houseplant notes, The mendpath team — “Pets and plants”*

## Care tips

### Keep plants out of reach

Cats climb; put plants on high shelves or hanging pots.

*Source: \\[1\\] Our houseplant notes, The mendpath team — “Pets and plants”*

## What you told us

- How much light does the spot get? — **Little light**
- Which room is it for? — **Office**
- Do cats or dogs live with you? — **Yes**
- Which ones? — **Cats**
- Do you often forget to water plants? — **No**

## Sources

1. Our houseplant notes, The mendpath team
"""
    )


def test_markdown_escapes_what_users_typed() -> None:
    assert md_escape("Sam *the* [man](x) <b>") == "Sam \\*the\\* \\[man\\](x) \\<b\\>"


@pytest.mark.parametrize(
    "name", sorted(p.name for p in ANSWERS.glob("*.yaml") if "houseplants" not in p.name)
)
def test_json_matches_its_documented_schema(name: str) -> None:
    data = json.loads(render_json(summary_for(bundled_rules(), name)))
    _summary_schema().validate(data)
    assert {"answers", "situations", "advice"} <= set(data)
    for item in data["advice"]:
        assert {"id", "title", "group", "body", "sources", "because"} <= set(item)
        for source in item["sources"]:
            assert {"title", "author", "url", "section"} <= set(source)


def test_json_from_the_command_line(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["ask", "--answers", str(ANSWERS / "divorce.yaml"), "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["answers"]["how_left"] == "divorce"
    assert "divorce_talk" in data["situations"]
    assert data["advice"][0]["group"] == "start-here"  # the book ranks its first steps
    assert all(item["because"] for item in data["advice"])  # each says why it shows


def test_html_is_self_contained_and_escaped() -> None:
    summary = summary_for(bundled_rules(), "afraid.yaml")
    page = render_html(summary)
    assert page.startswith("<!DOCTYPE html>")
    assert "<script" not in page
    assert "src=" not in page  # nothing fetched from elsewhere
    assert "<link" not in page
    assert "@media print" in page
    for item in summary.items:
        assert f'id="advice-{item.id}"' in page


def test_output_file_is_private(tmp_path: Path) -> None:
    out = tmp_path / "summary.md"
    assert (
        main(
            [
                "ask",
                "--answers",
                str(ANSWERS / "afraid.yaml"),
                "--format",
                "markdown",
                "--output",
                str(out),
            ]
        )
        == 0
    )
    assert out.stat().st_mode & 0o777 == 0o600
    assert out.read_text().startswith("# When your partner has left\n")


def test_terminal_format_to_a_file_is_plain_text(tmp_path: Path) -> None:
    out = tmp_path / "summary.txt"
    assert main(["ask", "--answers", str(ANSWERS / "afraid.yaml"), "--output", str(out)]) == 0
    text = out.read_text()
    assert "\x1b" not in text
    assert all(line == line.rstrip() and len(line) <= 80 for line in text.splitlines())


def _chromium() -> str:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return found
    pytest.skip(
        "headless Chromium is not installed (Debian: apt-get install chromium); .ci/run installs it"
    )


CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def test_html_renders_in_chromium_with_every_title_and_source(tmp_path: Path) -> None:
    chromium = _chromium()
    summary = summary_for(bundled_rules(), "trust-broken-by-me.yaml")
    page = tmp_path / "summary.html"
    page.write_text(render_html(summary))
    flags = [*CHROMIUM_FLAGS, f"--user-data-dir={tmp_path / 'profile'}"]
    dom = subprocess.run(
        [chromium, *flags, "--dump-dom", page.as_uri()],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    ).stdout
    import html

    text = html.unescape(dom)
    assert summary.items
    for item in summary.items:
        assert item.title in text
    for _, title, _, _ in summary.sources:
        assert title in text
    screenshot = ROOT / "build" / "summary.png"
    screenshot.parent.mkdir(exist_ok=True)
    subprocess.run(
        [chromium, *flags, "--window-size=900,3000", f"--screenshot={screenshot}", page.as_uri()],
        capture_output=True,
        timeout=120,
        check=True,
    )
    assert screenshot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    pdf = ROOT / "build" / "summary.pdf"
    subprocess.run(
        [chromium, *flags, "--no-pdf-header-footer", f"--print-to-pdf={pdf}", page.as_uri()],
        capture_output=True,
        timeout=120,
        check=True,
    )
    assert pdf.read_bytes()[:5] == b"%PDF-"


def test_you_told_us_comes_after_the_advice_and_leaves_out_empty_answers() -> None:
    from mendpath.render.formats import render_html

    book = load_valid_book([ROOT / "tests" / "books" / "good" / "measures.yaml"])
    left_empty = {"days": "5", "started": "2026-03-02", "code": ""}
    told = summarise(book, left_empty).told
    assert [t.question for t in told] == [
        "How many days a week do you work?",
        "When did you start?",
    ]  # the postcode was left empty, so it is left out
    html = render_html(summary_for(ROOT / "examples" / "houseplants", "houseplants-cat.yaml"))
    assert html.index('<details class="told">') > html.index("<article")  # folded, after
    assert html.index('<details class="told">') < html.index("<h2>Sources</h2>")
