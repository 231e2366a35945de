"""Reading rule files: plain data, marks for every node, and every limit enforced."""

from __future__ import annotations

import time
import tracemalloc
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

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


# --- the quick pass: ordinary files read once, anything else by the careful reader ----------

# Pieces of rule files, ordinary and not: joined at random they make files of every kind the
# careful reader knows (anchors, aliases, tags, several documents, duplicate keys, keys that
# are not text, long texts and integers, nesting, invalid YAML, control characters).
PIECES = [
    "a: 1",
    "b: text with: a colon",
    "c: [1, -2.5, +3, 0x1F, 0o17, .inf, -.INF, .nan, 1e3, 07, 1_000]",
    "d: {e: ~, f: null, g: true, h: False, i: yes, j: '', k: \"\\u00e9\\t\"}",
    "l:\n  - m\n  - n: o\n    p: [q, {r: s}]\n  -\n  - ''",
    "t: |\n  block\n  text\n",
    "u: >-\n  folded\n  text",
    "'1': quoted key",
    "2: plain number key",
    "true: plain true key",
    "~: tilde key",
    ": empty key",
    "v: &anchor [1, 2]",
    "w: *anchor",
    "x: &s scalar",
    "y: *s",
    "z: !!str 3",
    "aa: !!int '4'",
    "ab: ! '5'",
    "ac: !custom 6",
    "? [complex, key]\n: value",
    "a: duplicate",
    "---",
    "...",
    "%YAML 1.1\n---",
    "ad: " + "9" * 3_001,
    "ae: " + "w" * 20_001,
    "af: " + "[" * 70 + "]" * 70,
    "ag: [unclosed",
    "ah: \x1b",
    "- top-level list item",
    "just a scalar",
    "ai: 'it''s'",
    'aj: "#not a comment"  # a comment',
    "ak: 2024-01-01",
    "al: -",
    "am: [a, b, c,]",
    "an:\n  ao:\n    ap:\n      aq: deep",
]


def _typed(value: object) -> object:
    """The value with the type of every part (True == 1 in Python; not here)."""
    if isinstance(value, dict):
        return {key: _typed(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_typed(item) for item in value]
    return (type(value).__name__, repr(value))


def _careful(text: str) -> object:
    """The careful reader's data for the text, or the problem it reports."""
    import yaml

    from mendpath.reader import _build, _events

    try:
        return _typed(_build(_events(text), "x.yaml", None).data)
    except LoadError as exc:
        return exc.problem.format()
    except yaml.YAMLError as exc:
        return str(exc)


@given(st.lists(st.sampled_from(PIECES), max_size=8), st.sampled_from(["\n", "\n  ", " "]))
def test_the_quick_pass_reads_as_the_careful_reader_or_leaves_it_the_file(
    pieces: list[str], glue: str
) -> None:
    from mendpath.reader import _quick_data

    text = glue.join(pieces) + "\n"
    quick = _quick_data(text)
    careful = _careful(text)
    if quick is not None:
        assert _typed(quick) == careful
    else:
        # left to the careful reader only when it has something to say, to share or to tag
        ordinary = not isinstance(careful, str) and not any(
            mark in text for mark in ("&", "!", "---", "w" * 20_001)
        )
        assert not ordinary, text


def test_the_quick_pass_reads_ordinary_files_and_leaves_the_others(tmp_path: Path) -> None:
    from mendpath.reader import _quick_data

    assert _quick_data("a: [1, {b: 'c'}]\nd: e\n") == {"a": [1, {"b": "c"}], "d": "e"}
    for other in ("a: &x 1\nb: *x\n", "a: !!str 1\n", "a: 1\n---\nb: 2\n", "a: 1\na: 2\n"):
        assert _quick_data(other) is None, other
    assert _quick_data("- a\n") is None  # the careful reader says why
    assert _quick_data("a: [\n") is None  # invalid YAML: the careful reader says where
    assert load(tmp_path, "a: &x [1]\nb: *x\n") == {"a": [1], "b": [1]}
