"""A JSON snapshot of the bundled book's parsed files, so `ask` need not parse YAML.

The snapshot records the names, sizes and CRC-32 of the YAML files it was made from. When
they no longer match (a rule file was edited and `make snapshot` not run), it is ignored and
the YAML is read as usual, so a stale snapshot can only cost time, never change what shows.
A test fails while the committed snapshot is stale.
"""

from __future__ import annotations

import json
import zlib
from pathlib import Path
from typing import Any

from mendpath.loader import Document, MarkNode, load_document, rule_files

FORMAT = 1


def sources_digest(files: list[tuple[Path, str]]) -> str:
    """Names, sizes and CRC-32 of the files: enough to notice any edit, and cheap to import
    (hashlib would load OpenSSL, a tenth of a run's start-up)."""
    parts = []
    for path, name in files:
        data = path.read_bytes()
        parts.append(f"{name}:{len(data)}:{zlib.crc32(data):08x}")
    return ";".join(parts)


def make(folder: Path) -> str:
    """The snapshot of a folder of rule files."""
    files, _ = rule_files(folder, folder.name)
    docs = [load_document(path, name) for path, name in files]
    payload = {
        "format": FORMAT,
        "sources": sources_digest(files),
        "files": [{"name": doc.name, "data": doc.data} for doc in docs],
    }
    return json.dumps(payload, ensure_ascii=False, separators=(",", ":")) + "\n"


def read(folder: Path, snapshot: Path) -> list[Document] | None:
    """The documents of the folder from its snapshot, or None when there is none that fits."""
    try:
        payload: Any = json.loads(snapshot.read_text("utf-8"))
        files, trouble = rule_files(folder, folder.name)
        if trouble or payload.get("format") != FORMAT:
            return None
        if payload.get("sources") != sources_digest(files):
            return None
        return [Document(f["name"], f["data"], MarkNode(1, 1)) for f in payload["files"]]
    except (OSError, ValueError, KeyError, TypeError):
        return None


def main() -> None:
    """`python -m mendpath.snapshot` (or `make snapshot`): refresh the bundled book's snapshot."""
    from mendpath.validate import bundled_rules, snapshot_path

    snapshot_path().write_text(make(bundled_rules()), encoding="utf-8")
    print(f"wrote {snapshot_path()}")


if __name__ == "__main__":
    main()
