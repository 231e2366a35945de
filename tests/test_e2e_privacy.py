"""The real program in a pseudo-terminal: closing the terminal window, the offer to resume or
start over, and a second interview with the same book (issue 14, findings 6 and 12)."""

from __future__ import annotations

import contextlib
import os
import signal
import sys
import time
from pathlib import Path

import pexpect
from ptys import no_fixed_delays

ROOT = Path(__file__).parent.parent
PLANTS = str(ROOT / "examples" / "houseplants")
DOWN, ENTER = "\x1b[B", "\r"


def spawn(state: Path, *args: str) -> pexpect.spawn:
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


def names(state: Path) -> list[str]:
    folder = state / "mendpath"
    return sorted(p.name for p in folder.iterdir()) if folder.exists() else []


def close_window(child: pexpect.spawn) -> int:
    """Close the terminal as a window manager does: the pty's master side goes away (the
    kernel hangs up the session) and a SIGHUP follows; returns the exit status."""
    os.close(child.child_fd)
    for _ in range(3):  # the kernel's hang-up, then the terminal's own, then another
        # os.kill, not child.kill: that asks isalive(), which may reap the child first
        with contextlib.suppress(ProcessLookupError):
            os.kill(child.pid, signal.SIGHUP)
        time.sleep(0.02)
    _, status = os.waitpid(child.pid, 0)
    child.closed = True
    return os.waitstatus_to_exitcode(status)


def test_closing_the_terminal_keeps_progress_quietly(private_state: Path) -> None:
    child = spawn(private_state, "ask", "--rules", PLANTS)
    child.expect_exact("How much light")
    child.send(DOWN + ENTER)
    child.expect_exact("Which room is it for?")
    assert close_window(child) == 130
    kept = [n for n in names(private_state) if n.endswith(".json")]
    assert len(kept) == 1
    assert not [n for n in names(private_state) if n.startswith("crash-")]


def test_closing_the_terminal_with_no_save_leaves_nothing(private_state: Path) -> None:
    child = spawn(private_state, "ask", "--rules", PLANTS, "--no-save")
    child.expect_exact("How much light")
    child.send(DOWN + ENTER)
    child.expect_exact("Which room is it for?")
    assert close_window(child) == 130
    assert not (private_state / "mendpath").exists()


def test_ask_offers_to_resume_or_start_over(private_state: Path) -> None:
    child = spawn(private_state, "ask", "--rules", PLANTS)
    child.expect_exact("How much light")
    child.send(DOWN + ENTER)  # medium
    child.expect_exact("Which room is it for?")
    child.sendcontrol("c")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 130

    child = spawn(private_state, "ask", "--rules", PLANTS)
    child.expect_exact("You have saved answers for this rule book.")
    child.send(ENTER)  # continue
    child.expect_exact("resuming \u201cWhich houseplant suits you?\u201d version 1.0")
    child.expect_exact("Which room is it for?")
    child.sendcontrol("c")
    child.expect(pexpect.EOF)
    child.close()

    child = spawn(private_state, "ask", "--rules", PLANTS)
    child.expect_exact("You have saved answers for this rule book.")
    child.send(DOWN + ENTER)  # start over
    child.expect_exact("the saved progress was deleted; starting afresh.")
    child.expect_exact("How much light")
    child.sendcontrol("c")
    child.expect(pexpect.EOF)
    child.close()


def test_a_second_interview_says_it_cannot_save(private_state: Path) -> None:
    first = spawn(private_state, "ask", "--rules", PLANTS, "--no-save")
    first.expect_exact("How much light")
    holder = spawn(private_state, "ask", "--rules", PLANTS)
    holder.expect_exact("How much light")
    second = spawn(private_state, "ask", "--rules", PLANTS)
    second.expect_exact("progress will not be kept: another mendpath interview")
    second.expect_exact("How much light")
    for child in (first, holder, second):
        child.sendcontrol("c")
        child.expect(pexpect.EOF)
        child.close()
