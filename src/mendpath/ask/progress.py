"""Saved progress: one private file per rule book in the user's state folder, written
atomically, guarded by a lock.

The file holds the book's identity (title, version, digest of its files, where it was read
from) and the answers so far, nothing else. It is written to a temporary file in the same
folder (mode 0600), flushed, synced and renamed over the old one, so a crash mid-write leaves
the previous file whole. A file that cannot be read back is moved aside, never overwritten.

Progress is a convenience, never a reason to stop: when it cannot be kept (no home folder, a
read-only, foreign or symlinked state folder, a full disk, another interview holding the lock)
the `Store` says why once and the interview goes on without it.
"""

from __future__ import annotations

import contextlib
import errno
import json
import os
import stat
import sys
import time
import zlib
from collections.abc import Callable
from pathlib import Path
from typing import Any, NamedTuple

from mendpath.files import replace_private, sync_folder
from mendpath.model import Answer
from mendpath.text import printable

FORMAT = 2
MAX_BYTES = 4 * 1024 * 1024  # far more than any book's answers
MAX_DEPTH = 8  # {"answers": {"id": ["choice"]}} is three levels deep
PREFIX = "progress-"
TEMP_PREFIX = ".progress-"
CRASH_PREFIX = "crash-"
LOCK_SUFFIX = ".lock"
CORRUPT_MARK = ".corrupt-"


class NoState(Exception):
    """Progress cannot be kept: the reason, in words for the user."""


class CorruptProgress(Exception):
    """The progress file could not be read back; it has been moved to `moved_to`."""

    def __init__(self, moved_to: Path, reason: str) -> None:
        super().__init__(reason)
        self.moved_to = moved_to
        self.reason = reason


class Saved(NamedTuple):
    """Progress read back from disk."""

    rules: list[str] | None  # the rule paths given, or None for the bundled book
    title: str
    version: str
    digest: str
    answers: dict[str, Answer]


def state_dir() -> Path:
    """mendpath's folder under XDG_STATE_HOME, or the platform's usual place for state.
    NoState when there is no usable home folder."""
    xdg = os.environ.get("XDG_STATE_HOME")
    if xdg and os.path.isabs(xdg):
        return Path(xdg) / "mendpath"
    if sys.platform == "darwin":  # pragma: no cover - not the platform tests run on
        return _home() / "Library" / "Application Support" / "mendpath"
    if sys.platform == "win32":  # pragma: no cover
        local = os.environ.get("LOCALAPPDATA")
        return (Path(local) if local else _home() / "AppData" / "Local") / "mendpath"
    return _home() / ".local" / "state" / "mendpath"


def _home() -> Path:
    home = os.environ.get("HOME")
    if home is None:
        try:
            import pwd

            home = pwd.getpwuid(os.getuid()).pw_dir
        except (ImportError, KeyError):
            raise NoState("HOME is not set and the user has no home folder") from None
    if not home:
        raise NoState("HOME is empty")
    if not os.path.isabs(home):
        raise NoState(f"HOME is not an absolute path ({printable(home)})")
    return Path(home)


def _why(exc: OSError) -> str:
    return exc.strerror or type(exc).__name__


def check_folder(folder: Path, create: bool) -> bool:
    """Whether the state folder is there and safe to use; NoState when it is not safe.
    Missing folders are created with mode 0700 when `create`; folders above it that exist
    are left as they are."""
    try:
        info = os.lstat(folder)
    except FileNotFoundError:
        if not create:
            return False
        _make_folders(folder)
        info = os.lstat(folder)
    except OSError as exc:
        raise NoState(f"cannot use {printable(folder)}: {_why(exc)}") from None
    if stat.S_ISLNK(info.st_mode):
        raise NoState(f"{printable(folder)} is a symbolic link; mendpath will not follow it")
    if not stat.S_ISDIR(info.st_mode):
        raise NoState(f"{printable(folder)} is not a folder")
    if hasattr(os, "geteuid") and info.st_uid != os.geteuid():
        raise NoState(f"{printable(folder)} belongs to another user")
    if info.st_mode & 0o077 and create:
        try:
            os.chmod(folder, 0o700, follow_symlinks=False)
        except OSError as exc:
            raise NoState(f"cannot make {printable(folder)} private: {_why(exc)}") from None
    return True


def _make_folders(folder: Path) -> None:
    missing = []
    for parent in [folder, *folder.parents]:
        if os.path.lexists(parent):
            break
        missing.append(parent)
    for path in reversed(missing):
        try:
            os.mkdir(path, 0o700)
        except FileExistsError:
            pass
        except OSError as exc:
            raise NoState(f"cannot create {printable(path)}: {_why(exc)}") from None


def book_key(rules: list[str] | None) -> str:
    """The name part that tells one book's progress from another's."""
    where = "\0".join(rules) if rules else "bundled"
    data = where.encode("utf-8", "surrogatepass")
    # Two CRC-32s (of the text and of it reversed), not hashlib: importing hashlib loads
    # OpenSSL, a tenth of a run's start-up. A clash would only be refused by the identity
    # check on resume, never mix two books' answers.
    return f"{zlib.crc32(data):08x}{zlib.crc32(data[::-1]):08x}"


def read_bounded(path: Path, limit: int = MAX_BYTES) -> bytes:
    """A regular file's bytes, never through a link, never from a pipe, at most `limit`;
    OSError otherwise (a FIFO or a folder is `EINVAL`, a large file `EFBIG`)."""
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
    fd = os.open(path, flags)
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise OSError(errno.EINVAL, "not a regular file")
        chunks = []
        size = 0
        while size <= limit:
            chunk = os.read(fd, 65536)
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
        if size > limit:
            raise OSError(errno.EFBIG, "the file is too large")
        return b"".join(chunks)
    finally:
        os.close(fd)


def parse(raw: bytes) -> Saved:
    """Progress from the bytes of a progress file; ValueError when they are not one."""
    try:
        payload = json.loads(raw.decode("utf-8"))
    except RecursionError:
        raise ValueError("nested too deeply") from None
    if not isinstance(payload, dict) or payload.get("format") != FORMAT:
        raise ValueError("not a mendpath progress file of this version")
    _check_depth(payload, 0)
    answers = payload.get("answers")
    if not isinstance(answers, dict):
        raise ValueError("answers are not a mapping")
    for key, value in answers.items():
        ok = isinstance(value, str) or (
            isinstance(value, list) and all(isinstance(v, str) for v in value)
        )
        if not ok:
            raise ValueError("an answer is neither text nor a list of choices")
        for text in [key, *(value if isinstance(value, list) else [value])]:
            text.encode("utf-8")  # a lone surrogate is a UnicodeEncodeError (a ValueError)
    book = payload.get("book")
    if not isinstance(book, dict):
        raise ValueError("no book named")
    rules = book.get("rules")
    if rules is not None and not (
        isinstance(rules, list) and all(isinstance(r, str) for r in rules)
    ):
        raise ValueError("rules is not a list of paths")
    fields = [book.get(k) for k in ("title", "version", "digest")]
    if not all(isinstance(f, str) for f in fields):
        raise ValueError("the book's title, version or digest is missing")
    return Saved(rules, str(fields[0]), str(fields[1]), str(fields[2]), answers)


def _check_depth(value: Any, depth: int) -> None:
    if depth > MAX_DEPTH:
        raise ValueError("nested too deeply")
    if isinstance(value, dict):
        for item in value.values():
            _check_depth(item, depth + 1)
    elif isinstance(value, list):
        for item in value:
            _check_depth(item, depth + 1)


def dump(saved: Saved) -> bytes:
    payload = {
        "format": FORMAT,
        "book": {
            "title": saved.title,
            "version": saved.version,
            "digest": saved.digest,
            "rules": saved.rules,
        },
        "answers": saved.answers,
    }
    return json.dumps(payload, indent=1, ensure_ascii=False).encode("utf-8")


def write_atomic(path: Path, data: bytes) -> None:
    """Replace `path` with `data` whole, or leave it as it was (OSError); the new file is
    named so that `forget` finds it if a crash leaves it."""
    replace_private(path, data, prefix=TEMP_PREFIX)


def _corrupt_name(path: Path) -> Path:
    stamp = time.strftime("%Y%m%d-%H%M%S")
    for n in range(1000):
        moved = path.with_name(f"{path.name}{CORRUPT_MARK}{stamp}" + (f"-{n}" if n else ""))
        if not os.path.lexists(moved):
            return moved
    raise NoState("too many unreadable progress files; run `mendpath forget`")  # pragma: no cover


class Store:
    """The progress of one book: where it is kept, or why it cannot be.

    `warn` is told once, the first time progress turns out not to be keepable.
    """

    def __init__(self, rules: list[str] | None, warn: Callable[[str], None]) -> None:
        self.rules = rules
        self._warn = warn
        self.reason: str | None = None
        self._lock_fd: int | None = None
        self._warned = False
        self.saved_once = False  # this run wrote the file (so it may remove it)
        try:
            self.folder: Path | None = state_dir()
        except NoState as exc:
            self.folder = None
            self.reason = str(exc)
        key = book_key(rules)
        self.name = f"{PREFIX}{key}.json"

    @property
    def path(self) -> Path | None:
        return self.folder / self.name if self.folder else None

    @property
    def usable(self) -> bool:
        return self.reason is None

    def give_up(self, reason: str) -> None:
        """Stop keeping progress, telling the user why (once)."""
        if self.reason is None:
            self.reason = reason
        if not self._warned:
            self._warned = True
            self._warn(f"progress will not be kept: {reason}")

    def _folder(self, create: bool) -> Path | None:
        if self.folder is None:
            return None
        if not check_folder(self.folder, create):
            return None
        return self.folder

    def load(self, move_aside: bool = True) -> Saved | None:
        """The saved progress, None when there is none; CorruptProgress when it could not be
        read (moved aside, unless `move_aside` is false: --no-save changes nothing on disk);
        NoState when the folder cannot be used."""
        if self.folder is None:
            raise NoState(self.reason or "no state folder")
        if self._folder(create=False) is None:
            return None
        path = self.folder / self.name
        try:
            raw = read_bounded(path)
            return parse(raw)
        except FileNotFoundError:
            return None
        except (OSError, ValueError) as exc:
            reason = _why(exc) if isinstance(exc, OSError) else str(exc)
            if not move_aside:
                raise CorruptProgress(path, reason) from None
            try:
                moved = _corrupt_name(path)
                os.replace(path, moved)
            except OSError as move:
                why = _why(move)
                raise NoState(f"cannot read or move aside {printable(path)}: {why}") from None
            raise CorruptProgress(moved, reason) from None

    def exists(self) -> bool:
        """Whether progress is saved for this book (False when the folder is unusable)."""
        try:
            folder = self._folder(create=False)
        except NoState:
            return False
        return folder is not None and os.path.lexists(folder / self.name)

    def start(self) -> None:
        """Prepare to save: the folder checked (made when missing) and the lock taken. When
        that fails, progress is not kept and the user is told why."""
        if self.reason is not None:
            self.give_up(self.reason)
            return
        try:
            folder = self._folder(create=True)
            assert folder is not None
            self._lock_fd = take_lock(folder / (self.name + LOCK_SUFFIX))
        except NoState as exc:
            self.give_up(str(exc))
        except OSError as exc:
            self.give_up(f"cannot use {printable(self.folder)}: {_why(exc)}")

    def save(self, saved: Saved) -> None:
        if self.reason is not None or self.folder is None:
            return
        try:
            write_atomic(self.folder / self.name, dump(saved))
            self.saved_once = True
        except OSError as exc:
            self.give_up(f"cannot write {printable(self.folder / self.name)}: {_why(exc)}")

    def remove(self) -> None:
        """Delete this book's progress (the interview is over); quietly best effort. After a
        failed save the file this run wrote earlier goes too; another interview's stays."""
        if self.folder is None or (self.reason is not None and not self.saved_once):
            return
        with contextlib.suppress(OSError):
            os.unlink(self.folder / self.name)

    def close(self) -> None:
        if self._lock_fd is not None:
            assert self.folder is not None
            with contextlib.suppress(OSError):
                os.unlink(self.folder / (self.name + LOCK_SUFFIX))
            os.close(self._lock_fd)
            self._lock_fd = None


def saved_books() -> list[list[str] | None]:
    """The books (their rule paths; None for the bundled one) that have readable progress."""
    try:
        folder = state_dir()
        if not check_folder(folder, create=False):
            return []
        names = sorted(
            n for n in os.listdir(folder) if n.startswith(PREFIX) and n.endswith(".json")
        )
    except (NoState, OSError):
        return []
    books: list[list[str] | None] = []
    for name in names:
        try:
            books.append(parse(read_bounded(folder / name)).rules)
        except (OSError, ValueError):
            continue
    return books


class Busy(NoState):
    """Another interview holds the lock."""


def take_lock(path: Path) -> int:
    """An open, exclusively locked lock file; Busy when another interview holds it.

    The holder removes the file when it ends, so a lock taken on a file that has just been
    removed (or replaced) is taken again on the file now at `path`."""
    flags = os.O_RDWR | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0)
    try:
        import fcntl
    except ImportError:  # pragma: no cover - Windows: no lock, as before
        return os.open(path, flags, 0o600)
    for _ in range(10):
        fd = os.open(path, flags, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            raise Busy(
                "another mendpath interview with this rule book is running; finish or stop it first"
            ) from None
        try:
            same = os.fstat(fd).st_ino == os.stat(path, follow_symlinks=False).st_ino
        except FileNotFoundError:
            same = False
        if same:
            return fd
        os.close(fd)  # the file was removed while we waited: lock the new one
    raise Busy("the lock file keeps changing; is another mendpath running?")  # pragma: no cover


def is_ours(name: str) -> bool:
    """Whether a file name in the state folder is one mendpath writes."""
    return (
        name.startswith((PREFIX, TEMP_PREFIX, CRASH_PREFIX))
        or name.startswith("progress.json")  # the single file of earlier versions
    )


def forget_all() -> list[Path]:
    """Delete everything mendpath wrote in the state folder (progress, its temporary and
    unreadable copies, locks, crash reports) and the folder when it is left empty; returns
    what was removed. NoState when the folder cannot be used; Busy when an interview runs."""
    folder = state_dir()
    if not check_folder(folder, create=False):
        return []
    removed: list[Path] = []
    entries = [e for e in sorted(os.scandir(folder), key=lambda e: e.name) if is_ours(e.name)]
    locks: list[int] = []
    try:
        for entry in entries:  # first make sure no interview is running
            if entry.name.endswith(LOCK_SUFFIX) and entry.is_file(follow_symlinks=False):
                with contextlib.suppress(OSError):
                    locks.append(take_lock(Path(entry.path)))
        removed = _remove(entries)
    finally:
        for fd in locks:
            os.close(fd)
    if removed:
        sync_folder(folder)
    with contextlib.suppress(OSError):
        os.rmdir(folder)  # only when nothing else is left in it
    return removed


def _remove(entries: list[os.DirEntry[str]]) -> list[Path]:
    removed: list[Path] = []
    for entry in entries:
        path = Path(entry.path)
        try:
            if entry.is_dir(follow_symlinks=False):
                import shutil

                shutil.rmtree(path)
            else:
                os.unlink(path)
        except OSError as exc:
            raise NoState(f"cannot delete {printable(path)}: {_why(exc)}") from None
        removed.append(path)
    return removed
