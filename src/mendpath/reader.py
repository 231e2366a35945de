"""Read rule files safely into plain data, keeping the line and column of every node.

The YAML is read as a stream of parser events (PyYAML's C parser where present) and built
into plain dicts, lists and scalars here, so that every limit is enforced while reading:
size, nesting depth, alias expansion, duplicate keys and tags. Nothing is ever constructed
from a tag, so no Python object can come out of a rule file.

Scalars follow the YAML 1.2 core schema: only `true`/`false` are booleans (not `yes`, `no`,
`on`, `off`), and mapping keys are always text. A choice called `yes` stays `"yes"`.
"""

from __future__ import annotations

import os
import re
import stat
import zlib
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from mendpath.problems import Problem

MAX_FILE_BYTES = 16 * 1024 * 1024
MAX_DEPTH = 64
MAX_NODES = 2_000_000  # after alias expansion, per file
MAX_TEXT = 20_000  # characters in one text (scalar): longer ones are MP160, found by validate

PathKey = tuple[str | int, ...]


class MarkNode:
    """Where a node starts (1-based), with the marks of its keys and children."""

    __slots__ = ("col", "items", "keys", "line")

    def __init__(self, line: int, col: int) -> None:
        self.line = line
        self.col = col
        self.keys: dict[str, MarkNode] | None = None
        self.items: dict[str, MarkNode] | list[MarkNode] | None = None


_NO_MARK = MarkNode(0, 0)  # stands for every node while a file is read without its marks


class Document:
    """One rule file: its display name, its data, and the marks to locate any part of it.

    The marks of a file read by `load_document` are made when first asked for, by reading
    its text again (kept for that, compressed: a twentieth of its size): a valid book rarely
    needs a location, and keeping one for every node took most of the memory of reading (a
    100,000-question book: 1.3 GB).
    """

    __slots__ = ("_marks", "_text", "data", "long_texts", "name")

    def __init__(
        self,
        name: str,
        data: dict[str, Any],
        marks: MarkNode | None,
        long_texts: tuple[tuple[int, int, int], ...] = (),
        text: str | None = None,
    ) -> None:
        self.name = name
        self.data = data
        self._marks = marks  # None: made from `text` when first needed
        self._text = None if text is None else zlib.compress(text.encode("utf-8"), 1)
        self.long_texts = long_texts  # (line, column, length) of each text over MAX_TEXT

    @property
    def marks(self) -> MarkNode:
        if self._marks is None:
            assert self._text is not None
            text = zlib.decompress(self._text).decode("utf-8")
            self._marks = _build(_events(text), self.name, None).marks
            self._text = None
        return self._marks

    def locate(self, path: Iterable[str | int], *, key: bool = False) -> tuple[int, int]:
        """Line and column of the node at `path` (or of its key), or of its nearest parent."""
        node = self.marks
        steps = list(path)
        for i, step in enumerate(steps):
            items = node.items
            nxt: MarkNode | None = None
            if key and i == len(steps) - 1 and node.keys is not None and isinstance(step, str):
                nxt = node.keys.get(step)
            elif isinstance(items, dict) and isinstance(step, str):
                nxt = items.get(step)
            elif isinstance(items, list) and isinstance(step, int) and 0 <= step < len(items):
                nxt = items[step]
            if nxt is None:
                break
            node = nxt
        return node.line, node.col


class Origin:
    """Where an element was written: its file, and the path to it inside."""

    __slots__ = ("doc", "path")

    def __init__(self, doc: Document, path: tuple[str | int, ...]) -> None:
        self.doc = doc  # compared by identity
        self.path = path

    def __repr__(self) -> str:
        return f"Origin(doc={self.doc!r}, path={self.path!r})"

    def at(self, *more: str | int, key: bool = False) -> tuple[str, int, int]:
        line, col = self.doc.locate((*self.path, *more), key=key)
        return self.doc.name, line, col


class LoadError(Exception):
    """Reading one file failed: carries the one problem that explains why."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(problem.format())
        self.problem = problem


def _problem(name: str, line: int, col: int, code: str, message: str) -> LoadError:
    return LoadError(Problem(name, line, col, "error", code, message))


# --- scalars: the YAML 1.2 core schema ----------------------------------------------------

_NULL = re.compile(r"^(?:~|null|Null|NULL|)$")
_BOOL = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}
_INT = re.compile(r"^[-+]?[0-9]+$|^0o[0-7]+$|^0x[0-9a-fA-F]+$")
_FLOAT = re.compile(
    r"^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$"
    r"|^[-+]?\.(?:inf|Inf|INF)$|^\.(?:nan|NaN|NAN)$"
)
_CORE = "tag:yaml.org,2002:"
_ALLOWED_TAGS = {f"{_CORE}{t}" for t in ("str", "int", "float", "bool", "null", "map", "seq")}


# Python reads no integer of more than 4,300 digits (sys.get_int_max_str_digits), nor writes
# one: longer ones (hexadecimal 3,000 digits is already 3,612 decimal ones) are refused.
MAX_INT_DIGITS = 3_000

# The first characters a null, a boolean or a number can start with: other text is text.
_MAYBE_NOT_TEXT = frozenset("~nNtTfF0123456789+-.")


def _plain_scalar(value: str) -> Any:
    if value and value[0] not in _MAYBE_NOT_TEXT:
        return value
    if _NULL.match(value):
        return None
    if value in _BOOL:
        return _BOOL[value]
    if _INT.match(value):
        if len(value) > MAX_INT_DIGITS:
            raise ValueError(
                f"an integer of {len(value.lstrip('+-')):,} digits is too long; "
                f"at most {MAX_INT_DIGITS:,} can be read"
            )
        if value.startswith("0o"):
            return int(value[2:], 8)
        return int(value, 16) if value.startswith("0x") else int(value)
    if _FLOAT.match(value):
        special = value.lstrip("+-").lower()
        if special in (".inf", ".nan"):  # YAML's spelling; Python's float() wants inf, nan
            return float(value.replace(value.lstrip("+-"), special[1:]))
        return float(value)
    return value


def _tagged_scalar(value: str, tag: str) -> Any:
    kind = tag.removeprefix(_CORE)
    if kind == "str":
        return value
    parsed = _plain_scalar(value)
    expected: dict[str, tuple[type, ...]] = {
        "int": (int,),
        "float": (int, float),
        "bool": (bool,),
        "null": (type(None),),
    }
    fits = isinstance(parsed, expected[kind]) and not (kind != "bool" and isinstance(parsed, bool))
    if not fits:
        raise ValueError(f"{value!r} is not a valid !!{kind}")
    return float(parsed) if kind == "float" else parsed


# --- reading bytes --------------------------------------------------------------------------


def _line_col_of_offset(data: bytes, offset: int) -> tuple[int, int]:
    line = data.count(b"\n", 0, offset) + 1
    start = data.rfind(b"\n", 0, offset) + 1
    return line, len(data[start:offset].decode("utf-8", errors="replace")) + 1


def read_text(path: Path, name: str) -> str:
    """The file's text, or a LoadError for a file too large, unreadable, binary or not UTF-8."""
    try:
        info = os.stat(path)
        if stat.S_ISDIR(info.st_mode):
            raise _problem(name, 1, 1, "MP007", "is a folder, not a rule file")
        if not stat.S_ISREG(info.st_mode):  # a pipe or a device would block or never end
            raise _problem(name, 1, 1, "MP007", "is not a regular file")
        with open(path, "rb") as handle:
            data = handle.read(MAX_FILE_BYTES + 1)
    except OSError as exc:
        reason = exc.strerror or str(exc)
        raise _problem(name, 1, 1, "MP007", f"cannot read the file: {reason}") from None
    if len(data) > MAX_FILE_BYTES:
        limit = MAX_FILE_BYTES // (1024 * 1024)
        raise _problem(
            name, 1, 1, "MP003", f"the file is larger than {limit} MiB; split the book into files"
        )
    nul = data.find(b"\x00")
    if nul >= 0:
        line, col = _line_col_of_offset(data, nul)
        raise _problem(name, line, col, "MP002", "binary data (a NUL byte), not a text file")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line, col = _line_col_of_offset(data, exc.start)
        byte = data[exc.start]
        raise _problem(
            name, line, col, "MP002", f"not UTF-8 text (byte 0x{byte:02x}); save the file as UTF-8"
        ) from None
    return text.removeprefix("\ufeff")


# --- building data from parser events -------------------------------------------------------


class _Frame:
    __slots__ = ("anchor", "count", "key", "mark", "value")

    def __init__(self, value: dict[str, Any] | list[Any], mark: MarkNode, anchor: str | None):
        self.value = value
        self.mark = mark
        self.anchor = anchor
        self.key: tuple[str, MarkNode] | None = None  # a mapping's pending key
        self.count = 1  # nodes inside, after alias expansion


def _events(text: str) -> Iterator[Any]:
    import yaml

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    return iter(yaml.parse(text, Loader=loader))


def load_document(path: Path, name: str | None = None) -> Document:
    """Read one rule file. Raises LoadError with a located problem when it cannot be used."""
    name = name if name is not None else str(path)
    text = read_text(path, name)
    import yaml

    try:
        data = _quick_data(text)
        if data is not None:  # an ordinary file, read in one quick pass: marks when needed
            return Document(name, data, None, (), text)
        try:
            return _build(_events(text), name, text)  # without marks: made when needed
        except LoadError:  # read again with every mark, for the place of what is wrong
            return _build(_events(text), name, None)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
        if exc.problem and "maximum nesting depth" in exc.problem:
            # libyaml 0.2.5 as built into PyYAML 6.0.4 refuses 1,000 levels while scanning
            # ahead, before the events that would reach MAX_DEPTH; it is the same problem.
            message = f"the file nests more than {MAX_DEPTH} levels deep"
            raise _problem(name, line, col, "MP004", message) from None
        what = exc.problem or "invalid YAML"
        if exc.context:
            what = f"{what} ({exc.context})"
        raise _problem(name, line, col, "MP001", f"invalid YAML: {what}") from None
    except yaml.reader.ReaderError as exc:  # a control character in the text
        before = text[: exc.position]
        line, col = before.count("\n") + 1, len(before) - (before.rfind("\n") + 1) + 1
        char = exc.character if isinstance(exc.character, str) else chr(exc.character)
        raise _problem(
            name,
            line,
            col,
            "MP002",
            f"a control character (U+{ord(char):04X}) that YAML does not allow in text",
        ) from None
    except yaml.YAMLError as exc:  # pragma: no cover - every known kind is handled above
        raise _problem(name, 1, 1, "MP001", f"invalid YAML: {exc}") from None


def _quick_data(text: str) -> dict[str, Any] | None:
    """The data of an ordinary rule file, read in one quick pass; None for any other file,
    which `_build` reads again, carefully, and explains.

    Ordinary: one document, a mapping at the top, nothing tagged, anchored or aliased, keys
    plain text and each once, every limit kept (depth, nodes, text and integer lengths) and
    valid YAML. That is nearly every rule file, and for it this gives the same data as
    `_build`, with less work for each event (validating 10,000 questions spent a third of
    its time in `_build`): no marks, no anchors to keep, no counts per container, parser
    events taken straight from the parser and the current container in local variables.
    """
    import yaml

    parser = getattr(yaml, "CSafeLoader", yaml.SafeLoader)(text)
    scalar_event, alias_event = yaml.ScalarEvent, yaml.AliasEvent
    mapping_start, sequence_start = yaml.MappingStartEvent, yaml.SequenceStartEvent
    ends = (yaml.MappingEndEvent, yaml.SequenceEndEvent)
    shared: dict[str, str] = {}  # one copy of each text, as `_build` keeps
    keep = shared.setdefault
    maybe_not_text = _MAYBE_NOT_TEXT
    outer: list[tuple[Any, bool]] = []  # the containers around this one
    into: Any = None  # the container being filled
    is_map = False
    key: str | None = None  # the mapping's pending key
    root: dict[str, Any] | None = None
    total = 0
    documents = 0
    try:
        for event in iter(parser.get_event, None):
            kind = type(event)
            if kind is scalar_event:
                scalar = event.value
                total += 1
                if (
                    event.tag is not None
                    or event.anchor is not None
                    or len(scalar) > MAX_TEXT
                    or total > MAX_NODES
                ):
                    return None
                if is_map and key is None:
                    if scalar in into:
                        return None  # a duplicate key
                    key = keep(scalar, scalar)
                    continue
                if (not scalar or scalar[0] in maybe_not_text) and event.implicit[0]:
                    value = _plain_scalar(scalar)
                    if value is scalar:
                        value = keep(scalar, scalar)
                else:
                    value = keep(scalar, scalar)
                if is_map:
                    into[key] = value
                    key = None
                elif into is None:
                    return None  # a single value at the top
                else:
                    into.append(value)
            elif kind is mapping_start or kind is sequence_start:
                total += 1
                if event.tag is not None or event.anchor is not None or len(outer) >= MAX_DEPTH:
                    return None
                container: Any = {} if kind is mapping_start else []
                if is_map:
                    if key is None:
                        return None  # a key that is not text
                    into[key] = container
                    key = None
                elif into is not None:
                    into.append(container)
                elif kind is mapping_start and root is None:
                    root = container
                else:
                    return None  # a list at the top
                outer.append((into, is_map))
                into, is_map = container, kind is mapping_start
            elif kind in ends:
                into, is_map = outer.pop()
            elif kind is alias_event:
                return None
            elif kind is yaml.DocumentStartEvent:
                documents += 1
                if documents > 1:
                    return None
    except (yaml.YAMLError, ValueError):  # ValueError: an integer too long to read
        return None
    finally:
        parser.dispose()
    return root


def _build(events: Iterator[Any], name: str, text: str | None) -> Document:
    """The document the events make, with a mark for every node when `text` is None;
    otherwise without marks (`_NO_MARK` for each node, and the document keeps `text` to make
    them when asked), and then a LoadError may be located wrongly: read again with marks."""
    import yaml

    located = text is None
    stack: list[_Frame] = []
    anchors: dict[str, tuple[Any, MarkNode, int]] = {}
    open_anchors: set[str] = set()
    total = 0
    documents = 0
    root: tuple[Any, MarkNode] | None = None
    long_texts: list[tuple[int, int, int]] = []
    shared: dict[str, str] = {}  # one copy of each text (keys, ids, labels are repeated)

    def where(event: Any) -> tuple[int, int]:
        return event.start_mark.line + 1, event.start_mark.column + 1

    def check_tag(event: Any) -> None:
        tag = event.tag
        if tag is None or tag == "!":
            return
        if tag not in _ALLOWED_TAGS:
            shown = "!!" + tag.removeprefix(_CORE) if tag.startswith(_CORE) else tag
            line, col = where(event)
            raise _problem(
                name, line, col, "MP008", f"the tag {shown} is not allowed in rule files"
            )

    def add(value: Any, mark: MarkNode, count: int, event: Any) -> None:
        nonlocal total, root
        total += count
        if total > MAX_NODES:
            line, col = where(event)
            raise _problem(
                name,
                line,
                col,
                "MP005",
                f"the file expands to more than {MAX_NODES:,} nodes (an alias bomb?)",
            )
        if not stack:
            root = (value, mark)
            return
        frame = stack[-1]
        frame.count += count
        container = frame.value
        items = frame.mark.items
        if type(container) is list:  # a sequence
            container.append(value)
            if located:
                items.append(mark)  # type: ignore[union-attr]
            return
        if frame.key is None:
            if not isinstance(value, str):
                line, col = mark.line, mark.col
                raise _problem(name, line, col, "MP001", "a mapping key must be plain text")
            if value in container:
                first = frame.mark.keys[value] if frame.mark.keys is not None else _NO_MARK
                raise _problem(
                    name,
                    mark.line,
                    mark.col,
                    "MP006",
                    f"duplicate key '{value}' (first given at line {first.line}); "
                    "YAML would silently keep only the last one",
                )
            frame.key = (value, mark)
            return
        key, key_mark = frame.key
        frame.key = None
        container[key] = value  # type: ignore[call-overload]
        if located:
            assert frame.mark.keys is not None
            assert isinstance(items, dict)
            frame.mark.keys[key] = key_mark
            items[key] = mark

    scalar_event = yaml.ScalarEvent
    for event in events:
        if type(event) is scalar_event:  # the most common event, so the quickest way
            tag, scalar = event.tag, event.value
            start: Any = event.start_mark
            if tag is not None and tag != "!":
                check_tag(event)
            mark = MarkNode(start.line + 1, start.column + 1) if located else _NO_MARK
            if len(scalar) > MAX_TEXT:
                long_texts.append((start.line + 1, start.column + 1, len(scalar)))
            top = stack[-1] if stack else None
            value: Any
            if top is not None and top.key is None and type(top.value) is dict:
                value = shared.setdefault(scalar, scalar)  # keys are always text
            elif tag is not None and tag != "!":
                value = _checked_tag(scalar, tag, name, start.line + 1, start.column + 1)
            elif event.implicit[0]:  # plain, untagged
                try:
                    value = _plain_scalar(scalar)
                except ValueError as exc:  # an integer too long for Python to read
                    raise _problem(
                        name, start.line + 1, start.column + 1, "MP001", str(exc)
                    ) from None
                if value is scalar:
                    value = shared.setdefault(scalar, scalar)
            else:  # quoted
                value = shared.setdefault(scalar, scalar)
            if event.anchor is not None:
                anchors[event.anchor] = (value, mark, 1)
            if located or top is None or total >= MAX_NODES:
                add(value, mark, 1, event)
                continue
            # `add` for a scalar read without marks, inline (the most common event)
            into: Any = top.value
            if type(into) is list:
                into.append(value)
            elif top.key is not None:
                into[top.key[0]] = value
                top.key = None
            elif value in into:
                add(value, mark, 1, event)  # a duplicate key: says so
            else:
                top.key = (value, mark)
            total += 1
            top.count += 1
        elif isinstance(event, yaml.MappingStartEvent | yaml.SequenceStartEvent):
            check_tag(event)
            if len(stack) >= MAX_DEPTH:
                line, col = where(event)
                raise _problem(
                    name, line, col, "MP004", f"the file nests more than {MAX_DEPTH} levels deep"
                )
            container: dict[str, Any] | list[Any]
            if not located:
                mark = _NO_MARK
                container = {} if isinstance(event, yaml.MappingStartEvent) else []
            elif isinstance(event, yaml.MappingStartEvent):
                mark = MarkNode(*where(event))
                container, mark.keys, mark.items = {}, {}, {}
            else:
                mark = MarkNode(*where(event))
                container, mark.items = [], []
            if event.anchor is not None:
                open_anchors.add(event.anchor)
            stack.append(_Frame(container, mark, event.anchor))
        elif isinstance(event, yaml.MappingEndEvent | yaml.SequenceEndEvent):
            frame = stack.pop()
            if frame.anchor is not None:
                open_anchors.discard(frame.anchor)
                anchors[frame.anchor] = (frame.value, frame.mark, frame.count)
            total -= frame.count - 1  # its children were counted as they came
            add(frame.value, frame.mark, frame.count, event)
        elif isinstance(event, yaml.AliasEvent):
            line, col = where(event)
            if event.anchor in open_anchors:
                raise _problem(
                    name, line, col, "MP005", f"the alias *{event.anchor} refers to itself"
                )
            if event.anchor not in anchors:
                raise _problem(name, line, col, "MP001", f"unknown alias *{event.anchor}")
            value, mark, count = anchors[event.anchor]
            add(value, mark, count, event)
        elif isinstance(event, yaml.DocumentStartEvent):
            documents += 1
            if documents > 1:
                line, col = where(event)
                raise _problem(
                    name, line, col, "MP009", "a rule file holds one YAML document, not several"
                )
    if root is None or root[0] is None:
        raise _problem(name, 1, 1, "MP009", "the file is empty; a rule file is a YAML mapping")
    data, marks = root
    if not isinstance(data, dict):
        kind = "a list" if isinstance(data, list) else "a single value"
        raise _problem(
            name,
            marks.line,
            marks.col,
            "MP009",
            f"the top level is {kind}; a rule file is a mapping (book:, questions:, advice: ...)",
        )
    return Document(name, data, marks if located else None, tuple(long_texts), text)


def _checked_tag(value: str, tag: str, name: str, line: int, col: int) -> Any:
    try:
        return _tagged_scalar(value, tag)
    except ValueError as exc:
        raise _problem(name, line, col, "MP001", str(exc)) from None
