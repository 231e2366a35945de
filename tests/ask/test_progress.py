"""Saved progress: private, atomic, and forgiving of corrupt or outdated files."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from mendpath.ask import progress
from mendpath.ask.session import AskOptions, run_ask
from mendpath.book.validate import book_digest
from mendpath.cli.main import main
from mendpath.errors import MendpathError

ROOT = Path(__file__).parents[2]
PLANTS = ROOT / "examples" / "houseplants"


def saved(answers: dict[str, progress.Answer], version: str = "1.0") -> progress.Saved:
    digest = book_digest([PLANTS])
    return progress.Saved(RULES, "Which houseplant suits you?", version, digest, answers)


RULES = [os.path.abspath(PLANTS)]


def store() -> progress.Store:
    def fail(message: str) -> None:
        raise AssertionError(message)

    made = progress.Store(RULES, fail)
    made.start()
    return made


def test_file_and_folder_are_private(private_state: Path) -> None:
    kept = store()
    kept.save(saved({"light": "low"}))
    kept.close()
    path = private_state / "mendpath" / kept.name
    assert kept.name.startswith("progress-")
    assert path.stat().st_mode & 0o777 == 0o600
    assert path.parent.stat().st_mode & 0o777 == 0o700
    assert store().load() == saved({"light": "low"})


def test_a_crash_mid_write_leaves_the_old_file_intact(
    private_state: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    kept = store()
    kept.save(saved({"light": "low"}))
    kept.close()

    def crash(fd: int) -> None:
        raise OSError("disk pulled out")

    with monkeypatch.context() as patched:
        patched.setattr(os, "fsync", crash)
        with pytest.raises(OSError, match="disk pulled out"):
            progress.write_atomic(private_state / "mendpath" / kept.name, b"{}")
    again = store()
    assert again.load() == saved({"light": "low"})
    again.close()
    leftovers = [p.name for p in (private_state / "mendpath").iterdir()]
    assert leftovers == [kept.name]  # the temporary file is gone too


@pytest.mark.parametrize(
    "content",
    [b'{"format": 2, "answ', b"\xff\xfe", b"[]", b'{"format": 2, "answers": {"a": 3}, "book": {}}'],
)
def test_corrupt_file_is_moved_aside(private_state: Path, content: bytes) -> None:
    kept = store()
    path = private_state / "mendpath" / kept.name
    path.write_bytes(content)
    with pytest.raises(progress.CorruptProgress) as caught:
        kept.load()
    moved = caught.value.moved_to
    assert moved.name.startswith(kept.name + ".corrupt-")
    assert moved.read_bytes() == content
    assert not path.exists()


def test_resume_after_corruption_starts_afresh(
    private_state: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    kept = store()
    kept.close()
    (private_state / "mendpath" / kept.name).write_text("{truncated")
    args = [
        "ask",
        "--rules",
        str(PLANTS),
        "--resume",
        "--answers",
        str(ROOT / "examples/answers/houseplants-cat.yaml"),
    ]
    assert main(args) == 0
    err = capsys.readouterr().err
    assert err.startswith("mendpath: saved progress could not be read (")
    assert "it was moved to" in err
    assert err.endswith("Starting afresh.\n")


def test_progress_for_another_version_of_the_book_is_refused(
    private_state: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    kept = store()
    kept.save(saved({"light": "low", "room": "garage", "gone": "x", "pets": "no"}, version="0.9"))
    kept.close()
    opts = AskOptions(rules=[PLANTS], resume=True, answer_pairs=["forgetful=no"], interactive=False)
    with pytest.raises(MendpathError) as caught:
        run_ask(opts)
    assert caught.value.message == (
        "the saved progress is for \u201cWhich houseplant suits you?\u201d version 0.9, but it is "
        "now \u201cWhich houseplant suits you?\u201d version 1.0; start again without --resume, "
        "or delete it with: mendpath forget"
    )


def test_resume_without_saved_progress(capsys: pytest.CaptureFixture[str]) -> None:
    opts = AskOptions(
        rules=[PLANTS],
        resume=True,
        answers_file=ROOT / "examples/answers/houseplants-cat.yaml",
        interactive=False,
    )
    run_ask(opts)
    assert (
        capsys.readouterr().err
        == "mendpath: no saved progress for this rule book; starting afresh.\n"
    )
