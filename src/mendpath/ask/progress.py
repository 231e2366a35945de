"""Saved progress: one private file in the user's state folder, written atomically.

The file holds the book's identity and the answers so far, nothing else. It is written to a
temporary file in the same folder (mode 0600), flushed, synced and renamed over the old one,
so a crash mid-write leaves the previous file intact. A file that cannot be read back is
moved aside, never overwritten, and the user starts afresh.
"""

from __future__ import annotations

import contextlib
import json
import os
import sys
import tempfile
import time
from pathlib import Path
from typing import Any, NamedTuple

from mendpath.model import Answer

FORMAT = 1
FILE_NAME = "progress.json"


def state_dir() -> Path:
    """mendpath's folder under XDG_STATE_HOME, or the platform's usual place for state."""
    xdg = os.environ.get("XDG_STATE_HOME")
    if xdg and os.path.isabs(xdg):
        base = Path(xdg)
    elif sys.platform == "darwin":  # pragma: no cover - not the platform tests run on
        base = Path.home() / "Library" / "Application Support"
    elif sys.platform == "win32":  # pragma: no cover
        base = Path(os.environ.get("LOCALAPPDATA", Path.home() / "AppData" / "Local"))
    else:
        base = Path.home() / ".local" / "state"
    return base / "mendpath"


def progress_file() -> Path:
    return state_dir() / FILE_NAME


class Saved(NamedTuple):
    """Progress read back from disk."""

    rules: list[str] | None  # the rule paths given, or None for the bundled book
    title: str
    version: str
    answers: dict[str, Answer]


class CorruptProgress(Exception):
    """The progress file could not be read back; it has been moved to `moved_to`."""

    def __init__(self, moved_to: Path, reason: str) -> None:
        super().__init__(reason)
        self.moved_to = moved_to
        self.reason = reason


def save(saved: Saved, path: Path | None = None) -> Path:
    path = path or progress_file()
    folder = path.parent
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    with contextlib.suppress(OSError):
        os.chmod(folder, 0o700)
    payload = {
        "format": FORMAT,
        "rules": saved.rules,
        "book": {"title": saved.title, "version": saved.version},
        "answers": saved.answers,
    }
    data = json.dumps(payload, indent=1, ensure_ascii=False).encode("utf-8")
    fd, tmp = tempfile.mkstemp(prefix=".progress-", suffix=".tmp", dir=folder)  # mode 0600
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    _sync_folder(folder)
    return path


def _sync_folder(folder: Path) -> None:
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def load(path: Path | None = None) -> Saved | None:
    """The saved progress, None when there is none; CorruptProgress when it is unreadable."""
    path = path or progress_file()
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return None
    try:
        return _parse(json.loads(raw.decode("utf-8")))
    except (ValueError, TypeError, KeyError) as exc:
        moved = path.with_name(f"{path.name}.corrupt-{time.strftime('%Y%m%d-%H%M%S')}")
        os.replace(path, moved)
        raise CorruptProgress(moved, str(exc) or type(exc).__name__) from None


def _parse(payload: Any) -> Saved:
    if not isinstance(payload, dict) or payload.get("format") != FORMAT:
        raise ValueError("not a mendpath progress file")
    answers = payload["answers"]
    if not isinstance(answers, dict):
        raise ValueError("answers are not a mapping")
    for value in answers.values():
        ok = isinstance(value, str) or (
            isinstance(value, list) and all(isinstance(v, str) for v in value)
        )
        if not ok:
            raise ValueError("an answer is neither text nor a list of choices")
    rules = payload.get("rules")
    if rules is not None and not (
        isinstance(rules, list) and all(isinstance(r, str) for r in rules)
    ):
        raise ValueError("rules is not a list of paths")
    book = payload["book"]
    return Saved(rules, str(book["title"]), str(book["version"]), answers)


def forget(path: Path | None = None) -> bool:
    """Delete saved progress; True when there was some."""
    path = path or progress_file()
    try:
        path.unlink()
    except FileNotFoundError:
        return False
    return True
