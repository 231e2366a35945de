"""Private writes (`--output`, `--record`): a new 0600 file renamed into place, never through a
link, atomic, an existing file replaced only with --force; and outputs written before the
saved progress is removed (issue 14, findings 3 and 4)."""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest

from mendpath.ask.interview import Interrupted
from mendpath.ask.session import AskOptions, run_ask
from mendpath.cli.main import main
from mendpath.errors import MendpathError
from mendpath.files import write_private
from mendpath.logic import engine
from mendpath.model import Answer

ROOT = Path(__file__).parent.parent
PLANTS = ROOT / "examples" / "houseplants"
CAT = str(ROOT / "examples" / "answers" / "houseplants-cat.yaml")


def test_a_new_file_is_private(tmp_path: Path) -> None:
    out = tmp_path / "summary.md"
    write_private(out, "secret")
    assert out.read_text() == "secret"
    assert out.stat().st_mode & 0o777 == 0o600
    assert [p.name for p in tmp_path.iterdir()] == ["summary.md"]  # no temporary file left


def test_an_existing_file_is_kept_without_force(tmp_path: Path) -> None:
    out = tmp_path / "summary.md"
    out.write_text("old")
    with pytest.raises(MendpathError) as caught:
        write_private(out, "new")
    assert caught.value.message.endswith("summary.md already exists; add --force to replace it")
    assert out.read_text() == "old"


def test_force_replaces_and_makes_the_file_private_whatever_it_was(tmp_path: Path) -> None:
    out = tmp_path / "summary.md"
    out.write_text("old")
    out.chmod(0o644)
    write_private(out, "new", force=True)
    assert out.read_text() == "new"
    assert out.stat().st_mode & 0o777 == 0o600


def test_a_planted_symlink_is_never_followed(tmp_path: Path) -> None:
    target = tmp_path / "elsewhere.txt"
    target.write_text("theirs")
    target.chmod(0o644)
    out = tmp_path / "summary.md"
    out.symlink_to(target)
    with pytest.raises(MendpathError, match="already exists; add --force"):
        write_private(out, "answers")
    write_private(out, "answers", force=True)
    assert target.read_text() == "theirs"  # the link's target is untouched
    assert not out.is_symlink()
    assert out.read_text() == "answers"
    assert out.stat().st_mode & 0o777 == 0o600


def test_a_dangling_symlink_is_not_written_through(tmp_path: Path) -> None:
    target = tmp_path / "planted.txt"
    out = tmp_path / "summary.md"
    out.symlink_to(target)
    with pytest.raises(MendpathError, match="already exists"):
        write_private(out, "answers")
    assert not target.exists()


def test_a_full_disk_leaves_the_old_file_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "summary.md"
    out.write_text("old summary")

    def full(fd: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", full)
    with pytest.raises(MendpathError) as caught:
        write_private(out, "new summary", force=True)
    assert caught.value.message.endswith("summary.md: No space left on device")
    assert out.read_text() == "old summary"
    assert [p.name for p in tmp_path.iterdir()] == ["summary.md"]


@pytest.mark.parametrize("planted", ["file", "link"])
def test_saved_progress_is_written_by_the_same_private_write(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, planted: str
) -> None:
    """progress.write_atomic is files.replace_private: 0600, renamed over a link (never
    through it), and on a full disk the old file whole and no temporary file left."""
    from mendpath.ask import progress

    target = tmp_path / "theirs.json"
    target.write_text("theirs")
    saved = tmp_path / "progress-x.json"
    if planted == "link":
        saved.symlink_to(target)
    else:
        saved.write_text("old")
        saved.chmod(0o644)
    progress.write_atomic(saved, b"{}")
    assert not saved.is_symlink()
    assert saved.read_bytes() == b"{}"
    assert saved.stat().st_mode & 0o777 == 0o600
    assert target.read_text() == "theirs"

    def full(fd: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", full)
    with pytest.raises(OSError, match="No space left"):
        progress.write_atomic(saved, b"{new}")
    assert saved.read_bytes() == b"{}"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["progress-x.json", "theirs.json"]


def test_cli_output_refuses_an_existing_file_then_replaces_with_force(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "summary.md"
    out.write_text("old")
    args = ["ask", "--rules", str(PLANTS), "--answers", CAT, "--format", "markdown"]
    assert main([*args, "--output", str(out)]) == 1
    assert capsys.readouterr().err.endswith("already exists; add --force to replace it\n")
    assert out.read_text() == "old"
    assert main([*args, "--output", str(out), "--force"]) == 0
    assert out.read_text().startswith("# Which houseplant suits you?")


def test_cli_record_refuses_an_existing_file(tmp_path: Path) -> None:
    record = tmp_path / "mine.yaml"
    record.write_text("old")
    assert main(["ask", "--rules", str(PLANTS), "--answers", CAT, "--record", str(record)]) == 1
    assert record.read_text() == "old"


class Script:
    def __init__(self, replies: list[Answer]) -> None:
        self.replies = iter(replies)

    def __call__(self, step: engine.Ask, current: Answer | None, texts: dict[str, str]) -> Answer:
        try:
            return next(self.replies)
        except StopIteration:
            raise Interrupted("script ran out") from None


REPLIES: list[Answer] = ["bright", "office", "no", "no"]


def saved_files(state: Path) -> list[str]:
    folder = state / "mendpath"
    return sorted(p.name for p in folder.glob("progress-*.json")) if folder.exists() else []


def test_a_failed_output_keeps_progress_and_says_how_to_resume(
    private_state: Path, tmp_path: Path
) -> None:
    out = tmp_path / "missing-folder" / "summary.html"

    def deliver(book: object, done: object) -> None:
        write_private(out, "summary")

    opts = AskOptions(
        rules=[PLANTS], interactive=True, ask=Script(REPLIES), extra_hint=["--output", str(out)]
    )
    with pytest.raises(MendpathError) as caught:
        run_ask(opts, deliver)
    assert caught.value.message.endswith(
        "No such file or directory. Your answers are kept; after fixing this, continue with: "
        f"mendpath ask --resume --rules {PLANTS} --output {out}"
    )
    assert len(saved_files(private_state)) == 1
    # resuming with a writable --output finishes without asking anything again
    out.parent.mkdir()
    opts = AskOptions(rules=[PLANTS], resume=True, interactive=True, ask=Script([]))
    run_ask(opts, deliver)
    assert out.read_text() == "summary"
    assert saved_files(private_state) == []


class Planting(Script):
    """Scripted answers; `path` appears (another program made it) at the last answer."""

    def __init__(self, replies: list[Answer], path: Path) -> None:
        super().__init__(replies)
        self.left = len(replies)
        self.path = path
        self.asked = 0

    def __call__(self, step: engine.Ask, current: Answer | None, texts: dict[str, str]) -> Answer:
        self.asked += 1
        self.left -= 1
        if self.left == 0:
            self.path.write_text("old")
        return super().__call__(step, current, texts)


def test_a_failed_record_keeps_progress_and_the_hint_replaces_it(
    private_state: Path, tmp_path: Path
) -> None:
    record = tmp_path / "mine.yaml"
    opts = AskOptions(
        rules=[PLANTS], interactive=True, ask=Planting(REPLIES, record), record=record
    )
    with pytest.raises(MendpathError) as caught:
        run_ask(opts)
    assert caught.value.message == (
        f"{record} already exists; add --force to replace it. Your answers are kept; after "
        f"fixing this, continue with: mendpath ask --resume --rules {PLANTS} --record {record} "
        "--force"
    )
    assert len(saved_files(private_state)) == 1
    assert record.read_text() == "old"


@pytest.mark.parametrize("option", ["output", "record"])
def test_an_existing_file_is_refused_before_the_first_question(
    private_state: Path, tmp_path: Path, option: str
) -> None:
    named = tmp_path / "summary.html"
    named.write_text("old")
    script = Planting(REPLIES, tmp_path / "unused")
    opts = AskOptions(rules=[PLANTS], interactive=True, ask=script, **{option: named})  # type: ignore[arg-type]
    with pytest.raises(MendpathError) as caught:
        run_ask(opts)
    assert caught.value.message == f"{named} already exists; add --force to replace it"
    assert caught.value.exit_code == 1
    assert script.asked == 0
    assert saved_files(private_state) == []
    assert named.read_text() == "old"


def test_cli_refuses_an_existing_output_before_asking(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "summary.html"
    out.write_text("old")
    # without a terminal the first question would fail "no terminal to ask it in": the
    # existing file is found first
    assert main(["ask", "--rules", str(PLANTS), "--output", str(out)]) == 1
    assert capsys.readouterr().err == (
        f"mendpath: {out} already exists; add --force to replace it\n"
    )


def test_the_resume_hint_repeats_force_and_language(private_state: Path, tmp_path: Path) -> None:
    out = tmp_path / "summary.html"
    out.write_text("old")
    opts = AskOptions(
        rules=[PLANTS],
        interactive=True,
        ask=Script(REPLIES[:1]),
        output=out,
        force=True,
        language="es",
        extra_hint=["--output", str(out), "--format", "html"],
    )
    with pytest.raises(MendpathError) as caught:
        run_ask(opts)
    assert caught.value.message.endswith(
        f"mendpath ask --resume --rules {PLANTS} --output {out} --format html --lang es --force"
    )


def test_progress_is_removed_only_after_the_outputs_succeed(
    private_state: Path, tmp_path: Path
) -> None:
    seen: list[list[str]] = []

    def deliver(book: object, done: object) -> None:
        seen.append(saved_files(private_state))

    run_ask(AskOptions(rules=[PLANTS], interactive=True, ask=Script(REPLIES)), deliver)
    assert len(seen[0]) == 1  # still there while the result was written
    assert saved_files(private_state) == []
