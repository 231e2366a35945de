"""`mendpath init FOLDER`: a small, valid rule book to start from.

The folder gets `rules/book.yaml` (one question, one situation, one advice item citing a
source), `scenarios/first.yaml` (a scenario that shows the advice) and the JSON Schemas the
files name in their modelines, so an editor checks them as they are typed. `validate
--strict` and `test` accept the book as created.
"""

from __future__ import annotations

import json
from pathlib import Path

from mendpath.errors import MendpathError

RULES = """\
# yaml-language-server: $schema=../schemas/rulebook.schema.json
# A rule book: the format is described in mendpath's docs/rule-format.md.
# Check it with: mendpath validate --strict rules
book:
  title: My rule book
  version: "0.1"
  start: feeling
  disclaimer: General suggestions, not professional advice.

groups:
  - id: now
    title: For now

sources:
  - id: notes
    title: Our notes
    author: You
    sections:
      - id: first
        title: A first section

questions:
  - id: feeling
    text: How are you feeling today?
    kind: single
    choices:
      - {id: low, label: Low}
      - {id: steady, label: Steady}
    next: end

situations:
  - id: feeling_low
    when: {answer: feeling, is: low}

advice:
  - id: be_gentle
    title: Be gentle with yourself
    group: now
    when: {situation: feeling_low}
    body: Rest, eat something warm and talk to someone you trust.
    cite: [{source: notes, section: first}]
  - id: keep_going
    title: Keep doing what helps
    group: now
    when: {not: {situation: feeling_low}}
    body: Keep to the small routines that steady you.
    cite: [{source: notes, section: first}]
"""

SCENARIOS = """\
# yaml-language-server: $schema=../schemas/scenarios.schema.json
# Scenarios: answers, and the advice they must and must not show.
# Run them with: mendpath test --rules rules scenarios
scenarios:
  - name: Feeling low
    answers: {feeling: low}
    shows: [be_gentle]

  - name: Feeling steady
    answers: {feeling: steady}
    shows: [keep_going]
    does_not_show: [be_gentle]
"""

_IDS = {"type": "array", "items": {"type": "string"}}
SCENARIO_SCHEMA = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "title": "mendpath scenario file",
    "type": "object",
    "required": ["scenarios"],
    "additionalProperties": False,
    "properties": {
        "today": {
            "description": "The day the book's dates relative to today are worked out from.",
            "type": "string",
            "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$",
        },
        "scenarios": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["name"],
                "additionalProperties": False,
                "properties": {
                    "name": {"type": "string"},
                    "answers": {"type": "object"},
                    "answers_file": {"type": "string"},
                    "shows": _IDS,
                    "does_not_show": _IDS,
                    "shows_text": _IDS,
                    "starts_with": _IDS,
                    "refused": {
                        "type": "object",
                        "required": ["question"],
                        "additionalProperties": False,
                        "properties": {"question": {"type": "string"}, "says": {"type": "string"}},
                    },
                },
            },
        },
    },
}


def starter_files() -> dict[str, str]:
    """The starter book's files: path inside the folder -> text."""
    from mendpath.book.fast_check import schema_text

    return {
        "rules/book.yaml": RULES,
        "scenarios/first.yaml": SCENARIOS,
        "schemas/rulebook.schema.json": schema_text(),
        "schemas/scenarios.schema.json": json.dumps(SCENARIO_SCHEMA, indent=2) + "\n",
    }


def create_starter(folder: Path) -> list[Path]:
    """Write the starter book into a new or empty folder; returns the files written."""
    if folder.exists() and not folder.is_dir():
        raise MendpathError(f"{folder} is a file, not a folder")
    if folder.is_dir() and any(folder.iterdir()):
        raise MendpathError(f"{folder} is not empty; give a new or empty folder")
    written: list[Path] = []
    try:
        for name, text in starter_files().items():
            path = folder / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
            written.append(path)
    except OSError as exc:
        raise MendpathError(f"cannot write in {folder}: {exc.strerror}") from None
    return written
