"""The pre-commit hooks check a repository's own rule book, through the real `pre-commit run`
on a throwaway git repository made by `mendpath init` whose `.pre-commit-config.yaml` names
this tree (as a git repository) as the hooks' repository.

`pre-commit run` keeps its hook environments in PRE_COMMIT_HOME, so the one environment both
hooks share is installed once for the three runs (`pre-commit try-repo` makes a fresh store,
and installs the environment again, every time it runs: 3 installs, about 35 s of the test's
50 s on this machine). That install (a fresh virtualenv, `pip install` of the hooks' repository
and its dependencies: about 15 s) is also kept from one test run to the next, in pytest's cache
folder (.pytest_cache), for as long as the hooks' repository is the same commit: its files are
what a `pip install` of it reads, committed with fixed names and dates, so its commit is the
same exactly when those files are. A clean checkout (as on CI) installs it afresh.
"""

from __future__ import annotations

import fcntl
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


# What `pip install` of the hooks' repository reads, and the hooks' manifest.
HOOKS_REPO = (
    ".pre-commit-hooks.yaml", "pyproject.toml", "setup.py", "MANIFEST.in", "README.md",
    "PACKAGE.md", "LICENSE", "src", "rules", "scenarios",
)  # fmt: skip
FIXED = {"GIT_AUTHOR_DATE": "2000-01-01T00:00:00Z", "GIT_COMMITTER_DATE": "2000-01-01T00:00:00Z"}


def _hooks_repo(kept: Path) -> tuple[Path, str]:
    """This working tree's package as a git repository (always the same folder), and its
    commit (the `rev` that `.pre-commit-config.yaml` pins, as a hooks repository's tag would
    be): the same commit exactly when the files are the same."""
    source = kept / "mendpath"
    shutil.rmtree(source, ignore_errors=True)
    source.mkdir(parents=True)
    ignore = shutil.ignore_patterns("*.egg-info", "__pycache__")
    for name in HOOKS_REPO:
        if (ROOT / name).is_dir():
            shutil.copytree(ROOT / name, source / name, ignore=ignore)
        else:
            shutil.copy2(ROOT / name, source / name)
    _git(source, "init", "-q")
    _git(source, "add", ".")
    subprocess.run(
        ["git", *COMMIT, "commit", "-qm", "tree"],
        cwd=source,
        env=dict(os.environ, **FIXED),
        check=True,
        capture_output=True,
    )
    rev = subprocess.run(
        ["git", "rev-parse", "HEAD"], cwd=source, capture_output=True, text=True, check=True
    ).stdout.strip()
    return source, rev


def _kept_home(kept: Path, rev: str) -> Path:
    """PRE_COMMIT_HOME, kept while the hooks' repository (and this Python) stay the same."""
    home, stamp = kept / "pre-commit", kept / "pre-commit.key"
    key = f"{rev} {sys.executable} {sys.version}\n"
    if not stamp.exists() or stamp.read_text() != key:
        shutil.rmtree(home, ignore_errors=True)  # another commit's environment: never reused
        stamp.write_text(key)
    return home


def _pre_commit(repo: Path, env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    run = subprocess.run(
        [str(PRE_COMMIT), "run", *args],
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
@pytest.mark.first
def test_the_hooks_check_the_repositorys_own_rule_files(
    tmp_path: Path, pytestconfig: pytest.Config
) -> None:
    cache = getattr(pytestconfig, "cache", None)  # absent with -p no:cacheprovider
    kept = cache.mkdir("hooks") if cache is not None else tmp_path / "kept"
    kept.mkdir(exist_ok=True)
    with (kept / "lock").open("a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # one test run at a time uses the kept folder
        _check_the_hooks(tmp_path, kept)


def _check_the_hooks(tmp_path: Path, kept: Path) -> None:
    source, rev = _hooks_repo(kept)
    repo = tmp_path / "books"
    assert main(["init", str(repo)]) == 0
    (repo / "notes.yaml").write_text("not: a rule file\n")  # YAML outside rules/: not checked
    (repo / ".pre-commit-config.yaml").write_text(
        f"repos:\n  - repo: {source}\n    rev: {rev}\n"
        "    hooks:\n      - id: mendpath-validate\n      - id: mendpath-test\n"
    )
    _git(repo, "init", "-q")
    _git(repo, "add", ".")
    _git(repo, *COMMIT, "commit", "-qm", "book")
    # HOME stays: pip reads the user's configuration (a local index, when offline) from it.
    env = dict(os.environ, PRE_COMMIT_HOME=str(_kept_home(kept, rev)))
    env.pop("PRE_COMMIT", None)

    passed = _pre_commit(repo, env, "--all-files")  # both hooks
    assert passed.returncode == 0, passed.stdout + passed.stderr
    lines = [line for line in passed.stdout.splitlines() if line.endswith("Passed")]
    assert [line.split(".")[0] for line in lines] == [
        "validate rule books (mendpath)",
        "run rule-book scenarios (mendpath)",
    ], passed.stdout  # the output of a passing hook is not shown

    rules = repo / "rules" / "book.yaml"
    rules.write_text(rules.read_text().replace("section: first", "section: second"))
    _git(repo, "add", "rules/book.yaml")
    failed = _pre_commit(repo, env, "mendpath-validate")  # the staged files, as on commit
    assert failed.returncode == 1, failed.stdout + failed.stderr
    assert "validate rule books (mendpath)" in failed.stdout
    assert "Failed" in failed.stdout
    assert "rules/book.yaml:" in failed.stdout
    assert "'second'" in failed.stdout
    assert "error MP107: source 'notes' has no section 'second'" in failed.stdout
    assert "invalid: " in failed.stdout
    assert "run rule-book scenarios" not in failed.stdout


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
