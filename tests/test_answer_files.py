"""answer_files.py on its own: answers files read into plain data, YAML or JSON by the
extension, and every way a file is refused, with the exact message."""

from __future__ import annotations

from pathlib import Path

import pytest

from mendpath.answer_files import MAX_DEPTH, read_answers_file
from mendpath.errors import MendpathError
from mendpath.files import display_name


def refused(path: Path) -> str:
    with pytest.raises(MendpathError) as caught:
        read_answers_file(path)
    return caught.value.message


def test_yaml_and_json_give_the_same_plain_data(tmp_path: Path) -> None:
    yaml_file = tmp_path / "answers.yaml"
    yaml_file.write_text('light: bright\npets: yes\nkinds: [cat, dog]\nname: ""\n')
    json_file = tmp_path / "answers.json"
    json_file.write_text('{"light": "bright", "pets": "yes", "kinds": ["cat", "dog"], "name": ""}')
    expected = {"light": "bright", "pets": "yes", "kinds": ["cat", "dog"], "name": ""}
    assert read_answers_file(json_file) == expected
    # YAML 1.2: `yes` is the text yes (check_given turns a true into "yes" for yes/no questions)
    assert read_answers_file(yaml_file) == expected


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("list.json", '["light"]'),
        ("list.yaml", "- light\n"),
        ("one.yaml", "bright\n"),
        ("empty.yaml", "# nothing yet\n"),
        ("two.yaml", "light: dim\n---\nlight: bright\n"),
    ],
)
def test_a_file_that_is_not_one_mapping_is_refused(tmp_path: Path, name: str, text: str) -> None:
    # a YAML file was refused in the words for rule files ("a rule file is a mapping (book:,
    # questions:, advice: ...)"), a JSON one in these
    path = tmp_path / name
    path.write_text(text)
    assert refused(path) == f"{display_name(path)}: an answers file maps question ids to answers"


def test_a_folder_is_refused_as_a_folder(tmp_path: Path) -> None:
    assert refused(tmp_path) == f"{display_name(tmp_path)}: is a folder, not an answers file"


def test_broken_yaml_is_refused_with_its_location(tmp_path: Path) -> None:
    path = tmp_path / "answers.yaml"
    path.write_text("light: [bright\n")
    assert refused(path) == (
        f"{display_name(path)}:2:1: error MP001: invalid YAML: did not find expected ',' or ']' "
        "(while parsing a flow sequence)"
    )


@pytest.mark.parametrize(
    ("text", "why"),
    [
        ('{"light": "bright", "light": "dim"}', "the key 'light' is given twice"),
        ('{"age": NaN}', "NaN is not an answer"),
        ('{"age": -Infinity}', "-Infinity is not an answer"),
        ('{"light": }', "not a valid JSON answers file: Expecting value: line 1 column 11 (char 10)"),
        ("[" * (MAX_DEPTH + 2) + "]" * (MAX_DEPTH + 2), "the answers nest too deeply"),
        ('{"name": "a\\ud800b"}', "'a\\ud800b' holds a lone surrogate, not a character"),
    ],
)  # fmt: skip
def test_json_that_is_not_plain_answers_is_refused(tmp_path: Path, text: str, why: str) -> None:
    path = tmp_path / "answers.json"
    path.write_text(text)
    assert refused(path) == f"{display_name(path)}: {why}"


def test_a_missing_file_is_refused_as_a_rule_file_would_be(tmp_path: Path) -> None:
    path = tmp_path / "gone.json"
    assert refused(path) == (
        f"{display_name(path)}:1:1: error MP007: cannot read the file: No such file or directory"
    )
