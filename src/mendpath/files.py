"""Files: names as the user would write them, and private writes (one policy for every file
mendpath writes that may hold answers).

A private write never goes through an existing name: the text is written to a new file
(mode 0600) in the same folder, flushed and synced, then linked or renamed into place. A
planted symbolic link is replaced, never followed; a full disk leaves the old file whole; an
existing file is replaced only when the caller says so (`--force`).
"""

from __future__ import annotations

import contextlib
import errno
import os
from pathlib import Path

from mendpath.errors import MendpathError

TEMP_PREFIX = ".mendpath-"
TEMP_SUFFIX = ".tmp"


def display_name(path: Path) -> str:
    """A path as the user would write it: relative to the working folder when inside it."""
    try:
        rel = os.path.relpath(path)
    except ValueError:  # pragma: no cover - another drive on Windows
        return str(path)
    return str(path) if rel.startswith("..") else rel


def _reason(exc: OSError) -> str:
    return exc.strerror or type(exc).__name__


class AlreadyExists(MendpathError):
    """A file the user named exists and `--force` was not given."""


def refuse_existing(path: Path, *, force: bool = False) -> None:
    """Raise AlreadyExists when `path` exists (even as a dangling link) and `force` is false:
    said before an interview, so nobody answers every question only to be refused."""
    from mendpath.text import printable

    if not force and os.path.lexists(path):
        name = printable(display_name(path))
        raise AlreadyExists(f"{name} already exists; add --force to replace it")


def write_private(path: Path, text: str, *, force: bool = False) -> None:
    """Write a file only its owner can read: the answers in it are intimate.

    Raises MendpathError when the file exists and `force` is false, or when it cannot be
    written; the old file, if any, is then left as it was.
    """
    from mendpath.text import printable

    name = printable(display_name(path))
    refuse_existing(path, force=force)
    folder = path.parent
    try:
        tmp = new_private_file(folder, text.encode("utf-8"))
    except OSError as exc:
        raise MendpathError(f"cannot write {name}: {_reason(exc)}") from None
    try:
        try:
            if force:
                os.replace(tmp, path)  # replaces a link itself, never its target
            else:
                _link(tmp, path)
        except FileExistsError:
            raise AlreadyExists(f"{name} already exists; add --force to replace it") from None
        except OSError as exc:
            if exc.errno == errno.EISDIR or os.path.isdir(path):
                raise MendpathError(f"cannot write {name}: it is a folder") from None
            raise MendpathError(f"cannot write {name}: {_reason(exc)}") from None
    finally:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
    sync_folder(folder)


def new_private_file(
    folder: Path, data: bytes, prefix: str = TEMP_PREFIX, suffix: str = TEMP_SUFFIX
) -> str:
    """A new file in `folder` that only its owner can read (mode 0600), holding `data`,
    flushed and synced to disk; its name. OSError when it cannot be made whole, and then
    nothing is left behind. (`prefix` lets `forget` find one a crash left.)"""
    import tempfile  # here: most runs write no file (it loads random, shutil...)

    fd, tmp = tempfile.mkstemp(prefix=prefix, suffix=suffix, dir=folder)  # 0600
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    return tmp


def replace_private(path: Path, data: bytes, prefix: str = TEMP_PREFIX) -> None:
    """Replace `path` with `data` whole, through a new private file renamed over it (a link
    there is replaced, never followed), or leave it as it was (OSError)."""
    tmp = new_private_file(path.parent, data, prefix)
    try:
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    sync_folder(path.parent)


def _link(tmp: str, path: Path) -> None:
    """Give the new file its name, failing if the name was taken meanwhile."""
    try:
        os.link(tmp, path, follow_symlinks=False)
    except OSError as exc:
        if exc.errno not in (errno.EPERM, errno.EOPNOTSUPP, errno.ENOSYS):
            raise
        if os.path.lexists(path):  # a file system without hard links
            raise FileExistsError(errno.EEXIST, "exists") from None
        os.rename(tmp, path)
    else:
        os.unlink(tmp)


def sync_folder(folder: Path) -> None:
    """Make a rename in `folder` durable (best effort)."""
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
