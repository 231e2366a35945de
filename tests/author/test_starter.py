"""`mendpath init` and `mendpath test --coverage` from the command line, and author/starter.py on
its own: the files it writes, and the folders it refuses."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from mendpath.cli.main import main

ROOT = Path(__file__).parents[2]
PLANTS = str(ROOT / "examples" / "houseplants")


def test_init_makes_a_book_that_validate_and_test_accept(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "book"
    assert main(["init", str(folder)]) == 0
    assert f"mendpath validate --strict {folder / 'rules'}" in capsys.readouterr().out
    files = sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file())
    assert files == [
        "rules/book.yaml",
        "scenarios/first.yaml",
        "schemas/rulebook.schema.json",
        "schemas/scenarios.schema.json",
    ]
    for name in ("rules/book.yaml", "scenarios/first.yaml"):
        first = (folder / name).read_text().splitlines()[0]
        assert first.startswith("# yaml-language-server: $schema=../schemas/")
        assert (folder / name).parent.joinpath(first.split("=", 1)[1]).resolve().is_file()
    rules = str(folder / "rules")
    assert main(["validate", "--strict", rules]) == 0
    assert capsys.readouterr().out == "ok: 1 file(s), no problems\n"
    assert main(["test", "--rules", rules, str(folder / "scenarios"), "--fail-under", "100"]) == 0
    assert "coverage: 100% (5 of 5)" in capsys.readouterr().out


def test_init_refuses_a_folder_that_is_not_empty(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "notes.txt").write_text("mine")
    assert main(["init", str(tmp_path)]) == 1
    assert capsys.readouterr().err == (
        f"mendpath: {tmp_path} is not empty; give a new or empty folder\n"
    )
    assert [p.name for p in tmp_path.iterdir()] == ["notes.txt"]


SCENARIO = """\
scenarios:
  - name: A cat in a bright kitchen
    answers: {light: bright, room: kitchen, pets: "yes", pet_kinds: [cat], forgetful: "no"}
    shows: [pet_safe, cat_height]
"""


def test_coverage_lists_what_no_scenario_reaches(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    scenario = tmp_path / "one.yaml"
    scenario.write_text(SCENARIO)
    assert main(["test", "--rules", PLANTS, str(scenario), "--coverage"]) == 0
    out = capsys.readouterr().out
    assert out.endswith(
        "coverage: 40% (8 of 20)\n"
        "  advice items: 40% (2 of 5)\n"
        "    reached by no scenario: succulents, snake_plant, water_reminder\n"
        "  situations: 50% (1 of 2)\n"
        "    reached by no scenario: shady\n"
        "  answer classes: 38% (5 of 13)\n"
        "    reached by no scenario: light=medium, light=low, room=bedroom, room=office, "
        "pets=no, pet_kinds includes dog, pet_kinds: none chosen, forgetful=yes\n"
    )
    assert main(["test", "--rules", PLANTS, str(scenario), "--fail-under", "80"]) == 1
    assert capsys.readouterr().out.endswith("FAIL  coverage 40% is under --fail-under 80%\n")
    assert main(["test", "--rules", PLANTS, str(scenario), "--fail-under", "40"]) == 0


# author/starter.py on its own.


def test_the_starter_files_are_the_book_its_scenarios_and_the_schemas_they_name() -> None:
    from mendpath.author.starter import RULES, SCENARIOS, starter_files
    from mendpath.book.fast_check import schema_text

    files = starter_files()
    assert list(files) == [
        "rules/book.yaml",
        "scenarios/first.yaml",
        "schemas/rulebook.schema.json",
        "schemas/scenarios.schema.json",
    ]
    assert files["rules/book.yaml"] == RULES
    assert files["scenarios/first.yaml"] == SCENARIOS
    assert files["schemas/rulebook.schema.json"] == schema_text()
    assert files["schemas/scenarios.schema.json"].endswith("}\n")


def test_the_scenario_schema_accepts_the_starter_scenarios_and_what_load_scenarios_takes() -> None:
    import jsonschema
    import yaml

    from mendpath.author.starter import SCENARIO_SCHEMA, SCENARIOS

    check = jsonschema.Draft202012Validator(SCENARIO_SCHEMA)
    check.check_schema(SCENARIO_SCHEMA)
    assert list(check.iter_errors(yaml.safe_load(SCENARIOS))) == []
    answers_file = {"scenarios": [{"name": "n", "answers_file": "a.yaml", "shows": []}]}
    assert list(check.iter_errors(answers_file)) == []
    misspelt = {"scenarios": [{"name": "n", "answer": {}}]}
    assert [e.message for e in check.iter_errors(misspelt)] == [
        "Additional properties are not allowed ('answer' was unexpected)"
    ]
    assert [e.message for e in check.iter_errors({"scenarios": [{"shows": ["x"]}]})] == [
        "'name' is a required property"
    ]
    # every key a scenario file may have is in the schema (it lacked shows_text, starts_with
    # and refused, so an editor flagged them)
    from mendpath.author.scenario_files import _FILE_KEYS, _KEYS

    top: Any = SCENARIO_SCHEMA["properties"]
    assert set(top) == _FILE_KEYS
    assert set(top["scenarios"]["items"]["properties"]) == _KEYS
    pinned = {"today": "2026-12-01", "scenarios": [{"name": "n", "refused": {"question": "q"}}]}
    assert list(check.iter_errors(pinned)) == []


def test_create_starter_writes_each_file_into_an_empty_folder(tmp_path: Path) -> None:
    from mendpath.author.starter import create_starter, starter_files

    written = create_starter(tmp_path)  # exists, and empty
    assert written == [tmp_path / name for name in starter_files()]
    for name, text in starter_files().items():
        assert (tmp_path / name).read_text(encoding="utf-8") == text


def test_create_starter_refuses_a_file_and_says_why_it_cannot_write(tmp_path: Path) -> None:
    from mendpath.author.starter import create_starter
    from mendpath.errors import MendpathError

    notes = tmp_path / "notes.txt"
    notes.write_text("mine")
    with pytest.raises(MendpathError) as refused:
        create_starter(notes)
    assert refused.value.message == f"{notes} is a file, not a folder"
    assert notes.read_text() == "mine"
    with pytest.raises(MendpathError) as failed:
        create_starter(notes / "book")  # inside a file: no folder can be made there
    assert failed.value.message == f"cannot write in {notes / 'book'}: Not a directory"
