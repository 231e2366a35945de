"""The commands behind the command line: each takes the parsed arguments, returns an exit code.

Paths arrive as text from `cli` and become Path objects here. Heavy modules are imported
inside the command that needs them.
"""

from __future__ import annotations

import argparse
import datetime
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from mendpath.errors import EXIT_INVALID, EXIT_OK, BookInvalid, MendpathError, UsageError

if TYPE_CHECKING:
    from mendpath.logic import engine
    from mendpath.model import Book


def _paths_of(values: list[str] | None) -> list[Path] | None:
    if values and "" in values:  # Path("") is the current folder: never what was meant
        raise UsageError("a path cannot be empty (was a variable left unset?)")
    return [Path(v) for v in values] if values else None


def _path_of(value: str | None) -> Path | None:
    return Path(value) if value is not None else None


def _validate(args: argparse.Namespace) -> int:
    from mendpath.book.bundled import bundled_rules
    from mendpath.book.validate import collect_files, validate
    from mendpath.files import display_name
    from mendpath.render.reports import REPORTERS

    paths: list[Path] = _paths_of(args.paths) or [bundled_rules()]
    if args.book_of:
        books = [[folder] for folder in dict.fromkeys(_book_folder(p) for p in paths)]
    else:
        _one_book(paths)
        books = [paths]
    ok = True
    reports: list[str] = []
    for book in books:
        result = validate(book, args.today)
        files = len(collect_files(book)[0])
        heading = f"{display_name(book[0])}:\n" if len(books) > 1 else ""
        reports.append(heading + REPORTERS[args.format](result, files, args.strict))
        ok = ok and result.ok(args.strict)
    if args.format == "json" and len(books) > 1:  # one JSON document: a list, one per book
        import json

        each = [
            json.loads(r.split("\n", 1)[1]) | {"book": display_name(b[0])}
            for r, b in zip(reports, books, strict=True)
        ]
        reports = [json.dumps(each, indent=2) + "\n"]
    sys.stdout.write("".join(reports))
    return EXIT_OK if ok else EXIT_INVALID


_BOOK_HEADING = r"^book\s*:"


def _has_book(file: Path) -> bool:
    """Whether a rule file holds a book's `book:` section (a quick look at its text)."""
    import re

    try:
        return re.search(_BOOK_HEADING, file.read_text("utf-8", "replace"), re.M) is not None
    except OSError:
        return False


def _book_folder(file: Path) -> Path:
    """The folder of the book a rule file belongs to: the nearest folder up from it that
    holds a file with `book:`, else the file's own folder."""
    for folder in [file.parent, *file.parent.parents]:
        if any(_has_book(f) for f in sorted(folder.glob("*.y*ml"))):
            return folder
    return file.parent


def _one_book(paths: list[Path]) -> None:
    """Refuse paths that hold two rule books (each with its own `book:`): merged, they
    would be checked as one."""
    from mendpath.book.validate import collect_files
    from mendpath.errors import UsageError

    if len(paths) < 2:
        return
    with_book = [
        str(path) for path in paths if any(_has_book(f) for f, _ in collect_files([path])[0])
    ]
    if len(with_book) > 1:
        each = "; ".join(f"mendpath validate {p}" for p in with_book)
        raise UsageError(
            f"{' and '.join(with_book)} are {len(with_book)} rule books (each has `book:`); "
            f"validate each on its own: {each}"
        )


def _schema(args: argparse.Namespace) -> int:
    from mendpath.book.fast_check import schema_text

    sys.stdout.write(schema_text())
    return EXIT_OK


def _ask(args: argparse.Namespace) -> int:
    from mendpath.ask.console import plain_wanted
    from mendpath.ask.session import AskOptions, run_ask
    from mendpath.errors import UsageError
    from mendpath.render.output import format_for

    if args.all and not args.explain:
        raise UsageError("--all goes with --explain (or use `mendpath explain --all`)")
    fmt, inferred = args.format, False
    if fmt is None:
        found = format_for(args.output) if args.output is not None else None
        fmt, inferred = found or "terminal", found is not None
    plain = plain_wanted(args.plain)
    output = _path_of(args.output)
    hint: list[str] = []
    if output is not None:
        hint += ["--output", str(output)]
    if fmt != "terminal" and not args.explain:
        hint += ["--format", fmt]
    if getattr(args, "explain", False):
        hint += ["--explain"] + (["--all"] if args.all else [])
    if args.plain:
        hint += ["--plain"]
    if args.today is not None:
        hint += ["--today", args.today.isoformat()]
    opts = AskOptions(
        rules=_paths_of(args.rules),
        answers_file=_path_of(args.answers),
        answer_pairs=args.answer,
        resume=args.resume,
        save=args.save,
        record=_path_of(args.record),
        output=output,
        force=args.force,
        extra_hint=hint,
        plain=plain,
        language=args.lang,
        today=args.today,
    )
    from mendpath.i18n import tr, trn

    closing: list[str] = []  # after "finished", said once the run's language is known

    def deliver(book: Book, done: engine.Done) -> None:
        """Show the result, or write it to --output: before saved progress is removed."""
        if args.explain:
            from mendpath.logic.explain import explain
            from mendpath.render.output import explanation_text

            _emit(explanation_text(explain(book, done.answers, everything=args.all)), args)
            return
        from mendpath.logic.summary import summarise
        from mendpath.render.output import summary_text

        summary = summarise(book, done.answers)
        count = len(summary.items)
        closing.append(
            trn(
                ": {count} piece of advice for your answers",
                ": {count} pieces of advice for your answers",
                count,
            ).format(count=count)
        )
        to_screen = output is None and sys.stdout.isatty() and not plain
        shown = summary_text(summary, fmt, not to_screen, bare=plain and output is None)
        if shown is not None:  # None: printed straight to the terminal
            _emit(shown, args)

    run_ask(opts, deliver)
    if output is not None:
        how = tr("from its extension") if inferred else tr("as asked")
        closing.append(
            tr(", written to {path} (format: {format}, {how}; choose with --format)").format(
                path=output, format=fmt, how=how
            )
        )
    _closing("mendpath: " + tr("finished") + "".join(closing) + ".", args.output)
    return EXIT_OK


def _closing(line: str, output: str | None) -> None:
    """The last line of an interview, on the terminal (standard error): said after every
    interview, and whenever a file was written, so the user knows where it is."""
    if output is not None or sys.stdin.isatty():
        print(line, file=sys.stderr)


def _emit(text: str, args: argparse.Namespace) -> None:
    """Write a result to the --output file (readable only by its owner), or to the screen."""
    if args.output is None:
        sys.stdout.write(text)
        return
    from mendpath.files import write_private

    write_private(Path(args.output), text, force=args.force)


def _book(args: argparse.Namespace, allow: frozenset[str] = frozenset()) -> Book:
    """The book named by --rules (or the bundled one); errors other than `allow` stop here."""
    from mendpath.book.bundled import bundled_rules
    from mendpath.book.validate import load_valid_book

    given = _paths_of(args.rules) or []
    return load_valid_book(given or [bundled_rules()], allow, given, args.today)


def _graph(args: argparse.Namespace) -> int:
    from mendpath.author.drawing import graph_dot, graph_mermaid

    book = _book(args)
    answers = None
    if args.answers is not None:  # checked as `ask` checks them: as if typed
        from mendpath.answer_files import read_answers
        from mendpath.logic.answers import AnswerRejected, check_given, placed, refuse_given
        from mendpath.logic.measures import today_is

        given, places = read_answers(Path(args.answers))
        try:
            with today_is(args.today):
                answers = check_given(book, given, args.answers)
                refuse_given(book, answers, args.answers)
        except AnswerRejected as exc:
            raise placed(exc, places) from None
    text = (graph_dot if args.format == "dot" else graph_mermaid)(book, answers)
    _emit(text, args)
    return EXIT_OK


def _paths(args: argparse.Namespace) -> int:
    import json

    from mendpath.author.examples import advice_examples, count_outcomes, count_routes
    from mendpath.logic.walks import MAX_WALKS, TooManyWalks

    book = _book(
        args, allow=frozenset({"MP130", "MP131", "MP132"})
    )  # unreachable advice is what it explores
    try:
        routes = count_routes(book)
        examples = [] if args.count else advice_examples(book)
    except TooManyWalks:
        raise MendpathError(
            f"the routes read earlier answers and have more than {MAX_WALKS:,} walks, "
            "too many to count or to find examples in (see MP138 in docs/checks.md)"
        ) from None
    outcomes = count_outcomes(book) if args.outcomes else None
    if args.format == "json":
        exact = routes < 10**4000  # Python writes integers of up to 4,300 digits
        payload: dict[str, object] = {
            "routes": routes if exact else _about(routes),
            "routes_exact": exact,
            "advice": [
                {"id": e.advice, "reachable": e.answers is not None, "example": e.answers}
                | ({"note": e.note} if e.note else {})
                for e in examples
            ],
        }
        if args.outcomes:
            payload["outcomes"] = outcomes  # None: too many walks to count
        sys.stdout.write(json.dumps(payload, indent=2, ensure_ascii=False) + "\n")
    else:
        count = f"{routes:,}" if routes < 10**15 else _about(routes, plain=False)
        lines = [
            f"{count} distinct route(s) from the first question to the end"
            " (distinct sequences of questions asked)"
        ]
        if args.outcomes:
            lines.append(
                f"{outcomes:,} distinct outcome(s) (distinct sets of advice shown)"
                if outcomes is not None
                else "distinct outcomes not counted: more walks than can be explored"
                f" ({MAX_WALKS:,}), or a loop"
            )
        lines += [""] if examples else []
        for e in examples:
            if e.answers is None:
                lines.append(
                    f"{e.advice}: no set of answers shows it" + (f" ({e.note})" if e.note else "")
                )
            else:
                shown = " ".join(f"{q}={_answer_text(v)}" for q, v in e.answers.items())
                lines.append(f"{e.advice}: {shown}")
        sys.stdout.write("\n".join(lines) + "\n")
    return EXIT_OK


def _about(number: int, plain: bool = True) -> str:
    """A huge count in scientific form, without writing out its digits: 5.44e+2089 (plain)
    or "about 5.44 x 10^2089" with a multiplication sign."""
    import math

    exponent = math.floor(math.log10(number))
    mantissa = 10 ** (math.log10(number) - exponent)
    if mantissa >= 9.995:  # rounding would show 10.00
        mantissa, exponent = 1.0, exponent + 1
    return f"{mantissa:.2f}e+{exponent}" if plain else f"about {mantissa:.2f} \u00d7 10^{exponent}"


def _answer_text(value: object) -> str:
    """An answer as `--answer` takes it: a,b for lists, "" for nothing."""
    if isinstance(value, list):
        return ",".join(value) or '""'
    return str(value) or '""'


def _test(args: argparse.Namespace) -> int:
    from mendpath.author.scenario_files import load_scenarios
    from mendpath.author.scenario_runs import report, run_scenario
    from mendpath.book.bundled import bundled_scenarios

    book = _book(args)
    if args.lang is not None:
        book = _in_language(book, args.lang)
    books: dict[datetime.date, Book] = {}

    def book_on(day: datetime.date) -> Book:
        """The book read for a scenario file's `today`."""
        if day not in books:
            dated = _book(argparse.Namespace(**{**vars(args), "today": day}))
            books[day] = dated if args.lang is None else _in_language(dated, args.lang)
        return books[day]

    files = _paths_of(args.files) or [bundled_scenarios()]
    scenarios, problems = load_scenarios(files, book, book_on)
    if problems:
        raise BookInvalid(problems, what="the scenario files")
    if not scenarios:
        raise MendpathError("no scenarios found in " + ", ".join(str(f) for f in files))
    own = [book if s.today is None else book_on(s.today) for s in scenarios]  # each its day
    text, passed = report([run_scenario(b, s) for b, s in zip(own, scenarios, strict=True)], book)
    sys.stdout.write(text)
    if args.coverage or args.fail_under is not None:
        from mendpath.author.coverage import coverage, coverage_text, whole_percent

        days = {s.today for s in scenarios}  # one pinned day for all: classes cut on it
        (only,) = days if len(days) == 1 else (None,)
        covered = book if only is None else book_on(only)
        stopped = (s.refused is not None for s in scenarios)  # refused: never a summary
        reached = coverage(covered, (s.answers for s in scenarios), own, stopped)
        sys.stdout.write(coverage_text(reached))
        if args.fail_under is not None and reached.percent < args.fail_under:
            shown = whole_percent(reached.percent)
            under = f"{shown} is under --fail-under {args.fail_under:g}%"
            sys.stdout.write(f"FAIL  coverage {under}\n")
            passed = False
    return EXIT_OK if passed else EXIT_INVALID


def _in_language(book: Book, language: str) -> Book:
    """The book in a language it has (for authors' tools: no quiet fallback)."""
    from mendpath.book.translations import translated

    has = sorted({book.language, *book.translations})
    if language not in has:
        raise UsageError(f"the book is not translated into {language} (it has: {', '.join(has)})")
    return translated(book, language)


def _init(args: argparse.Namespace) -> int:
    from mendpath.author.starter import create_starter

    folder = Path(args.folder)
    create_starter(folder)
    print(
        f"Created a small rule book in {folder}. Next:\n"
        f"  mendpath validate --strict {folder / 'rules'}\n"
        f"  mendpath test --rules {folder / 'rules'} {folder / 'scenarios'}\n"
        f"  mendpath ask --rules {folder / 'rules'}"
    )
    return EXIT_OK


def _forget(args: argparse.Namespace) -> int:
    from mendpath.ask.progress import NoState, forget_all
    from mendpath.files import display_name
    from mendpath.text import printable

    try:
        removed = forget_all()
    except NoState as exc:
        raise MendpathError(f"saved progress cannot be deleted: {exc}") from None
    if not removed:
        print("mendpath has nothing saved; there was nothing to delete.")
        return EXIT_OK
    print(f"Deleted {len(removed)} file(s) mendpath had saved:")
    for path in removed:
        print(f"  {printable(display_name(path))}")
    return EXIT_OK


COMMANDS = {
    "validate": _validate,
    "schema": _schema,
    "ask": _ask,
    "explain": _ask,
    "forget": _forget,
    "graph": _graph,
    "paths": _paths,
    "test": _test,
    "init": _init,
}
