"""Write hostile but valid rule books, for benchmarks (issue 14, item 13).

Each book is valid and has a shape that once took minutes or gigabytes:

- `choices N`: one single-choice question with N choices (every one routed to the end),
  advice reading a few of them.
- `far N`: N questions that branch forward and N advice items, each reading two questions
  half the book apart.
- `hiding N`: N advice items over a few questions, every third hiding the next one.
- `body N`: one advice item whose body holds N bytes of Markdown (paragraphs of words,
  with a placeholder in each).
- `placeholders N`: advice bodies of 20,000 characters (the most a text may hold), each
  with 4,000 placeholders, four in five in text and one in five in a link address: what
  `fill` parses to place them (issue 14); N placeholders in all, in N / 4,000 items.
- `weighed N`: three whole-number answers from 0 to N weighed by a number looked up per
  choice (8 choices) and compared with limits: validate decides such comparisons answer by
  answer, (N + 1)^3 combinations per choice (45: 97,336, under the 100,000 it takes).

Usage: python bench/hostile.py SHAPE N FOLDER
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

HEAD = (
    "book: {{title: Hostile, version: '1', start: q0, disclaimer: Generated for benchmarks.}}\n"
    "groups: [{{id: g, title: Tips}}]\n"
    "sources:\n"
    "  - id: src\n"
    "    title: Generated source\n"
    "    sections: [{sections}]\n"
)

GENERAL = (
    "  - id: general\n"
    "    title: A general tip\n"
    "    body: Shown whatever the answers.\n"
    "    group: g\n"
    "    cite: [{source: src, section: sec0}]\n"
)


def _head(sections: int) -> str:
    return HEAD.format(sections=", ".join(f"{{id: sec{k}, title: S{k}}}" for k in range(sections)))


def choices(n: int) -> str:
    """One question with n choices; advice on the first, the last and a middle choice."""
    lines = [_head(1), "questions:\n", "  - id: q0\n    text: Which one?\n    kind: single\n"]
    lines.append("    choices:\n")
    lines += [f"      - {{id: c{i}, label: Choice number {i}}}\n" for i in range(n)]
    lines.append("    next: end\n")
    lines += ["advice:\n", GENERAL]
    picks = sorted({0, n // 2, n - 1})
    for k, i in enumerate(picks):
        lines.append(
            f"  - id: tip{k}\n    title: Tip {k}\n    body: For choice {i}.\n    group: g\n"
            f"    when: {{answer: q0, in: [c{i}, c{(i + 1) % n}]}}\n"
            "    cite: [{source: src, section: sec0}]\n"
        )
    return "".join(lines)


def far(n: int) -> str:
    """n questions branching forward, n advice items each reading two questions n/2 apart."""
    lines = [_head(1), "questions:\n"]
    for i in range(n):
        nxt = f"q{i + 1}" if i + 1 < n else "end"
        skip = f"q{i + 2}" if i + 2 < n else "end"
        lines.append(
            f"  - id: q{i}\n    text: Question {i}?\n    kind: single\n"
            "    choices: [{id: a, label: A}, {id: b, label: B}, {id: c, label: C}]\n"
            f"    routes: {{b: {skip}}}\n    next: {nxt}\n"
        )
    lines += ["advice:\n", GENERAL]
    for k in range(n):
        j = (k + n // 2) % n
        lines.append(
            f"  - id: tip{k}\n    title: Tip {k}\n    body: Far apart {k}.\n    group: g\n"
            f"    when: {{all: [{{answer: q{k}, is: a}}, {{answer: q{j}, in: [a, c]}}]}}\n"
            "    cite: [{source: src, section: sec0}]\n"
        )
    return "".join(lines)


def hiding(n: int) -> str:
    """n advice items over eight questions; every third item hides the next one."""
    questions = 8
    lines = [_head(1), "questions:\n"]
    for i in range(questions):
        nxt = f"q{i + 1}" if i + 1 < questions else "end"
        lines.append(
            f"  - id: q{i}\n    text: Question {i}?\n    kind: single\n"
            "    choices: [{id: a, label: A}, {id: b, label: B}, {id: c, label: C}]\n"
            f"    next: {nxt}\n"
        )
    lines += ["advice:\n", GENERAL]
    for k in range(n):
        q, choice = k % questions, "abc"[(k // questions) % 3]
        hides = f"    hides: [tip{k + 1}]\n" if k % 3 == 0 and k + 1 < n else ""
        lines.append(
            f"  - id: tip{k}\n    title: Tip {k}\n    body: Hiding {k}.\n    group: g\n"
            f"    when: {{answer: q{q}, is: {choice}}}\n{hides}"
            "    cite: [{source: src, section: sec0}]\n"
        )
    return "".join(lines)


def body(n: int) -> str:
    """One advice item whose body is n bytes of Markdown paragraphs with placeholders."""
    paragraph = (
        "Some words for {who} to read, with *emphasis* and a [link](https://example.org).\n\n"
    )
    text = paragraph * max(1, n // len(paragraph))
    indented = "".join(f"      {line}\n" if line else "\n" for line in text.splitlines())
    return (
        _head(1)
        + "placeholders: [{id: who, default: you, from: [{answer: q0}]}]\n"
        + "questions:\n  - id: q0\n    text: Who?\n    kind: text\n    next: end\n"
        + "advice:\n  - id: long\n    title: A long tip\n    group: g\n    body: |\n"
        + indented
        + "    cite: [{source: src, section: sec0}]\n"
    )


def placeholders(n: int) -> str:
    """Advice bodies of 20,000 characters, each with 4,000 placeholders (one in five in a
    link address): n placeholders in all."""
    line = "{w} {w} {w} {w} [l]({w})\n"  # 25 characters, 5 placeholders
    items = []
    for i in range(max(1, n // 4000)):
        text = line * (min(n, 4000) // 5)
        indented = "".join(f"      {row}\n" for row in text.splitlines())
        items.append(
            f"  - id: many{i}\n    title: Many names\n    group: g\n    body: |\n"
            + indented
            + "    cite: [{source: src, section: sec0}]\n"
        )
    return (
        _head(1)
        + "placeholders: [{id: w, default: you, from: [{answer: q0}]}]\n"
        + "questions:\n  - id: q0\n    text: Who?\n    kind: text\n    next: end\n"
        + "advice:\n"
        + "".join(items)
    )


def weighed(n: int) -> str:
    """Three answers from 0 to n weighed by a factor looked up per choice, against limits."""
    lines = [_head(1), "questions:\n", "  - id: q0\n    text: Which one?\n    kind: single\n"]
    lines.append("    choices:\n")
    lines += [f"      - {{id: c{i}, label: Choice {i}}}\n" for i in range(8)]
    lines.append("    next: a\n")
    for q, nxt in (("a", "b"), ("b", "c"), ("c", "end")):
        lines.append(
            f"  - {{id: {q}, text: How many?, kind: number, min: 0, max: {n}, decimals: 0,"
            f" next: {nxt}}}\n"
        )
    table = ", ".join(f"c{i}: {i + 2}" for i in range(8))
    lines.append("values:\n")
    lines.append(
        f"  - {{id: load, compute: {{sum: [{{product: [{{lookup: q0, table: {{{table}}}}},"
        " {answer: a}]}, {product: [3, {answer: b}]}, {answer: c}]}, default: some}\n"
    )
    lines += ["advice:\n", GENERAL]
    for k, (op, limit) in enumerate((("above", 4 * n), ("at_most", n), ("below", 7 * n))):
        lines.append(
            f"  - id: tip{k}\n    title: Tip {k}\n    body: A load of {{load}}.\n    group: g\n"
            f"    when: {{value: load, {op}: {limit}}}\n"
            "    cite: [{source: src, section: sec0}]\n"
        )
    return "".join(lines)


SHAPES: dict[str, Callable[[int], str]] = {
    "choices": choices,
    "far": far,
    "hiding": hiding,
    "body": body,
    "placeholders": placeholders,
    "weighed": weighed,
}


def write(shape: str, n: int, folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "book.yaml").write_text(SHAPES[shape](n))


if __name__ == "__main__":
    write(sys.argv[1], int(sys.argv[2]), Path(sys.argv[3]))
