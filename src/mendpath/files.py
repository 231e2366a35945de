"""Files: names as the user would write them, and private writes (one policy for every file
mendpath writes that may hold answers)."""

from __future__ import annotations

import os
from pathlib import Path

from mendpath.errors import MendpathError


def display_name(path: Path) -> str:
    """A path as the user would write it: relative to the working folder when inside it."""
    try:
        rel = os.path.relpath(path)
    except ValueError:  # pragma: no cover - another drive on Windows
        return str(path)
    return str(path) if rel.startswith("..") else rel


def write_private(path: Path, text: str) -> None:
    """Write a file only its owner can read: the answers in it are intimate."""
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
    except OSError as exc:
        raise MendpathError(f"cannot write {path}: {exc.strerror}") from None
