"""Text patterns that can take exponential time to match (MP161).

Python's `re` backtracks: a pattern such as `(a+)+b` or `(a|aa)+$` tries every way of
splitting an answer between the repeats before it gives up, and 40 typed characters can take
minutes or hours. Such a pattern is found from its parse (`re._parser`, Python's sre_parse): a part
repeated more than once whose body can match the same text in more than one way, because

- it holds a repeat of its own, and everything else in the body may match nothing or starts
  with a character that repeat matches (`(a+)+`, `(\\w+\\s?)*`, `(.*a){12}`); or
- it holds alternatives that can start with the same character, or one that may match
  nothing (`(a|aa)+`, `(ab|a)*`, `(x|)+`).

This is conservative: it refuses some patterns that would stay fast (`(ab|a)+`), never one
that a separator makes unambiguous (`(\\d+,)+`, `(\\w+\\s)+`), nor a repeat of a fixed count
(`([0-9]{3})+`), an atomic group or a possessive repeat (`(?>a+)+`, `(a++)+`). Characters
are compared over a sample of letters, digits, spaces and punctuation, ASCII and beyond.
"""

from __future__ import annotations

import re
from re import _compiler as sre_compile  # type: ignore[attr-defined]
from re import _parser as sre  # type: ignore[attr-defined]
from typing import Any

_PROBE = [chr(c) for c in range(32, 127)] + ["\t", "\n", "é", "ß", "\u00a0", "\u0663", "中"]
_ATOMS = {sre.LITERAL, sre.NOT_LITERAL, sre.ANY, sre.IN, sre.CATEGORY}
_REPEATS = {sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT}
_ZERO_WIDTH = {sre.AT, sre.ASSERT, sre.ASSERT_NOT}
_ALL = frozenset(_PROBE)

Item = tuple[Any, Any]


def backtracking(pattern: str) -> str | None:
    """Why the pattern can take exponential time to match, or None; the pattern compiles."""
    try:
        parsed = sre.parse(pattern)
    except (re.error, RecursionError):
        return None
    return _scan(list(parsed))


def _scan(items: list[Item]) -> str | None:
    for op, av in items:
        for body in _bodies(op, av):
            why = _scan(body)
            if why is not None:
                return why
        if op in (sre.MAX_REPEAT, sre.MIN_REPEAT) and av[1] > 1:
            why = _ambiguous(_flat(list(av[2])))
            if why is not None:
                return why
    return None


def _bodies(op: Any, av: Any) -> list[list[Item]]:
    if op in _REPEATS:
        return [list(av[2])]
    if op == sre.SUBPATTERN:
        return [list(av[3])]
    if op == sre.ATOMIC_GROUP:
        return [list(av)]
    if op == sre.BRANCH:
        return [list(b) for b in av[1]]
    if op in (sre.ASSERT, sre.ASSERT_NOT):
        return [list(av[1])]
    if op == sre.GROUPREF_EXISTS:
        return [list(b) for b in av[1:] if b is not None]
    return []


def _flat(items: list[Item]) -> list[Item]:
    """A body with its groups opened: `((a+),)` is `a+` then `,`."""
    out: list[Item] = []
    for op, av in items:
        if op == sre.SUBPATTERN:
            out += _flat(list(av[3]))
        else:
            out.append((op, av))
    return out


def _ambiguous(body: list[Item]) -> str | None:
    for i, (op, av) in enumerate(body):
        inner = _repeated(op, av)
        if inner:
            others = body[:i] + body[i + 1 :]
            if all(_nullable(o) or _first([o]) & inner for o in others):
                return "a repeated part holds a repeat of its own (like (a+)+)"
        if op == sre.BRANCH:
            branches = [list(b) for b in av[1]]
            firsts = [_first(b) for b in branches]
            clash = any(firsts[j] & firsts[k] for j in range(len(firsts)) for k in range(j))
            if clash or any(_seq_nullable(b) for b in branches):
                return (
                    "a repeated part holds alternatives that can match the same text (like (a|aa)+)"
                )
    return None


def _repeated(op: Any, av: Any) -> frozenset[str]:
    """The characters of the repeats (more than once, not a fixed count) inside an item."""
    found: frozenset[str] = frozenset()
    if op in (sre.ATOMIC_GROUP, sre.POSSESSIVE_REPEAT):  # matched one way, never retried
        return found
    if op in _REPEATS and av[1] > 1 and av[0] != av[1]:
        found |= _first(list(av[2]))
    for body in _bodies(op, av):
        for o, a in body:
            found |= _repeated(o, a)
    return found


def _first(items: list[Item]) -> frozenset[str]:
    """The characters a sequence of items can start with."""
    found: frozenset[str] = frozenset()
    for op, av in items:
        found |= _first_of(op, av)
        if not _nullable((op, av)):
            break
    return found


def _first_of(op: Any, av: Any) -> frozenset[str]:
    if op in _ATOMS:
        return _chars((op, av))
    if op in _REPEATS:
        return _first(list(av[2])) if av[1] > 0 else frozenset()
    if op in (sre.SUBPATTERN, sre.ATOMIC_GROUP, sre.BRANCH, sre.GROUPREF_EXISTS):
        found: frozenset[str] = frozenset()
        for body in _bodies(op, av):
            found |= _first(body)
        return found
    if op in _ZERO_WIDTH:
        return frozenset()
    return _ALL  # a back reference, or what is not known: any character


_CHARS: dict[tuple[str, int], frozenset[str]] = {}  # one compile for each item seen


def _chars(item: Item, flags: int = 0) -> frozenset[str]:
    """The sample characters one single-character item matches (with the pattern's flags)."""
    key = (repr(item), flags)
    if key not in _CHARS:
        _CHARS[key] = _compiled_chars(item, flags)
    return _CHARS[key]


def _compiled_chars(item: Item, flags: int) -> frozenset[str]:
    state = sre.State()
    state.flags = flags
    compiled = sre_compile.compile(sre.SubPattern(state, [item]), flags)
    return frozenset(c for c in _PROBE if compiled.fullmatch(c))


def _nullable(item: Item) -> bool:
    op, av = item
    if op in _ATOMS:
        return False
    if op in _REPEATS:
        return bool(av[0] == 0) or _seq_nullable(list(av[2]))
    if op in (sre.SUBPATTERN, sre.ATOMIC_GROUP):
        return _seq_nullable(_bodies(op, av)[0])
    if op in (sre.BRANCH, sre.GROUPREF_EXISTS):
        return any(_seq_nullable(b) for b in _bodies(op, av))
    return True  # anchors, lookarounds, back references (which may match nothing)


def _seq_nullable(items: list[Item]) -> bool:
    return all(_nullable(i) for i in items)


# --- trying the pattern on answers built to be slow -------------------------------------------

PROBE_LIMIT = 0.25  # seconds for one answer: an ordinary pattern takes microseconds
_ENDINGS = ("!", " ", "a", "0", "\t")  # what may stop a long run from matching at the end


def slow_answer(pattern: str, max_length: int) -> str | None:
    """An answer of at most `max_length` characters that `pattern` takes more than
    PROBE_LIMIT seconds of CPU to match, or None when none of those tried is slow (or no
    match can be timed here: then none is tried). Tried: for each repeated part, the text
    before it, one match of its body over and over, then a character that may fail the rest
    (`ababab…ab!` for `(ab|AB)+` with (?i)), which is how backtracking is made to try every
    way of splitting an answer; this finds what the shape check above misses (polynomial
    runs like `\\d*\\d*\\d*\\d*x`, flags, counted repeats). CPU time, so a busy machine
    does not make a pattern slow; a slower one can, for a pattern near the limit."""
    from mendpath.logic.matching import can_time, fullmatch

    if not can_time():
        return None
    try:
        parsed = sre.parse(pattern)
    except (re.error, RecursionError):
        return None
    flags = parsed.state.flags
    tried: set[str] = set()
    try:
        pumps = _pumps(list(parsed), "", flags, max_length)
    except RecursionError:
        return None
    for before, body in pumps:
        if not body:
            continue
        times = max(1, (max_length - len(before) - 1) // len(body))
        for ending in _ENDINGS:
            answer = (before + body * times)[: max_length - 1] + ending
            if answer in tried:
                continue
            tried.add(answer)
            if fullmatch(pattern, answer, PROBE_LIMIT, cpu=True) is None:
                return answer
    return None


def _pumps(items: list[Item], before: str, flags: int, limit: int) -> list[tuple[str, str]]:
    """(text before, one match of the body) for every repeat in `items`, outermost first;
    every text cut to `limit` characters."""
    found: list[tuple[str, str]] = []
    here = before
    for op, av in items:
        if op in _REPEATS and av[1] > 1:
            found.append((here, _sample(list(av[2]), flags, limit)))
        for body in _bodies(op, av):
            found += _pumps(body, here, flags, limit)
        here = (here + _sample([(op, av)], flags, limit))[:limit]
    return found


def _sample(items: list[Item], flags: int, limit: int) -> str:
    """One text the items match (an empty one where they may match nothing), as far as the
    sample characters know, cut to `limit` characters."""
    out = ""
    for op, av in items:
        if len(out) >= limit:
            break
        if op == sre.LITERAL:
            out += chr(av)
        elif op in _ATOMS:
            chars = sorted(_chars((op, av), flags))
            out += next((c for c in chars if c.isalnum()), chars[0] if chars else "")
        elif op in _REPEATS:
            one = _sample(list(av[2]), flags, limit)
            count = max(av[0], 1 if av[1] > 0 else 0)
            out += one * min(count, limit // max(len(one), 1) + 1)
        elif op == sre.SUBPATTERN:
            out += _sample(list(av[3]), flags, limit)
        elif op == sre.ATOMIC_GROUP:
            out += _sample(list(av), flags, limit)
        elif op == sre.BRANCH:
            out += _sample(list(av[1][0]), flags, limit)
    return out[:limit]
