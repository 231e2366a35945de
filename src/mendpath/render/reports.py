"""Print validation results: one line per problem, or JSON."""

from __future__ import annotations

import json

from mendpath.book.validate import Result


def text_report(result: Result, files: int, strict: bool) -> str:
    lines = [p.format() for p in result.problems]
    errors, warnings = len(result.errors), len(result.warnings)
    if errors or warnings:
        verdict = "invalid" if not result.ok(strict) else "valid"
        lines.append(f"{verdict}: {errors} error(s), {warnings} warning(s) in {files} file(s)")
    else:
        lines.append(f"ok: {files} file(s), no problems")
    return "\n".join(lines) + "\n"


def json_report(result: Result, files: int, strict: bool) -> str:
    payload = {
        "valid": result.ok(strict),
        "files": files,
        "errors": len(result.errors),
        "warnings": len(result.warnings),
        "problems": [p.as_dict() for p in result.problems],
    }
    return json.dumps(payload, indent=2) + "\n"


REPORTERS = {"text": text_report, "json": json_report}
