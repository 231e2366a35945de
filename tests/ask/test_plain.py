"""Plain mode (`ask --plain`, or TERM=dumb): numbered choices, typed numbers, `b` and `?`.

The ask function is driven with text streams here; the real program runs in a pseudo-terminal
under TERM=dumb at the end, and nothing it writes holds an escape sequence.
"""

from __future__ import annotations

import io
import json
import os
import sys
from pathlib import Path
from typing import Any

import pexpect
import pytest
from ptys import no_fixed_delays

from mendpath.ask.interview import Interrupted, run
from mendpath.ask.plain import NotUnderstood, parse_reply, plain_asker
from mendpath.book.validate import validate
from mendpath.model import Book

ROOT = Path(__file__).parents[2]
PLANTS = str(ROOT / "examples" / "houseplants")


def plants() -> Book:
    result = validate([Path(PLANTS)])
    assert result.book is not None
    return result.book


def interview(typed: str) -> tuple[dict[str, object], str]:
    out = io.StringIO()
    done = run(plants(), plain_asker(io.StringIO(typed), out))
    return dict(done.answers), out.getvalue()


def test_numbers_answer_and_each_question_is_printed_once() -> None:
    answers, out = interview("1\n3\n1\n1, 2\n2\n")
    assert answers == {
        "light": "bright",
        "room": "office",
        "pets": "yes",
        "pet_kinds": ["cat", "dog"],
        "forgetful": "no",
    }
    assert out.count("How much light does the spot get?") == 1
    assert (
        "\nQuestion 1 of about 4\nHow much light does the spot get?\n"
        "  1. Bright, direct sun\n  2. Bright but indirect\n  3. Little light\n"
        "Type a number from 1 to 3; ? for help.\n> "
    ) in out
    assert "Type the numbers from 1 to 2 that apply, separated by commas (0 for none)" in out
    assert "b goes back" in out
    assert "\x1b" not in out


def test_invalid_replies_are_asked_again_with_the_reason() -> None:
    answers, out = interview("4\nsunny\n\n1\n1\n2\n2\n")
    assert answers["light"] == "bright"
    assert out.count("How much light does the spot get?") == 1  # not printed again
    assert "Not understood: 4 is not a number from 1 to 3. Type a number from 1 to 3" in out
    assert "Not understood: 'sunny' is not a number." in out
    assert "Not understood: no answer was typed." in out


def test_back_revisits_the_previous_question_with_its_answer() -> None:
    answers, out = interview("1\nb\n2\n1\n2\n2\n")
    assert answers["light"] == "medium"
    assert "Your answer so far: 1" in out
    assert "Enter alone keeps your answer" in out


def test_question_mark_shows_help_and_the_first_question_has_no_back() -> None:
    _, out = interview("?\nb\n1\n1\n2\n2\n")
    assert "This question has no help.\nType a number from 1 to 3; ? for help." in out
    assert "No more help" not in out
    assert "Not understood: 'b' is not a number." in out  # nothing before the first question


def test_end_of_input_stops_the_interview() -> None:
    with pytest.raises(Interrupted):
        interview("1\n")


def test_parse_reply_for_each_kind() -> None:
    book = plants()
    assert parse_reply(book.questions["pet_kinds"], "0", None) == []
    assert parse_reply(book.questions["pet_kinds"], "2,1", None) == ["cat", "dog"]
    assert parse_reply(book.questions["pets"], "", "no") == "no"  # Enter keeps
    with pytest.raises(NotUnderstood, match="one number"):
        parse_reply(book.questions["room"], "1,2", None)


def spawn(state: Path, *args: str) -> pexpect.spawn:
    env = dict(os.environ, XDG_STATE_HOME=str(state), TERM="dumb", COLUMNS="80")
    env.pop("NO_COLOR", None)
    env.pop("CI", None)
    return no_fixed_delays(
        pexpect.spawn(
            sys.executable, ["-m", "mendpath", *args], env=env, encoding="utf-8", timeout=15
        )
    )


def test_a_whole_plain_interview_with_back_and_resume_under_term_dumb(
    private_state: Path,
) -> None:
    captured = io.StringIO()
    child = spawn(private_state, "ask", "--rules", PLANTS)
    child.logfile_read = captured
    child.expect_exact("Question 1 of about 4")
    child.expect_exact("  3. Little light")
    child.expect_exact("> ")
    child.sendline("1")
    child.expect_exact("Which room is it for?")
    child.expect_exact("> ")
    child.sendline("9")
    child.expect_exact("Not understood: 9 is not a number from 1 to 3.")
    child.sendline("2")  # bedroom
    child.expect_exact("Do cats or dogs live with you?")
    child.expect_exact("> ")
    child.sendline("b")
    child.expect_exact("Which room is it for?")
    child.expect_exact("Your answer so far: 2")
    child.sendline("3")  # office
    child.expect_exact("Do cats or dogs live with you?")
    child.expect_exact("> ")
    child.sendline("1")  # yes
    child.expect_exact("Which ones?")
    child.expect_exact("> ")
    child.sendintr()
    child.expect_exact("continue with: mendpath ask --resume")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 130
    (kept,) = (private_state / "mendpath").glob("progress-*.json")  # one file per book
    saved = json.loads(kept.read_text())
    assert saved["answers"] == {"light": "bright", "room": "office", "pets": "yes"}

    child = spawn(private_state, "ask", "--resume")
    child.logfile_read = captured
    child.expect_exact("restored 3 saved answers")
    child.expect_exact("Which ones?")
    child.expect_exact("> ")
    child.sendline("1")  # cats
    child.expect_exact("Do you often forget to water plants?")
    child.expect_exact("> ")
    child.sendline("2")  # no
    child.expect_exact("Keep plants out of reach")
    child.expect_exact("mendpath: finished: 2 pieces of advice for your answers.")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    everything = captured.getvalue()
    assert "Choose a pet-safe plant" in everything
    assert "\x1b" not in everything, repr(everything)
    assert "\u2500" not in everything  # no rules for a screen reader to spell out


def test_the_plain_summary_has_headings_without_rules(capsys: pytest.CaptureFixture[str]) -> None:
    from mendpath.cli.main import main

    cat = str(ROOT / "examples" / "answers" / "houseplants-cat.yaml")
    assert main(["ask", "--plain", "--rules", PLANTS, "--answers", cat]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "Which houseplant suits you?"
    assert "Plants to try" in lines
    assert "Sources" in lines
    assert not any("\u2500" in line or "\x1b" in line for line in lines)


def test_piped_output_prompts_on_the_terminal_and_the_summary_goes_down_the_pipe(
    private_state: Path,
) -> None:
    """`mendpath ask | cat`: prompts on the terminal (/dev/tty), the summary on standard
    output; each line that came through the pipe is marked by sed to prove which is which."""
    env = dict(os.environ, XDG_STATE_HOME=str(private_state), TERM="xterm", NO_COLOR="1")
    env["PROMPT_TOOLKIT_NO_CPR"] = "1"
    env.pop("CI", None)
    command = f"{sys.executable} -m mendpath ask --rules {PLANTS} | sed 's/^/piped: /'"
    child = no_fixed_delays(
        pexpect.spawn(
            "/bin/sh", ["-c", command], env=env, encoding="utf-8", timeout=15, dimensions=(40, 90)
        )
    )
    child.expect_exact("How much light does the spot get?")
    child.send("\r")  # bright
    child.expect_exact("Which room is it for?")
    child.send("\r")
    child.expect_exact("Do cats or dogs live with you?")
    child.send("\x1b[B\r")  # no
    child.expect_exact("Do you often forget to water plants?")
    child.send("\r")  # yes
    child.expect_exact("piped: Try succulents")
    child.expect_exact("piped: Set a watering reminder")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0


def test_redirected_output_prompts_on_the_terminal_and_the_file_gets_the_summary(
    private_state: Path, tmp_path: Path
) -> None:
    """`mendpath ask > advice.txt` in a real terminal: asked on the terminal, summary in the
    file, plain text."""
    env = dict(os.environ, XDG_STATE_HOME=str(private_state), TERM="xterm")
    env["PROMPT_TOOLKIT_NO_CPR"] = "1"
    env.pop("CI", None)
    advice = tmp_path / "advice.txt"
    command = f"{sys.executable} -m mendpath ask --rules {PLANTS} > {advice}"
    child = no_fixed_delays(
        pexpect.spawn(
            "/bin/sh", ["-c", command], env=env, encoding="utf-8", timeout=15, dimensions=(40, 90)
        )
    )
    child.expect_exact("How much light does the spot get?")
    child.send("\r")  # bright
    child.expect_exact("Which room is it for?")
    child.send("\r")
    child.expect_exact("Do cats or dogs live with you?")
    child.send("\x1b[B\r")  # no
    child.expect_exact("Do you often forget to water plants?")
    child.send("\r")  # yes
    child.expect_exact("mendpath: finished: 2 pieces of advice for your answers.")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    text = advice.read_text()
    assert "Try succulents" in text
    assert "Set a watering reminder" in text
    assert "\x1b" not in text
    assert "How much light" in text  # in "You told us", not a prompt
    assert "(arrow keys, Enter)" not in text  # the prompts stayed on the terminal


def test_only_the_choices_offered_are_listed_and_numbered() -> None:
    """A choice whose `when` fails is not listed, as in the full-screen prompts, and the
    numbers count only the choices offered: in the north, y offers "One" alone. The four
    lines typed are all there is: once y is answered the interview ends, with no question
    asked again (the step after an answer follows the route the branches take)."""
    result = validate([ROOT / "tests" / "books" / "good" / "regions.yaml"])
    assert result.book is not None
    out = io.StringIO()
    done = run(result.book, plain_asker(io.StringIO("1\n1\n2\n1\n"), out))
    assert dict(done.answers) == {"region": "north", "x": "yes", "y": "one"}
    text = out.getvalue()
    assert (
        "Y?\n  1. One\nType a number from 1 to 1; b goes back; ? for help.\n> "
        "Not understood: 2 is not a number from 1 to 1. Type a number from 1 to 1"
    ) in text
    assert "Two" not in text
    # in the south both are offered, and 2 is "Two"
    out = io.StringIO()
    done = run(result.book, plain_asker(io.StringIO("2\n2\n1\n1\n"), out))
    assert dict(done.answers) == {"region": "south", "y": "two", "x": "yes", "z": "yes"}
    assert "Y?\n  1. One\n  2. Two\nType a number from 1 to 2" in out.getvalue()


def test_help_is_shown_once_with_its_question() -> None:
    book = validate([ROOT / "tests" / "books" / "good" / "long-texts.yaml"]).book
    assert book is not None
    out = io.StringIO()
    with pytest.raises(Interrupted):
        run(book, plain_asker(io.StringIO("?\n"), out))
    help_text = (
        "Your answers stay on this computer: nothing is sent anywhere, and you can go back "
        "and change any answer before the summary is shown."
    )
    text = out.getvalue()
    assert text.startswith(
        "\nQuestion 1 of about 3\nWhere do things stand between you and your partner at the "
        f"moment, as far as you can tell?\n{help_text}\n  1. Has left"
    )
    assert f"> {help_text}\nNo more help for this question.\nType a number" in text


def test_the_resume_question_is_plain_too() -> None:
    from mendpath.ask.plain import plain_chooser

    out = io.StringIO()
    assert plain_chooser(io.StringIO("3\n2\n"), out)() is False
    assert out.getvalue() == (
        "You have saved answers for this rule book.\n"
        "  1. Continue where you stopped\n"
        "  2. Start over (the saved answers are deleted)\n"
        "Type a number from 1 to 2.\n"
        "> Not understood: 3 is not a number from 1 to 2. Type a number from 1 to 2.\n"
        "> "
    )
    assert plain_chooser(io.StringIO("1\n"), io.StringIO())() is True


def _typed_into(name: str, typed: str) -> tuple[Any, str]:
    """An interview of tests/books/good/NAME in plain mode with these lines typed: its
    result, and what it said."""
    result = validate([ROOT / "tests" / "books" / "good" / name])
    assert result.book is not None
    out = io.StringIO()
    return run(result.book, plain_asker(io.StringIO(typed), out)), out.getvalue()


def test_an_answer_a_check_refuses_is_asked_again_with_its_message() -> None:
    typed = "2024-05-01\n2024-04-01\n2024-06-01\n6\n2\n1\n1,2\n2\n"
    done, said = _typed_into("checks.yaml", typed)
    assert done.answers == {
        "started": "2024-05-01",
        "left": "2024-06-01",
        "days": "6",
        "shift": "day",
        "extras": ["phone"],
    }
    assert "Not accepted: The leaving date must be after the start date (1 May 2024)." in said
    assert "Not accepted: Night shifts are at most 5 a week." in said
    assert "Not accepted: Choose a car or a phone, not both." in said


def test_back_to_a_number_or_a_date_shows_the_answer_given() -> None:
    """Going back to a number or date question said "Your answer so far: 0"."""
    done, said = _typed_into("measures.yaml", "4.5\n2025-03-01\nb\nb\n\n\nSW1A 1AA\n")
    assert dict(done.answers) == {"days": "4.5", "started": "2025-03-01", "code": "SW1A 1AA"}
    assert "Your answer so far: 2025-03-01" in said
    assert "Your answer so far: 4.5" in said
    assert "Your answer so far: 0" not in said
