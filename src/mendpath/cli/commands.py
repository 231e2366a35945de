"""The commands behind the command line: each takes the parsed arguments, returns an exit code.

Paths arrive as text from `cli` and become Path objects here. Heavy modules are imported
inside the command that needs them.
"""

from __future__ import annotations

import argparse
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
    from mendpath.render.reports import REPORTERS

    paths: list[Path] = _paths_of(args.paths) or [bundled_rules()]
    result = validate(paths)
    files = len(collect_files(paths)[0])
    sys.stdout.write(REPORTERS[args.format](result, files, args.strict))
    return EXIT_OK if result.ok(args.strict) else EXIT_INVALID


def _schema(args: argparse.Namespace) -> int:
    from mendpath.book.shape import schema_text

    sys.stdout.write(schema_text())
    return EXIT_OK


def _ask(args: argparse.Namespace) -> int:
    from mendpath.ask.session import AskOptions, run_ask

    output = _path_of(args.output)
    hint: list[str] = []
    if output is not None:
        hint += ["--output", str(output)]
    if args.format != "terminal" and not args.explain:
        hint += ["--format", args.format]
    opts = AskOptions(
        rules=_paths_of(args.rules),
        answers_file=_path_of(args.answers),
        answer_pairs=args.answer,
        resume=args.resume,
        save=args.save,
        record=_path_of(args.record),
        force=args.force,
        extra_hint=hint,
    )

    def deliver(book: Book, done: engine.Done) -> None:
        """Show the result, or write it to --output: before saved progress is removed."""
        if args.explain:
            from mendpath.logic.explain import explain
            from mendpath.render.output import explanation_text

            _emit(explanation_text(explain(book, done.answers, everything=args.all)), args)
            return
        from mendpath.logic.summary import summarise
        from mendpath.render.output import summary_text

        shown = summary_text(summarise(book, done.answers), args.format, output is not None)
        if shown is not None:  # None: printed straight to the terminal
            _emit(shown, args)

    run_ask(opts, deliver)
    return EXIT_OK


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

    return load_valid_book(_paths_of(args.rules) or [bundled_rules()], allow)


def _graph(args: argparse.Namespace) -> int:
    from mendpath.author.drawing import graph_dot, graph_mermaid

    book = _book(args)
    answers = None
    if args.answers is not None:
        from mendpath.logic.answers import check_given, read_answers_file

        answers = check_given(book, read_answers_file(Path(args.answers)), args.answers)
    text = (graph_dot if args.format == "dot" else graph_mermaid)(book, answers)
    _emit(text, args)
    return EXIT_OK


def _paths(args: argparse.Namespace) -> int:
    import json

    from mendpath.author.examples import advice_examples, count_routes

    book = _book(
        args, allow=frozenset({"MP130", "MP131", "MP132"})
    )  # unreachable advice is what it explores
    routes = count_routes(book)
    examples = [] if args.count else advice_examples(book)
    if args.format == "json":
        exact = routes < 10**4000  # Python writes integers of up to 4,300 digits
        payload = {
            "routes": routes if exact else _about(routes),
            "routes_exact": exact,
            "advice": [
                {"id": e.advice, "reachable": e.answers is not None, "example": e.answers}
                | ({"note": e.note} if e.note else {})
                for e in examples
            ],
        }
        sys.stdout.write(json.dumps(payload, indent=2, ensure_ascii=False) + "\n")
    else:
        count = f"{routes:,}" if routes < 10**15 else _about(routes, plain=False)
        lines = [f"{count} distinct route(s) from the first question to the end"]
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
    from mendpath.author.scenario_files import load_scenarios, report, run_scenario
    from mendpath.book.bundled import bundled_scenarios

    book = _book(args)
    files = _paths_of(args.files) or [bundled_scenarios()]
    scenarios, problems = load_scenarios(files, book)
    if problems:
        raise BookInvalid(problems, what="the scenario files")
    if not scenarios:
        raise MendpathError("no scenarios found in " + ", ".join(str(f) for f in files))
    text, passed = report([run_scenario(book, s) for s in scenarios], book)
    sys.stdout.write(text)
    return EXIT_OK if passed else EXIT_INVALID


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
}
