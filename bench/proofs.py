#!/usr/bin/env python3
"""How long the summary rules of a book take to prove (MP133-MP136, MP139), rule by rule.

The book is checked first (`load_valid_book`), then built afresh from its files, so that
nothing the checks learnt is reused, and every rule is searched as `mendpath validate`
searches it (`book/summaries.check_summaries`), timed, with the number of search steps it
took. The bundled book by default.

Usage: .venv/bin/python bench/proofs.py [RULES_FOLDER]
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from mendpath.book.build import build_book
from mendpath.book.bundled import bundled_rules
from mendpath.book.summaries import check_summaries
from mendpath.book.validate import load_book, load_valid_book
from mendpath.logic import bounds


def main() -> None:
    folder = Path(sys.argv[1]) if len(sys.argv) > 1 else bundled_rules()
    load_valid_book([folder])  # valid, so the search runs as in validate
    book = build_book(load_book([folder])[0])
    counted = {"searches": 0, "steps": 0}
    real = bounds._Search.run

    def run(self: bounds._Search) -> object:
        try:
            return real(self)
        finally:
            counted["searches"] += 1
            counted["steps"] += self.steps

    bounds._Search.run = run  # type: ignore[method-assign]
    started, cpu = time.perf_counter(), time.process_time()
    problems = list(check_summaries(book))
    elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu
    meta = book.meta
    limits = meta.limits if meta else None
    print(f"book: {folder}")
    print(f"limits: {limits}; never_together sets: {len(book.never_together)}")
    print(
        f"check_summaries: {elapsed:.2f} s ({cpu:.2f} s of CPU), {counted['searches']} searches, "
        f"{counted['steps']} steps, {len(problems)} problem(s)"
    )
    for p in problems:
        print(f"  {p.code}: {p.message}")


if __name__ == "__main__":
    main()
