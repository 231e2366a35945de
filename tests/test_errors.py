"""Exit codes are defined once (errors.py) and every error type carries its own."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from mendpath import errors
from mendpath.cli.main import main
from mendpath.errors import BookInvalid, MendpathError, Stopped, UsageError
from mendpath.problems import Problem

SRC = Path(__file__).parent.parent / "src" / "mendpath"


def test_the_codes() -> None:
    assert (errors.EXIT_OK, errors.EXIT_INVALID, errors.EXIT_USAGE) == (0, 1, 2)
    assert (errors.EXIT_BUG, errors.EXIT_INTERRUPTED) == (3, 130)
    assert MendpathError("x").exit_code == 1
    assert MendpathError("x", exit_code=errors.EXIT_USAGE).exit_code == 2
    assert UsageError("x").exit_code == 2
    assert Stopped("x").exit_code == 130
    book = BookInvalid([Problem("a.yaml", 1, 1, "error", "MP001", "bad")])
    assert (book.exit_code, book.message) == (
        1,
        "the rule book has 1 error(s); run `mendpath validate`",
    )


def test_no_exit_code_is_written_out_anywhere_else() -> None:
    """Only errors.py spells the numbers; everything else names them."""
    pattern = re.compile(r"exit_code\s*=\s*\d|EXIT_\w+\s*=|sys\.exit\(\d|\b130\b")
    found = [
        f"{path.relative_to(SRC)}:{n}: {line.strip()}"
        for path in sorted(SRC.rglob("*.py"))
        if path.name != "errors.py"
        for n, line in enumerate(path.read_text().splitlines(), 1)
        if pattern.search(line.split("#", 1)[0])  # comments may name a code
    ]
    assert found == []


@pytest.mark.parametrize(
    ("error", "code", "message"),
    [
        (MendpathError("cannot read it"), 1, "mendpath: cannot read it"),
        (UsageError("no such option"), 2, "mendpath: no such option"),
        (Stopped("stopped; nothing was saved"), 130, "mendpath: stopped; nothing was saved"),
    ],
)
def test_the_handler_prints_the_message_and_returns_the_code(
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    error: MendpathError,
    code: int,
    message: str,
) -> None:
    import mendpath.cli.commands

    def fail(args: object) -> int:
        raise error

    monkeypatch.setitem(mendpath.cli.commands.COMMANDS, "schema", fail)
    assert main(["schema"]) == code
    assert capsys.readouterr().err == message + "\n"
