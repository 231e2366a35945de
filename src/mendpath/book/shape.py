"""The rule-file JSON Schema: where it lives, and checking a document's shape against it."""

from __future__ import annotations

import json
from collections.abc import Callable
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING, Any

from mendpath.problems import Problem

if TYPE_CHECKING:
    from jsonschema.exceptions import ValidationError
    from jsonschema.protocols import Validator

    from mendpath.reader import Document

SCHEMA_FILE = "rulebook.schema.json"

# Messages for the conditional parts of the question schema, by their index in its allOf.
_QUESTION_RULES = {
    0: "a {kind} question needs `choices`",
    1: "a {kind} question takes no `choices`",
    2: "a {kind} question takes no `routes` (only `next`)",
    3: "only text questions take `max_length`",
}
_LANGUAGE_PATTERN = "^[a-z]{2,3}(_[A-Z]{2})?$"  # the schema's `language`
_CONDITION_FORMS = (
    "all, any, not, situation, answered, answer with one of is / in / includes / "
    "at_least / at_most / above / below / between, or value with one of at_least / at_most / "
    "above / below / between"
)


def schema_text() -> str:
    """The schema as published, byte for byte."""
    return resources.files("mendpath").joinpath("schema", SCHEMA_FILE).read_text("utf-8")


@cache
def _validator() -> Validator:
    from jsonschema import Draft202012Validator

    return Draft202012Validator(json.loads(schema_text()))


@cache
def _fast_check() -> Callable[[Any], Any]:
    """A compiled check of the same schema: raises on the first error, says nothing else.

    fastjsonschema implements draft-07; the schema uses nothing that draft 2020-12 treats
    differently (`$defs` is reached by JSON pointer, and if/then, const and propertyNames
    behave alike), and a property test checks that both validators agree.
    """
    import fastjsonschema

    schema = json.loads(schema_text())
    schema["$schema"] = "http://json-schema.org/draft-07/schema#"
    for definition in schema.get("$defs", {}).values():
        _key_sets_without_trials(definition)
    check: Callable[[Any], Any] = fastjsonschema.compile(schema)
    return check


def _key_sets_without_trials(definition: dict[str, Any]) -> None:
    """Rewrite, for the fast check only, a `oneOf` that says which sets of keys an object may
    have (the condition forms) into rules that fastjsonschema checks without trying each
    form in turn. It tried all of them on every condition, raising an exception for each
    that failed: most of the time of checking a book with thousands of conditions.

    It applies when every form is `{required: R, maxProperties: len(R)}`, each R either one
    key or a shared key (`answer`, `value`) with one of its operators, and the object allows
    exactly those keys; then "the keys are exactly one form" is: one or two keys, a lone key
    alone, a shared key only beside one of its operators, an operator only beside a shared
    key that has it. Anything else is left as it is (still exact, only slower)."""
    forms = definition.get("oneOf")
    allowed = definition.get("properties")
    if not isinstance(forms, list) or not isinstance(allowed, dict):
        return
    if definition.get("type") != "object" or definition.get("additionalProperties") is not False:
        return
    if set(definition) - {
        "description",
        "type",
        "minProperties",
        "properties",
        "additionalProperties",
        "oneOf",
    }:
        return
    sets: list[list[str]] = []
    for form in forms:
        keys = form.get("required") if isinstance(form, dict) else None
        if not isinstance(keys, list) or form != {"required": keys, "maxProperties": len(keys)}:
            return
        sets.append(keys)
    lone = {keys[0] for keys in sets if len(keys) == 1}
    pairs = [keys for keys in sets if len(keys) == 2]
    if len(lone) + len(pairs) != len(sets) or len({tuple(keys) for keys in pairs}) != len(pairs):
        return
    beside: dict[str, list[str]] = {}  # each key of a pair -> the keys it may stand beside
    for shared, operator in pairs:
        beside.setdefault(shared, []).append(operator)
        beside.setdefault(operator, []).append(shared)
    shared_keys = {keys[0] for keys in pairs}
    operators = {keys[1] for keys in pairs}
    if (lone | shared_keys) & operators or lone & shared_keys:
        return
    if set(allowed) != lone | shared_keys | operators:
        return
    dependencies: dict[str, Any] = {key: {"maxProperties": 1} for key in lone}
    dependencies.update(
        {
            key: {"minProperties": 2, "propertyNames": {"enum": [key, *others]}}
            for key, others in beside.items()
        }
    )
    del definition["oneOf"]
    definition.update(minProperties=1, maxProperties=2 if pairs else 1, dependencies=dependencies)


def shape_ok(data: Any) -> bool:
    """Whether a document matches the schema, checked quickly."""
    import fastjsonschema

    try:
        _fast_check()(data)
    except fastjsonschema.JsonSchemaException:
        return False
    return True


def path_text(path: Any) -> str:
    """`questions[2].choices[0]` from a path of keys and indexes."""
    out = ""
    for step in path:
        out += f"[{step}]" if isinstance(step, int) else (f".{step}" if out else str(step))
    return out or "the top level"


def _describe(error: ValidationError) -> tuple[list[str | int], bool, str]:
    """Where an error points (path, whether at a key) and what it says."""
    path: list[str | int] = list(error.absolute_path)
    kind = error.validator
    instance = error.instance
    schema: dict[str, Any] = error.schema if isinstance(error.schema, dict) else {}
    value: Any = error.validator_value
    if kind == "additionalProperties" and isinstance(instance, dict):
        allowed = sorted(schema.get("properties", {}))
        extra = [k for k in instance if k not in allowed]
        hint = f" (expected one of: {', '.join(allowed)})" if allowed else ""
        return [*path, extra[0]], True, f"unknown key '{extra[0]}'{hint}"
    if kind == "required" and isinstance(instance, dict):
        missing = [k for k in value if k not in instance]
        return path, False, f"missing key '{missing[0]}'"
    if kind == "oneOf" and str(schema.get("description", "")).startswith("A condition"):
        keys = ", ".join(sorted(instance)) if isinstance(instance, dict) else repr(instance)
        return path, False, f"not a condition (has {keys}); a condition is {_CONDITION_FORMS}"
    if kind == "anyOf" and str(schema.get("description", "")).startswith("What a number"):
        return path, False, "expected a constant, {answer: ID} or {value: ID}"
    steps = list(error.schema_path)
    if kind == "not" and len(steps) >= 4 and steps[-4] == "allOf" and steps[-2] == "then":
        index = steps[-3]
        question_kind = instance.get("kind", "?") if isinstance(instance, dict) else "?"
        if isinstance(index, int) and index in _QUESTION_RULES:
            return path, False, _QUESTION_RULES[index].format(kind=question_kind)
    if kind == "type":
        shown = value if isinstance(value, str) else " or ".join(value)
        return path, False, f"expected {_article(shown)} {shown}, got {_json_type(instance)}"
    if kind == "pattern" and isinstance(instance, str) and value == _LANGUAGE_PATTERN:
        return path, False, f"'{instance}' is not a language code (such as es, or pt_BR)"
    if kind == "pattern" and isinstance(instance, str):
        return (
            path,
            False,
            (
                f"'{instance}' is not a valid id: use lower-case letters, digits and _ "
                "(starting with a letter)"
            ),
        )
    if kind == "enum":
        options = ", ".join(str(v) for v in value)
        return path, False, f"{instance!r} is not one of: {options}"
    if kind == "minItems" and isinstance(instance, list) and not instance:
        return path, False, "must not be empty"
    if kind == "minLength" and instance == "":
        return path, False, "must not be empty"
    return path, False, str(error.message)


def _article(word: str) -> str:
    return "an" if word[:1] in "aeiou" else "a"


def _json_type(value: Any) -> str:
    if value is None:
        return "nothing (null)"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, int | float):
        return f"a number ({value})"
    if isinstance(value, str):
        return f"text ({value!r})"
    return "a list" if isinstance(value, list) else "a mapping"


def check_shape(doc: Document) -> list[Problem]:
    """Every way a document breaks the schema, located, one problem per mistake.

    Errors that restate another are merged: a misspelt key is one problem ("unknown key
    'lable'; did you mean 'label'?"), not also a missing one, and a condition with an
    unknown key is not also reported as matching no condition form.
    """
    import difflib

    if shape_ok(doc.data):
        return []
    errors = list(_validator().iter_errors(doc.data))
    unknown: dict[tuple[str | int, ...], list[str]] = {}
    for error in errors:
        if error.validator == "additionalProperties" and isinstance(error.instance, dict):
            schema = error.schema if isinstance(error.schema, dict) else {}
            allowed = schema.get("properties", {})
            unknown[tuple(error.absolute_path)] = [k for k in error.instance if k not in allowed]
    problems: list[Problem] = []
    for error in errors:
        at = tuple(error.absolute_path)
        path, at_key, message = _describe(error)
        instance: Any = error.instance
        if at in unknown and isinstance(instance, dict):
            if error.validator == "oneOf":
                continue  # the unknown key says it better
            if error.validator == "required":
                missing = [k for k in _required(error) if k not in instance]
                if any(difflib.get_close_matches(m, unknown[at], cutoff=0.7) for m in missing):
                    continue  # reported as a misspelling of the unknown key
            if error.validator == "additionalProperties":
                wanted = [k for k in _required(error) if k not in instance]
                close = difflib.get_close_matches(unknown[at][0], wanted, n=1, cutoff=0.7)
                if close:
                    message = f"unknown key '{unknown[at][0]}'; did you mean '{close[0]}'?"
        line, col = doc.locate(path, key=at_key)
        where = path_text(path[:-1] if at_key else path)
        problems.append(Problem(doc.name, line, col, "error", "MP100", f"{where}: {message}"))
    return sorted(set(problems))


def _required(error: ValidationError) -> list[str]:
    schema = error.schema if isinstance(error.schema, dict) else {}
    required = schema.get("required", [])
    return [k for k in required if isinstance(k, str)]
