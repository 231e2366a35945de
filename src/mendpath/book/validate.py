"""Validate a rule book: read its files, check their shape, then their meaning."""

from __future__ import annotations

import datetime
import gc
import os
import stat
import zlib
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import NamedTuple

from mendpath.book.build import build_book
from mendpath.files import display_name
from mendpath.folders import rule_files
from mendpath.model import Book
from mendpath.problems import Problem
from mendpath.reader import MAX_TEXT, Document, LoadError, load_document


class Result(NamedTuple):
    """What validation found: every problem, sorted, and the book when it could be built."""

    problems: list[Problem]
    book: Book | None

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "warning"]

    def ok(self, strict: bool = False) -> bool:
        return not self.errors and not (strict and self.warnings)


def collect_files(paths: Sequence[Path]) -> tuple[list[tuple[Path, str]], list[Problem]]:
    """Rule files named by the paths (files, or folders searched for *.yaml / *.yml)."""
    files: list[tuple[Path, str]] = []
    problems: list[Problem] = []
    for path in paths:
        name = display_name(path)
        try:
            os.lstat(path)
        except FileNotFoundError:
            pass
        except OSError as exc:  # a name too long, a loop of links...
            reason = exc.strerror or type(exc).__name__
            problems.append(Problem(name, 1, 1, "error", "MP007", f"cannot read: {reason}"))
            continue
        if path.is_dir():
            found, trouble = rule_files(path, name)
            problems += trouble
            if not found and not trouble:
                message = "the folder holds no rule files (*.yaml)"
                problems.append(Problem(name, 1, 1, "error", "MP010", message))
            files += found
        elif path.exists() or path.is_symlink():
            files.append((path, name))
        else:
            problems.append(Problem(name, 1, 1, "error", "MP007", "no such file or folder"))
    return files, problems


def load_book(paths: Sequence[Path]) -> tuple[list[Document], list[Problem]]:
    files, problems = collect_files(paths)
    docs: list[Document] = []
    seen: set[str] = set()
    for path, name in files:
        real = os.path.realpath(path)
        if real in seen:
            continue
        seen.add(real)
        try:
            docs.append(load_document(path, name))
        except LoadError as exc:
            problems.append(exc.problem)
    return docs, problems


def validate(paths: Sequence[Path], today: datetime.date | None = None) -> Result:
    """Every problem in the book made of these paths, sorted by file, line and column;
    dates relative to today are worked out from `today` (default: the machine's date)."""
    from mendpath.book.checks import check_book
    from mendpath.book.languages import check_translations
    from mendpath.book.shape import check_shape

    with collector_paused():
        docs, problems = load_book(paths)
        for doc in docs:
            problems += check_shape(doc)
            problems += _long_texts(doc)
        book = build_book(docs, today) if docs else None
        if book is not None:
            errors = any(p.severity == "error" for p in problems)
            problems += check_book(book, shape_errors=errors)
            problems += check_translations(book)
    return Result(sorted(set(problems)), book)


def _long_texts(doc: Document) -> list[Problem]:
    """MP160: a text longer than the limit (a summary holding it would take seconds and
    hundreds of megabytes to lay out; no real advice item needs it)."""
    return [
        Problem(
            doc.name,
            line,
            col,
            "error",
            "MP160",
            f"this text is {length:,} characters long; a text may have at most "
            f"{MAX_TEXT:,} (split it into several advice items)",
        )
        for line, col, length in doc.long_texts
    ]


def load_valid_book(
    paths: Sequence[Path],
    allow: frozenset[str] = frozenset(),
    given: Sequence[Path] | None = None,
    today: datetime.date | None = None,
) -> Book:
    """The book, checked; BookInvalid with every problem when it has errors (other than
    codes in `allow`). `given`: the paths as the user named them (empty for the bundled
    book; None: `paths`), for the `mendpath validate` command the error suggests."""
    from mendpath.errors import BookInvalid
    from mendpath.text import printable

    result = validate(paths, today)
    if result.book is None or any(p.code not in allow for p in result.errors):
        named = [printable(str(p)) for p in (paths if given is None else given)]
        on = ["--today", today.isoformat()] if today is not None else []  # the same day
        raise BookInvalid(result.problems, paths=[*on, *named])
    return result.book


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector while a book is read and checked.

    Reading builds millions of small objects in trees without cycles; each full collection
    walks them all and frees nothing (half the time of validating 10,000 questions).
    Afterwards what was read is frozen: the book lives as long as the process, and later
    collections (during the interview) need not walk it again. Reference counting still
    frees everything as usual.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        if was_enabled:
            gc.enable()


class _Crc:
    """hashlib's update/hexdigest, with zlib's CRC-32 (run over the bytes and their count)."""

    def __init__(self) -> None:
        self.crc, self.size = 0, 0

    def update(self, data: bytes) -> None:
        self.crc, self.size = zlib.crc32(data, self.crc), self.size + len(data)

    def hexdigest(self) -> str:
        return f"{self.crc:08x}{self.size:x}"


def book_digest(paths: Sequence[Path]) -> str:
    """A digest of the rule files' names and bytes: it changes whenever the book does.
    (CRC-32, not hashlib: it tells editions of a book apart, it guards nothing, and hashlib
    would load OpenSSL at every start.)"""
    digest = _Crc()
    files, _ = collect_files(paths)
    for path, _ in sorted(files, key=lambda f: f[1]):
        digest.update(path.name.encode("utf-8", "surrogatepass") + b"\0")
        try:
            fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
            try:
                if stat.S_ISREG(os.fstat(fd).st_mode):
                    with os.fdopen(os.dup(fd), "rb") as handle:
                        digest.update(handle.read(32 * 1024 * 1024))
            finally:
                os.close(fd)
        except OSError:
            digest.update(b"\0unreadable")
    return digest.hexdigest()
