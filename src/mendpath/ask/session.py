"""The `ask` command: load a valid book, gather given answers, interview, keep progress, show.

Answers come in layers: saved progress (with --resume), then an answers file, then
--answer pairs; the interview asks only what is still missing, and only in a terminal.
"""

from __future__ import annotations

import os
import signal
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from types import FrameType
from typing import TYPE_CHECKING, Any, NamedTuple

from mendpath.ask.interview import Back, Interrupted, run
from mendpath.book.bundled import bundled_rules, load_trusted
from mendpath.book.validate import load_valid_book
from mendpath.errors import Stopped, UsageError
from mendpath.files import display_name, write_private
from mendpath.logic import engine
from mendpath.logic.answers import answers_text, check_given, parse_pairs, read_answers_file
from mendpath.model import Answer, Book

if TYPE_CHECKING:
    from mendpath.ask import progress

RESUME_HINT = "mendpath ask --resume"


class AskOptions(NamedTuple):
    rules: list[Path] | None = None
    answers_file: Path | None = None
    answer_pairs: Sequence[str] = ()
    resume: bool = False
    save: bool = True
    record: Path | None = None
    interactive: bool | None = None  # None: decide from the terminal
    plain: bool = False  # plain prompts (ask/plain.py), also chosen when TERM=dumb


def _no_terminal(step: engine.Ask, current: Answer | None, texts: dict[str, str]) -> Answer | Back:
    raise UsageError(
        f"question '{step.question.id}' has no answer and there is no terminal to ask it in; "
        "give answers with --answers FILE or --answer ID=VALUE, or run mendpath in a terminal "
        "with --output FILE to keep the summary in a file"
    )


@contextmanager
def _signals_interrupt(interactive: bool) -> Iterator[None]:
    """SIGTERM and SIGHUP stop the interview like Ctrl-C, so progress is kept."""

    def handler(signum: int, frame: FrameType | None) -> None:
        reason = Interrupted(signal.Signals(signum).name)
        if interactive:
            from mendpath.ask.prompts import interrupt_running_prompt

            if interrupt_running_prompt(reason):
                return
        raise reason

    previous = {s: signal.signal(s, handler) for s in (signal.SIGTERM, signal.SIGHUP)}
    try:
        yield
    finally:
        for s, h in previous.items():
            signal.signal(s, h)


def _load_saved() -> progress.Saved | None:
    """Saved progress, or None (after telling the user why) when there is none to use."""
    from mendpath.ask import progress

    try:
        saved = progress.load()
    except progress.CorruptProgress as exc:
        print(
            f"mendpath: saved progress could not be read ({exc.reason}); it was moved to "
            f"{exc.moved_to}. Starting afresh.",
            file=sys.stderr,
        )
        return None
    if saved is None:
        print("mendpath: no saved progress; starting afresh.", file=sys.stderr)
    return saved


def _resume(saved: progress.Saved, book: Book) -> dict[str, Answer]:
    """The saved answers that still fit the book; the user is told which were dropped."""
    kept: dict[str, Answer] = {}
    dropped: list[str] = []
    for qid, value in saved.answers.items():
        question = book.questions.get(qid)
        try:
            if question is None:
                raise engine.AnswerError(qid)
            kept[qid] = engine.check_answer(question, value)
        except engine.AnswerError:
            dropped.append(qid)
    if dropped:
        print(
            f"mendpath: the rule book changed since you saved (version {saved.version}); "
            f"these answers no longer fit and were dropped: {', '.join(dropped)}",
            file=sys.stderr,
        )
    print(
        f"mendpath: restored {len(kept)} saved answer(s); continuing where you stopped.",
        file=sys.stderr,
    )
    return kept


def run_ask(opts: AskOptions) -> tuple[Book, engine.Done]:
    """Run the interview; returns the book and the finished result. Exit paths raise."""
    saved = _load_saved() if opts.resume else None
    rules = opts.rules
    if rules is None and saved is not None and saved.rules is not None:
        rules = [Path(p) for p in saved.rules]  # resume the book the answers belong to
    paths = rules or [bundled_rules()]
    rules_key = [os.path.abspath(p) for p in rules] if rules else None
    # The bundled book is checked strictly by `make test` before it ships, so it is read
    # without the checks (they cost more than the rest of a run); other books are checked.
    book = (load_trusted(paths) if rules is None else None) or load_valid_book(paths)
    answers: dict[str, Answer] = {}
    if saved is not None:
        answers.update(_resume(saved, book))
    if opts.answers_file is not None:
        given = read_answers_file(opts.answers_file)
        answers.update(check_given(book, given, display_name(opts.answers_file)))
    answers.update(check_given(book, parse_pairs(opts.answer_pairs), "--answer"))
    from mendpath.ask.console import plain_wanted, prompt_stream, terminal_asker

    stream = prompt_stream() if opts.interactive is not False else None
    interactive = opts.interactive if opts.interactive is not None else stream is not None
    ask: Any = _no_terminal
    if interactive:
        ask = terminal_asker(plain_wanted(opts.plain), stream or sys.stdout)
    meta = book.meta
    saving = opts.save and interactive and meta is not None
    if saving:
        from mendpath.ask import progress
    latest = dict(answers)

    def keep(current: dict[str, Answer]) -> None:
        nonlocal latest
        latest = current
        if saving:
            assert meta is not None
            progress.save(progress.Saved(rules_key, meta.title, meta.version, current))

    try:
        with _signals_interrupt(interactive):
            done = run(book, ask, answers, keep)
    except (Interrupted, KeyboardInterrupt, EOFError):
        if saving and not latest:
            raise Stopped("stopped before any answer; nothing to keep") from None
        if saving:
            keep(latest)  # also what was given or resumed before the first change
            raise Stopped(
                f"stopped. Your answers so far are kept; continue with: {RESUME_HINT}"
            ) from None
        why = " (--no-save)" if not opts.save else ""
        raise Stopped(f"stopped; nothing was saved{why}") from None
    if saving:
        progress.forget()
    if opts.record is not None:
        # the answers are as private as the summary
        text = answers_text(done.answers, opts.record.suffix == ".json", opts.record.name)
        write_private(opts.record, text)
    return book, done


__all__ = ["AskOptions", "run_ask"]
