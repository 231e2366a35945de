"""The real program in a 40-column pseudo-terminal with its summary going down a pipe: the
book's introduction and the resume menu are shown on the terminal, wrapped at words, and
kept out of the pipe; the menu is drawn once (probe P3, P5, P11)."""

from __future__ import annotations

import io
import os
import shlex
import sys
import textwrap
from pathlib import Path

import pexpect
from ptys import Screen, no_fixed_delays

ROOT = Path(__file__).parent.parent
BOOK = ROOT / "tests" / "books" / "good" / "long-texts.yaml"
DOWN, ENTER, SPACE = "\x1b[B", "\r", " "
INTRO = (
    "A few careful questions about where things stand now, with each point of the advice "
    "linked to the article it comes from, and your children kept in mind throughout."
)


def piped(state: Path, out: Path, *options: str) -> pexpect.spawn:
    """`mendpath ask --rules BOOK OPTIONS | cat > OUT` in a 40-column terminal."""
    command = shlex.join([sys.executable, "-m", "mendpath", "ask", "--rules", str(BOOK), *options])
    env = dict(os.environ, XDG_STATE_HOME=str(state), TERM="xterm", NO_COLOR="1")
    env["PROMPT_TOOLKIT_NO_CPR"] = "1"
    env.pop("COLUMNS", None)
    return no_fixed_delays(
        pexpect.spawn(
            "/bin/sh",
            ["-c", f"{command} | cat > {shlex.quote(str(out))}"],
            env=env,
            encoding="utf-8",
            timeout=15,
            dimensions=(40, 40),
        )
    )


def test_piped_summary_leaves_the_introduction_on_the_terminal(tmp_path: Path) -> None:
    out = tmp_path / "advice.txt"
    child = piped(tmp_path, out, "--no-save")
    # the introduction, wrapped at words at 40 columns, before question 1
    child.expect_exact("\r\n".join(textwrap.wrap(INTRO, 40)))
    child.expect_exact("question 1 of about")
    child.expect_exact("Enter)")
    child.send(DOWN + ENTER)
    child.expect_exact("question 2 of about")
    child.expect_exact("confirms")
    child.send(SPACE + ENTER)
    child.expect_exact("question 3 of about")
    child.expect_exact("goes back)")
    child.send("2020-01-01" + ENTER)
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    summary = out.read_text()
    assert summary.splitlines()[0].strip("─ ") == "Long texts"
    assert "A few careful questions" not in summary


def test_the_resume_menu_is_drawn_once_on_the_terminal_not_in_the_pipe(tmp_path: Path) -> None:
    out = tmp_path / "advice.txt"
    child = piped(tmp_path, out)
    child.expect_exact("Enter)")
    child.send(DOWN + ENTER)
    child.expect_exact("question 2 of about")
    child.expect_exact("confirms")
    child.sendintr()
    child.expect(pexpect.EOF)
    child.close()
    child = piped(tmp_path, out)
    log = io.StringIO()
    child.logfile_read = log
    child.expect_exact("Start over")
    child.expect_exact("deleted)")
    child.send(ENTER)  # continue where you stopped
    child.expect_exact("question 2 of about")
    child.expect_exact("confirms")
    child.sendintr()
    child.expect(pexpect.EOF)
    child.close()
    screen = Screen(40)
    screen.feed(log.getvalue())
    assert screen.overflow == 0
    shown = "\n".join(screen.lines())
    assert shown.count("You have saved answers") == 1, shown
    assert "? You have saved answers for this rule\n  book. Continue where you stopped" in shown
    assert "saved answers" not in out.read_text()
