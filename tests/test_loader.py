"""Reading rule files: plain data, marks for every node, and every limit enforced."""

from __future__ import annotations

import time
import tracemalloc
from pathlib import Path

import pytest

from mendpath.reader import MAX_DEPTH, LoadError, load_document


def load(tmp_path: Path, text: str | bytes) -> object:
    path = tmp_path / "x.yaml"
    path.write_bytes(text if isinstance(text, bytes) else text.encode())
    return load_document(path, "x.yaml").data


def error(tmp_path: Path, text: str | bytes) -> str:
    with pytest.raises(LoadError) as caught:
        load(tmp_path, text)
    return caught.value.problem.format()


def test_scalars_follow_yaml_1_2(tmp_path: Path) -> None:
    data = load(
        tmp_path, "a: yes\nb: no\nc: true\nd: 3\ne: 1.5\nf: ~\ng: '7'\nh: 2024-01-01\nno: on\n"
    )
    assert data == {
        "a": "yes",
        "b": "no",
        "c": True,
        "d": 3,
        "e": 1.5,
        "f": None,
        "g": "7",
        "h": "2024-01-01",
        "no": "on",
    }


def test_marks_locate_values_and_keys(tmp_path: Path) -> None:
    path = tmp_path / "x.yaml"
    path.write_text("questions:\n  - id: q1\n    choices:\n      - {id: a, label: A}\n")
    doc = load_document(path, "x.yaml")
    assert doc.locate(["questions", 0, "choices", 0, "label"]) == (4, 24)
    assert doc.locate(["questions", 0, "choices"], key=True) == (3, 5)
    assert doc.locate(["questions", 0, "missing", 3]) == (2, 5)


def test_aliases_share_data_without_copying(tmp_path: Path) -> None:
    data = load(tmp_path, "a: &x [1, 2]\nb: *x\n")
    assert isinstance(data, dict)
    assert data["a"] is data["b"]


def test_explicit_core_tags_are_allowed(tmp_path: Path) -> None:
    assert load(tmp_path, "a: !!str 3\nb: !!int '4'\nc: !!float 1\n") == {
        "a": "3",
        "b": 4,
        "c": 1.0,
    }
    assert error(tmp_path, "a: !!int x\n") == "x.yaml:1:4: error MP001: 'x' is not a valid !!int"


def test_duplicate_key_names_the_first(tmp_path: Path) -> None:
    assert error(tmp_path, "a:\n  b: 1\n  c: 2\n  b: 3\n") == (
        "x.yaml:4:3: error MP006: duplicate key 'b' (first given at line 2); "
        "YAML would silently keep only the last one"
    )


def test_deep_nesting_stops_at_the_limit(tmp_path: Path) -> None:
    deep = "a: " + "[" * 500 + "]" * 500 + "\n"
    assert error(tmp_path, deep) == (
        f"x.yaml:1:{4 + MAX_DEPTH - 1}: error MP004: the file nests more than {MAX_DEPTH} levels deep"
    )


def test_very_deep_nesting_is_the_same_problem(tmp_path: Path) -> None:
    # Newer libyaml stops on its own at 1,000 levels, while scanning ahead: the message is ours.
    deep = "a: " + "[" * 50_000 + "]" * 50_000 + "\n"
    message = error(tmp_path, deep)
    assert message.startswith("x.yaml:1:")
    assert message.endswith(f": error MP004: the file nests more than {MAX_DEPTH} levels deep")


def test_alias_bomb_is_refused_fast_with_bounded_memory(tmp_path: Path) -> None:
    lines = ["l0: &l0 [x, x, x, x, x, x, x, x, x, x]"]
    lines += [f"l{i}: &l{i} [" + ", ".join([f"*l{i - 1}"] * 10) + "]" for i in range(1, 12)]
    tracemalloc.start()
    started = time.perf_counter()
    message = error(tmp_path, "\n".join(lines) + "\n")
    elapsed = time.perf_counter() - started
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert "MP005" in message
    assert "an alias bomb" in message
    # generous bounds: this is a guard against expansion, not a benchmark
    assert elapsed < 2.0
    assert peak < 20 * 1024 * 1024


def test_control_characters_and_bad_bytes_are_located(tmp_path: Path) -> None:
    assert error(tmp_path, b"a: 1\nb: caf\xe9\n") == (
        "x.yaml:2:7: error MP002: not UTF-8 text (byte 0xe9); save the file as UTF-8"
    )
    assert error(tmp_path, "a: 1\nb: x\x1b]0;title\x07\n") == (
        "x.yaml:2:5: error MP002: a control character (U+001B) that YAML does not allow in text"
    )


def test_byte_order_mark_is_accepted(tmp_path: Path) -> None:
    assert load(tmp_path, "\ufeffa: 1\n".encode()) == {"a": 1}


def test_folder_given_as_a_file(tmp_path: Path) -> None:
    (tmp_path / "d.yaml").mkdir()
    with pytest.raises(LoadError) as caught:
        load_document(tmp_path / "d.yaml", "d.yaml")
    assert caught.value.problem.format() == "d.yaml:1:1: error MP007: is a folder, not a rule file"
