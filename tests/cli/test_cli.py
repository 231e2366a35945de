"""The command line, called as main(argv): exit codes, messages, and no tracebacks."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from mendpath.cli.main import main

ROOT = Path(__file__).parents[2]
PLANTS = str(ROOT / "examples" / "houseplants")
CAT = str(ROOT / "examples" / "answers" / "houseplants-cat.yaml")


def test_help_and_version(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--help"]) == 0
    assert "validate" in capsys.readouterr().out
    assert main(["--version"]) == 0
    assert capsys.readouterr().out.startswith("mendpath ")


def test_help_imports_no_heavy_module() -> None:
    code = (
        "import sys; from mendpath.cli.main import main; main(['--help']); "
        "print(sorted(m for m in ('jsonschema', 'questionary', 'rich', 'yaml', 'prompt_toolkit') "
        "if m in sys.modules), file=sys.stderr)"
    )
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert run.stderr.strip() == "[]"


def test_usage_errors_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", "--format", "xml"]) == 2
    err = capsys.readouterr().err
    assert "invalid choice: 'xml'" in err
    assert main(["ask", "--answer", "no-equals-sign"]) == 2
    assert capsys.readouterr().err == "mendpath: --answer takes ID=VALUE, got 'no-equals-sign'\n"
    # no abbreviations: graph has --answers (a file) only, and `--answer` was read as it
    assert main(["graph", "--rules", PLANTS, "--answer", "light=dim"]) == 2
    err = capsys.readouterr().err.splitlines()
    assert err[:2] == [
        "mendpath: unrecognized arguments: --answer light=dim",
        "usage: mendpath graph [-h] [--rules PATH] [--today DATE]",
    ]
    # a rule book given as validate takes it: the command's usage, and how to give it
    assert main(["paths", "--count", PLANTS]) == 2
    err = capsys.readouterr().err.splitlines()
    assert err[0] == (
        f"mendpath: unrecognized arguments: {PLANTS} (a rule book is given as --rules PATH)"
    )
    assert err[1].startswith("usage: mendpath paths ")


def test_ask_with_an_answers_file(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["ask", "--rules", PLANTS, "--answers", CAT]) == 0
    out = capsys.readouterr().out
    assert "Choose a pet-safe plant" in out
    assert "Keep plants out of reach" in out
    assert "Try a snake plant" not in out  # hidden by the pet-safe advice
    assert "\x1b[" not in out  # not a terminal: no escape codes


def test_flags_without_a_command_mean_ask(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--rules", PLANTS, "--answers", CAT]) == 0
    assert "Choose a pet-safe plant" in capsys.readouterr().out


def test_answer_pairs_override_the_file(capsys: pytest.CaptureFixture[str]) -> None:
    args = ["ask", "--rules", PLANTS, "--answers", CAT, "--answer", "pets=no"]
    assert main(args) == 0
    out = capsys.readouterr().out
    assert "Try a snake plant" in out
    assert "Keep plants out of reach" not in out  # pet_kinds is off the new route


def test_missing_answers_without_a_terminal_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["ask", "--rules", PLANTS, "--answer", "light=low"]) == 2
    assert capsys.readouterr().err == (
        "mendpath: question 'room' has no answer and there is no terminal to ask it in; "
        "give answers with --answers FILE or --answer ID=VALUE, or run mendpath in a terminal "
        "with --output FILE to keep the summary in a file\n"
    )


def test_unknown_question_names_the_valid_ones(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["ask", "--rules", PLANTS, "--answer", "colour=green"]) == 1
    assert capsys.readouterr().err == (
        "mendpath: --answer: unknown question 'colour'; the questions are: "
        "light, room, pets, pet_kinds, forgetful\n"
    )


def test_choice_not_offered_names_the_valid_ones(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    answers = tmp_path / "a.json"
    answers.write_text(json.dumps({"light": "purple"}))
    assert main(["ask", "--rules", PLANTS, "--answers", str(answers)]) == 1
    assert capsys.readouterr().err == (
        f"mendpath: {answers}: question 'light' has no choice 'purple'; valid choices: bright, medium, low\n"
    )


def test_broken_answers_file_is_a_message(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    answers = tmp_path / "a.json"
    answers.write_text("{not json")
    assert main(["ask", "--rules", PLANTS, "--answers", str(answers)]) == 1
    assert capsys.readouterr().err.startswith(f"mendpath: {answers}: not a valid JSON answers file")
    assert main(["ask", "--rules", PLANTS, "--answers", str(tmp_path / "none.yaml")]) == 1
    assert "no such file" in capsys.readouterr().err.lower()


def test_invalid_book_lists_its_problems(capsys: pytest.CaptureFixture[str]) -> None:
    bad = ROOT / "tests" / "books" / "bad" / "mp120-cycle.yaml"
    assert main(["ask", "--rules", str(bad)]) == 1
    err = capsys.readouterr().err.splitlines()
    assert err[0].endswith("error MP120: the routing loops: q1 -> q2 -> q1")
    assert err[-1] == f"mendpath: the rule book has 1 error(s); run `mendpath validate {bad}`"


def test_a_missing_rules_path_is_named_in_the_validate_hint(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    missing = tmp_path / "no such book"
    assert main(["ask", "--rules", str(missing)]) == 1
    err = capsys.readouterr().err.splitlines()
    assert err[-1].endswith(f"; run `mendpath validate '{missing}'`")
    assert main(["test", "--rules", str(missing)]) == 1
    assert (
        capsys.readouterr().err.splitlines()[-1].endswith(f"; run `mendpath validate '{missing}'`")
    )


def test_record_writes_a_replayable_answers_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    record = tmp_path / "mine.yaml"
    assert main(["ask", "--rules", PLANTS, "--answers", CAT, "--record", str(record)]) == 0
    assert record.stat().st_mode & 0o777 == 0o600  # the answers are private
    # the replay line names the file as given (it named only `mine.yaml`, elsewhere)
    assert record.read_text().splitlines()[0].endswith(f" --answers {record}")
    first = capsys.readouterr().out
    assert main(["ask", "--rules", PLANTS, "--answers", str(record)]) == 0
    assert capsys.readouterr().out == first


def test_forget(private_state: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["forget"]) == 0
    assert capsys.readouterr().out == "mendpath has nothing saved; there was nothing to delete.\n"
    saved = private_state / "mendpath" / "progress.json"
    saved.parent.mkdir()
    saved.write_text("{}")
    assert main(["forget"]) == 0
    assert capsys.readouterr().out == f"Deleted 1 file(s) mendpath had saved:\n  {saved}\n"
    assert not saved.exists()


def test_python_dash_m() -> None:
    run = subprocess.run(
        [sys.executable, "-m", "mendpath", "validate", PLANTS],
        capture_output=True,
        text=True,
        check=False,
    )
    assert (run.returncode, run.stdout) == (0, "ok: 2 file(s), no problems\n")


def test_a_bug_exits_3_with_a_report(
    private_state: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import mendpath.cli.commands

    def broken(args: object) -> int:
        raise ZeroDivisionError("oops")

    monkeypatch.setitem(mendpath.cli.commands.COMMANDS, "schema", broken)
    assert main(["schema"]) == 3
    err = capsys.readouterr().err
    assert err.startswith("mendpath: something went wrong inside mendpath (a bug, not your doing).")
    reports = list((private_state / "mendpath").glob("crash-*.txt"))
    assert len(reports) == 1
    assert str(reports[0]) in err
    assert reports[0].stat().st_mode & 0o777 == 0o600
    assert "ZeroDivisionError: oops" in reports[0].read_text()


def test_from_the_command_line_a_refused_answer_is_an_error_naming_the_question(
    capsys: pytest.CaptureFixture[str],
) -> None:
    rules = str(Path(__file__).parents[1] / "books" / "good" / "checks.yaml")
    pairs = ["started=2024-05-01", "left=2024-06-01", "days=6", "shift=night", "extras="]
    args = ["ask", "--rules", rules, "--format", "json", "--no-save"]
    assert main([*args, *(f for p in pairs for f in ("--answer", p))]) == 1
    assert capsys.readouterr().err == (
        "mendpath: --answer: the answer to 'shift' is refused: Night shifts are at most 5 a week.\n"
    )


def test_a_refused_answer_given_by_answer_is_named_so_beside_an_answers_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The answers file was named for a refused answer that came from `--answer`."""
    rules = str(Path(__file__).parents[1] / "books" / "good" / "checks.yaml")
    given = tmp_path / "given.json"
    given.write_text('{"started": "2024-05-01", "left": "2024-06-01", "days": "4"}')
    args = ["ask", "--rules", rules, "--format", "json", "--no-save", "--answers", str(given)]
    more = ["--answer", "shift=night", "--answer", "days=6", "--answer", "extras="]
    assert main([*args, *more]) == 1
    assert capsys.readouterr().err == (
        "mendpath: --answer: the answer to 'shift' is refused: Night shifts are at most 5 a week.\n"
    )


def test_a_choice_not_offered_after_the_answers_before_it_is_refused_by_name(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A choice whose `when` fails, given by --answer or in an answers file, was taken as no
    answer: "no terminal to ask it in", exit 2."""
    book = str(ROOT / "tests" / "books" / "dynamic" / "offered.yaml")
    run = ["ask", "--rules", book, "--no-save", "--format", "markdown"]
    assert main([*run, "--answer", "region=north", "--answer", "y=two"]) == 1
    said = "question 'y' does not offer 'two' after the answers before it; it offers: one\n"
    assert capsys.readouterr().err == f"mendpath: --answer: {said}"
    answers = tmp_path / "answers.yaml"
    answers.write_text("region: north\ny: two\n", encoding="utf-8")
    assert main([*run, "--answers", str(answers)]) == 1
    assert capsys.readouterr().err == f"mendpath: {answers}:2:4: {said}"  # at the answer
    assert main([*run, "--answer", "region=south", "--answer", "y=two"]) == 0
    assert "### Two" in capsys.readouterr().out
