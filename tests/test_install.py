"""A plain `pip install .` into a fresh virtual environment ships the bundled book and schema.

To stay quick and offline, the fresh environment borrows its dependencies (and setuptools)
from the test environment through a .pth file, and pip builds without isolation; the
mendpath it runs is the one just installed from the source tree, not the editable one.
"""

from __future__ import annotations

import shutil
import site
import subprocess
import sys
import sysconfig
from pathlib import Path

ROOT = Path(__file__).parent.parent


def test_installed_package_finds_the_bundled_book(tmp_path: Path) -> None:
    source = tmp_path / "source"
    shutil.copytree(
        ROOT,
        source,
        symlinks=True,
        ignore=shutil.ignore_patterns(
            ".venv", ".git", "*.egg-info", "build", ".*_cache", ".hypothesis", "__pycache__"
        ),
    )
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
            "--no-build-isolation",
            str(source),
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
            str(source / "examples" / "houseplants"),
            "--answers",
            str(source / "examples" / "answers" / "houseplants-cat.yaml"),
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
