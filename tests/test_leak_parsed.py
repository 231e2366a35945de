"""Where a placeholder stands is decided by parsing the Markdown, not by pattern (issue 14,
items 1, 9, 10 and the Low list, as found again in /tmp/attack/b1): an answer is filled in
only where it lands in text; the Markdown file carries no raw HTML, no image and no link
other than http(s) and mailto; bidi and zero-width characters written as entities are removed.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from markdown_it import MarkdownIt
from test_leak import Listener, server  # noqa: F401  (the listening server fixture)

from mendpath.book.validate import load_valid_book
from mendpath.cli.main import main
from mendpath.logic.outcome import fill
from mendpath.logic.summary import summarise
from mendpath.render.formats import render_html, render_markdown, safe_markdown
from mendpath.render.terminal import terminal_text

BOOK = Path(__file__).parent / "books" / "hostile" / "addresses.yaml"
SECRET = "hunter2"
# The characters cleaning removes that a Markdown renderer could decode from an entity.
UNSAFE = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]"
)


def book_at(folder: Path, base: str = "http://127.0.0.1:8765") -> Path:
    folder.mkdir()
    (folder / "book.yaml").write_text(BOOK.read_text().replace("http://127.0.0.1:8765", base))
    return folder


def viewer() -> MarkdownIt:
    """markdown-it as a typical viewer sets it up (raw HTML on), but refusing no link, so
    that every address the text holds shows."""
    md = MarkdownIt("commonmark", {"html": True})
    md.validateLink = lambda url: True  # type: ignore[method-assign]
    return md


def addresses(text: str) -> list[str]:
    """Every address a viewer would give a link or an image in this Markdown."""
    found = []
    for block in viewer().parse(text):
        for token in [block, *(block.children or [])]:
            for name in ("href", "src"):
                if token.attrGet(name) is not None:
                    found.append(str(token.attrGet(name)))
    return found


def unsafe(href: str) -> bool:
    """Whether a browser would follow this address to a scheme other than http(s), mailto."""
    scheme = re.match(r"([a-z][a-z0-9+.-]*):", href.strip(), re.IGNORECASE)
    return scheme is not None and scheme.group(1).lower() not in ("http", "https", "mailto")


def filled(text: str) -> str:
    book = load_valid_book([BOOK])
    return fill(text, book, {"secret": SECRET}, markdown=True)


@pytest.mark.parametrize(
    "text",
    [
        "[l](http://127.0.0.1:8765/a(b){sec})",
        "[m](\nhttp&#58;//127.0.0.1:8765/m?{sec})",
        "[r][ref]\n\n[ref]:\nhttp&#58;//127.0.0.1:8765/r?{sec}",
        '[t](http://h/ "{sec}") and [u](<http://h/{sec} x>)',
        "![i](http://h/{sec}) <http://h/{sec}> <a href='http://h/{sec}'>",
        "www.example.org/?{sec} and x http&#58;//h/{sec}",
        "[l](http://h/a((b)){sec})",
    ],
)
def test_an_answer_never_lands_in_a_parsed_address(text: str) -> None:
    out = filled(text)
    assert SECRET not in out
    assert [a for a in addresses(out) if SECRET in a] == []


def test_an_answer_still_fills_text_links_labels_and_code() -> None:
    assert filled("Dear {sec}, [see {sec}](https://example.org/) `{sec}`") == (
        f"Dear {SECRET}, [see {SECRET}](https://example.org/) `{SECRET}`"
    )
    assert filled("{{sec}} {missing} {Sec}") == "{sec} {missing} Hunter2"


def test_a_value_cannot_close_an_address_or_open_a_title() -> None:
    book = load_valid_book([BOOK])
    for value in ("x)", 'x "t"', "x) ![", "---", ": http://h/"):
        text = "[a](http://h/{sec}\n![b](http://h/?q {sec}\n[c]{sec}\n\n[c]: http://h/c"
        out = fill(text, book, {"secret": value}, markdown=True)
        assert [a for a in addresses(out) if "http://h/" in a and a != "http://h/c"] == [], out


def test_a_value_cannot_close_a_code_span() -> None:
    book = load_valid_book([BOOK])
    out = fill("`{sec} ](http://h/{sec})`", book, {"secret": "a` b"}, markdown=True)
    assert addresses(out) == []


def test_the_markdown_file_carries_nothing_live(tmp_path: Path) -> None:
    book = load_valid_book([book_at(tmp_path / "b")])
    text = render_markdown(summarise(book, {"secret": SECRET}))
    tokens = [t for b in viewer().parse(text) for t in [b, *(b.children or [])]]
    assert [t.type for t in tokens if t.type.startswith("html") or t.type == "image"] == []
    links = addresses(text)
    assert "#unsafe-link-removed" in links
    assert [a for a in links if unsafe(a)] == []
    assert [a for a in links if SECRET in a] == []
    assert "Dear hunter2." in text


def test_escaped_backslashes_do_not_hide_raw_html() -> None:
    assert safe_markdown('\\\\<img src="x">') == '\\\\&lt;img src="x">'
    assert safe_markdown("\\<b> \\\\\\<i>") == "\\<b> \\\\\\<i>"
    assert safe_markdown("\\\\![p](http://h/p)") == "\\\\\\![p](http://h/p)"


@pytest.mark.parametrize(
    "text",
    [
        "[j](javascript&#58;alert(1))",
        "[j](\n  javascript:alert(1))",
        "[j](<javascript:alert(1)>)",
        "[j](java\\script:alert(1))",
        "[jr][jref]\n\n[jref]: javascript:alert(2)",
        "[jr][jref]\n\n[jref]:\n  <data&#58;text/html,x>",
        "[jr]\n\n[JR]: vbscript:x",
    ],
)
def test_unsafe_links_are_disarmed(text: str) -> None:
    out = safe_markdown(text)
    assert [a for a in addresses(out) if unsafe(a)] == [], out


def test_entities_for_bidi_and_invisible_characters_are_removed(tmp_path: Path) -> None:
    book = load_valid_book([book_at(tmp_path / "b")])
    summary = summarise(book, {"secret": SECRET})
    assert "reversed too mark zw" in " ".join(summary.items[0].body.split())
    assert UNSAFE.findall(terminal_text(summary)) == []
    page = render_html(summary)
    assert UNSAFE.findall(page) == []
    assert "reversed" in page
    decoded = "".join(
        t.content for b in viewer().parse(render_markdown(summary)) for t in b.children or []
    )
    assert UNSAFE.findall(decoded) == []


def test_shows_text_sees_what_the_summary_shows(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    scenario = tmp_path / "s.yaml"
    scenario.write_text(
        "scenarios:\n"
        "  - name: in text\n"
        "    answers: {secret: hunter2}\n"
        '    shows_text: ["Dear hunter2."]\n'
        "  - name: in an address\n"
        "    answers: {secret: hunter2}\n"
        '    shows_text: ["a(b)hunter2"]\n'
    )
    assert main(["test", "--rules", str(BOOK), str(scenario)]) == 1
    out = capsys.readouterr().out
    assert out.startswith(f"ok    in text\nFAIL  in an address  ({scenario}:5)\n")


def chromium_opens(page: Path, profile: Path) -> str:
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None:
        pytest.skip("chromium is not installed")
    done = subprocess.run(
        [
            chromium,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--no-first-run",
            f"--user-data-dir={profile}",
            "--virtual-time-budget=3000",
            "--dump-dom",
            page.as_uri(),
        ],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    return done.stdout


@pytest.mark.parametrize("form", ["html", "markdown"])
def test_opening_the_output_sends_nothing(tmp_path: Path, server: str, form: str) -> None:  # noqa: F811
    """The HTML page, and the Markdown file as a viewer shows it (markdown-it with raw HTML
    on, no Content Security Policy), load nothing from the listening server."""
    book = book_at(tmp_path / "b", server)
    out = tmp_path / f"summary.{form}"
    args = ["ask", "--rules", str(book), "--answer", f"secret={SECRET}", "--no-save"]
    assert main([*args, "--format", form, "--output", str(out)]) == 0
    page = out
    if form == "markdown":
        page = tmp_path / "viewer.html"
        html = MarkdownIt("commonmark", {"html": True}).render(out.read_text())
        page.write_text(f"<!DOCTYPE html><meta charset=utf-8><body>{html}</body>")
    dom = chromium_opens(page, tmp_path / "profile")
    assert "Dear hunter2." in dom
    assert Listener.hits == []


def test_validate_warns_of_a_placeholder_in_an_address(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(book_at(tmp_path / "b"))
    assert main(["validate", "book.yaml"]) == 0
    assert capsys.readouterr().out == (
        "book.yaml:16:11: warning MP166: the placeholder {sec} in body stands in an address,"
        " raw HTML or a bare address, where the summary leaves its value out (answers never"
        " go into a URL); move it into the text\n"
        "valid: 0 error(s), 1 warning(s) in 1 file(s)\n"
    )


def test_a_text_over_the_length_limit_is_refused_without_being_parsed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """A body over the limit is an error (MP160) and is not parsed as Markdown for MP166:
    parsing a 4 MB body took seconds and hundreds of megabytes before the refusal."""
    from mendpath.reader import MAX_TEXT

    folder = book_at(tmp_path / "b")
    book = folder / "book.yaml"
    padding = "Dear {sec}, word after word. " * (MAX_TEXT // 28 + 1)
    book.write_text(book.read_text().replace("      Dear {sec}.\n", f"      {padding}\n"))
    monkeypatch.chdir(folder)
    assert main(["validate", "book.yaml"]) == 1
    out = capsys.readouterr().out.splitlines()
    assert [line.split(": ")[1] for line in out[:-1]] == ["error MP160"]


def test_left_out_names_the_placeholders_in_addresses() -> None:
    from mendpath.logic.outcome import left_out

    text = "Hi {a}, [x](http://h/{b}) `{c}` <span title={d}> www.h.org/{e} {{f}} ![{g}](x)"
    assert left_out(text) == ["b", "d", "e"]


_PIECES = [
    "Hi",
    "x",
    "{a}",
    "{b}",
    " ",
    "\n",
    "*",
    "_",
    "`",
    "www.",
    "http://",
    "mailto:",
    "@",
    ".",
    "/",
    "[",
    "]",
    "(",
    ")",
    ":",
    "<",
    ">",
    "&",
    "#",
    "\\",
    "-",
    "+",
    "~",
    "1.",
]


@given(st.lists(st.sampled_from(_PIECES), max_size=30).map("".join))
def test_left_out_without_parsing_agrees_with_parsing(text: str) -> None:
    """Texts that cannot put a placeholder in an address are not parsed (`_in_text_only`):
    the verdict is the one parsing gives."""
    from mendpath.logic import outcome

    found = outcome.left_out(text)
    sure = outcome._in_text_only
    outcome._in_text_only = lambda marked: False  # type: ignore[assignment]
    try:
        assert found == outcome.left_out(text)
    finally:
        outcome._in_text_only = sure
