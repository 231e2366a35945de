"""Exit codes, and the one user-facing error type that carries one.

Every error a user can cause is a `MendpathError`: the command line prints its message and
exits with its code, never a traceback. Exit codes are defined here and nowhere else.
"""

from __future__ import annotations

from collections.abc import Sequence

from mendpath.problems import Problem

EXIT_OK = 0  # done, or the book is valid
EXIT_INVALID = 1  # invalid input, a failed check, a file that cannot be written
EXIT_USAGE = 2  # the command line asks for something impossible
EXIT_BUG = 3  # an unexpected error (a crash report is written)
EXIT_INTERRUPTED = 130  # Ctrl-C, Ctrl-D, a closed terminal, SIGTERM


class MendpathError(Exception):
    """An error the user can cause and fix: printed as a message, never a traceback."""

    exit_code = EXIT_INVALID

    def __init__(self, message: str, *, exit_code: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        if exit_code is not None:
            self.exit_code = exit_code


class UsageError(MendpathError):
    """The command line asks for something impossible (exit 2)."""

    exit_code = EXIT_USAGE


class BookInvalid(MendpathError):
    """A rule book that has errors: carries every problem found."""

    def __init__(
        self, problems: list[Problem], what: str = "the rule book", paths: Sequence[str] = ()
    ) -> None:
        """`paths`: the book's paths as the user gave them (none for the bundled book), so
        the suggested command checks the same book."""
        import shlex

        errors = [p for p in problems if p.severity == "error"]
        command = shlex.join(["mendpath", "validate", *paths])
        hint = f"; run `{command}`" if what == "the rule book" else ""
        verb = "have" if what.endswith("s") else "has"
        super().__init__(f"{what} {verb} {len(errors)} error(s){hint}")
        self.problems = problems


class Stopped(MendpathError):
    """The person stopped the interview: what was kept is said in the message (exit 130)."""

    exit_code = EXIT_INTERRUPTED
