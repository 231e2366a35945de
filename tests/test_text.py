"""Every text from outside is made printable in one place (text.py) before it is shown:
messages about hostile books, file names, scenario names, --answer pairs, answers files and
saved progress (issue 14, finding 9, and the Low findings on answers)."""

from __future__ import annotations

import os
import re
from pathlib import Path

import hypothesis
import pytest
from hypothesis import strategies as st

from mendpath.ask import progress
from mendpath.cli.main import main
from mendpath.text import clean_line, md_escape, printable

ROOT = Path(__file__).parent.parent
PLANTS = ROOT / "examples" / "houseplants"
BOOKS = Path(__file__).parent / "books"
ESC = "\x1b"
UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\u200b-\u200f]")


def shown(capsys: pytest.CaptureFixture[str]) -> str:
    out = capsys.readouterr()
    text = out.out + out.err
    assert UNSAFE.findall(text) == [], text
    return text


def test_printable_shows_every_unsafe_character() -> None:
    assert printable("a\x1b[2Jb\nc\u202ed\u200be\x9b") == "a\\x1b[2Jb\\nc\\u202ed\\u200be\\x9b"
    assert printable("plain \\ text, ünïcode") == "plain \\ text, ünïcode"


def test_clean_line_drops_bidi_and_invisible_characters() -> None:
    assert clean_line("\u202eevil\u200b\u2066 name\ufeff") == "evil name"


def test_md_escape_is_one_line() -> None:
    assert md_escape("a\n# b") == "a \\# b"


HOSTILE = r"""
book: {title: T, version: "1", start: q1, disclaimer: D.}
groups: [{id: g, title: G}]
questions:
  - id: q1
    text: First?
    kind: single
    choices: [{id: x, label: X}]
    routes: {x: "q\e[31mred"}
    "lab\e]0;title\a": 1
advice:
  - {id: one, title: One, body: Body., group: g, "k\e[2J": 1}
  - {id: "one\e[2J", title: One, body: Body., group: g}
"""


def test_hostile_book_messages_are_printable(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    name = f"bad\nfake.yaml:1:1: error MP000: forged{ESC}[2J.yaml"
    Path(name).write_text(HOSTILE)
    assert main(["validate", name]) == 1
    text = shown(capsys)
    lines = text.splitlines()
    assert all(line.startswith("bad\\nfake.yaml") for line in lines[:-1]), lines
    assert text.count("\\x1b") >= 4
    assert main(["ask", "--rules", name]) == 1
    text = shown(capsys)
    assert not any(line.startswith("fake.yaml") for line in text.splitlines())


def test_duplicate_keys_and_ids_are_printable(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    Path("book.yaml").write_text('"k\\e[2J": 1\n"k\\e[2J": 2\n')
    assert main(["validate", "book.yaml"]) == 1
    assert "duplicate key 'k\\x1b[2J'" in shown(capsys)


def test_answer_pairs_are_printable(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["ask", "--rules", str(PLANTS), "--answer", f"li{ESC}[31mght=x"]) == 1
    assert "unknown question 'li\\x1b[31mght'" in shown(capsys)
    assert main(["ask", "--rules", str(PLANTS), "--answer", f"light=lo{ESC}]0;x\aw"]) == 1
    assert "no choice 'lo\\x1b]0;x\\x07w'" in shown(capsys)


@pytest.mark.parametrize("suffix", [".yaml", ".json"])
def test_answers_files_keys_values_and_names_are_printable(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], suffix: str
) -> None:
    path = tmp_path / f"a\n{ESC}[2Jb{suffix}"
    path.write_text('{"light": "lo\\u001b[2Jw"}')
    assert main(["ask", "--rules", str(PLANTS), "--answers", str(path)]) == 1
    text = shown(capsys)
    assert "a\\n\\x1b[2Jb" in text
    assert "'lo\\x1b[2Jw'" in text
    path.write_text('{"\\u001b[31mkey": "x"}')
    assert main(["ask", "--rules", str(PLANTS), "--answers", str(path)]) == 1
    assert "unknown question '\\x1b[31mkey'" in shown(capsys)


def test_scenario_names_are_printable(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(BOOKS)
    scenario = tmp_path / "s.yaml"
    scenario.write_text(
        "scenarios:\n"
        '  - name: "ok\\e[2J\\nFAIL  forged\\e]0;t\\a"\n'
        "    answers: {q1: x, q2: [m]}\n"
        "    shows: [one]\n"
    )
    main(["test", "--rules", "good/minimal.yaml", str(scenario)])
    text = shown(capsys)
    assert "\nFAIL  forged" not in text


def test_a_scenario_cannot_print_a_file_outside_its_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    secret = tmp_path / "secret.yaml"
    secret.write_text("root:$6$hash:19000:0:99999:7:::\n")
    folder = tmp_path / "scenarios"
    folder.mkdir()
    monkeypatch.chdir(BOOKS)
    for target in (str(secret), "../secret.yaml", "/etc/shadow"):
        (folder / "s.yaml").write_text(
            f"scenarios:\n  - name: leak\n    answers_file: {target}\n    shows: [one]\n"
        )
        assert main(["test", "--rules", "good/minimal.yaml", str(folder / "s.yaml")]) == 1
        text = shown(capsys)
        assert "$6$hash" not in text
        assert "root:" not in text
        assert "answers_file must name an answers file inside the scenario file's folder" in text


def test_saved_progress_is_printable_on_resume(
    private_state: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from mendpath.book.validate import book_digest

    store = progress.Store([os.path.abspath(PLANTS)], print)
    store.start()
    store.save(
        progress.Saved(
            [os.path.abspath(PLANTS)],
            "Which houseplant suits you?",
            "1.0",
            book_digest([PLANTS]),
            {"light": "low", f"gone{ESC}[2J": "x"},
        )
    )
    store.close()
    answers = ["room=office", "pets=no", "forgetful=no"]
    args = ["ask", "--rules", str(PLANTS), "--resume"]
    assert main([*args, *(a for pair in answers for a in ("--answer", pair))]) == 0
    assert "dropped: gone\\x1b[2J" in shown(capsys)


def test_mermaid_labels_are_escaped(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    book = tmp_path / "book.yaml"
    text = (BOOKS / "good" / "minimal.yaml").read_text()
    assert "text: First?" in text
    book.write_text(
        text.replace("text: First?", 'text: "<img src=x onerror=alert(1)> & #quot; \\""')
    )
    assert main(["graph", "--rules", str(book)]) == 0
    out = shown(capsys)
    assert "<img" not in out
    assert "#lt;img src=x onerror=alert(1)#gt; #amp; #35;quot; #quot;" in out


def test_bidi_and_invisible_characters_leave_typed_answers(
    capsys: pytest.CaptureFixture[str],
) -> None:
    book = BOOKS / "hostile" / "escapes.yaml"
    assert main(["ask", "--rules", str(book), "--answer", "name=Sam\u202eevil\u200b\u2066"]) == 0
    assert "Samevil" in shown(capsys)


def test_the_books_description_is_shown_before_the_first_question(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from mendpath.ask.session import AskOptions, run_ask

    book = tmp_path / "book.yaml"
    text = (BOOKS / "good" / "minimal.yaml").read_text()
    book.write_text(text.replace("book: {", 'book: {description: "Take your time.\\e[2J", ', 1))
    replies = iter(["y"])

    def ask(step: object, current: object, texts: dict[str, str]) -> str:
        assert capsys.readouterr().out == "Take your time.[2J\n\n"
        return next(replies)

    run_ask(AskOptions(rules=[book], interactive=True, ask=ask, save=False))


def test_a_scenarios_own_broken_answers_file_is_named(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "answers.yaml").write_text("q9: x\n")
    (tmp_path / "s.yaml").write_text(
        "scenarios:\n  - name: mine\n    answers_file: answers.yaml\n    shows: [one]\n"
    )
    monkeypatch.chdir(BOOKS)
    assert main(["test", "--rules", "good/minimal.yaml", str(tmp_path / "s.yaml")]) == 1
    assert "unknown question 'q9'" in shown(capsys)


@hypothesis.given(st.text(alphabet=st.characters(codec="utf-8") | st.sampled_from("\t\n\x1b\x7f")))
def test_the_quick_path_for_plain_text_cleans_as_the_pattern_does(text: str) -> None:
    from mendpath.text import _CONTROL, _drop, _space, clean_block

    assert clean_block(text) == _CONTROL.sub(_drop, text)
    assert clean_line(text) == _CONTROL.sub(_space, text).strip()
