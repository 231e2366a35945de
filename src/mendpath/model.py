"""The rule book as typed, immutable data, merged from its files.

Building is lenient: an element with a usable id is kept even when some field is missing or
of the wrong type (the schema check reports that), so the checks of meaning can still run
and report everything in one pass. Ids defined twice keep the first definition and are
listed in `Book.duplicates`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any, Literal

from mendpath.loader import Document

END = "end"
Answer = str | list[str]  # a choice id, a list of choice ids (multiple choice), or text
Kind = Literal["single", "multiple", "yes_no", "text"]
KINDS: tuple[Kind, ...] = ("single", "multiple", "yes_no", "text")
YES_NO_LABELS = (("yes", "Yes"), ("no", "No"))
DEFAULT_MAX_LENGTH = 200


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


# --- conditions -------------------------------------------------------------------------


class All:
    __slots__ = ("items", "origin")

    def __init__(self, items: tuple[Condition, ...], origin: Origin) -> None:
        self.items = items
        self.origin = origin

    def __repr__(self) -> str:
        return f"All(items={self.items!r})"


class AnyOf:
    __slots__ = ("items", "origin")

    def __init__(self, items: tuple[Condition, ...], origin: Origin) -> None:
        self.items = items
        self.origin = origin

    def __repr__(self) -> str:
        return f"AnyOf(items={self.items!r})"


class Not:
    __slots__ = ("item", "origin")

    def __init__(self, item: Condition, origin: Origin) -> None:
        self.item = item
        self.origin = origin

    def __repr__(self) -> str:
        return f"Not(item={self.item!r})"


class SituationRef:
    __slots__ = ("origin", "situation")

    def __init__(self, situation: str, origin: Origin) -> None:
        self.situation = situation
        self.origin = origin

    def __repr__(self) -> str:
        return f"SituationRef(situation={self.situation!r})"


class Answered:
    __slots__ = ("origin", "question")

    def __init__(self, question: str, origin: Origin) -> None:
        self.question = question
        self.origin = origin

    def __repr__(self) -> str:
        return f"Answered(question={self.question!r})"


class AnswerIn:
    """`answer: q, is: c` (one choice) or `answer: q, in: [c, ...]`."""

    __slots__ = ("choices", "op", "origin", "question")

    def __init__(
        self,
        question: str,
        choices: tuple[str, ...],
        origin: Origin,
        op: Literal["is", "in"] = "is",
    ) -> None:
        self.question = question
        self.choices = choices
        self.origin = origin
        self.op = op

    def __repr__(self) -> str:
        return f"AnswerIn(question={self.question!r}, choices={self.choices!r}, op={self.op!r})"


class Includes:
    __slots__ = ("choice", "origin", "question")

    def __init__(self, question: str, choice: str, origin: Origin) -> None:
        self.question = question
        self.choice = choice
        self.origin = origin

    def __repr__(self) -> str:
        return f"Includes(question={self.question!r}, choice={self.choice!r})"


class Invalid:
    """A condition the schema rejects: treated as never true, reported by the schema check."""

    __slots__ = ("origin",)

    def __init__(self, origin: Origin) -> None:
        self.origin = origin

    def __repr__(self) -> str:
        return "Invalid()"


Condition = All | AnyOf | Not | SituationRef | Answered | AnswerIn | Includes | Invalid


# --- elements ---------------------------------------------------------------------------


class Choice:
    __slots__ = ("id", "label", "origin", "says")

    def __init__(self, id: str, label: str, says: str | None, origin: Origin) -> None:
        self.id = id
        self.label = label
        self.says = says
        self.origin = origin

    def __repr__(self) -> str:
        return f"Choice(id={self.id!r}, label={self.label!r}, says={self.says!r})"


class Question:
    __slots__ = ("choices", "help", "id", "kind", "max_length", "next", "origin", "routes", "text")

    def __init__(
        self,
        id: str,
        text: str,
        help: str | None,
        kind: Kind,
        choices: tuple[Choice, ...],
        next: str | None,
        routes: Mapping[str, str],
        max_length: int,
        origin: Origin,
    ) -> None:
        self.id = id
        self.text = text
        self.help = help
        self.kind = kind
        self.choices = choices
        self.next = next
        self.routes = routes
        self.max_length = max_length
        self.origin = origin

    def __repr__(self) -> str:
        return f"Question({self.id!r})"

    def choice_ids(self) -> tuple[str, ...]:
        return tuple(c.id for c in self.choices)

    def target(self, choice: str | None) -> str | None:
        """Where the interview goes after this question, given the choice made (if routed)."""
        if choice is not None and choice in self.routes:
            return self.routes[choice]
        return self.next

    def targets(self) -> list[tuple[str | None, str | None]]:
        """(choice or None for the default, target) for every way out of this question."""
        if self.kind in ("single", "yes_no"):
            return [(c.id, self.target(c.id)) for c in self.choices]
        return [(None, self.next)]


class Situation:
    __slots__ = ("description", "id", "origin", "when")

    def __init__(self, id: str, description: str | None, when: Condition, origin: Origin) -> None:
        self.id = id
        self.description = description
        self.when = when
        self.origin = origin

    def __repr__(self) -> str:
        return f"Situation(id={self.id!r}, description={self.description!r}, when={self.when!r})"


class Citation:
    __slots__ = ("origin", "section", "source")

    def __init__(self, source: str, section: str, origin: Origin) -> None:
        self.source = source
        self.section = section
        self.origin = origin

    def __repr__(self) -> str:
        return f"Citation(source={self.source!r}, section={self.section!r})"


class Advice:
    __slots__ = ("body", "cite", "group", "hides", "id", "origin", "priority", "title", "when")

    def __init__(
        self,
        id: str,
        title: str,
        body: str,
        group: str,
        priority: int,
        when: Condition | None,
        hides: tuple[str, ...],
        cite: tuple[Citation, ...],
        origin: Origin,
    ) -> None:
        self.id = id
        self.title = title
        self.body = body
        self.group = group
        self.priority = priority
        self.when = when
        self.hides = hides
        self.cite = cite
        self.origin = origin

    def __repr__(self) -> str:
        return f"Advice({self.id!r})"


class Section:
    __slots__ = ("id", "origin", "title", "unheaded")

    def __init__(self, id: str, title: str, unheaded: bool, origin: Origin) -> None:
        self.id = id
        self.title = title
        self.unheaded = unheaded
        self.origin = origin

    def __repr__(self) -> str:
        return f"Section(id={self.id!r}, title={self.title!r}, unheaded={self.unheaded!r})"


class Source:
    __slots__ = ("author", "id", "origin", "sections", "title", "url")

    def __init__(
        self,
        id: str,
        title: str,
        author: str | None,
        url: str | None,
        sections: tuple[Section, ...],
        origin: Origin,
    ) -> None:
        self.id = id
        self.title = title
        self.author = author
        self.url = url
        self.sections = sections
        self.origin = origin

    def __repr__(self) -> str:
        return f"Source({self.id!r})"

    def section(self, section_id: str) -> Section | None:
        return next((s for s in self.sections if s.id == section_id), None)


class Group:
    __slots__ = ("description", "id", "origin", "title")

    def __init__(self, id: str, title: str, description: str | None, origin: Origin) -> None:
        self.id = id
        self.title = title
        self.description = description
        self.origin = origin

    def __repr__(self) -> str:
        return f"Group(id={self.id!r}, title={self.title!r}, description={self.description!r})"


class PlaceholderSource:
    __slots__ = ("answer", "origin", "values")

    def __init__(self, answer: str, values: Mapping[str, str], origin: Origin) -> None:
        self.answer = answer
        self.values = values
        self.origin = origin

    def __repr__(self) -> str:
        return f"PlaceholderSource(answer={self.answer!r}, values={self.values!r})"


class Placeholder:
    __slots__ = ("default", "id", "origin", "sources")

    def __init__(
        self, id: str, default: str, sources: tuple[PlaceholderSource, ...], origin: Origin
    ) -> None:
        self.id = id
        self.default = default
        self.sources = sources
        self.origin = origin

    def __repr__(self) -> str:
        return f"Placeholder(id={self.id!r}, default={self.default!r}, sources={self.sources!r})"


class Meta:
    __slots__ = ("description", "disclaimer", "origin", "start", "title", "version")

    def __init__(
        self,
        title: str,
        version: str,
        description: str | None,
        disclaimer: str,
        start: str,
        origin: Origin,
    ) -> None:
        self.title = title
        self.version = version
        self.description = description
        self.disclaimer = disclaimer
        self.start = start
        self.origin = origin

    def __repr__(self) -> str:
        return f"Meta({self.title!r}, {self.version!r})"


class Book:
    """The merged book. Compared and hashed by identity (caches key on it)."""

    def __init__(
        self,
        *,
        meta: Meta | None,
        metas: tuple[Meta, ...],
        groups: Mapping[str, Group],
        sources: Mapping[str, Source],
        placeholders: Mapping[str, Placeholder],
        questions: Mapping[str, Question],
        situations: Mapping[str, Situation],
        advice: Mapping[str, Advice],
        duplicates: tuple[tuple[str, str, Origin, Origin], ...],
        files: tuple[str, ...],
    ) -> None:
        self.meta = meta
        self.metas = metas  # every `book:` found; more than one is an error
        self.groups = groups
        self.sources = sources
        self.placeholders = placeholders
        self.questions = questions
        self.situations = situations
        self.advice = advice
        self.duplicates = duplicates  # (kind, id, first, again)
        self.files = files

    @property
    def start(self) -> str | None:
        return self.meta.start if self.meta else None


# --- building ---------------------------------------------------------------------------


# Control characters other than tab and newline (ESC, BEL, C1 codes...) could move the cursor
# or retitle the terminal when rule text is shown, so they are removed on the way in.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def _str(value: Any, default: str = "") -> str:
    return _CONTROL.sub("", value) if isinstance(value, str) else default


def _opt_str(value: Any) -> str | None:
    return _CONTROL.sub("", value) if isinstance(value, str) else None


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def _dict(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _int(value: Any, default: int) -> int:
    return value if isinstance(value, int) and not isinstance(value, bool) else default


def build_condition(raw: Any, origin: Origin) -> Condition:
    """A condition from its data. Shapes the schema rejects become `Invalid`."""
    if not isinstance(raw, dict) or not raw:
        return Invalid(origin)
    keys = set(raw)
    if keys == {"all"} or keys == {"any"}:
        key = "all" if "all" in raw else "any"
        items = tuple(
            build_condition(item, Origin(origin.doc, (*origin.path, key, i)))
            for i, item in enumerate(_list(raw[key]))
        )
        if not items:
            return Invalid(origin)
        return All(items, origin) if key == "all" else AnyOf(items, origin)
    if keys == {"not"}:
        return Not(build_condition(raw["not"], Origin(origin.doc, (*origin.path, "not"))), origin)
    if keys == {"situation"} and isinstance(raw["situation"], str):
        return SituationRef(raw["situation"], origin)
    if keys == {"answered"} and isinstance(raw["answered"], str):
        return Answered(raw["answered"], origin)
    question = raw.get("answer")
    if isinstance(question, str) and len(keys) == 2:
        if isinstance(raw.get("is"), str):
            return AnswerIn(question, (raw["is"],), origin, "is")
        choices = raw.get("in")
        if isinstance(choices, list) and choices and all(isinstance(c, str) for c in choices):
            return AnswerIn(question, tuple(choices), origin, "in")
        if isinstance(raw.get("includes"), str):
            return Includes(question, raw["includes"], origin)
    return Invalid(origin)


class _Collector:
    def __init__(self) -> None:
        self.duplicates: list[tuple[str, str, Origin, Origin]] = []

    def put(self, table: dict[str, Any], kind: str, item: Any) -> None:
        first = table.get(item.id)
        if first is None:
            table[item.id] = item
        else:
            self.duplicates.append((kind, item.id, first.origin, item.origin))


def _choices(raw: Any, origin: Origin, kind: str) -> tuple[Choice, ...]:
    if kind == "yes_no":
        return tuple(Choice(cid, label, None, origin) for cid, label in YES_NO_LABELS)
    out = []
    for i, c in enumerate(_list(raw)):
        if isinstance(c, dict) and isinstance(c.get("id"), str):
            o = Origin(origin.doc, (*origin.path, "choices", i))
            out.append(Choice(c["id"], _str(c.get("label"), c["id"]), _opt_str(c.get("says")), o))
    return tuple(out)


def _question(raw: dict[str, Any], origin: Origin) -> Question:
    kind = raw.get("kind")
    kind_ok: Kind = kind if kind in KINDS else "single"
    routes = {k: v for k, v in _dict(raw.get("routes")).items() if isinstance(v, str)}
    return Question(
        id=raw["id"],
        text=_str(raw.get("text"), raw["id"]),
        help=_opt_str(raw.get("help")),
        kind=kind_ok,
        choices=_choices(raw.get("choices"), origin, kind_ok),
        next=_opt_str(raw.get("next")),
        routes=routes,
        max_length=_int(raw.get("max_length"), DEFAULT_MAX_LENGTH),
        origin=origin,
    )


def _advice(raw: dict[str, Any], origin: Origin) -> Advice:
    when = raw.get("when")
    cites = []
    for i, c in enumerate(_list(raw.get("cite"))):
        if isinstance(c, dict):
            o = Origin(origin.doc, (*origin.path, "cite", i))
            cites.append(Citation(_str(c.get("source")), _str(c.get("section")), o))
    return Advice(
        id=raw["id"],
        title=_str(raw.get("title"), raw["id"]),
        body=_str(raw.get("body")),
        group=_str(raw.get("group")),
        priority=_int(raw.get("priority"), 0),
        when=None
        if when is None
        else build_condition(when, Origin(origin.doc, (*origin.path, "when"))),
        hides=tuple(h for h in _list(raw.get("hides")) if isinstance(h, str)),
        cite=tuple(cites),
        origin=origin,
    )


def _source(raw: dict[str, Any], origin: Origin) -> Source:
    sections = []
    for i, s in enumerate(_list(raw.get("sections"))):
        if isinstance(s, dict) and isinstance(s.get("id"), str):
            o = Origin(origin.doc, (*origin.path, "sections", i))
            sections.append(
                Section(s["id"], _str(s.get("title"), s["id"]), s.get("unheaded") is True, o)
            )
    return Source(
        raw["id"],
        _str(raw.get("title"), raw["id"]),
        _opt_str(raw.get("author")),
        _opt_str(raw.get("url")),
        tuple(sections),
        origin,
    )


def _placeholder(raw: dict[str, Any], origin: Origin) -> Placeholder:
    sources = []
    for i, s in enumerate(_list(raw.get("from"))):
        if isinstance(s, dict) and isinstance(s.get("answer"), str):
            values = {k: _str(v) for k, v in _dict(s.get("values")).items() if isinstance(v, str)}
            o = Origin(origin.doc, (*origin.path, "from", i))
            sources.append(PlaceholderSource(s["answer"], values, o))
    return Placeholder(raw["id"], _str(raw.get("default"), raw["id"]), tuple(sources), origin)


def _meta(raw: dict[str, Any], origin: Origin) -> Meta:
    return Meta(
        title=_str(raw.get("title"), "Untitled"),
        version=_str(raw.get("version"), "0"),
        description=_opt_str(raw.get("description")),
        disclaimer=_str(raw.get("disclaimer")),
        start=_str(raw.get("start")),
        origin=origin,
    )


def build_book(docs: Iterable[Document]) -> Book:
    """Merge documents, in the order given, into one book."""
    docs = list(docs)
    collect = _Collector()
    metas: list[Meta] = []
    tables: dict[str, dict[str, Any]] = {
        k: {} for k in ("groups", "sources", "placeholders", "questions", "situations", "advice")
    }
    builders: dict[str, Any] = {
        "groups": lambda r, o: Group(
            r["id"], _str(r.get("title"), r["id"]), _opt_str(r.get("description")), o
        ),
        "sources": _source,
        "placeholders": _placeholder,
        "questions": _question,
        "situations": lambda r, o: Situation(
            r["id"],
            _opt_str(r.get("description")),
            build_condition(r.get("when"), Origin(o.doc, (*o.path, "when"))),
            o,
        ),
        "advice": _advice,
    }
    kinds = {
        "groups": "group",
        "sources": "source",
        "placeholders": "placeholder",
        "questions": "question",
        "situations": "situation",
        "advice": "advice",
    }
    for doc in docs:
        if isinstance(doc.data.get("book"), dict):
            metas.append(_meta(doc.data["book"], Origin(doc, ("book",))))
        for section, table in tables.items():
            for i, raw in enumerate(_list(doc.data.get(section))):
                if isinstance(raw, dict) and isinstance(raw.get("id"), str):
                    item = builders[section](raw, Origin(doc, (section, i)))
                    collect.put(table, kinds[section], item)
    return Book(
        meta=metas[0] if metas else None,
        metas=tuple(metas),
        groups=tables["groups"],
        sources=tables["sources"],
        placeholders=tables["placeholders"],
        questions=tables["questions"],
        situations=tables["situations"],
        advice=tables["advice"],
        duplicates=tuple(collect.duplicates),
        files=tuple(d.name for d in docs),
    )
