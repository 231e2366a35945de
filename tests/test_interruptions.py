"""Property tests: whatever interrupts an interview (SIGKILL mid-save, a full disk, a folder
that turns read-only, a closed terminal), the progress on disk is the previous or the new one,
whole, and the interview either finishes or says why it cannot save.

Seeded loops, fast by default; `CI=true` runs more (MENDPATH_RUNS overrides both)."""

from __future__ import annotations

import contextlib
import errno
import os
import random
import signal
import subprocess
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from mendpath.ask import progress
from mendpath.ask.interview import Interrupted
from mendpath.ask.session import AskOptions, run_ask
from mendpath.errors import Stopped
from mendpath.logic import engine
from mendpath.model import Answer

ROOT = Path(__file__).parent.parent
PLANTS = ROOT / "examples" / "houseplants"
RULES = [str(PLANTS.resolve())]
REPLIES: list[Answer] = ["bright", "office", "no", "no"]
CI = os.environ.get("CI") == "true"
RUNS = int(os.environ.get("MENDPATH_RUNS", "400" if CI else "100"))
SEED = int(os.environ.get("MENDPATH_SEED", "14"))


def whole_or_absent(path: Path, written: list[dict[str, Answer]]) -> dict[str, Answer] | None:
    """The progress on disk: absent, or exactly one of the versions written, never partial."""
    if not path.exists():
        return None
    saved = progress.parse(path.read_bytes())  # raises on a partial file
    assert saved.answers in written, saved.answers
    return saved.answers


# -- SIGKILL at random points during saving ----------------------------------------------


def test_sigkill_at_random_points_leaves_a_whole_progress_file(tmp_path: Path) -> None:
    rng = random.Random(SEED)
    folder = tmp_path / "state"
    folder.mkdir(mode=0o700)
    path = folder / "progress-test.json"
    versions = [
        {"light": "low", "n": str(i), "pad": "x" * rng.randrange(1, 20000)} for i in range(50)
    ]
    kinds: dict[str, int] = {"none": 0, "some": 0}
    for run in range(RUNS):
        previous = whole_or_absent(path, versions)
        ready, done = os.pipe()
        pid = os.fork()
        if pid == 0:  # the child saves version after version until it is killed
            try:
                os.close(ready)
                for i in range(run % 7, len(versions)):
                    saved = progress.Saved(RULES, "T", "1", "d", versions[i])
                    progress.write_atomic(path, progress.dump(saved))
                    os.write(done, b".")  # one more version saved
            finally:
                os._exit(0)
        os.close(done)
        # let a random number of saves complete (so the file does change, even on a busy
        # machine), then kill at a random moment of the next ones
        for _ in range(rng.randrange(3)):
            os.read(ready, 1)
        time.sleep(rng.random() * 0.002)
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        os.close(ready)
        now = whole_or_absent(path, versions)
        kinds["some" if now != previous else "none"] += 1
    assert kinds["some"] > 0  # the kills did land at different points
    leftovers = [p for p in folder.iterdir() if p.name.startswith(".progress-")]
    # a kill between creating and renaming the temporary file may leave it: forget removes it
    for p in leftovers:
        assert progress.is_ours(p.name)


# -- full disk, read-only folder, closed terminal, during a real interview -------------------


@pytest.fixture(scope="module")
def tmpfs() -> Iterator[Path | None]:
    """A small tmpfs to fill or make read-only; None when it cannot be mounted (not root),
    and the tests then simulate ENOSPC / EROFS instead."""
    mount = Path(tempfile.mkdtemp(prefix="mendpath-prop-"))
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=64k,mode=0700", "tmpfs", str(mount)],
        capture_output=True,
        check=False,
    )
    if done.returncode != 0:
        mount.rmdir()
        yield None
        return
    try:
        yield mount
    finally:
        subprocess.run(["umount", str(mount)], check=False)
        mount.rmdir()


def _fill(folder: Path, leave: int) -> None:
    """Fill the disk, then free `leave` bytes."""
    fd = os.open(folder / "filler", os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        with contextlib.suppress(OSError):
            while os.write(fd, b"\0" * 4096):
                pass
        size = os.fstat(fd).st_size
        os.ftruncate(fd, max(0, size - leave))
    finally:
        os.close(fd)


class Fault:
    """Strikes before answer number `at`: a full disk, a read-only folder or a closed terminal."""

    def __init__(self, kind: str, at: int, base: Path, real: bool, rng: random.Random) -> None:
        self.kind, self.at, self.base, self.real, self.rng = kind, at, base, real, rng
        self.count = 0
        self.struck = False
        self.patches = pytest.MonkeyPatch()

    def strike(self) -> None:
        self.struck = True
        if self.kind == "closed-terminal":
            raise Interrupted("the terminal went away (Input/output error)")
        if self.real and self.kind == "full":
            _fill(self.base, self.rng.choice([0, 100, 3000, 5000]))
            return
        # a read-only folder is simulated (EROFS): a tmpfs cannot be remounted read-only while
        # the interview holds its lock open; tests/test_privacy.py has a real one as a
        # normal user
        code = errno.ENOSPC if self.kind == "full" else errno.EROFS

        def fail(*args: object, **kwargs: object) -> None:
            raise OSError(code, os.strerror(code))

        self.patches.setattr(os, "fsync", fail)
        self.patches.setattr(tempfile, "mkstemp", fail)  # progress imports it when it writes

    def __call__(self, step: engine.Ask, current: Answer | None, texts: dict[str, str]) -> Answer:
        if self.count == self.at:
            self.strike()
        reply = REPLIES[self.count]
        self.count += 1
        return reply

    def undo(self) -> None:
        self.patches.undo()
        if self.real:
            with contextlib.suppress(FileNotFoundError):
                (self.base / "filler").unlink()


def interview(fault: Fault) -> str:
    """'finished', or 'stopped' (exit 130)."""
    try:
        run_ask(AskOptions(rules=[PLANTS], interactive=True, ask=fault))
    except Stopped as stopped:
        return "stopped" if stopped.exit_code == 130 else "wrong exit code"
    return "finished"


def test_random_faults_leave_whole_progress_and_the_interview_goes_on(
    tmpfs: Path | None,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    rng = random.Random(SEED)
    base = tmpfs if tmpfs is not None else tmp_path
    monkeypatch.setenv("XDG_STATE_HOME", str(base))
    runs = max(12, RUNS // 4)
    seen: set[tuple[str, str]] = set()
    for _ in range(runs):
        kind = rng.choice(["full", "read-only", "closed-terminal"])
        fault = Fault(kind, rng.randrange(len(REPLIES)), base, tmpfs is not None, rng)
        written = [
            dict(zip(["light", "room", "pets", "forgetful"], REPLIES[:n], strict=False))
            for n in range(5)
        ]
        try:
            outcome = interview(fault)
        finally:
            fault.undo()
        err = capsys.readouterr().err
        warnings = [line for line in err.splitlines() if "progress will not be kept" in line]
        assert len(warnings) <= 1, err
        assert "Traceback" not in err
        store = progress.Store(RULES, print)
        assert store.path is not None
        kept = whole_or_absent(store.path, written)
        if kind == "closed-terminal":
            assert outcome == "stopped"
            # the answers so far, kept; stopped before the first answer, there is nothing to keep
            assert kept == (written[fault.at] if fault.at else None)
            assert warnings == []
        else:
            assert outcome == "finished"
            assert kept is None  # finished: nothing left behind, even after a failed save
            if fault.struck and kept is not None:
                # saving failed after the fault: the user was told why
                assert warnings, err
        seen.add((kind, outcome))
        progress.forget_all()
    assert {k for k, _ in seen} == {"full", "read-only", "closed-terminal"}
