"""Ship the bundled rule book and its scenarios, which live at the top of the repository, inside
the built package (mendpath/rules, mendpath/scenarios). Everything else is in pyproject.toml."""

from __future__ import annotations

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

ROOT = Path(__file__).parent
DATA = ("rules", "scenarios")  # repository folders of YAML files, shipped as package data


class BuildWithBook(build_py):
    def run(self) -> None:
        super().run()
        for name in DATA:
            target = Path(self.build_lib, "mendpath", name)
            target.mkdir(parents=True, exist_ok=True)
            for source in sorted((ROOT / name).glob("*.yaml")):
                shutil.copyfile(source, target / source.name)


setup(cmdclass={"build_py": BuildWithBook})
