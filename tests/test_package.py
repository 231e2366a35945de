"""The built package: its metadata is complete and renders on PyPI, and its sdist carries
everything the tests need, so they run from the unpacked sdist.

Both are built once, from a copy of the tree, by the `built` fixture (tests/conftest.py); the
metadata is checked with `packaging.metadata` (what twine checks with), the sdist by
collecting the whole test suite inside it and running part of it, in one pytest run.
"""

from __future__ import annotations

import email.parser
import email.policy
import os
import re
import subprocess
import sys
import tarfile
import zipfile
from pathlib import Path

import pytest
from packaging.metadata import Metadata

ROOT = Path(__file__).parent.parent
GRAFTED = ("tests", "examples", "docs", "tools", "rules", "scenarios")  # MANIFEST.in


@pytest.mark.first
def test_wheel_metadata_is_complete_and_valid(built: tuple[Path, Path]) -> None:
    wheel, _ = built
    with zipfile.ZipFile(wheel) as archive:
        name = next(n for n in archive.namelist() if n.endswith(".dist-info/METADATA"))
        raw = archive.read(name)
        licences = [n for n in archive.namelist() if n.endswith("licenses/LICENSE")]
    meta = Metadata.from_email(raw, validate=True)  # raises on anything invalid
    assert meta.name == "mendpath"
    assert str(meta.license_expression) == "MIT"
    assert meta.license_files == ["LICENSE"]
    assert licences, "the LICENSE file is in the wheel"
    assert meta.author
    assert meta.classifiers
    assert "Environment :: Console" in meta.classifiers
    assert meta.description_content_type == "text/markdown"
    page = email.parser.BytesParser(policy=email.policy.compat32).parsebytes(raw).get_payload()
    assert isinstance(page, str)
    assert "pipx install mendpath" in page
    for clone_only in ("make run", "make test", ".venv/bin"):
        assert clone_only not in page
    links = re.findall(r"\]\(([^)]*)\)", page)
    assert all(link.startswith("https://") for link in links), links


@pytest.mark.first
def test_the_tests_run_from_the_unpacked_sdist(built: tuple[Path, Path], tmp_path: Path) -> None:
    _, sdist = built
    with tarfile.open(sdist) as archive:
        archive.extractall(tmp_path, filter="data")
    unpacked = next(tmp_path.iterdir())
    for needed in ("LICENSE", "tests/bookgen.py", "tests/books/good", "examples/houseplants"):
        assert (unpacked / needed).exists(), needed
    env = dict(os.environ, PYTHONPATH=str(unpacked / "src"))
    where = subprocess.run(
        [sys.executable, "-c", "import mendpath; print(mendpath.__file__)"],
        cwd=unpacked,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    assert where.stdout.startswith(str(unpacked))  # the sdist's code, not this tree's
    # Every file the tests read is there: each file of the folders MANIFEST.in grafts (a
    # file missing from the sdist would fail a test there, or its collection).
    wanted = {
        path.relative_to(ROOT)
        for folder in GRAFTED
        for path in (ROOT / folder).rglob("*")
        if path.is_file()
        and path.suffix not in {".pyc", ".pyo"}
        and not any(
            part.startswith(".") or part == "__pycache__" for part in path.parts[len(ROOT.parts) :]
        )
    }
    assert Path("tests/conftest.py") in wanted  # (the folders were found)
    missing = sorted(str(n) for n in wanted if not (unpacked / n).is_file())
    assert not missing, missing
    # And part of the suite runs there.
    files = ("tests/book/test_validate.py", "tests/test_loader.py", "tests/author/test_starter.py")
    run = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", *files],
        cwd=unpacked,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-2000:]
    summary = run.stdout.strip().splitlines()[-1]
    assert re.fullmatch(r"\d+ passed(, \d+ skipped)? in .*", summary), summary
