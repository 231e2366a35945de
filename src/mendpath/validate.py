"""Validate a rule book: read its files, check their shape, then their meaning."""

from __future__ import annotations

import gc
import os
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import NamedTuple

from mendpath.loader import Document, LoadError, load_document, rule_files
from mendpath.model import Book, build_book
from mendpath.problems import Problem


def bundled_rules() -> Path:
    """The rule book that ships inside the package."""
    return Path(__file__).resolve().parent / "rules"


def bundled_scenarios() -> Path:
    """The scenarios that ship with the bundled rule book."""
    return Path(__file__).resolve().parent / "scenarios"


def display_name(path: Path) -> str:
    """A path as the user would write it: relative to the working folder when inside it."""
    try:
        rel = os.path.relpath(path)
    except ValueError:  # pragma: no cover - another drive on Windows
        return str(path)
    return str(path) if rel.startswith("..") else rel


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


def validate(paths: Sequence[Path]) -> Result:
    """Every problem in the book made of these paths, sorted by file, line and column."""
    from mendpath.checks import check_book
    from mendpath.schema import check_shape

    with _collector_paused():
        docs, problems = load_book(paths)
        for doc in docs:
            problems += check_shape(doc)
        book = build_book(docs) if docs else None
        if book is not None:
            problems += check_book(book)
    return Result(sorted(set(problems)), book)


def load_valid_book(paths: Sequence[Path], allow: frozenset[str] = frozenset()) -> Book:
    """The book, checked; BookInvalid with every problem when it has errors (other than
    codes in `allow`)."""
    from mendpath.problems import BookInvalid

    result = validate(paths)
    if result.book is None or any(p.code not in allow for p in result.errors):
        raise BookInvalid(result.problems)
    return result.book


def snapshot_path() -> Path:
    """The JSON snapshot of the bundled book (see snapshot.py)."""
    return Path(__file__).resolve().parent / "bundled-book.json"


def load_trusted(paths: Sequence[Path]) -> Book | None:
    """The book read without checking its shape or meaning: only for a book already checked
    (the bundled one, by `make test`), from its snapshot when that is current. None when any
    file cannot be read."""
    from mendpath import snapshot

    with _collector_paused():
        docs = None
        if list(paths) == [bundled_rules()]:
            docs = snapshot.read(bundled_rules(), snapshot_path())
        if docs is None:
            docs, problems = load_book(paths)
            if problems:
                return None
        return build_book(docs) if docs else None


@contextmanager
def _collector_paused() -> Iterator[None]:
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
