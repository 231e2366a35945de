"""The published JSON Schema: valid itself, shipped, and agreeing with an independent validator."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from bookgen import books, mutate
from hypothesis import given, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator

from mendpath.book.fast_check import schema_text
from mendpath.book.shape import shape_ok
from mendpath.cli.main import main

ROOT = Path(__file__).parents[2]
RULE_FILES = sorted((ROOT / "rules").glob("*.yaml"))
EXAMPLE_FILES = sorted((ROOT / "examples").rglob("book.yaml"))


def test_schema_is_valid_draft_2020_12() -> None:
    schema = json.loads(schema_text())
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    Draft202012Validator.check_schema(schema)


def test_schema_is_strict_and_documented() -> None:
    schema = json.loads(schema_text())
    assert schema["additionalProperties"] is False
    for name, definition in schema["$defs"].items():
        if definition.get("type") == "object":
            assert definition.get("additionalProperties") is False, name
        for key, prop in definition.get("properties", {}).items():
            described = "description" in prop or "$ref" in prop
            assert described, f"{name}.{key} has no description"


def test_schema_command_prints_it(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["schema"]) == 0
    assert capsys.readouterr().out == schema_text()


@pytest.mark.parametrize("path", RULE_FILES + EXAMPLE_FILES, ids=lambda p: p.name)
def test_rule_files_point_editors_at_the_schema(path: Path) -> None:
    first = path.read_text("utf-8").splitlines()[0]
    match = re.fullmatch(r"# yaml-language-server: \$schema=(\S+)", first)
    assert match, first
    assert (path.parent / match.group(1)).resolve() == (
        ROOT / "src" / "mendpath" / "schema" / "rulebook.schema.json"
    )


def _check_jsonschema() -> str:
    found = shutil.which("check-jsonschema") or str(
        Path(sys.executable).parent / "check-jsonschema"
    )
    if not Path(found).exists():  # pragma: no cover - installed with the dev dependencies
        pytest.skip("check-jsonschema is not installed")
    return found


def test_independent_validator_accepts_every_bundled_file(tmp_path: Path) -> None:
    schema = tmp_path / "rulebook.schema.json"
    schema.write_text(schema_text())
    files = [str(p) for p in RULE_FILES + EXAMPLE_FILES]
    run = subprocess.run(
        [_check_jsonschema(), "--schemafile", str(schema), *files],
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode == 0, run.stdout + run.stderr


def test_independent_validator_rejects_what_we_reject(tmp_path: Path) -> None:
    schema = tmp_path / "rulebook.schema.json"
    schema.write_text(schema_text())
    bad = ROOT / "tests" / "books" / "bad"
    cases = ["mp100-unknown-key.yaml", "mp100-bad-condition.yaml", "mp100-choices-on-yes-no.yaml"]
    # one run for every case (check-jsonschema starts slowly); each file must be reported
    run = subprocess.run(
        [
            _check_jsonschema(),
            "--schemafile",
            str(schema),
            "--output-format",
            "json",
            *(str(bad / case) for case in cases),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode == 1, run.stdout + run.stderr
    report = json.loads(run.stdout)
    assert report["parse_errors"] == []
    assert {Path(error["filename"]).name for error in report["errors"]} == set(cases)


@settings(deadline=None)
@given(st.data())
def test_fast_check_agrees_with_jsonschema(data: st.DataObject) -> None:
    """fastjsonschema (draft-07) gates the check; jsonschema (2020-12) explains failures.
    They must agree on every document, or errors would be missed or invented."""
    doc = data.draw(books())
    for _ in range(data.draw(st.integers(0, 3))):
        doc = mutate(doc, data.draw)
    expected = not list(Draft202012Validator(json.loads(schema_text())).iter_errors(doc))
    assert shape_ok(doc) == expected


_CONDITION_VALUES: dict[str, object] = {
    "all": [{"answered": "q0"}],
    "any": [{"answered": "q0"}],
    "not": {"answered": "q0"},
    "situation": "s",
    "answered": "q0",
    "answer": "q0",
    "value": "v",
    "is": "a",
    "in": ["a"],
    "includes": "a",
    "at_least": 1,
    "at_most": 1,
    "above": 1,
    "below": 1,
    "between": [1, 2],
}


def test_fast_check_of_condition_keys_agrees_with_jsonschema() -> None:
    """The fast check rewrites the condition forms (which keys go together); on every set of
    up to three condition keys it gives jsonschema's verdict, both shared keys included."""
    import itertools

    validator = Draft202012Validator(json.loads(schema_text()))
    accepted = []
    for size in range(4):
        for keys in itertools.combinations(sorted(_CONDITION_VALUES), size):
            when = {key: _CONDITION_VALUES[key] for key in keys}
            doc = {"advice": [{"id": "t", "title": "T", "body": "b", "group": "g", "when": when}]}
            expected = not list(validator.iter_errors(doc))
            assert shape_ok(doc) == expected, keys
            if expected:
                accepted.append(keys)
    assert len(accepted) == 5 + 8 + 5  # the lone keys, answer's operators, value's


def test_the_fast_check_made_ahead_of_time_is_current() -> None:
    from mendpath.book import schema_check
    from mendpath.book.fast_check import check_code

    shipped = Path(schema_check.__file__).read_text(encoding="utf-8")
    assert shipped == check_code(), "refresh it: make fast-check"


def test_a_fast_check_of_another_schema_is_not_used(monkeypatch: pytest.MonkeyPatch) -> None:
    """When book/schema_check.py was made from another schema, the check is compiled from
    this one (slower, and still exact)."""
    from mendpath.book import fast_check, schema_check

    monkeypatch.setattr(schema_check, "check", lambda data: None)  # would pass anything
    monkeypatch.setattr(schema_check, "SCHEMA_CRC", "00000000")
    fast_check.fast_check.cache_clear()
    try:
        assert not shape_ok({"questions": "not a list"})
        assert fast_check.fast_check()[0] is not schema_check.check
    finally:
        fast_check.fast_check.cache_clear()


def test_the_fast_check_reads_question_rules_by_the_keys_present() -> None:
    """A rule "a question of these kinds takes no K" is checked as "K only with the other
    kinds" (`dependencies`: no exception raised and caught for each rule that does not
    apply, three per question); "needs K" is left an if/then."""
    from mendpath.book.fast_check import fast_schema

    question = fast_schema()["$defs"]["question"]
    assert question["dependencies"] == {
        "choices": {"properties": {"kind": {"enum": ["single", "multiple"]}}},
        "routes": {"properties": {"kind": {"enum": ["single", "yes_no"]}}},
        "max_length": {"required": ["kind"], "properties": {"kind": {"enum": ["text"]}}},
    }
    assert question["allOf"] == [
        {
            "if": {"properties": {"kind": {"enum": ["single", "multiple"]}}, "required": ["kind"]},
            "then": {"required": ["choices"]},
        }
    ]


def test_the_fast_check_of_question_kinds_agrees_with_jsonschema() -> None:
    """Every kind (and none, and an unknown one) with every set of the keys the kinds rule."""
    import itertools

    validator = Draft202012Validator(json.loads(schema_text()))
    keys = {"choices": [{"id": "a", "label": "A"}], "routes": {"a": "end"}, "max_length": 5}
    kinds = [None, "single", "multiple", "yes_no", "text", "number", "date", "other"]
    accepted = []
    for kind, size in itertools.product(kinds, range(4)):
        for present in itertools.combinations(sorted(keys), size):
            question: dict[str, object] = {"id": "q", "text": "?", "next": "end"}
            question |= {} if kind is None else {"kind": kind}
            question |= {key: keys[key] for key in present}
            doc = {"questions": [question]}
            expected = not list(validator.iter_errors(doc))
            assert shape_ok(doc) == expected, (kind, present)
            if expected:
                accepted.append((kind, present))
    assert len(accepted) == 2 + 1 + 2 + 2 + 1 + 1  # single: choices (+ routes); multiple...
