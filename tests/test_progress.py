"""Saved progress: private, atomic, and forgiving of corrupt or outdated files."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from mendpath.ask import progress
from mendpath.ask.session import AskOptions, run_ask
from mendpath.cli.main import main

ROOT = Path(__file__).parent.parent
PLANTS = ROOT / "examples" / "houseplants"


def saved(answers: dict[str, progress.Answer], version: str = "1.0") -> progress.Saved:
    return progress.Saved([str(PLANTS)], "Which houseplant suits you?", version, answers)


def test_file_and_folder_are_private(private_state: Path) -> None:
    path = progress.save(saved({"light": "low"}))
    assert path == private_state / "mendpath" / "progress.json"
    assert path.stat().st_mode & 0o777 == 0o600
    assert path.parent.stat().st_mode & 0o777 == 0o700
    assert progress.load() == saved({"light": "low"})


def test_a_crash_mid_write_leaves_the_old_file_intact(
    private_state: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    progress.save(saved({"light": "low"}))

    def crash(fd: int) -> None:
        raise OSError("disk pulled out")

    with monkeypatch.context() as patched:
        patched.setattr(os, "fsync", crash)
        with pytest.raises(OSError, match="disk pulled out"):
            progress.save(saved({"light": "bright", "room": "office"}))
    assert progress.load() == saved({"light": "low"})
    leftovers = [p.name for p in (private_state / "mendpath").iterdir()]
    assert leftovers == ["progress.json"]  # the temporary file is gone too


@pytest.mark.parametrize(
    "content",
    [b'{"format": 1, "answ', b"\xff\xfe", b"[]", b'{"format": 1, "answers": {"a": 3}, "book": {}}'],
)
def test_corrupt_file_is_moved_aside(private_state: Path, content: bytes) -> None:
    path = private_state / "mendpath" / "progress.json"
    path.parent.mkdir(mode=0o700)
    path.write_bytes(content)
    with pytest.raises(progress.CorruptProgress) as caught:
        progress.load()
    moved = caught.value.moved_to
    assert moved.name.startswith("progress.json.corrupt-")
    assert moved.read_bytes() == content
    assert not path.exists()


def test_resume_after_corruption_starts_afresh(
    private_state: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = private_state / "mendpath" / "progress.json"
    path.parent.mkdir(mode=0o700)
    path.write_text("{truncated")
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


def test_answers_that_no_longer_fit_are_dropped_and_named(
    private_state: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    progress.save(
        saved({"light": "low", "room": "garage", "gone": "x", "pets": "no"}, version="0.9")
    )
    opts = AskOptions(
        rules=[PLANTS], resume=True, answer_pairs=["forgetful=no", "room=office"], interactive=False
    )
    _, done = run_ask(opts)
    assert done.answers == {"light": "low", "room": "office", "pets": "no", "forgetful": "no"}
    assert capsys.readouterr().err == (
        "mendpath: the rule book changed since you saved (version 0.9); "
        "these answers no longer fit and were dropped: room, gone\n"
        "mendpath: restored 2 saved answer(s); continuing where you stopped.\n"
    )


def test_resume_without_saved_progress(capsys: pytest.CaptureFixture[str]) -> None:
    opts = AskOptions(
        rules=[PLANTS],
        resume=True,
        answers_file=ROOT / "examples/answers/houseplants-cat.yaml",
        interactive=False,
    )
    run_ask(opts)
    assert capsys.readouterr().err == "mendpath: no saved progress; starting afresh.\n"
