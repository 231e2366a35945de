"""What a newcomer trips on (issue 15): each fixed, each proved here."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pexpect
import pytest
from ptys import no_fixed_delays

from mendpath.cli.main import build_parser, main

ROOT = Path(__file__).parent.parent
PLANTS = str(ROOT / "examples" / "houseplants")
CAT = str(ROOT / "examples" / "answers" / "houseplants-cat.yaml")


@pytest.mark.parametrize(
    ("name", "fmt", "start"),
    [
        ("advice.html", "html", "<!DOCTYPE html>"),
        ("advice.md", "markdown", "# Which houseplant suits you?"),
        ("advice.json", "json", "{"),
        ("advice.txt", "terminal", "\u2500"),
    ],
)
def test_output_format_follows_the_extension_and_says_where_the_file_is(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str, fmt: str, start: str
) -> None:
    out = tmp_path / name
    assert main(["ask", "--rules", PLANTS, "--answers", CAT, "--output", str(out)]) == 0
    assert out.read_text().lstrip().startswith(start)
    captured = capsys.readouterr()
    assert captured.out == ""
    how = "from its extension" if fmt != "terminal" else "as asked"
    assert captured.err == (
        f"mendpath: finished: 2 pieces of advice for your answers, written to {out} "
        f"(format: {fmt}, {how}; choose with --format).\n"
    )


def test_an_explicit_format_wins_over_the_extension(tmp_path: Path) -> None:
    out = tmp_path / "advice.html"
    args = ["ask", "--rules", PLANTS, "--answers", CAT, "--output", str(out), "--format", "json"]
    assert main(args) == 0
    assert out.read_text().startswith("{")


def test_all_without_explain_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["ask", "--rules", PLANTS, "--answers", CAT, "--all"]) == 2
    assert capsys.readouterr().err == (
        "mendpath: --all goes with --explain (or use `mendpath explain --all`)\n"
    )
    assert main(["ask", "--rules", PLANTS, "--answers", CAT, "--all", "--explain"]) == 0


def test_every_subcommand_help_has_a_description() -> None:
    parser = build_parser()
    sub = next(a for a in parser._actions if a.dest == "command")
    choices = getattr(sub, "choices", {})
    assert set(choices) >= {"ask", "explain", "validate", "test", "init", "forget"}
    for name, command in choices.items():
        assert command.description, name
        assert command.format_help().split("\n\n")[1].strip() == command.description


def test_validate_refuses_to_merge_two_books(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", str(ROOT / "rules"), PLANTS]) == 2
    err = capsys.readouterr().err
    assert err == (
        f"mendpath: {ROOT / 'rules'} and {PLANTS} are 2 rule books (each has `book:`); "
        f"validate each on its own: mendpath validate {ROOT / 'rules'}; mendpath validate {PLANTS}\n"
    )


def test_make_with_no_target_says_what_it_can_do() -> None:
    run = subprocess.run(
        ["make", "-n", "-C", str(ROOT)], capture_output=True, text=True, check=False
    )
    assert run.returncode == 0
    assert "up to date" not in run.stdout + run.stderr
    run = subprocess.run(["make", "-C", str(ROOT)], capture_output=True, text=True, check=True)
    assert "make run" in run.stdout
    assert "make test" in run.stdout


def _spawn(state: Path, *args: str) -> pexpect.spawn:
    env = dict(os.environ, XDG_STATE_HOME=str(state), TERM="xterm", NO_COLOR="1", COLUMNS="90")
    env["PROMPT_TOOLKIT_NO_CPR"] = "1"
    env.pop("CI", None)
    return no_fixed_delays(
        pexpect.spawn(
            sys.executable,
            ["-m", "mendpath", *args],
            env=env,
            encoding="utf-8",
            timeout=15,
            dimensions=(40, 90),
        )
    )


def test_ctrl_c_on_the_first_question_does_not_claim_answers_were_kept(
    private_state: Path,
) -> None:
    child = _spawn(private_state, "ask", "--rules", PLANTS)
    child.expect_exact("How much light does the spot get?")
    child.sendcontrol("c")
    child.expect_exact("stopped before any answer; nothing to keep")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 130
    assert "kept" not in (child.before or "").replace("nothing to keep", "")
    assert not (private_state / "mendpath" / "progress.json").exists()


def test_back_is_an_entry_in_every_list_and_a_finished_interview_says_so(
    private_state: Path,
) -> None:
    down, enter, space = "\x1b[B", "\r", " "
    child = _spawn(private_state, "ask", "--rules", PLANTS)
    child.expect_exact("How much light does the spot get?")
    child.send(enter)  # bright
    child.expect_exact("Which room is it for?")
    child.send(enter)  # kitchen
    child.expect_exact("Do cats or dogs live with you?")
    child.send(enter)  # yes
    child.expect_exact("Which ones?")
    child.expect_exact("Back to the previous question")  # an entry in the multiple-choice list
    child.send(down * 2 + space + enter)  # the Back entry, chosen
    child.expect_exact("Do cats or dogs live with you?")
    child.send(enter)  # yes again
    child.expect_exact("Which ones?")
    child.send(space + enter)  # cats
    child.expect_exact("Do you often forget to water plants?")
    child.send(down + enter)
    child.expect_exact("Keep plants out of reach")
    child.expect_exact("mendpath: finished: 2 pieces of advice for your answers.")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0


def test_links_keep_their_address_when_not_on_a_terminal(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    book = (Path(PLANTS) / "book.yaml").read_text()
    linked = "Cats climb; see [our shelf guide](https://example.org/shelves) for ideas."
    book = book.replace("Cats climb; put plants on high shelves or hanging pots.", linked)
    (tmp_path / "book.yaml").write_text(book)
    args = ["ask", "--rules", str(tmp_path), "--answers", CAT]
    assert main(args) == 0  # piped: standard output is not a terminal
    out = capsys.readouterr().out
    assert "our shelf guide (https://example.org/shelves)" in " ".join(out.split())
    written = tmp_path / "advice.txt"
    assert main([*args, "--output", str(written)]) == 0
    assert "our shelf guide (https://example.org/shelves)" in " ".join(written.read_text().split())
