"""A plain `pip install` into a fresh virtual environment ships the bundled book and schema.

`pip install .` builds a wheel with the project's build backend and installs it; to build
once for every packaging test, this installs the wheel that the `built` fixture
(tests/conftest.py) made that way from a copy of the tree. To stay quick and offline, the
fresh environment borrows its dependencies from the test environment through a .pth file;
the mendpath it runs is the one just installed, not the editable one.
"""

from __future__ import annotations

import site
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest

ROOT = Path(__file__).parent.parent


@pytest.mark.first
def test_installed_package_finds_the_bundled_book(built: tuple[Path, Path], tmp_path: Path) -> None:
    wheel, _ = built
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    python = venv / "bin" / "python"
    purelib = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    borrowed = [
        p for p in [*site.getsitepackages(), sysconfig.get_paths()["purelib"]] if Path(p).is_dir()
    ]
    (Path(purelib) / "borrowed.pth").write_text("\n".join(dict.fromkeys(borrowed)) + "\n")
    subprocess.run(
        [
            str(python),
            "-m",
            "pip",
            "install",
            "--quiet",
            "--no-deps",
            "--no-index",
            "--no-compile",  # (byte-compiling every module is most of the install's time)
            "--disable-pip-version-check",
            str(wheel),
        ],
        check=True,
        capture_output=True,
    )
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    where = subprocess.run(
        [str(python), "-c", "import mendpath, sys; print(mendpath.__file__)"],
        cwd=elsewhere,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    assert where.startswith(purelib), where  # the installed copy, not the source tree
    run = subprocess.run(
        [str(venv / "bin" / "mendpath"), "validate", "--strict"],
        cwd=elsewhere,
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode == 0, run.stdout + run.stderr
    files = len(list((ROOT / "rules").glob("*.yaml")))
    assert run.stdout == f"ok: {files} file(s), no problems\n"
    schema = subprocess.run(
        [str(venv / "bin" / "mendpath"), "schema"],
        cwd=elsewhere,
        capture_output=True,
        text=True,
        check=True,
    )
    assert (
        schema.stdout == (ROOT / "src" / "mendpath" / "schema" / "rulebook.schema.json").read_text()
    )
    # the Spanish catalogue ships too: mendpath's own words in Spanish from the installed copy
    spanish = subprocess.run(
        [
            str(venv / "bin" / "mendpath"),
            "ask",
            "--plain",
            "--rules",
            str(ROOT / "examples" / "houseplants"),
            "--answers",
            str(ROOT / "examples" / "answers" / "houseplants-cat.yaml"),
        ],
        cwd=elsewhere,
        capture_output=True,
        text=True,
        check=True,
        env={"PATH": "/usr/bin:/bin", "LANG": "es_ES.UTF-8"},
    )
    assert "\nLo que nos has contado\n" in spanish.stdout
    assert spanish.stdout.endswith(
        "\nFuentes\n[1] Nuestras notas sobre plantas de interior, El equipo de mendpath\n"
    )
