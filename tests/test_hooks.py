"""The pre-commit hook checks the repository's own rule book, through the real
`pre-commit try-repo` on a throwaway git repository made by `mendpath init`."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from mendpath.cli.main import main

ROOT = Path(__file__).parent.parent
PRE_COMMIT = Path(sys.executable).parent / "pre-commit"
OFFLINE = (
    "Could not find a version",
    "No matching distribution",
    "Network is unreachable",
    "Could not fetch URL",
    "Temporary failure in name resolution",
)
COMMIT = ("-c", "user.name=t", "-c", "user.email=t@example.org", "-c", "commit.gpgsign=false")


def _git(repo: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True)


def _hooks_repo(tmp_path: Path) -> tuple[Path, str]:
    """This working tree as a throwaway git repository, and its commit: pre-commit then
    installs the hook's environment once for both runs (try-repo on the tree itself would
    make a new shadow commit, and a new environment, every time)."""
    source = tmp_path / "mendpath"
    ignore = shutil.ignore_patterns(
        ".venv", ".git", "build", "dist", "*.egg-info", ".*_cache", ".hypothesis", "__pycache__"
    )
    shutil.copytree(ROOT, source, ignore=ignore)
    _git(source, "init", "-q")
    _git(source, "add", ".")
    _git(source, *COMMIT, "commit", "-qm", "tree")
    rev = subprocess.run(
        ["git", "rev-parse", "HEAD"], cwd=source, capture_output=True, text=True, check=True
    ).stdout.strip()
    return source, rev


def _try_repo(
    repo: Path,
    hooks: tuple[Path, str],
    env: dict[str, str],
    *args: str,
    hook: str = "mendpath-validate",
) -> subprocess.CompletedProcess[str]:
    source, rev = hooks
    run = subprocess.run(
        [str(PRE_COMMIT), "try-repo", str(source), hook, "--ref", rev, *args],
        cwd=repo,
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=600,
    )
    if any(sign in run.stdout + run.stderr for sign in OFFLINE):
        pytest.skip("pre-commit could not install the hook's environment offline")
    return run


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
@pytest.mark.skipif(not PRE_COMMIT.exists(), reason="pre-commit is not installed (dev extra)")
def test_the_hooks_check_the_repositorys_own_rule_files(tmp_path: Path) -> None:
    repo = tmp_path / "books"
    assert main(["init", str(repo)]) == 0
    (repo / "notes.yaml").write_text("not: a rule file\n")  # YAML outside rules/: not checked
    _git(repo, "init", "-q")
    _git(repo, "add", ".")
    _git(repo, *COMMIT, "commit", "-qm", "book")
    # HOME stays: pip reads the user's configuration (a local index, when offline) from it.
    env = dict(os.environ, PRE_COMMIT_HOME=str(tmp_path / "cache"))
    env.pop("PRE_COMMIT", None)

    hooks = _hooks_repo(tmp_path)
    passed = _try_repo(repo, hooks, env, "--all-files")
    assert passed.returncode == 0, passed.stdout + passed.stderr
    assert "validate rule books (mendpath)" in passed.stdout
    assert "Passed" in passed.stdout
    tested = _try_repo(repo, hooks, env, "--all-files", hook="mendpath-test")
    assert tested.returncode == 0, tested.stdout + tested.stderr
    assert "run rule-book scenarios (mendpath)" in tested.stdout
    assert "Passed" in tested.stdout  # the output of a passing hook is not shown

    rules = repo / "rules" / "book.yaml"
    rules.write_text(rules.read_text().replace("section: first", "section: second"))
    _git(repo, "add", "rules/book.yaml")
    failed = _try_repo(repo, hooks, env)  # the staged files, as on commit
    assert failed.returncode == 1, failed.stdout + failed.stderr
    assert "rules/book.yaml:" in failed.stdout
    assert "'second'" in failed.stdout
    assert "error MP107: source 'notes' has no section 'second'" in failed.stdout
    assert "invalid: " in failed.stdout


def test_book_of_checks_each_files_whole_book(capsys: pytest.CaptureFixture[str]) -> None:
    from mendpath.files import display_name

    plants = ROOT / "examples" / "houseplants" / "book.yaml"
    args = ["validate", "--book-of", str(ROOT / "rules" / "10-questions.yaml"), str(plants)]
    assert main(args) == 0
    out = capsys.readouterr().out.splitlines()
    files = len(list((ROOT / "rules").glob("*.yaml")))
    assert out == [
        f"{display_name(ROOT / 'rules')}:",
        f"ok: {files} file(s), no problems",
        f"{display_name(plants.parent)}:",
        "ok: 2 file(s), no problems",  # book.yaml and its Spanish, es.yaml
    ]
    assert main([*args, "--format", "json"]) == 0
    reports = json.loads(capsys.readouterr().out)
    assert [(r["book"], r["files"], r["valid"]) for r in reports] == [
        (display_name(ROOT / "rules"), files, True),
        (display_name(plants.parent), 2, True),
    ]
