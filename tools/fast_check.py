"""`make fast-check`: compile the schema's fast check ahead of time (book/schema_check.py).

Run it after changing schema/rulebook.schema.json (or shape._key_sets_without_trials);
tests/book/test_schema.py fails until it is. Kept outside the package like tools/snapshot.py."""

from __future__ import annotations

from pathlib import Path

import mendpath.book
from mendpath.book.fast_check import check_code

if __name__ == "__main__":
    target = Path(mendpath.book.__file__).parent / "schema_check.py"
    target.write_text(check_code(), encoding="utf-8")
    print(f"wrote {target}")
