"""The `ask` command: load a valid book, gather given answers, interview, keep progress, show.

Answers come in layers: saved progress (with --resume), then an answers file, then
--answer pairs; the interview asks only what is still missing, and only in a terminal.
"""

from __future__ import annotations

import datetime
import io
import os
import signal
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager, suppress
from pathlib import Path
from types import FrameType
from typing import TYPE_CHECKING, Any, NamedTuple, TextIO

from mendpath.answer_files import read_answers
from mendpath.ask.interview import AskFn, Back, Interrupted, run
from mendpath.book.bundled import bundled_rules, load_trusted
from mendpath.book.validate import load_valid_book
from mendpath.errors import MendpathError, Stopped, UsageError
from mendpath.files import display_name, write_private
from mendpath.i18n import tr, trn
from mendpath.logic import engine
from mendpath.logic.answers import (
    AnswerRejected,
    answers_text,
    check_given,
    parse_pairs,
    placed,
    refuse_given,
)
from mendpath.model import Answer, Book
from mendpath.text import clean_block, printable

if TYPE_CHECKING:
    from mendpath.ask import progress


class AskOptions(NamedTuple):
    rules: list[Path] | None = None
    answers_file: Path | None = None
    answer_pairs: Sequence[str] = ()
    resume: bool = False
    save: bool = True
    record: Path | None = None
    output: Path | None = None  # --output: refused before the interview when it exists
    interactive: bool | None = None  # None: decide from the terminal
    force: bool = False  # replace an existing --record (or --output) file
    extra_hint: Sequence[str] = ()  # options to repeat in the "continue with" hint
    ask: AskFn | None = None  # a scripted ask function (tests); None: the terminal
    choose: Callable[[], bool] | None = None  # resume (True) or start over; None: prompt
    plain: bool = False  # plain prompts (ask/plain.py), also chosen when TERM=dumb
    language: str | None = None  # --lang; None: from the locale variables
    today: datetime.date | None = None  # --today: dates relative to today; None: the date


def _no_terminal(step: engine.Ask, current: Answer | None, texts: dict[str, str]) -> Answer | Back:
    raise UsageError(
        tr(
            "question '{id}' has no answer and there is no terminal to ask it in; "
            "give answers with --answers FILE or --answer ID=VALUE, or run mendpath in a "
            "terminal with --output FILE to keep the summary in a file"
        ).format(id=step.question.id)
    )


@contextmanager
def _signals_interrupt(interactive: bool) -> Iterator[None]:
    """SIGTERM and SIGHUP stop the interview like Ctrl-C, so progress is kept."""

    hung_up = False

    def handler(signum: int, frame: FrameType | None) -> None:
        nonlocal hung_up
        hung_up = hung_up or signum == signal.SIGHUP
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
            # after a hang-up (a closed window) more SIGHUPs follow: they must not end the
            # program before it has kept progress and exited with 130
            signal.signal(s, signal.SIG_IGN if hung_up and s == signal.SIGHUP else h)


def say(message: str) -> None:
    """A note for the user on stderr; a closed terminal must not turn it into a crash."""
    with suppress(OSError, ValueError):
        print(f"mendpath: {message}", file=sys.stderr)


def in_language(book: Book, asked: str | None) -> Book:
    """The book in the language asked for (`--lang`, else the locale variables), when it has
    it, else in its own; mendpath's own words follow the same language."""
    from mendpath import i18n
    from mendpath.book.translations import translated

    wanted = [asked] if asked else i18n.preferred(os.environ)
    language = i18n.choose(wanted, {book.language, *book.translations}, book.language)
    i18n.use(language)
    return translated(book, language)


def _wrapped(text: str, stream: TextIO) -> str:
    """`text` broken at words to fit the terminal `stream` writes to (80 columns when its
    width is unknown); its own line breaks are kept."""
    import shutil
    import textwrap

    try:
        width = os.get_terminal_size(stream.fileno()).columns
    except (OSError, ValueError, AttributeError, io.UnsupportedOperation):
        width = shutil.get_terminal_size().columns
    width = max(width, 20)
    return "\n".join(
        textwrap.fill(line, width, break_on_hyphens=False) if line.strip() else ""
        for line in text.splitlines()
    )


def _where(rules: list[str] | None) -> str:
    if rules is None:
        return tr("the bundled book")
    return tr("rules {paths}").format(paths=", ".join(map(printable, rules)))


def _load_saved(
    store: progress.Store, book: Book, digest: str, move_aside: bool = True
) -> progress.Saved | None:
    """Saved progress for this book, or None (after telling the user why) when there is none
    to use. Progress saved for a book whose identity differs is refused."""
    from mendpath.ask import progress

    try:
        saved = store.load(move_aside)
    except progress.CorruptProgress as exc:
        where = (
            tr("it was moved to {path}")
            if move_aside
            else tr("it was left as it is in {path} (--no-save)")
        ).format(path=printable(exc.moved_to))
        say(
            tr("saved progress could not be read ({reason}); {where}. Starting afresh.").format(
                reason=printable(exc.reason), where=where
            )
        )
        return None
    except progress.NoState as exc:
        store.give_up(str(exc))  # said once; the interview starts afresh without saving
        return None
    if saved is None:
        say(tr("no saved progress for this rule book; starting afresh."))
        return None
    meta = book.meta
    title, version = (meta.title, meta.version) if meta else ("", "")
    if (saved.title, saved.version, saved.digest) != (title, version, digest):
        changed = (
            tr("its files changed")
            if (saved.title, saved.version) == (title, version)
            else tr("it is now {title} version {version}").format(
                title=f"\u201c{printable(title)}\u201d", version=printable(version)
            )
        )
        raise MendpathError(
            tr(
                "the saved progress is for {title} version {version}, but {changed}; start "
                "again without --resume, or delete it with: mendpath forget"
            ).format(
                title=f"\u201c{printable(saved.title)}\u201d",
                version=printable(saved.version),
                changed=changed,
            )
        )
    say(
        tr("resuming {title} version {version} ({where})").format(
            title=f"\u201c{printable(saved.title)}\u201d",
            version=printable(saved.version),
            where=_where(saved.rules),
        )
    )
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
        say(
            tr("these saved answers no longer fit the rule book and were dropped: {ids}").format(
                ids=", ".join(map(printable, dropped))
            )
        )
    restored = trn(
        "restored {count} saved answer; continuing where you stopped.",
        "restored {count} saved answers; continuing where you stopped.",
        len(kept),
    )
    print("mendpath: " + restored.format(count=len(kept)), file=sys.stderr)
    return kept


def _remembered_rules() -> list[Path] | None:
    """With --resume and no --rules: the book that has saved progress (None: the bundled
    one); when several have, the user must choose."""
    from mendpath.ask import progress

    books = progress.saved_books()
    if not books or None in books:
        return None
    if len(books) > 1:
        listed = "; ".join(_where(b) for b in books)
        raise UsageError(
            f"there is saved progress for several rule books ({listed}); "
            "choose one with --rules PATH --resume"
        )
    return [Path(p) for p in books[0] or []]


def resume_hint(opts: AskOptions) -> str:
    """The command that continues this interview."""
    import shlex

    words = ["mendpath", "ask", "--resume"]
    for path in opts.rules or []:
        words += ["--rules", str(path)]
    if opts.record is not None:
        words += ["--record", str(opts.record)]
    words += opts.extra_hint
    if opts.language:
        words += ["--lang", opts.language]
    if opts.force:
        words += ["--force"]
    return printable(shlex.join(words))


Deliver = Callable[[Book, engine.Done], None]


def run_ask(opts: AskOptions, deliver: Deliver | None = None) -> tuple[Book, engine.Done]:
    """Run the interview, write --record, then `deliver` the result; saved progress is
    removed only when all of that succeeded. Returns the book and the finished result. A
    date typed as "today" is the run's `--today`, else the machine's date."""
    from mendpath.logic.measures import today_is

    with today_is(opts.today):
        return _run_ask(opts, deliver)


def _run_ask(opts: AskOptions, deliver: Deliver | None = None) -> tuple[Book, engine.Done]:
    from mendpath.files import AlreadyExists, refuse_existing

    for named in (opts.output, opts.record):  # before the first question, not after the last
        if named is not None:
            refuse_existing(named, force=opts.force)
    rules = opts.rules
    if rules is None and opts.resume:
        rules = _remembered_rules()
        opts = opts._replace(rules=rules)
    paths = rules or [bundled_rules()]
    rules_key = [os.path.abspath(p) for p in rules] if rules else None
    # The bundled book is checked strictly by `make test` before it ships, so it is read
    # without the checks (they cost more than the rest of a run); other books are checked.
    book = (load_trusted(paths, opts.today) if rules is None else None) or load_valid_book(
        paths, given=rules or [], today=opts.today
    )
    # One language for the run: the book's texts and mendpath's words. Saved progress is
    # matched against the book as written (`book`), whatever language it was answered in.
    spoken = in_language(book, opts.language)
    from mendpath.ask.console import plain_wanted, prompt_stream, terminal_asker

    stream = prompt_stream() if opts.interactive is not False else None
    interactive = opts.interactive if opts.interactive is not None else stream is not None
    meta = book.meta
    store = None
    digest = ""
    if meta is not None and (opts.resume or opts.save):
        from mendpath.ask import progress
        from mendpath.book.validate import book_digest

        store = progress.Store(rules_key, say)
        digest = book_digest(paths)
    answers: dict[str, Answer] = {}
    if store is not None and opts.resume:
        saved = _load_saved(store, book, digest, move_aside=opts.save)
        if saved is not None:
            answers.update(_resume(saved, book))
    elif store is not None and opts.save and store.exists():
        if not interactive and opts.ask is None:  # a replay, or a pipe: the progress stays
            say(
                tr(
                    "saved progress for this rule book is kept as it is (continue it with "
                    "--resume); this run keeps none"
                )
            )
            store = None
        else:
            answers.update(_offer_resume(opts, store, book, digest, interactive, stream))
    places: dict[str, str] = {}  # where each answer in the answers file is
    if opts.answers_file is not None:
        given, places = read_answers(opts.answers_file)
        try:
            answers.update(check_given(spoken, given, printable(display_name(opts.answers_file))))
        except AnswerRejected as exc:
            exc = placed(exc, places)
            if opts.rules is None and any(q not in book.questions for q in given):
                hint = tr(
                    "these answers may be for another book: name its rule files with --rules PATH"
                )
                raise MendpathError(f"{exc}; {hint}") from None
            raise exc from None
    pairs = parse_pairs(opts.answer_pairs)
    answers.update(check_given(spoken, pairs, "--answer"))
    if opts.answers_file is not None or opts.answer_pairs:  # checked as if typed
        where = "--answer" if opts.answers_file is None else display_name(opts.answers_file)
        try:
            refuse_given(spoken, answers, printable(where), pairs)
        except AnswerRejected as exc:
            raise (exc if exc.where == "--answer" else placed(exc, places)) from None
    ask: Any
    if opts.ask is not None:
        ask = opts.ask
    elif interactive:
        ask = terminal_asker(plain_wanted(opts.plain), stream or sys.stdout)
    else:
        ask = _no_terminal
    saving = store is not None and opts.save and interactive
    if saving:
        assert store is not None
        store.start()
    shown = spoken.meta  # in the language of the interview
    if interactive and shown is not None and shown.description and not answers:
        # the book's introduction, before question 1: on the terminal with the prompts (not
        # into a pipe that takes the summary), wrapped at words to the terminal's width
        to = stream or sys.stdout
        with suppress(OSError, ValueError):
            print(_wrapped(clean_block(shown.description).strip(), to) + "\n", file=to, flush=True)
    latest = dict(answers)

    def keep(current: dict[str, Answer]) -> None:
        nonlocal latest
        latest = current
        if saving:
            assert meta is not None
            assert store is not None
            store.save(progress.Saved(rules_key, meta.title, meta.version, digest, current))

    try:
        try:
            with _signals_interrupt(interactive):
                done = run(spoken, ask, answers, keep)
        except (Interrupted, KeyboardInterrupt, EOFError):
            if saving and not latest:
                raise Stopped(tr("stopped before any answer; nothing to keep")) from None
            if saving:
                assert store is not None
                keep(latest)  # also what was given or resumed before the first change
                if store.usable:
                    raise Stopped(
                        tr("stopped. Your answers so far are kept; continue with: {hint}").format(
                            hint=resume_hint(opts)
                        )
                    ) from None
                if store.saved_once:
                    raise Stopped(
                        tr(
                            "stopped. Only the answers saved before saving failed are kept; "
                            "continue with: {hint}"
                        ).format(hint=resume_hint(opts))
                    ) from None
                raise Stopped(tr("stopped; nothing was saved")) from None
            why = " (--no-save)" if not opts.save else ""
            raise Stopped(tr("stopped; nothing was saved") + why) from None
        try:
            if opts.record is not None:
                # the answers are as private as the summary
                json_format = opts.record.suffix == ".json"
                book_files = [str(r) for r in opts.rules or []]
                text = answers_text(done.answers, json_format, str(opts.record), book_files)
                write_private(opts.record, text, force=opts.force)
            if deliver is not None:
                deliver(spoken, done)
        except MendpathError as exc:
            if saving and store is not None and store.usable:
                keep(done.answers)
                if store.usable:
                    # a file that appeared meanwhile: the command that continues replaces it
                    again = opts._replace(force=True) if isinstance(exc, AlreadyExists) else opts
                    raise MendpathError(
                        f"{exc.message}. Your answers are kept; after fixing this, continue "
                        f"with: {resume_hint(again)}",
                        exit_code=exc.exit_code,
                    ) from None
            raise
        if saving:
            assert store is not None
            store.remove()
    finally:
        if store is not None:
            store.close()
    return spoken, done


def _offer_resume(
    opts: AskOptions,
    store: progress.Store,
    book: Book,
    digest: str,
    interactive: bool,
    stream: TextIO | None = None,
) -> dict[str, Answer]:
    """Progress exists but --resume was not given: ask whether to resume or start over; with
    answers fed by a test (`opts.ask`) and no way to choose, refuse."""
    if not interactive or (opts.ask is not None and opts.choose is None):
        raise UsageError(
            tr(
                "there is saved progress for this rule book; continue it with --resume, "
                "or delete it with: mendpath forget"
            )
        )
    choose = opts.choose
    if choose is None:  # on the terminal, where the questions will be asked
        from mendpath.ask.console import plain_wanted, resume_chooser

        choose = resume_chooser(plain_wanted(opts.plain), stream or sys.stdout)
    if choose():
        saved = _load_saved(store, book, digest)
        return _resume(saved, book) if saved is not None else {}
    store.remove()
    say(tr("the saved progress was deleted; starting afresh."))
    return {}


__all__ = ["AskOptions", "run_ask"]
