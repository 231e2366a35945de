"""Checking a document's shape against the rule-file JSON Schema, and saying what is wrong
with it in words an author can act on (the schema and its fast check: book/fast_check.py)."""

from __future__ import annotations

import json
from functools import cache
from typing import TYPE_CHECKING, Any

from mendpath.book.fast_check import fast_check, schema_text
from mendpath.problems import Problem

if TYPE_CHECKING:
    from jsonschema.exceptions import ValidationError
    from jsonschema.protocols import Validator

    from mendpath.reader import Document

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


@cache
def _validator() -> Validator:
    from jsonschema import Draft202012Validator

    return Draft202012Validator(json.loads(schema_text()))


def shape_ok(data: Any) -> bool:
    """Whether a document matches the schema, checked quickly."""
    check, invalid = fast_check()
    try:
        check(data)
    except invalid:
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
        if not path and extra[0] == "scenarios":
            hint = (
                ": this is a scenario file, for `mendpath test`; validate the rule book's "
                "own folder (such as rules/)"
            )
        return [*path, extra[0]], True, f"unknown key '{extra[0]}'{hint}"
    if kind == "required" and isinstance(instance, dict):
        missing = [k for k in value if k not in instance]
        return path, False, f"missing key '{missing[0]}'"
    if kind == "oneOf" and str(schema.get("description", "")).startswith("A condition"):
        keys = ", ".join(sorted(instance)) if isinstance(instance, dict) else repr(instance)
        return path, False, f"not a condition (has {keys}); a condition is {_CONDITION_FORMS}"
    if kind == "anyOf" and str(schema.get("description", "")).startswith("What a number"):
        return path, False, "expected a constant, today, {today: N}, {answer: ID} or {value: ID}"
    steps = list(error.schema_path)
    if kind == "not" and len(steps) >= 4 and steps[-4] == "allOf" and steps[-2] == "then":
        index = steps[-3]
        question_kind = instance.get("kind", "?") if isinstance(instance, dict) else "?"
        if isinstance(index, int) and index in _QUESTION_RULES:
            return path, False, _QUESTION_RULES[index].format(kind=question_kind)
    if kind == "contains" and str(value.get("description", "")).startswith("The wording used"):
        return path, False, "the variants need a last one without `when`, used when none holds"
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
    errors = [meant for error in _validator().iter_errors(doc.data) for meant in _meant(error)]
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


def _meant(error: ValidationError) -> list[ValidationError]:
    """For a mapping that matches none of the forms it may take (`anyOf` of a computed
    value's forms), when its keys say which form it meant (`band` and `table`): that form's
    own errors, which say what is wrong ("expected a number" at `below`), not that it
    matches no form. Conditions keep their own message (see `_describe`)."""
    schema = error.schema if isinstance(error.schema, dict) else {}
    if (
        error.validator in ("anyOf", "oneOf")
        and isinstance(error.instance, dict)
        and not str(schema.get("description", "")).startswith("A condition")
    ):
        forms = error.validator_value if isinstance(error.validator_value, list) else []
        picked = [
            i
            for i, form in enumerate(forms)
            if isinstance(form, dict)
            and form.get("required")
            and all(key in error.instance for key in form["required"])
        ]
        if len(picked) == 1:
            own = [e for e in error.context or () if list(e.relative_schema_path)[:1] == picked]
            if own:
                return [meant for e in own for meant in _meant(e)]
        for e in error.context or ():  # a form by reference (a date relative to `today`)
            at = list(e.relative_schema_path)[:1]
            ref = isinstance(at[0], int) and "$ref" in forms[at[0]] if at else False
            if ref and (found := _meant(e)) != [e]:
                return found
    return [error]


def _required(error: ValidationError) -> list[str]:
    schema = error.schema if isinstance(error.schema, dict) else {}
    required = schema.get("required", [])
    return [k for k in required if isinstance(k, str)]
