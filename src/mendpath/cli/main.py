"""The command line: parse arguments, run a command, turn every outcome into an exit code.

Exit codes are defined in errors.py; this is the one place that turns outcomes into them.
Heavy modules (jsonschema, questionary, rich) are imported only by the commands that use them.
"""

from __future__ import annotations

import argparse
import datetime
import sys
from collections.abc import Sequence
from typing import Any

from mendpath import __version__
from mendpath.errors import (
    EXIT_BUG,
    EXIT_INTERRUPTED,
    EXIT_OK,
    BookInvalid,
    MendpathError,
    UsageError,
)
from mendpath.render.output import FORMATS


class _Parser(argparse.ArgumentParser):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        # No abbreviations: `graph --answer q=v` was read as `--answers q=v` (a file)
        kwargs.setdefault("allow_abbrev", False)
        super().__init__(*args, **kwargs)

    def error(self, message: str) -> None:  # type: ignore[override]
        raise UsageError(f"{message}\n{self.format_usage().strip()}")


def _command(
    sub: argparse._SubParsersAction[_Parser],
    name: str,
    summary: str,
    parents: Sequence[_Parser] = (),
) -> argparse.ArgumentParser:
    """A subcommand whose --help opens with the same line `mendpath --help` lists it by."""
    return sub.add_parser(
        name, parents=list(parents), help=summary, description=summary[:1].upper() + summary[1:]
    )


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    """The parser of every command; with `command`, only that command's options are added
    (the others are listed, with their summaries, for `mendpath --help` and for errors):
    argparse takes a few milliseconds to add them all, a tenth of a whole run."""

    def full(name: str) -> bool:
        return command is None or command == name

    parser = _Parser(
        prog="mendpath",
        description="Answer a few careful questions; get advice that fits your situation, "
        "each point with its source.",
        epilog="Without a command, mendpath runs `ask` on the bundled rule book.",
    )
    parser.add_argument("--version", action="version", version=f"mendpath {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    answers = _Parser(add_help=False)
    if full("ask") or full("explain"):
        _answer_options(answers)
    ask = _command(sub, "ask", "run the questionnaire (the default)", parents=[answers])
    if full("ask"):
        _ask_options(ask)
    why = "why each piece of advice appears (the same as ask --explain)"
    explain = _command(sub, "explain", why, parents=[answers])
    if full("explain"):
        explain.add_argument(
            "--all",
            action="store_true",
            help="also the advice not shown, and which condition failed",
        )
    explain.set_defaults(explain=True, format="terminal")

    _command(sub, "forget", "delete everything mendpath saved (progress, crash reports)")

    validate = _command(sub, "validate", "check rule files and report every problem")
    if full("validate"):
        _validate_options(validate)

    _command(sub, "schema", "print the JSON Schema of rule files")

    book = _Parser(add_help=False)
    if full("graph") or full("paths") or full("test"):
        book.add_argument(
            "--rules",
            action="append",
            metavar="PATH",
            help="the rule book (folder or file; default: the bundled one)",
        )
        _today_option(book)

    graph = _command(sub, "graph", "draw the decision tree as a flowchart", parents=[book])
    if full("graph"):
        _graph_options(graph)
    routes = "count the routes, and give answers that show each piece of advice"
    paths = _command(sub, "paths", routes, parents=[book])
    if full("paths"):
        _paths_options(paths)
    test = _command(
        sub, "test", "run scenario files: answers and the advice they must show", parents=[book]
    )
    if full("test"):
        _test_options(test)
    init = _command(sub, "init", "create a small valid rule book to start from")
    if full("init"):
        init.add_argument("folder", metavar="FOLDER", help="a new or empty folder")
    return parser


def _today(text: str) -> datetime.date:
    """--today: a date written 2026-11-23, read as a fixed date in a book is."""
    from mendpath.logic.calendar import fixed_day  # here: --help pays nothing for it

    day = fixed_day(text)
    if day is None:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date written like 2026-11-23")
    return datetime.date.fromordinal(day)


def _today_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--today",
        type=_today,
        metavar="DATE",
        help="the day a date relative to today in the book is worked out from, written "
        "2026-11-23 (default: today's date)",
    )


def _answer_options(answers: argparse.ArgumentParser) -> None:
    answers.add_argument(
        "--rules",
        action="append",
        metavar="PATH",
        help="a rule book (folder or file) to use instead of the bundled one",
    )
    answers.add_argument(
        "--answers",
        metavar="FILE",
        help="answers to use without asking (YAML or JSON: question id -> answer)",
    )
    answers.add_argument(
        "--answer",
        action="append",
        default=[],
        metavar="ID=VALUE",
        help="one answer (repeatable); a list of choices is written a,b",
    )
    answers.add_argument("--resume", action="store_true", help="continue where you stopped")
    answers.add_argument(
        "--no-save",
        dest="save",
        action="store_false",
        help="keep nothing on disk, not even progress",
    )
    answers.add_argument(
        "--record",
        metavar="FILE",
        help="write your answers to FILE, to replay the same interview later",
    )
    answers.add_argument(
        "--output",
        metavar="FILE",
        help="write the result to FILE (private to you) instead of the screen",
    )
    answers.add_argument(
        "--force",
        action="store_true",
        help="replace the --output or --record file when it exists",
    )
    answers.add_argument(
        "--plain",
        action="store_true",
        help="plain prompts for screen readers: numbered choices, no colour or cursor movement "
        "(chosen when TERM=dumb)",
    )

    answers.add_argument(
        "--lang",
        metavar="LANG",
        help="the language to ask and answer in, e.g. es (default: from LANGUAGE, LC_ALL, "
        "LC_MESSAGES or LANG); a language the book does not have falls back to its own",
    )
    _today_option(answers)


def _ask_options(ask: argparse.ArgumentParser) -> None:
    ask.add_argument(
        "--format",
        choices=list(FORMATS),
        default=None,
        help="how to show the summary (default: from the --output file's extension, else terminal)",
    )
    ask.add_argument(
        "--explain",
        action="store_true",
        help="show why each piece of advice appears, instead of the summary",
    )
    ask.add_argument(
        "--all", action="store_true", help="with --explain: also the advice not shown, and why not"
    )


def _validate_options(validate: argparse.ArgumentParser) -> None:
    validate.add_argument(
        "paths",
        nargs="*",
        metavar="PATH",
        help="rule files or folders (default: the bundled book)",
    )
    validate.add_argument("--format", choices=["text", "json"], default="text")
    validate.add_argument("--strict", action="store_true", help="warnings fail too")
    validate.add_argument(
        "--book-of",
        action="store_true",
        help="each PATH is a rule file checked with the rest of its folder's book, each book "
        "on its own (the pre-commit hook passes the rule files that changed)",
    )
    _today_option(validate)


def _graph_options(graph: argparse.ArgumentParser) -> None:
    graph.add_argument("--format", choices=["mermaid", "dot"], default="mermaid")
    graph.add_argument(
        "--answers",
        metavar="FILE",
        help="highlight the route these answers take, and the advice they show",
    )
    graph.add_argument("--output", metavar="FILE", help="write to FILE")
    graph.add_argument("--force", action="store_true", help="replace FILE when it exists")


def _paths_options(paths: argparse.ArgumentParser) -> None:
    paths.add_argument("--format", choices=["text", "json"], default="text")
    paths.add_argument(
        "--count",
        action="store_true",
        help="only count the routes, distinct sequences of questions asked (quick on any book)",
    )
    paths.add_argument(
        "--outcomes",
        action="store_true",
        help="also count the distinct outcomes: distinct sets of advice shown, over every answer",
    )


def _test_options(test: argparse.ArgumentParser) -> None:
    test.add_argument(
        "files",
        nargs="*",
        metavar="FILE",
        help="scenario files or folders (default: the bundled book's scenarios)",
    )
    test.add_argument(
        "--lang",
        metavar="LANG",
        help="run the scenarios on the book in this language (one it is translated into)",
    )
    test.add_argument(
        "--coverage",
        action="store_true",
        help="also say which advice items, situations and answer classes the scenarios reach",
    )
    test.add_argument(
        "--fail-under",
        type=float,
        metavar="N",
        help="fail when the coverage is under N percent (implies --coverage)",
    )


class _Closed:
    """Standard output when it was closed before mendpath started: writing is an error the
    user can fix, not a bug."""

    def write(self, text: str) -> int:
        raise MendpathError("standard output is closed; nothing can be shown (try --output FILE)")

    def flush(self) -> None:
        pass

    def isatty(self) -> bool:
        return False


def _say(text: str) -> None:
    """A line on stderr; a closed terminal or stderr must not turn it into a crash."""
    try:  # noqa: SIM105 (contextlib.suppress: --help would pay to import contextlib)
        print(text, file=sys.stderr)
    except (OSError, ValueError):
        pass


def _command_parser(parser: argparse.ArgumentParser, command: str) -> argparse.ArgumentParser:
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction) and command in action.choices:
            found: argparse.ArgumentParser = action.choices[command]
            return found
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run mendpath with these arguments; returns the exit code."""
    argv = list(sys.argv[1:] if argv is None else argv)
    if not argv or (argv[0].startswith("-") and argv[0] not in ("-h", "--help", "--version")):
        argv = ["ask", *argv]
    parser = build_parser(argv[0])  # the command's options; only names for the others
    keep_nothing = "--no-save" in argv  # decided before parsing, which may fail
    if sys.stdout is None:  # started with standard output closed
        sys.stdout = _Closed()
    try:
        args, extra = parser.parse_known_args(argv)
        if extra:  # said with the command's own usage, not mendpath's
            import os.path

            hint = ""
            if hasattr(args, "rules") and any(os.path.exists(e) for e in extra):
                hint = " (a rule book is given as --rules PATH)"
            _command_parser(parser, args.command).error(
                f"unrecognized arguments: {' '.join(extra)}{hint}"
            )
        keep_nothing = getattr(args, "save", True) is False
        from mendpath.cli.commands import COMMANDS  # only the command run pays for its imports

        return COMMANDS[args.command](args)
    except BookInvalid as exc:
        from mendpath.text import printable

        for problem in exc.problems:
            _say(problem.format())
        _say(f"mendpath: {printable(exc.message)}")
        return exc.exit_code
    except MendpathError as exc:
        from mendpath.text import printable_lines

        _say(f"mendpath: {printable_lines(exc.message)}")
        return exc.exit_code
    except KeyboardInterrupt:
        _say("\nmendpath: interrupted")
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        return EXIT_OK
    except SystemExit as exc:  # --help and --version end here
        return exc.code if isinstance(exc.code, int) else EXIT_OK
    except Exception:  # a bug: say so briefly, keep the details for the report
        where = _write_crash_report(keep_nothing)
        _say(
            "mendpath: something went wrong inside mendpath (a bug, not your doing). "
            f"Please report it, attaching {where}."
        )
        return EXIT_BUG


def _write_crash_report(keep_nothing: bool) -> str:
    """Write the traceback to a private file in the state folder; returns where. With
    --no-save nothing is written: the details are printed instead."""
    import traceback

    details = f"mendpath {__version__}, Python {sys.version.split()[0]}\n" + traceback.format_exc()
    if not keep_nothing:
        from mendpath.ask.progress import CRASH_PREFIX, NoState, check_folder, state_dir
        from mendpath.files import new_private_file

        try:
            folder = state_dir()
            check_folder(folder, create=True)
            data = details.encode("utf-8")
            return new_private_file(folder, data, prefix=CRASH_PREFIX, suffix=".txt")
        except (OSError, NoState):
            pass
    from mendpath.text import printable_lines

    _say(printable_lines(details))
    return "the details printed above"
