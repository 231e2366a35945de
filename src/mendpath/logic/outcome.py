"""What a finished interview shows: situations that hold, advice shown and why, text filled in.

Pure functions over the book and the answers on the route.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache
from typing import Any, NamedTuple

from mendpath.logic.conditions import holds
from mendpath.logic.engine import Answers
from mendpath.logic.values import answer_shown, shown
from mendpath.model import Advice, All, Answer, Book, Choice, Condition, Invalid, Not, Question

# {name} is a placeholder, {Name} the same with a capital letter; {{ and }} are braces.
PLACEHOLDER = re.compile(r"\{\{|\}\}|\{([A-Za-z][A-Za-z0-9_]*)\}")


def placeholder_id(name: str) -> str:
    """The placeholder id a name in text stands for: {Partner} is `partner`."""
    return name[0].lower() + name[1:]


def placeholders_in(text: str) -> Iterator[str]:
    """Placeholder ids used in text."""
    if "{" not in text:
        return
    for match in PLACEHOLDER.finditer(text):
        if match.group(1):
            yield placeholder_id(match.group(1))


class Outcome(NamedTuple):
    """The advice to show, in display order, with what hid the rest."""

    situations: tuple[str, ...]
    shown: tuple[str, ...]
    hidden: dict[str, str]  # advice id -> the shown advice id that hid it
    failed: tuple[str, ...]  # advice whose condition does not hold


def outcome(book: Book, answers: Answers) -> Outcome:
    situations = tuple(s.id for s in book.situations.values() if holds(s.when, book, answers))
    passing = [a for a in book.advice.values() if holds(a.when, book, answers)]
    passing_ids = {a.id for a in passing}
    failed = tuple(a for a in book.advice if a not in passing_ids)
    hidden: dict[str, str] = {}
    for a in passing:
        for h in a.hides:
            if h in passing_ids:  # only what would otherwise show is hidden
                hidden.setdefault(h, a.id)
    # An item hidden by an item that is itself hidden still stays hidden: safety wins.
    group_order = {g: i for i, g in enumerate(book.groups)}
    shown = [a for a in passing if a.id not in hidden]
    shown.sort(key=lambda a: (group_order.get(a.group, len(group_order)), -a.priority))
    return Outcome(situations, tuple(a.id for a in shown), hidden, failed)


def wording(
    element: Question | Choice | Advice, field: str, plain: str, book: Book, answers: Answers
) -> str:
    """The wording of a text field for these answers: the first variant whose `when` holds,
    else the plain text; placeholders not yet filled."""
    variants = element.variants.get(field, ())
    used = variant_used(variants, book, answers)
    return variants[used][1] if used < len(variants) else plain


def variant_conditions(
    element: Question | Choice | Advice, field: str, shown: list[Condition]
) -> list[Condition]:
    """For each variant of the element's wording of `field`, and then the text without
    `when`, when it is the one used (`variant_used`) where `shown` holds: its `when` holds
    and none before it does."""
    variants, origin = element.variants.get(field, ()), element.origin
    found: list[Condition] = []
    for i in range(len(variants) + 1):
        parts = [*shown, *(Not(when, origin) for when, _ in variants[:i])]
        parts += [variants[i][0]] if i < len(variants) else []
        found.append(All(tuple(parts), origin))
    return found


def variant_used(variants: tuple[tuple[Condition, str], ...], book: Book, answers: Answers) -> int:
    """Which variant of a wording these answers use: the first whose `when` holds, else
    len(variants), the text without `when`."""
    return next(
        (i for i, (when, _) in enumerate(variants) if holds(when, book, answers)), len(variants)
    )


def fill(text: str, book: Book, answers: Answers, *, markdown: bool = False) -> str:
    """Text with {placeholders} replaced by plain substitution; {{ and }} are literal braces.

    For Markdown (`markdown=True`) each value is escaped so it shows literally, and a
    placeholder inside an address (a link, an image, an autolink, a reference definition, a
    bare address, raw HTML) is left out: answers never become part of a URL, where opening
    the page could send them somewhere. Where a placeholder stands is found by parsing the
    text as Markdown (see `_places`). The text is also cleaned of references to invisible
    and bidirectional characters (`clean_markdown`).
    """
    if markdown:
        return _fill_markdown(text, book, answers, escape=True)

    def sub(match: re.Match[str]) -> str:
        token = match.group(0)
        if token in ("{{", "}}"):
            return token[0]
        name = match.group(1)
        value = placeholder_value(placeholder_id(name), book, answers)
        if value is None:
            return token
        return _capital(value) if name[0].isupper() else value

    return PLACEHOLDER.sub(sub, text)


def shown_words(text: str, book: Book, answers: Answers) -> str:
    """Markdown text with each value where the summary shows it, unescaped: left out of
    addresses as `fill(markdown=True)` leaves it out (what `shows_text` in scenarios reads)."""
    return _fill_markdown(text, book, answers, escape=False)


def read_text(markdown: str) -> str:
    """The words of Markdown text as a person reads them: formatting, link addresses and raw
    HTML left out, each block and line break a space (`**28 days**` reads 28 days)."""
    if _NOT_PLAIN.search(markdown) is None:
        return " ".join(markdown.split())
    words: list[str] = []
    for token in _parser().parse(markdown):
        if token.type in ("fence", "code_block"):
            words.append(token.content)
        for child in token.children or ():
            if child.type in ("text", "code_inline"):
                words.append(child.content)
            elif child.type in ("softbreak", "hardbreak"):
                words.append(" ")
            elif child.type == "image":
                words += [c.content for c in child.children or () if c.type == "text"]
        words.append(" ")
    return " ".join("".join(words).split())


def _capital(value: str) -> str:
    return value[:1].upper() + value[1:]


# A placeholder while the text is parsed: noncharacters, which rule text never holds (cleaning
# removes them), around its number.
_MARK = re.compile("\ufdd0([0-9]+)\ufdd1")
_MARKS = re.compile("[\ufdd0\ufdd1]")
# A bare address in text, which viewers that linkify would make a link. A scheme is tried
# only where a run of scheme characters starts, and taken whole: linear on a long word.
_ADDRESS = re.compile(
    r"(?i:(?<![a-z0-9+.-])[a-z][a-z0-9+.-]*+://|mailto:|javascript:|data:|www\."
    r"|[^\s@]@[^\s@.]*\.)"
)
# An answer in text: what could start formatting, a link, an entity or raw HTML, end a link
# address or start its title is escaped; at the start of a line (after list or quote markers
# only) every ASCII punctuation character is, so it cannot start a block of its own.
_INLINE_SPECIAL = re.compile(r"([\\`*_\[\]<>!&#|~()\"':])")
_ANY_PUNCTUATION = re.compile(r"([!-/:-@\[-`{-~])")
_LINE_START = re.compile("(?:\ufdd0[0-9]+\ufdd1|[ \t>*+=_#0-9.)~`|-])*")


def _fill_markdown(text: str, book: Book, answers: Answers, *, escape: bool) -> str:
    from mendpath.text import clean_line, clean_markdown

    values: list[str] = []

    def mark(match: re.Match[str]) -> str:
        token = match.group(0)
        if token in ("{{", "}}"):
            return token[0]
        name = match.group(1)
        value = placeholder_value(placeholder_id(name), book, answers)
        if value is None:
            return token
        values.append(_capital(clean_line(value)) if name[0].isupper() else clean_line(value))
        return f"\ufdd0{len(values) - 1}\ufdd1"

    marked = PLACEHOLDER.sub(mark, _MARKS.sub("", text))
    if not values:
        return clean_markdown(marked)
    places = _places(marked)
    starts: dict[int, int] = {}
    line = [0, 0]  # the start of the line of the last placeholder filled, and where it stood

    def put(match: re.Match[str]) -> str:
        at = int(match.group(1))
        value, place = values[at], places.get(at)
        if place is None or not escape:
            return "" if place is None else value
        if place == "code":  # shown as it is; it cannot end the code span or fence
            return value.replace("`", "\u02cb").replace("~", "\u02dc")
        # the line it is on, looked for from the previous placeholder on (marks come in order)
        newline = marked.rfind("\n", line[1], match.start())
        if newline >= 0:
            line[0] = newline + 1
        line[1] = match.start()
        if line[0] not in starts:  # where the line's markers (and placeholders) end
            starts[line[0]] = _LINE_START.match(marked, line[0]).end()  # type: ignore[union-attr]
        at_start = match.start() < starts[line[0]]
        return (_ANY_PUNCTUATION if at_start else _INLINE_SPECIAL).sub(r"\\\1", value)

    return clean_markdown(_MARK.sub(put, marked))


def left_out(text: str) -> list[str]:
    """The placeholder ids in Markdown text that stand where no value is filled in (an
    address, raw HTML...: see `_places`), in order, each once."""
    names: list[str] = []

    def mark(match: re.Match[str]) -> str:
        if not match.group(1):
            return match.group(0)[0]
        names.append(placeholder_id(match.group(1)))
        return f"\ufdd0{len(names) - 1}\ufdd1"

    marked = PLACEHOLDER.sub(mark, _MARKS.sub("", text))
    if not names or _in_text_only(marked):
        return []
    places = _places(marked)
    return list(dict.fromkeys(n for at, n in enumerate(names) if at not in places))


# What could put a mark out of the text once parsed: a link's address or a reference
# definition (`](`, `]:`), an autolink or raw HTML (`<`), a code fence's info string, or make
# a word differ from the text as written (an escape, an entity).
_SYNTAX = re.compile(r"\]\(|\]:|<|```|~~~|[\\&]")


def _in_text_only(marked: str) -> bool:
    """Whether every mark is sure to stand in text or code once parsed, without parsing (a
    thousand advice bodies took a second to parse). Without `_SYNTAX`, a mark is absent only
    in a bare address; a word of a text token is then part of a word of the text as written
    (markdown-it splits words only at syntax, which `_ADDRESS` cannot start just after), so
    when no written word holding a mark looks like an address, no parsed word does."""
    if _SYNTAX.search(marked):
        return False
    return not any(
        "\ufdd0" in run.group() and _ADDRESS.search(_MARK.sub("x", run.group()))
        for run in re.finditer(r"\S+", marked)
    )


@cache
def _parser() -> Any:
    from markdown_it import MarkdownIt

    md = MarkdownIt("commonmark", {"html": True})
    md.validateLink = lambda url: True  # type: ignore[method-assign]  # see every link
    return md


def _places(marked: str) -> dict[int, str]:
    """Where each placeholder mark stands once the text is parsed as Markdown: "text" (a
    paragraph, a heading, a link's label, an image's description) or "code" (a code span or
    block); a mark anywhere else (an address, a reference definition, an autolink, raw HTML,
    a code fence's info string, a bare address in text) is absent."""
    if _NOT_PLAIN.search(marked) is None:  # most rule text: no need to parse (or import) it
        return _words(marked, {})
    return _parsed_places(marked)


# What could make a placeholder mark anything but text (code, an address, raw HTML, an
# entity, an escape, emphasis that splits a word): without any of these, Markdown's text
# tokens hold the whole text's words, split where it has whitespace, and every mark is text
# unless its word is a bare address. tests/logic/test_outcome.py checks this against parsing.
_NOT_PLAIN = re.compile(r"[\\`*_\[\]<&~\t\r\x00\x0b\x0c]|    |^[ ]", re.M)


def _words(content: str, places: dict[int, str]) -> dict[int, str]:
    """The marks in text, each "text" unless its word is a bare address (an address is the
    book's: a value is escaped)."""
    for run in re.finditer(r"\S+", content):
        if "\ufdd0" not in run.group():
            continue
        if not _ADDRESS.search(_MARK.sub("x", run.group())):
            for m in _MARK.finditer(run.group()):
                places[int(m.group(1))] = "text"
    return places


def _parsed_places(marked: str) -> dict[int, str]:
    """`_places` for any text: where the marks stand in the parsed Markdown."""
    md = _parser()
    places: dict[int, str] = {}
    for block in md.parse(marked):
        if block.type in ("code_block", "fence"):
            places.update((int(m.group(1)), "code") for m in _MARK.finditer(block.content))
            continue
        autolink = False
        pending = list(reversed(block.children or []))
        while pending:
            token = pending.pop()
            if token.type == "link_open":
                autolink = token.markup in ("autolink", "linkify")
            elif token.type == "link_close":
                autolink = False
            elif token.type == "text" and not autolink:
                _words(token.content, places)
            elif token.type == "code_inline":
                places.update((int(m.group(1)), "code") for m in _MARK.finditer(token.content))
            elif token.type == "image":
                pending.extend(reversed(token.children or []))
    return places


def hiders(book: Book) -> dict[str, list[Advice]]:
    """The items that hide each item (one pass over the book, not one per item)."""
    found: dict[str, list[Advice]] = {}
    for a in book.advice.values():
        for hidden in dict.fromkeys(a.hides):
            found.setdefault(hidden, []).append(a)
    return found


def shown_condition(advice: Advice, hidden_by: list[Advice]) -> Condition | None:
    """When the item is shown: its `when`, and that none of the items which hide it shows
    (`Invalid`, never true, when one shown to everyone hides it; None: always shown)."""
    if not hidden_by:
        return advice.when
    parts: list[Condition] = [advice.when] if advice.when is not None else []
    for hider in hidden_by:
        if hider.when is None:
            return Invalid(advice.origin)  # an item shown to everyone hides it always
        parts.append(Not(hider.when, hider.origin))
    return All(tuple(parts), advice.origin)


def before(answers: Answers, qid: str) -> dict[str, Answer]:
    """The answers given before a question, from answers in route order: what its wording
    (and its choices') was chosen and filled with when it was asked."""
    found: dict[str, Answer] = {}
    for key, value in answers.items():
        if key == qid:
            break
        found[key] = value
    return found


def question_text(book: Book, qid: str, answers: Answers) -> str:
    """A question in the words the user saw (`answers` in route order)."""
    q = book.questions[qid]
    so_far = before(answers, qid)
    return fill(wording(q, "text", q.text, book, so_far), book, so_far)


def advice_title(book: Book, aid: str, answers: Answers) -> str:
    """An advice item's title in the words the user saw."""
    a = book.advice[aid]
    return fill(wording(a, "title", a.title, book, answers), book, answers)


def choice_label(book: Book, qid: str, choice: str, answers: Answers) -> str:
    """A choice in the words the user saw (its label, placeholders filled); the id when the
    question does not offer it."""
    q = book.questions.get(qid)
    chosen = next((c for c in q.choices if c.id == choice), None) if q else None
    if chosen is None:
        return choice
    so_far = before(answers, qid)
    return fill(wording(chosen, "label", chosen.label, book, so_far), book, so_far)


def placeholder_value(key: str, book: Book, answers: Answers) -> str | None:
    computed = book.values.get(key)
    if computed is not None:
        return shown(computed, book, answers)
    ph = book.placeholders.get(key)
    if ph is None:
        return None
    for source in ph.sources:
        value: Answer | None = answers.get(source.answer)
        question = book.questions.get(source.answer)
        if not isinstance(value, str) or not value or question is None:
            continue
        if question.spec.free_text:
            return value
        if question.spec.measured:
            return answer_shown(book, source.answer, value)
        if value in source.values:
            return source.values[value]
        choice = next((c for c in question.choices if c.id == value), None)
        if choice is not None:  # its label as the question offered it
            label = wording(choice, "label", choice.label, book, before(answers, question.id))
            return choice.says or label
    return ph.default
