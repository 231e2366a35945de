"""Write a generated rule book of N questions to a folder, for benchmarks.

The book is valid and --strict clean: questions branch forward (every one reachable, no
loops), one advice item per 10 questions with a condition over nearby answers and one shown
to everyone (so no route shows nothing), every section
cited. Files hold at most 5,000 questions each, as a large real book would be split.

With --conditional the book is routed by conditions (`next` branches with `when`, a
question's and a choice's `when`), every tenth question asks for a number that advice
compares, and each block of ten has a computed value its advice shows.

Usage: python bench/genbook.py N FOLDER [--conditional]
"""

from __future__ import annotations

import sys
from pathlib import Path

PER_FILE = 5000


def question(i: int, n: int) -> str:
    nxt = f"q{i + 1}" if i + 1 < n else "end"
    skip = f"q{i + 2}" if i + 2 < n else "end"
    return (
        f"  - id: q{i}\n"
        f"    text: Question number {i}?\n"
        f"    kind: single\n"
        f"    choices:\n"
        f"      - {{id: a, label: First}}\n"
        f"      - {{id: b, label: Second}}\n"
        f"      - {{id: c, label: Third}}\n"
        f"    routes: {{b: {skip}}}\n"
        f"    next: {nxt}\n"
    )


def advice(k: int, n: int) -> str:
    i = k * 10
    j = min(i + 3, n - 1)
    return (
        f"  - id: tip{k}\n"
        f"    title: Tip {k}\n"
        f"    body: Do the thing for {{who}} number {k}.\n"
        f"    group: g\n"
        f"    priority: {k % 7}\n"
        f"    when:\n"
        f"      any:\n"
        f"        - {{answer: q{i}, is: a}}\n"
        f"        - all: [{{answer: q{j}, in: [a, c]}}, {{situation: s{k}}}]\n"
        f"    cite: [{{source: src, section: sec{k}}}]\n"
    )


GENERAL = (
    "  - id: general\n"
    "    title: A general tip\n"
    "    body: Shown whatever the answers.\n"
    "    group: g\n"
    "    cite: [{source: src, section: sec0}]\n"
)


def situation(k: int, n: int) -> str:
    i = min(k * 10 + 1, n - 1)
    return f"  - id: s{k}\n    when: {{not: {{answer: q{i}, is: b}}}}\n"


def conditional_question(i: int, n: int) -> str:
    """A question of a book routed by conditions: in each block of ten, the fifth routes on
    an answer three questions back, the seventh is asked only sometimes, the third offers
    its last choice only sometimes, and the tenth asks for a number."""
    nxt = f"q{i + 1}" if i + 1 < n else "end"
    skip = f"q{i + 2}" if i + 2 < n else "end"
    head = f"  - id: q{i}\n    text: Question number {i}?\n"
    if i % 10 == 9:
        return (
            head + f"    kind: number\n    min: 0\n    max: 100\n    unit: days\n    next: {nxt}\n"
        )
    last = "{id: c, label: Third}"
    if i % 10 == 3:
        last = f"{{id: c, label: Third, when: {{answer: q{i - 2}, in: [a, b]}}}}"
    text = head + (
        "    kind: single\n"
        f"    choices: [{{id: a, label: First}}, {{id: b, label: Second}}, {last}]\n"
    )
    if i % 10 == 7:
        text += f"    when: {{not: {{answer: q{i - 1}, is: c}}}}\n"
    if i % 10 == 5:
        return text + (
            f"    next:\n      - {{when: {{answer: q{i - 3}, is: a}}, go: {skip}}}\n"
            f"      - {{go: {nxt}}}\n"
        )
    return text + (f"    routes: {{b: {skip}}}\n" if i % 10 != 8 else "") + f"    next: {nxt}\n"


def conditional_advice(k: int, n: int) -> str:
    i = k * 10
    return (
        f"  - id: tip{k}\n"
        f"    title: Tip {k}\n"
        f"    body: Do the thing for {{who}}, {{v{k}}} of them.\n"
        f"    group: g\n"
        f"    priority: {k % 7}\n"
        f"    when:\n"
        f"      any:\n"
        f"        - {{answer: q{i}, is: a}}\n"
        f"        - all: [{{answer: q{min(i + 9, n - 1)}, at_least: 50}}, {{situation: s{k}}}]\n"
        f"    cite: [{{source: src, section: sec{k}}}]\n"
    )


def value(k: int, n: int) -> str:
    i = min(k * 10 + 9, n - 1)
    return (
        f"  - id: v{k}\n"
        f"    compute: {{sum: [{{answer: q{i}}}, {{product: [{{answer: q{i}}}, 0.5]}}]}}\n"
        "    decimals: 1\n    default: some\n"
    )


def write(n: int, folder: Path, conditional: bool = False) -> None:
    """The book of n questions; `conditional`: routed by conditions, with number questions
    and computed values (at least 10 questions)."""
    folder.mkdir(parents=True, exist_ok=True)
    tips = max(1, n // 10)
    head = [
        "book: {title: Generated, version: '1', start: q0, disclaimer: Generated for benchmarks.}",
        "groups: [{id: g, title: Tips}]",
        "placeholders: [{id: who, default: you, from: [{answer: q0}]}]",
        "sources:",
        "  - id: src",
        "    title: Generated source",
        "    sections:",
        *[f"      - {{id: sec{k}, title: Section {k}}}" for k in range(tips)],
    ]
    (folder / "00-book.yaml").write_text("\n".join(head) + "\n")
    ask, tip = (conditional_question, conditional_advice) if conditional else (question, advice)
    for start in range(0, n, PER_FILE):
        stop = min(start + PER_FILE, n)
        parts = ["questions:\n", *(ask(i, n) for i in range(start, stop))]
        ks = range(start // 10, min(tips, (stop + 9) // 10))
        parts += ["situations:\n", *(situation(k, n) for k in ks)]
        general = [GENERAL] if start == 0 else []  # shown on every route (no dead branch)
        parts += ["advice:\n", *general, *(tip(k, n) for k in ks)]
        if conditional:
            parts += ["values:\n", *(value(k, n) for k in ks)]
        (folder / f"{start // PER_FILE + 1:03d}-part.yaml").write_text("".join(parts))


if __name__ == "__main__":
    write(int(sys.argv[1]), Path(sys.argv[2]), conditional=sys.argv[3:] == ["--conditional"])
