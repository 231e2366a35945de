"""Saved progress that cannot be kept never ends the interview; `forget` removes everything;
progress per book, locked, and resumed only into the same book; the state folder is trusted
only when it is ours; a closed terminal is an interruption (issue 14, findings 2, 5-8, 12)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from mendpath.ask import progress
from mendpath.ask.interview import Interrupted
from mendpath.ask.session import AskOptions, run_ask
from mendpath.cli.main import main
from mendpath.errors import MendpathError, Stopped
from mendpath.logic import engine
from mendpath.model import Answer

ROOT = Path(__file__).parent.parent
PLANTS = ROOT / "examples" / "houseplants"
REPLIES: list[Answer] = ["bright", "office", "no", "no"]


class Script:
    """Scripted answers; raises Interrupted (like Ctrl-C) when they run out."""

    def __init__(self, replies: list[Answer]) -> None:
        self.replies = iter(replies)
        self.asked: list[str] = []

    def __call__(self, step: engine.Ask, current: Answer | None, texts: dict[str, str]) -> Answer:
        self.asked.append(step.question.id)
        try:
            return next(self.replies)
        except StopIteration:
            raise Interrupted("script ran out") from None


def interview(replies: list[Answer], **options: object) -> AskOptions:
    return AskOptions(rules=[PLANTS], interactive=True, ask=Script(replies), **options)  # type: ignore[arg-type]


def ours(state: Path) -> list[str]:
    folder = state / "mendpath"
    return sorted(p.name for p in folder.iterdir()) if folder.exists() else []


# -- 2. progress that cannot be saved: one warning, the interview goes on ------------------


def finishes_with_one_warning(capsys: pytest.CaptureFixture[str], reason: str) -> None:
    _, done = run_ask(interview(REPLIES))
    assert done.answers == dict(zip(["light", "room", "pets", "forgetful"], REPLIES, strict=True))
    err = capsys.readouterr().err
    assert err == f"mendpath: progress will not be kept: {reason}\n"


def test_empty_home_warns_once_and_goes_on(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.delenv("XDG_STATE_HOME")
    monkeypatch.setenv("HOME", "")
    finishes_with_one_warning(capsys, "HOME is empty")


def test_relative_home_is_not_used(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.delenv("XDG_STATE_HOME")
    monkeypatch.setenv("HOME", "relative/home")
    finishes_with_one_warning(capsys, "HOME is not an absolute path (relative/home)")


def test_no_home_and_no_passwd_entry(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import pwd

    def missing(uid: int) -> pwd.struct_passwd:
        raise KeyError(uid)

    monkeypatch.delenv("XDG_STATE_HOME")
    monkeypatch.delenv("HOME")
    monkeypatch.setattr(pwd, "getpwuid", missing)
    finishes_with_one_warning(capsys, "HOME is not set and the user has no home folder")


def test_a_file_where_the_state_folder_should_be(
    private_state: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (private_state / "mendpath").write_text("not a folder")
    finishes_with_one_warning(capsys, f"{private_state / 'mendpath'} is not a folder")


@pytest.fixture
def tiny_disk() -> Iterator[Path]:
    """A 64 KiB tmpfs that fills up; skipped when this machine cannot mount one."""
    mount = Path(tempfile.mkdtemp(prefix="mendpath-full-"))
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=64k,mode=0700", "tmpfs", str(mount)],
        capture_output=True,
        check=False,
    )
    if done.returncode != 0:
        mount.rmdir()
        pytest.skip("cannot mount a tmpfs here (needs root): " + done.stderr.decode().strip())
    try:
        yield mount
    finally:
        subprocess.run(["umount", str(mount)], check=False)
        mount.rmdir()


def test_a_full_disk_warns_once_and_goes_on(
    tiny_disk: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("XDG_STATE_HOME", str(tiny_disk))
    (tiny_disk / "mendpath").mkdir(mode=0o700)
    fd = os.open(tiny_disk / "filler", os.O_WRONLY | os.O_CREAT, 0o600)
    try:
        while os.write(fd, b"\0" * 4096):
            pass
    except OSError:
        pass
    finally:
        os.close(fd)
    _, done = run_ask(interview(REPLIES))
    assert len(done.answers) == 4
    err = capsys.readouterr().err
    assert err.startswith("mendpath: progress will not be kept: cannot write ")
    assert err.endswith(": No space left on device\n")
    assert err.count("\n") == 1
    assert [n for n in ours(tiny_disk) if n.startswith(".")] == []  # no temporary file


# -- 8. the state folder is trusted only when it is ours --------------------------------


def test_a_symlinked_state_folder_is_refused(
    private_state: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir(mode=0o755)
    (private_state / "mendpath").symlink_to(elsewhere)
    folder = private_state / "mendpath"
    finishes_with_one_warning(capsys, f"{folder} is a symbolic link; mendpath will not follow it")
    assert list(elsewhere.iterdir()) == []
    assert elsewhere.stat().st_mode & 0o777 == 0o755  # not chmodded through the link


def test_a_foreign_state_folder_is_refused(
    private_state: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    if os.geteuid() != 0:
        pytest.skip("only root can give a folder to another user")
    folder = private_state / "mendpath"
    folder.mkdir(mode=0o777)
    os.chown(folder, 1, 1)  # daemon
    finishes_with_one_warning(capsys, f"{folder} belongs to another user")
    assert list(folder.iterdir()) == []


def test_missing_parents_are_made_private_existing_ones_left_alone(tmp_path: Path) -> None:
    base = tmp_path / "base"
    base.mkdir(mode=0o755)
    folder = base / "a" / "b" / "mendpath"
    assert progress.check_folder(folder, create=True)
    for made in (base / "a", base / "a" / "b", folder):
        assert made.stat().st_mode & 0o777 == 0o700
    assert base.stat().st_mode & 0o777 == 0o755


# -- permission cases as a user who is not root ------------------------------------------

TESTER = "tester"


def python_as_tester() -> list[str]:
    """How to run mendpath as the non-root user `tester`; skips with the reason if impossible."""
    if os.geteuid() != 0:
        pytest.skip("not root, so cannot run as another user")
    if shutil.which("runuser") is None:
        pytest.skip("runuser is not installed")
    try:
        import pwd

        pwd.getpwnam(TESTER)
    except KeyError:
        if subprocess.run(["useradd", "-m", TESTER], check=False).returncode != 0:
            pytest.skip("no user 'tester' and useradd failed")
    site = [p for p in sys.path if p.endswith("site-packages")]
    src = str(ROOT / "src")
    path = os.pathsep.join([src, *site])
    for python in (sys.executable, "/usr/bin/python3"):
        probe = subprocess.run(
            [
                "runuser",
                "-u",
                TESTER,
                "--",
                "env",
                f"PYTHONPATH={path}",
                python,
                "-c",
                "import sys, yaml, rich, questionary; assert sys.version_info[:2] == "
                f"{sys.version_info[:2]!r}",
            ],
            capture_output=True,
            check=False,
        )
        if probe.returncode == 0:
            return ["runuser", "-u", TESTER, "--", "env", f"PYTHONPATH={path}", python]
    pytest.skip("no Python the user 'tester' may run with mendpath's dependencies")


@pytest.fixture
def tester_home() -> Iterator[Path]:
    """A home folder owned by `tester`, outside root's private temporary folders."""
    home = Path(tempfile.mkdtemp(prefix="mendpath-tester-", dir="/tmp"))
    try:
        yield home
    finally:
        shutil.rmtree(home, ignore_errors=True)


def chown_tree(path: Path) -> None:
    import pwd

    user = pwd.getpwnam(TESTER)
    for item in [path, *path.rglob("*")]:
        os.chown(item, user.pw_uid, user.pw_gid, follow_symlinks=False)


def run_as_tester(python: list[str], home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    script = (
        "import sys\n"
        "from pathlib import Path\n"
        "from mendpath.ask.interview import Interrupted\n"
        "from mendpath.ask.session import AskOptions, run_ask\n"
        "from mendpath.errors import MendpathError\n"
        "replies = iter(sys.argv[2:])\n"
        "def ask(step, current, texts):\n"
        "    return next(replies)\n"
        "try:\n"
        "    run_ask(AskOptions(rules=[Path(sys.argv[1])], interactive=True, ask=ask, resume=True))\n"
        "except MendpathError as exc:\n"
        "    print('mendpath:', exc.message, file=sys.stderr); sys.exit(exc.exit_code)\n"
    )
    env = ["env", f"HOME={home}", "XDG_STATE_HOME=", "LANG=C.UTF-8"]
    command = [*python[:4], *env, *python[4:], "-c", script, str(PLANTS), *args]
    return subprocess.run(command, capture_output=True, text=True, timeout=60, check=False)


def test_a_read_only_state_folder_as_a_normal_user(tester_home: Path) -> None:
    python = python_as_tester()
    folder = tester_home / ".local" / "state" / "mendpath"
    folder.mkdir(parents=True)
    chown_tree(tester_home)
    folder.chmod(0o500)
    done = run_as_tester(python, tester_home, *REPLIES)
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    lines = done.stderr.splitlines()
    assert lines[-1] == (
        f"mendpath: progress will not be kept: cannot use {folder}: Permission denied"
    )


def test_an_unreadable_progress_file_as_a_normal_user(tester_home: Path) -> None:
    python = python_as_tester()
    folder = tester_home / ".local" / "state" / "mendpath"
    folder.mkdir(parents=True, mode=0o700)
    name = progress.Store([str(PLANTS.resolve())], print).name
    (folder / name).write_text("{}")
    chown_tree(tester_home)
    folder.chmod(0o700)
    (folder / name).chmod(0o000)
    done = run_as_tester(python, tester_home, *REPLIES)
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    assert done.stderr.startswith(
        "mendpath: saved progress could not be read (Permission denied); it was moved to "
    )


# -- 5. forget removes everything mendpath wrote, and says what ---------------------------


def test_forget_removes_every_copy(private_state: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = private_state / "mendpath"
    folder.mkdir(mode=0o700)
    names = [
        "progress-0123456789abcdef.json",
        ".progress-x1y2.tmp",
        "progress-0123456789abcdef.json.corrupt-20260101-120000",
        "crash-abc.txt",
        "progress-0123456789abcdef.json.lock",
        "progress.json",
    ]
    for name in names:
        (folder / name).write_text("he hit me")
    (folder / "unrelated.txt").write_text("not ours")
    assert main(["forget"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0] == "Deleted 6 file(s) mendpath had saved:"
    assert sorted(line.strip() for line in out[1:]) == sorted(str(folder / n) for n in names)
    assert ours(private_state) == ["unrelated.txt"]


def test_forget_leaves_no_folder_behind(
    private_state: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(Stopped):
        run_ask(interview(["bright"]))
    assert len(ours(private_state)) == 1
    assert main(["forget"]) == 0
    assert not (private_state / "mendpath").exists()


def test_forget_with_a_folder_or_fifo_in_place_of_progress(
    private_state: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = private_state / "mendpath"
    folder.mkdir(mode=0o700)
    (folder / "progress-0000000000000000.json").mkdir()
    os.mkfifo(folder / "progress-1111111111111111.json")
    assert main(["forget"]) == 0
    assert not folder.exists()


def test_forget_refuses_a_symlinked_state_folder(
    private_state: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "progress.json").write_text("theirs")
    (private_state / "mendpath").symlink_to(elsewhere)
    assert main(["forget"]) == 1
    assert capsys.readouterr().err == (
        f"mendpath: saved progress cannot be deleted: {private_state / 'mendpath'} is a "
        "symbolic link; mendpath will not follow it\n"
    )
    assert (elsewhere / "progress.json").exists()


# -- 6. progress per book, a lock, and an offer to resume ---------------------------------


def test_progress_is_kept_per_book(private_state: Path) -> None:
    with pytest.raises(Stopped):
        run_ask(interview(["bright"]))
    with pytest.raises(Stopped):
        run_ask(AskOptions(interactive=True, ask=Script(["no"]), save=True))
    assert len([n for n in ours(private_state) if n.endswith(".json")]) == 2


def test_a_second_interview_with_the_same_book_does_not_save(
    private_state: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rules = [str(PLANTS.resolve())]
    first = progress.Store(rules, print)
    first.start()
    try:
        _, done = run_ask(interview(REPLIES))
    finally:
        first.close()
    assert len(done.answers) == 4
    assert capsys.readouterr().err == (
        "mendpath: progress will not be kept: another mendpath interview with this rule book "
        "is running; finish or stop it first\n"
    )


def test_existing_progress_without_a_terminal_is_kept_as_it_is(
    private_state: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A replay (`--answers FILE`, `explain --answers`) with progress saved was refused,
    exit 2, until the progress was resumed or forgotten; it runs, and the progress stays
    untouched for `--resume`."""
    with pytest.raises(Stopped):
        run_ask(interview(["bright"]))
    saved = [p for p in ours(private_state) if p.endswith(".json")]
    before = {p: (private_state / "mendpath" / p).read_bytes() for p in saved}
    capsys.readouterr()
    every = ["light=low", "room=office", "pets=no", "forgetful=no"]
    _, done = run_ask(AskOptions(rules=[PLANTS], interactive=False, answer_pairs=every))
    assert done.answers["light"] == "low"
    assert capsys.readouterr().err == (
        "mendpath: saved progress for this rule book is kept as it is (continue it with "
        "--resume); this run keeps none\n"
    )
    assert {p: (private_state / "mendpath" / p).read_bytes() for p in saved} == before
    assert saved


@pytest.mark.parametrize("resume", [True, False])
def test_existing_progress_offers_resume_or_start_over(
    private_state: Path, capsys: pytest.CaptureFixture[str], resume: bool
) -> None:
    with pytest.raises(Stopped):
        run_ask(interview(["bright"]))
    script = Script(REPLIES[1:] if resume else REPLIES)
    opts = AskOptions(rules=[PLANTS], interactive=True, ask=script, choose=lambda: resume)
    _, done = run_ask(opts)
    assert len(done.answers) == 4
    assert script.asked[0] == ("room" if resume else "light")
    assert ours(private_state) == []


# -- 7. --resume names the book and refuses another one ----------------------------------


def test_resume_names_the_book(private_state: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(Stopped) as stopped:
        run_ask(interview(["bright"]))
    assert stopped.value.message == (
        f"stopped. Your answers so far are kept; continue with: mendpath ask --resume "
        f"--rules {PLANTS}"
    )
    capsys.readouterr()
    run_ask(AskOptions(resume=True, interactive=True, ask=Script(REPLIES[1:])))
    assert capsys.readouterr().err == (
        "mendpath: resuming \u201cWhich houseplant suits you?\u201d version 1.0 "
        f"(rules {PLANTS.resolve()})\n"
        "mendpath: restored 1 saved answer; continuing where you stopped.\n"
    )


def test_resume_refuses_a_changed_book(private_state: Path, tmp_path: Path) -> None:
    book = tmp_path / "plants"
    shutil.copytree(PLANTS, book)
    with pytest.raises(Stopped):
        run_ask(AskOptions(rules=[book], interactive=True, ask=Script(["bright"])))
    text = (book / "book.yaml").read_text().replace("Plants to try", "Plants worth a try")
    (book / "book.yaml").write_text(text)
    with pytest.raises(MendpathError) as caught:
        run_ask(AskOptions(rules=[book], resume=True, interactive=True, ask=Script([])))
    assert caught.value.message == (
        "the saved progress is for \u201cWhich houseplant suits you?\u201d version 1.0, but its "
        "files changed; start again without --resume, or delete it with: mendpath forget"
    )


# -- 14. progress files that are not files ----------------------------------------------


@pytest.mark.parametrize("kind", ["folder", "fifo", "deep", "surrogate", "symlink"])
def test_a_strange_progress_file_is_moved_aside_not_followed(
    private_state: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], kind: str
) -> None:
    folder = private_state / "mendpath"
    folder.mkdir(mode=0o700)
    path = folder / progress.Store([str(PLANTS.resolve())], print).name
    if kind == "folder":
        path.mkdir()
    elif kind == "fifo":
        os.mkfifo(path)
    elif kind == "deep":
        path.write_text('{"format": 2, "answers": ' + "[" * 100_000 + "]" * 100_000 + "}")
    elif kind == "surrogate":
        path.write_text('{"format": 2, "book": {}, "answers": {"light": "\\ud800"}}')
    else:
        (tmp_path / "target").write_text("{}")
        path.symlink_to(tmp_path / "target")
    _, done = run_ask(
        AskOptions(rules=[PLANTS], resume=True, interactive=True, ask=Script(REPLIES))
    )
    assert len(done.answers) == 4
    assert capsys.readouterr().err.startswith("mendpath: saved progress could not be read (")
    assert (tmp_path / "target").exists() or kind != "symlink"


def test_corrupt_copies_do_not_collide(private_state: Path) -> None:
    store = progress.Store([str(PLANTS.resolve())], print)
    store.start()
    path = private_state / "mendpath" / store.name
    moved = []
    for _ in range(3):
        path.write_text("{broken")
        with pytest.raises(progress.CorruptProgress) as caught:
            store.load()
        moved.append(caught.value.moved_to)
    store.close()
    assert len(set(moved)) == 3
    assert all(p.read_text() == "{broken" for p in moved)


# -- 12. a closed terminal, and --no-save ----------------------------------------------


def test_a_closed_terminal_is_an_interruption_that_keeps_progress(
    private_state: Path,
) -> None:
    calls = iter(["bright"])

    def ask(step: engine.Ask, current: Answer | None, texts: dict[str, str]) -> Answer:
        try:
            return next(calls)
        except StopIteration:
            raise Interrupted("the terminal went away (Input/output error)") from None

    with pytest.raises(Stopped) as stopped:
        run_ask(AskOptions(rules=[PLANTS], interactive=True, ask=ask))
    assert stopped.value.exit_code == 130
    assert len(ours(private_state)) == 1


def test_an_eio_from_the_prompt_becomes_an_interruption() -> None:
    from mendpath.ask import prompts

    class Gone:
        def unsafe_ask(self) -> None:
            raise OSError(5, "Input/output error")

    with pytest.raises(Interrupted, match="the terminal went away"):
        prompts._unsafe_ask(Gone())  # type: ignore[arg-type]


def test_no_save_writes_no_crash_report(
    private_state: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from mendpath.cli import commands

    def bug(args: object) -> int:
        raise RuntimeError("a bug")

    monkeypatch.setitem(commands.COMMANDS, "ask", bug)
    assert main(["ask", "--no-save"]) == 3
    assert not (private_state / "mendpath").exists()
    assert "RuntimeError: a bug" in capsys.readouterr().err
    assert main(["ask"]) == 3
    assert [p.name[:6] for p in (private_state / "mendpath").iterdir()] == ["crash-"]


def test_resume_and_forget_with_an_empty_home(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.delenv("XDG_STATE_HOME")
    monkeypatch.setenv("HOME", "")
    _, done = run_ask(
        AskOptions(rules=[PLANTS], resume=True, interactive=True, ask=Script(REPLIES))
    )
    assert len(done.answers) == 4
    assert capsys.readouterr().err == "mendpath: progress will not be kept: HOME is empty\n"
    assert main(["forget"]) == 1
    assert capsys.readouterr().err == "mendpath: saved progress cannot be deleted: HOME is empty\n"


def test_no_save_resume_leaves_a_corrupt_file_where_it_is(
    private_state: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = private_state / "mendpath"
    folder.mkdir(mode=0o700)
    path = folder / progress.Store([str(PLANTS.resolve())], print).name
    path.write_text("{broken")
    opts = AskOptions(
        rules=[PLANTS], resume=True, save=False, interactive=True, ask=Script(REPLIES)
    )
    run_ask(opts)
    assert ours(private_state) == [path.name]
    assert path.read_text() == "{broken"
    assert "it was left as it is in" in capsys.readouterr().err


def test_forget_refuses_while_an_interview_runs(
    private_state: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(Stopped):
        run_ask(interview(["bright"]))
    running = progress.Store([str(PLANTS.resolve())], print)
    running.start()
    try:
        assert main(["forget"]) == 1
        assert capsys.readouterr().err == (
            "mendpath: saved progress cannot be deleted: another mendpath interview with this "
            "rule book is running; finish or stop it first\n"
        )
        assert len([n for n in ours(private_state) if n.endswith(".json")]) == 1
    finally:
        running.close()
    assert main(["forget"]) == 0


def test_stopping_after_a_failed_save_says_what_is_kept(
    private_state: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import errno

    calls = iter(["bright", "office"])
    disk = pytest.MonkeyPatch()

    def ask(step: engine.Ask, current: Answer | None, texts: dict[str, str]) -> Answer:
        if step.question.id == "room":  # the disk fills after the first answer was saved

            def full(*args: object) -> None:
                raise OSError(errno.ENOSPC, "No space left on device")

            disk.setattr(os, "fsync", full)
        try:
            return next(calls)
        except StopIteration:
            raise Interrupted("stop") from None

    try:
        with pytest.raises(Stopped) as stopped:
            run_ask(AskOptions(rules=[PLANTS], interactive=True, ask=ask))
    finally:
        disk.undo()
    assert stopped.value.message.startswith(
        "stopped. Only the answers saved before saving failed are kept; continue with: "
    )
    store = progress.Store([str(PLANTS.resolve())], print)
    assert store.load() is not None
    assert store.load().answers == {"light": "bright"}  # type: ignore[union-attr]


def test_a_lock_file_removed_while_locking_is_locked_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import fcntl

    path = tmp_path / "progress-x.json.lock"
    real = fcntl.flock
    calls: list[int] = []

    def flock(fd: int, how: int) -> None:
        real(fd, how)
        calls.append(fd)
        if len(calls) == 1:  # the holder ends and removes the file just as we lock it
            path.unlink()

    monkeypatch.setattr(fcntl, "flock", flock)
    fd = progress.take_lock(path)
    try:
        assert len(calls) == 2
        assert os.fstat(fd).st_ino == path.stat().st_ino
    finally:
        os.close(fd)
