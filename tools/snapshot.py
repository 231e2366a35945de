"""`make snapshot`: refresh the bundled book's JSON snapshot (src/mendpath/book/bundled-book.json).

Kept outside the package: nothing that ships writes into the package."""

from __future__ import annotations

from mendpath.book.bundled import bundled_rules, snapshot_path
from mendpath.book.snapshot import make

if __name__ == "__main__":
    snapshot_path().write_text(make(bundled_rules()), encoding="utf-8")
    print(f"wrote {snapshot_path()}")
