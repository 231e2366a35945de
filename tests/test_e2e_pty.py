"""The real program in a pseudo-terminal (pexpect): answer, go back, interrupt, resume, finish."""

from __future__ import annotations

import json
import os
import signal
import sys
from pathlib import Path

import pexpect
import pytest
from ptys import no_fixed_delays

ROOT = Path(__file__).parent.parent
PLANTS = str(ROOT / "examples" / "houseplants")
DOWN, ENTER, SPACE = "\x1b[B", "\r", " "


def spawn(state: Path, *args: str) -> pexpect.spawn:
    env = dict(os.environ, XDG_STATE_HOME=str(state), TERM="xterm", NO_COLOR="1", COLUMNS="90")
    env["PROMPT_TOOLKIT_NO_CPR"] = "1"  # pexpect does not answer cursor-position requests
    env.pop("CI", None)
    child = pexpect.spawn(
        sys.executable,
        ["-m", "mendpath", *args],
        env=env,
        encoding="utf-8",
        timeout=15,
        dimensions=(40, 90),
    )
    return no_fixed_delays(child)


def saved_file(state: Path) -> Path:
    """The one progress file in the state folder (one per rule book)."""
    [path] = (state / "mendpath").glob("progress-*.json")
    return path


def progress(state: Path) -> dict[str, object]:
    data = json.loads(saved_file(state).read_text())
    assert isinstance(data, dict)
    return data


def test_answer_go_back_interrupt_resume_finish(private_state: Path) -> None:
    child = spawn(private_state, "ask", "--rules", PLANTS)
    child.expect_exact("question 1 of about 4")
    child.expect_exact("How much light does the spot get?")
    child.send(ENTER)  # bright
    child.expect_exact("Which room is it for?")
    child.send(DOWN + ENTER)  # bedroom
    child.expect_exact("Do cats or dogs live with you?")
    child.send(DOWN * 2 + ENTER)  # Back
    child.expect_exact("Which room is it for?")
    child.send(DOWN + ENTER)  # bedroom -> office
    child.expect_exact("Do cats or dogs live with you?")
    child.send(ENTER)  # yes
    child.expect_exact("Which ones?")
    child.sendcontrol("c")
    child.expect_exact("Your answers so far are kept; continue with: mendpath ask --resume")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 130
    saved = saved_file(private_state)
    assert progress(private_state)["answers"] == {
        "light": "bright",
        "room": "office",
        "pets": "yes",
    }
    assert oct(saved.stat().st_mode & 0o777) == "0o600"
    assert oct(saved.parent.stat().st_mode & 0o777) == "0o700"

    child = spawn(private_state, "ask", "--resume")  # as the message says: the book is remembered
    child.expect_exact("Which ones?")
    child.send(SPACE + ENTER)  # cats
    child.expect_exact("Do you often forget to water plants?")
    child.send(DOWN + ENTER)  # no
    child.expect_exact("Keep plants out of reach")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    assert not saved.exists()  # removed when the interview finishes


@pytest.mark.parametrize("how", ["ctrl-d", "sigterm", "sighup"])
def test_other_ways_of_stopping_keep_progress(private_state: Path, how: str) -> None:
    child = spawn(private_state, "ask", "--rules", PLANTS)
    child.expect_exact("How much light")
    child.send(DOWN + ENTER)
    child.expect_exact("Which room is it for?")
    if how == "ctrl-d":
        child.sendcontrol("d")
    else:
        child.kill(signal.SIGTERM if how == "sigterm" else signal.SIGHUP)
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 130
    assert progress(private_state)["answers"] == {"light": "medium"}


def test_no_save_keeps_nothing(private_state: Path) -> None:
    child = spawn(private_state, "ask", "--rules", PLANTS, "--no-save")
    child.expect_exact("How much light")
    child.send(ENTER)
    child.expect_exact("Which room is it for?")
    child.sendcontrol("c")
    child.expect_exact("nothing was saved")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 130
    assert not (private_state / "mendpath").exists()


def test_answers_are_written_nowhere_else(private_state: Path, tmp_path: Path) -> None:
    """A whole interview, interrupted and resumed, leaves no temporary file, log or other
    copy of the answers: only the progress file while it runs, and nothing once finished."""
    home = tmp_path / "home"
    temp = tmp_path / "tmp"
    home.mkdir()
    temp.mkdir()
    extra = {"HOME": str(home), "TMPDIR": str(temp)}

    def spawn_private(*args: str) -> pexpect.spawn:
        env = dict(
            os.environ, XDG_STATE_HOME=str(private_state), TERM="xterm", NO_COLOR="1", **extra
        )
        env["PROMPT_TOOLKIT_NO_CPR"] = "1"
        env.pop("CI", None)
        return no_fixed_delays(
            pexpect.spawn(
                sys.executable, ["-m", "mendpath", *args], env=env, encoding="utf-8", timeout=15
            )
        )

    child = spawn_private("ask", "--rules", PLANTS)
    child.expect_exact("How much light")
    child.send(ENTER)
    child.expect_exact("Which room is it for?")
    child.sendcontrol("c")
    child.expect(pexpect.EOF)
    child.close()
    assert [p.name for p in (private_state / "mendpath").iterdir()] == [
        saved_file(private_state).name
    ]
    child = spawn_private("ask", "--resume")
    child.expect_exact("Which room is it for?")
    child.send(ENTER)
    child.expect_exact("Do cats or dogs live with you?")
    child.send(DOWN + ENTER)
    child.expect_exact("Do you often forget to water plants?")
    child.send(ENTER)
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    assert list((private_state / "mendpath").iterdir()) == []
    assert list(temp.iterdir()) == []
    assert [p for p in home.rglob("*") if p.is_file()] == []
