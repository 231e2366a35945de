"""Shared test set-up: the tests folder is importable (for bookgen and ptys), no test touches
the user's real state folder, one Hypothesis profile decides how hard property tests try, the
few tests that take seconds (marked `first`) start the run, and the packaging tests share one
built wheel and sdist (`built`).

Profiles: `dev` (the default: `make test` on a developer machine, quick) and `ci` (with
`CI=true`, as .ci/run sets: many more examples). `HYPOTHESIS_PROFILE=ci make test` runs the
thorough profile locally. Tests set no `max_examples` of their own.
"""

from __future__ import annotations

import fcntl
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

sys.path.insert(0, str(Path(__file__).parent))

# No deadlines and no "too slow" health check: speed is checked by benchmarks (bench/), never
# by timed tests, which fail at random on a busy machine.
settings.register_profile(
    "dev", max_examples=10, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
# Hypothesis's own `ci` profile (fixed seed, no example database, print_blob) with more examples.
settings.register_profile("ci", parent=settings.get_profile("ci"), max_examples=300)
settings.load_profile(
    os.environ.get("HYPOTHESIS_PROFILE")
    or ("ci" if os.environ.get("CI", "").lower() in ("true", "1") else "dev")
)


ROOT = Path(__file__).parent.parent


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Tests marked `first` (each takes seconds) run before the others, in their order: a
    worker that meets one late in the run would keep the whole run waiting for it."""
    items.sort(key=lambda item: item.get_closest_marker("first") is None)  # sort is stable


def pytest_report_header() -> str:
    return f"hypothesis profile: {settings.get_current_profile_name()} ({settings().max_examples} examples)"


@pytest.fixture(autouse=True)
def private_state(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> Path:
    state = tmp_path_factory.mktemp("state")
    monkeypatch.setenv("XDG_STATE_HOME", str(state))
    return state


@pytest.fixture(scope="session")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """(the wheel, the sdist) built from a copy of this tree with setuptools' own build backend
    (no isolation, so offline): what `pip install .` and `python -m build` run. Every
    packaging test (tests/test_package.py, tests/test_install.py) shares one build, also
    across xdist workers: the first worker to need it builds it, under a lock, in the folder
    that all workers of this run share, and the others wait for it."""
    shared = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        shared = shared.parent  # pytest-N/, above each worker's popen-gwN/
    made = shared / "package" / "built.txt"
    with (shared / "package.lock").open("a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # released when the file closes
        if not made.exists():
            source = shared / "package" / "source"
            ignore = shutil.ignore_patterns(
                ".venv", ".git", "build", "dist", "*.egg-info", ".*_cache", ".hypothesis",
                "__pycache__",
            )  # fmt: skip
            shutil.copytree(ROOT, source, ignore=ignore)
            out = shared / "package" / "dist"
            code = (
                "import sys; from setuptools import build_meta as b; out = sys.argv[1]; "
                "s = b.build_sdist(out); w = b.build_wheel(out); print('=>', s, w)"
            )
            run = subprocess.run(
                [sys.executable, "-c", code, str(out)],
                cwd=source,
                capture_output=True,
                text=True,
                check=True,
            )
            sdist, wheel = run.stdout.strip().splitlines()[-1].split()[1:]
            made.write_text(f"{out / wheel}\n{out / sdist}\n")
    wheel, sdist = made.read_text().splitlines()
    return Path(wheel), Path(sdist)


@pytest.fixture(autouse=True)
def english(monkeypatch: pytest.MonkeyPatch) -> object:
    """Every test starts in English whatever the machine's locale (a test asks for another
    language with --lang or by setting the variables), and leaves mendpath's words English."""
    from mendpath import i18n

    for name in i18n.LANGUAGE_VARIABLES:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("LANG", "C.UTF-8")
    yield
    i18n.use(i18n.ENGLISH)
