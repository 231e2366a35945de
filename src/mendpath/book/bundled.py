"""The bundled rule book: where its files and scenarios are, and reading it quickly.

`make test` checks the bundled book strictly before anything ships, so `ask` may read it
without checking it again (`load_trusted`), from its JSON snapshot while that is current.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from pathlib import Path

from mendpath.book.build import build_book
from mendpath.book.validate import collector_paused, load_book
from mendpath.model import Book

_PACKAGE = Path(__file__).resolve().parent.parent  # the mendpath folder


def _data(name: str) -> Path:
    """A data folder of the bundled book: inside the installed package, or, in a source
    checkout (an editable install), the repository's own folder (setup.py copies one into
    the other when the package is built)."""
    packaged = _PACKAGE / name
    return packaged if packaged.is_dir() else _PACKAGE.parent.parent / name


def bundled_rules() -> Path:
    """The rule book that ships inside the package."""
    return _data("rules")


def bundled_scenarios() -> Path:
    """The scenarios that ship with the bundled rule book."""
    return _data("scenarios")


def snapshot_path() -> Path:
    """The JSON snapshot of the bundled book (see snapshot.py)."""
    return Path(__file__).resolve().parent / "bundled-book.json"


def load_trusted(paths: Sequence[Path], today: datetime.date | None = None) -> Book | None:
    """The book read without checking its shape or meaning: only for a book already checked
    (the bundled one, by `make test`), from its snapshot when that is current. None when any
    file cannot be read."""
    from mendpath.book import snapshot

    with collector_paused():
        docs = None
        if list(paths) == [bundled_rules()]:
            docs = snapshot.read(bundled_rules(), snapshot_path())
        if docs is None:
            docs, problems = load_book(paths)
            if problems:
                return None
        return build_book(docs, today) if docs else None
