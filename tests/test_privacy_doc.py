"""docs/privacy.md names every path mendpath writes: run the program in its main modes,
watch every folder it could write to, and look each path up in the page."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from mendpath import files
from mendpath.ask import progress
from mendpath.ask.interview import Interrupted
from mendpath.ask.session import AskOptions, run_ask
from mendpath.cli import commands
from mendpath.cli.main import main
from mendpath.errors import Stopped
from mendpath.logic import engine
from mendpath.model import Answer

ROOT = Path(__file__).parent.parent
PLANTS = ROOT / "examples" / "houseplants"
CAT = str(ROOT / "examples" / "answers" / "houseplants-cat.yaml")
PAGE = (ROOT / "docs" / "privacy.md").read_text("utf-8")
REPLIES: list[Answer] = ["bright", "office", "no", "no"]

# How a written name reads in the page: random parts, keys and dates become words.
PATTERNS = [
    (re.compile(r"^progress-[0-9a-f]{16}\.json$"), "progress-KEY.json"),
    (re.compile(r"^progress-[0-9a-f]{16}\.json\.lock$"), "progress-KEY.json.lock"),
    (
        re.compile(r"^progress-[0-9a-f]{16}\.json\.corrupt-\d{8}-\d{6}(-\d+)?$"),
        "progress-KEY.json.corrupt-DATE-TIME[-N]",
    ),
    (re.compile(r"^\.progress-.+\.tmp$"), ".progress-RANDOM.tmp"),
    (re.compile(r"^\.mendpath-.+\.tmp$"), ".mendpath-RANDOM.tmp"),
    (re.compile(r"^crash-.+\.txt$"), "crash-RANDOM.txt"),
    (re.compile(r"^summary\.html$"), "--output FILE"),
    (re.compile(r"^mine\.yaml$"), "--record FILE"),
    (re.compile(r"^graph\.mmd$"), "graph --output FILE"),
]


class Watch:
    """Every file and folder seen under the watched roots, at every moment we look."""

    def __init__(self, **roots: Path) -> None:
        self.roots = roots
        self.seen: set[tuple[str, str]] = set()

    def look(self) -> None:
        for label, root in self.roots.items():
            for dirpath, dirnames, filenames in os.walk(root):
                for name in dirnames + filenames:
                    rel = os.path.relpath(os.path.join(dirpath, name), root)
                    self.seen.add((label, rel))


def named_in_page(name: str) -> str | None:
    for pattern, words in PATTERNS:
        if pattern.match(name):
            return words if f"`{words}`" in PAGE else None
    return None


def test_every_path_written_is_named_in_the_page(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    state, home, temp, work, out = (tmp_path / n for n in ("state", "home", "tmp", "work", "out"))
    for folder in (state, home, temp, work, out):
        folder.mkdir()
    monkeypatch.setenv("XDG_STATE_HOME", str(state))
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("TMPDIR", str(temp))
    monkeypatch.chdir(work)
    watch = Watch(state=state, home=home, tmp=temp, work=work, out=out)

    # look just before every rename, so temporary files are seen too
    real_replace, real_link = os.replace, os.link

    def replace(src: object, dst: object) -> None:
        watch.look()
        real_replace(src, dst)  # type: ignore[arg-type]

    def link(src: object, dst: object, **kw: object) -> None:
        watch.look()
        real_link(src, dst, **kw)  # type: ignore[arg-type]

    monkeypatch.setattr(progress.os, "replace", replace)
    monkeypatch.setattr(files.os, "link", link)

    def script(replies: list[Answer]):  # type: ignore[no-untyped-def]
        answers = iter(replies)

        def ask(step: engine.Ask, current: Answer | None, texts: dict[str, str]) -> Answer:
            watch.look()
            try:
                return next(answers)
            except StopIteration:
                raise Interrupted("stop") from None

        return ask

    # 1. an interview stopped half way, then resumed and finished with --output and --record
    with pytest.raises(Stopped):
        run_ask(AskOptions(rules=[PLANTS], interactive=True, ask=script(REPLIES[:2])))
    watch.look()
    assert (
        main(
            [
                "ask",
                "--rules",
                str(PLANTS),
                "--answers",
                CAT,
                "--record",
                str(out / "mine.yaml"),
                "--output",
                str(out / "summary.html"),
                "--format",
                "html",
                "--force",
                "--no-save",
            ]
        )
        == 0
    )
    run_ask(AskOptions(rules=[PLANTS], resume=True, interactive=True, ask=script(REPLIES[2:])))
    watch.look()
    # 2. an unreadable progress file, moved aside
    with pytest.raises(Stopped):
        run_ask(AskOptions(rules=[PLANTS], interactive=True, ask=script(REPLIES[:1])))
    [saved] = (state / "mendpath").glob("progress-*.json")
    saved.write_text("{broken")
    run_ask(AskOptions(rules=[PLANTS], resume=True, interactive=True, ask=script(REPLIES)))
    watch.look()

    # 3. a crash report
    def bug(args: object) -> int:
        raise RuntimeError("a bug")

    with monkeypatch.context() as patched:
        patched.setitem(commands.COMMANDS, "paths", bug)
        assert main(["paths"]) == 3
    watch.look()
    # 4. graph --output
    assert main(["graph", "--rules", str(PLANTS), "--output", str(out / "graph.mmd")]) == 0
    watch.look()
    capsys.readouterr()

    outside = sorted(f"{label}/{rel}" for label, rel in watch.seen if label not in ("state", "out"))
    assert outside == []  # nothing in HOME, the temporary folder or the working folder
    names = {Path(rel).name for label, rel in watch.seen if rel != "mendpath"}
    assert {n for n in names if named_in_page(n) is None} == set()
    expected = {words for _, words in PATTERNS}
    found = {named_in_page(n) for n in names}
    assert found == expected  # each kind of file was really produced by this test

    # forget removes everything in the state folder, and the folder
    assert main(["forget"]) == 0
    assert not (state / "mendpath").exists()


def test_the_page_states_the_policy_of_the_html_summary() -> None:
    from mendpath.render.formats import CSP

    assert f"`{CSP}`" in PAGE
