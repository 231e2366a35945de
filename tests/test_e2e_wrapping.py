"""The real program in a 40-column pseudo-terminal with its summary going down a pipe: the
book's introduction is shown on the terminal, wrapped at words, and kept out of the pipe
(probe P3, P5)."""

from __future__ import annotations

import os
import shlex
import sys
import textwrap
from pathlib import Path

import pexpect
from ptys import no_fixed_delays

ROOT = Path(__file__).parent.parent
BOOK = ROOT / "tests" / "books" / "good" / "long-texts.yaml"
DOWN, ENTER, SPACE = "\x1b[B", "\r", " "
INTRO = (
    "A few careful questions about where things stand now, with each point of the advice "
    "linked to the article it comes from, and your children kept in mind throughout."
)


def test_piped_summary_leaves_the_introduction_on_the_terminal(tmp_path: Path) -> None:
    out = tmp_path / "advice.txt"
    command = shlex.join([sys.executable, "-m", "mendpath", "ask", "--rules", str(BOOK)])
    env = dict(os.environ, XDG_STATE_HOME=str(tmp_path), TERM="xterm", NO_COLOR="1")
    env["PROMPT_TOOLKIT_NO_CPR"] = "1"
    env.pop("COLUMNS", None)
    child = no_fixed_delays(
        pexpect.spawn(
            "/bin/sh",
            ["-c", f"{command} --no-save | cat > {shlex.quote(str(out))}"],
            env=env,
            encoding="utf-8",
            timeout=15,
            dimensions=(40, 40),
        )
    )
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
