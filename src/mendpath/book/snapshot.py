"""A JSON snapshot of the bundled book's parsed files, so `ask` need not parse YAML.

The snapshot records the name, size and CRC-32 of each YAML file it was made from. When
they no longer match (a rule file was edited and `make snapshot` not run), it is ignored and
the YAML is read as usual, so a stale snapshot can only cost time, never change what shows.
A test fails while the committed snapshot is stale.

It is written one record a line (a file's digest, then each element of its top-level lists
on a line of its own), so that two changes to different rule files never touch the same
line of it. `tools/snapshot.py` (`make snapshot`) writes it.
"""

from __future__ import annotations

import json
import zlib
from pathlib import Path
from typing import Any

from mendpath.folders import rule_files
from mendpath.reader import Document, MarkNode, load_document

FORMAT = 2


def _digest(path: Path) -> str:
    """Size and CRC-32 of a file: enough to notice any edit, and cheap to import (hashlib
    would load OpenSSL, a tenth of a run's start-up)."""
    data = path.read_bytes()
    return f"{len(data)}:{zlib.crc32(data):08x}"


def _line(record: dict[str, Any]) -> str:
    return json.dumps(record, ensure_ascii=False, separators=(",", ":"))


def make(folder: Path) -> str:
    """The snapshot of a folder of rule files."""
    files, _ = rule_files(folder, folder.name)
    lines = [_line({"format": FORMAT, "files": len(files)})]
    for path, name in files:
        doc = load_document(path, name)
        lines.append(_line({"file": name, "digest": _digest(path)}))
        for key, value in doc.data.items():
            if isinstance(value, list):
                lines.append(_line({"key": key, "items": len(value)}))
                lines += [_line({"item": item}) for item in value]
            else:
                lines.append(_line({"key": key, "value": value}))
    return "\n".join(lines) + "\n"


def read(folder: Path, snapshot: Path) -> list[Document] | None:
    """The documents of the folder from its snapshot, or None when there is none that fits."""
    try:
        records: list[Any] = [json.loads(line) for line in snapshot.read_text("utf-8").splitlines()]
        files, trouble = rule_files(folder, folder.name)
        if trouble or records[0] != {"format": FORMAT, "files": len(files)}:
            return None
        at = 1
        docs = []
        for path, name in files:
            if records[at] != {"file": name, "digest": _digest(path)}:
                return None
            at += 1
            data: dict[str, Any] = {}
            while at < len(records) and "key" in records[at]:
                record = records[at]
                if "value" in record:
                    data[record["key"]] = record["value"]
                    at += 1
                else:
                    count = record["items"]
                    data[record["key"]] = [r["item"] for r in records[at + 1 : at + 1 + count]]
                    at += 1 + count
            docs.append(Document(name, data, MarkNode(1, 1)))
        return docs if at == len(records) else None
    except (OSError, ValueError, KeyError, TypeError, IndexError):
        return None
