"""The documentation stays in step with the code."""

from __future__ import annotations

import re
from pathlib import Path

from mendpath.problems import CODES

DOCS = Path(__file__).parent.parent / "docs"


def test_every_check_code_is_documented() -> None:
    text = (DOCS / "checks.md").read_text("utf-8")
    documented = re.findall(r"^\| (MP\d{3}) \| ([^|]+) \|", text, flags=re.MULTILINE)
    assert dict((code, summary.strip()) for code, summary in documented) == CODES


def test_rule_format_mentions_every_condition_form() -> None:
    text = (DOCS / "rule-format.md").read_text("utf-8")
    for form in ["all:", "any:", "not:", "situation:", "answered:", "is:", "in:", "includes:"]:
        assert f"{{{form}" in text or f", {form}" in text, form
