"""Finding the rule files of a book: every `*.yaml` (or `*.yml`) under a folder, in a
stable order, with the names messages give them. Reading each one is `reader`'s job."""

from __future__ import annotations

import os
from pathlib import Path

from mendpath.problems import Problem

RULE_SUFFIXES = (".yaml", ".yml")


def rule_files(root: Path, name: str) -> tuple[list[tuple[Path, str]], list[Problem]]:
    """Every rule file under a folder, sorted, with its display name, and any problems met.

    Symlinked folders are followed once: a folder that leads back to one already read is
    reported and skipped, and the rest of the book is still read.
    """
    found: list[tuple[Path, str]] = []
    problems: list[Problem] = []
    seen: set[str] = set()
    pending = [(root, name)]
    while pending:
        folder, shown = pending.pop()
        real = os.path.realpath(folder)
        if real in seen:
            problems.append(
                Problem(
                    shown,
                    1,
                    1,
                    "error",
                    "MP007",
                    "a symlink loop: this folder leads back to one already read",
                )
            )
            continue
        seen.add(real)
        try:
            entries = sorted(os.scandir(folder), key=lambda e: e.name)
        except OSError as exc:
            problems.append(
                Problem(shown, 1, 1, "error", "MP007", f"cannot read the folder: {exc.strerror}")
            )
            continue
        for entry in entries:
            child = Path(entry.path)
            child_name = f"{shown.rstrip('/')}/{entry.name}"
            try:
                is_dir = entry.is_dir()
            except OSError:  # e.g. a symlink loop on the entry itself
                is_dir = False
            if is_dir:
                if not entry.name.startswith("."):
                    pending.append((child, child_name))
            elif entry.name.endswith(RULE_SUFFIXES) and not entry.name.startswith("."):
                found.append((child, child_name))
    return sorted(found, key=lambda item: item[1]), problems
