"""A book in another language: its translations read from the rule files, and applied.

A translation is a rule file (or part of one) with a `translation:` mapping: the `language`
it is in, then the book's texts by id and field, mirroring the book (`questions: {light:
{text: ..., choices: {low: {label: ...}}}}`). A text that varies (a list of `{when, text}`)
is translated by a list of texts, one per variant in the same order. `translated` gives the
same book with its texts in that language (any text not translated stays as the book wrote
it); the engine, the checks of answers and the summary read it unchanged.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from mendpath.i18n import tr
from mendpath.model import (
    Advice,
    Book,
    Check,
    Choice,
    Question,
    TextKey,
    Translated,
    Translation,
    Variants,
)
from mendpath.reader import Document, Origin
from mendpath.text import clean_block

TRANSLATION = "translation"  # the top-level key of a translation


def _leaves(raw: dict[str, Any], path: TextKey) -> Iterator[tuple[TextKey, Translated]]:
    """The texts of a translation, by where they are; shapes the schema rejects are left out."""
    for key, value in raw.items():
        if not path and key == "language":
            continue
        here = (*path, key)
        if isinstance(value, str):
            yield here, clean_block(value)
        elif isinstance(value, list) and value and all(isinstance(v, str) for v in value):
            yield here, tuple(clean_block(v) for v in value)
        elif isinstance(value, dict):
            yield from _leaves(value, here)


def read_translations(docs: Iterable[Document]) -> dict[str, Translation]:
    """Every language the documents translate the book into, its texts merged in file order
    (a text translated twice keeps the first, and is listed in `duplicates`)."""
    found: dict[str, Translation] = {}
    for doc in docs:
        raw = doc.data.get(TRANSLATION)
        if not isinstance(raw, dict) or not isinstance(raw.get("language"), str):
            continue
        into = found.setdefault(raw["language"], Translation(raw["language"]))
        into.origins.append(Origin(doc, (TRANSLATION,)))
        for key, text in _leaves(raw, ()):
            origin = Origin(doc, (TRANSLATION, *key))
            if key in into.texts:
                into.duplicates.append((key, into.texts[key][1], origin))
            else:
                into.texts[key] = (text, origin)
    return found


class Site:
    """A text of the book that a translation can give: where a translation names it (`key`),
    where the book wrote it (`origin` and the `field` path under it), and how many variants
    it has (0: one text). (A plain class: a NamedTuple would cost every start about 0.3 ms,
    since build_book imports this module.)"""

    __slots__ = ("field", "key", "origin", "variants")

    def __init__(self, key: TextKey, origin: Origin, field: tuple[str, ...], variants: int) -> None:
        self.key = key
        self.origin = origin
        self.field = field
        self.variants = variants

    def __repr__(self) -> str:
        return f"Site({self.key!r}, variants={self.variants})"


def _worded(element: Question | Choice | Advice, key: TextKey, field: str) -> Site:
    varied = element.variants.get(field)
    return Site((*key, field), element.origin, (field,), len(varied) + 1 if varied else 0)


def sites(book: Book) -> Iterator[Site]:
    """Every text of the book a person reads, in book order."""
    meta = book.meta
    if meta is not None:
        for field in ("title", "description", "disclaimer"):
            if getattr(meta, field):
                yield Site(("book", field), meta.origin, (field,), 0)
    for g in book.groups.values():
        yield Site(("groups", g.id, "title"), g.origin, ("title",), 0)
        if g.description:
            yield Site(("groups", g.id, "description"), g.origin, ("description",), 0)
    for s in book.sources.values():
        yield Site(("sources", s.id, "title"), s.origin, ("title",), 0)
        if s.author:
            yield Site(("sources", s.id, "author"), s.origin, ("author",), 0)
        for sec in s.sections:
            yield Site(("sources", s.id, "sections", sec.id, "title"), sec.origin, ("title",), 0)
    for p in book.placeholders.values():
        yield Site(("placeholders", p.id, "default"), p.origin, ("default",), 0)
        for src in p.sources:
            for cid in src.values:
                key = ("placeholders", p.id, "from", src.answer, cid)
                yield Site(key, src.origin, ("values", cid), 0)
    for q in book.questions.values():
        at = ("questions", q.id)
        yield _worded(q, at, "text")
        if q.help:
            yield _worded(q, at, "help")
        for field in ("pattern_message", "unit", "unit_one"):
            if getattr(q.measure, field):
                yield Site((*at, field), q.origin, (field,), 0)
        if q.checks:  # one message per check, in order, always as a list
            yield Site((*at, "checks"), q.origin, ("checks",), len(q.checks))
        if q.spec.fixed_choices is None:
            for c in q.choices:
                yield _worded(c, (*at, "choices", c.id), "label")
                if c.says:
                    yield Site((*at, "choices", c.id, "says"), c.origin, ("says",), 0)
    for a in book.advice.values():
        yield _worded(a, ("advice", a.id), "title")
        yield _worded(a, ("advice", a.id), "body")
    for v in book.values.values():
        for field in ("default", "unit", "unit_one"):
            if getattr(v, field):
                yield Site(("values", v.id, field), v.origin, (field,), 0)


class _Texts:
    """Lookups into one translation; a text of the wrong shape is not used (validate
    reports it)."""

    def __init__(self, texts: dict[TextKey, tuple[Translated, Origin]]) -> None:
        self.texts = texts

    def one(self, key: TextKey, default: str) -> str:
        found = self.texts.get(key)
        return found[0] if found is not None and isinstance(found[0], str) else default

    def maybe(self, key: TextKey, default: str | None) -> str | None:
        return default if default is None else self.one(key, default)

    def worded(
        self, key: TextKey, field: str, plain: str, variants: Variants
    ) -> tuple[str, Variants]:
        """A text that may vary: its default and its variants, translated."""
        varied = variants.get(field)
        if not varied:
            return self.one((*key, field), plain), variants
        found = self.texts.get((*key, field))
        texts = found[0] if found is not None else None
        if not isinstance(texts, tuple) or len(texts) != len(varied) + 1:
            return plain, variants
        words = tuple((cond, texts[i]) for i, (cond, _) in enumerate(varied))
        return texts[-1], {**variants, field: words}


def _question(q: Question, t: _Texts) -> Question:
    import copy

    at = ("questions", q.id)
    new = copy.copy(q)
    new.text, variants = t.worded(at, "text", q.text, q.variants)
    if q.help:
        new.help, variants = t.worded(at, "help", q.help, variants)
    new.variants = variants
    measure = q.measure
    new.measure = measure._replace(
        unit=t.maybe((*at, "unit"), measure.unit),
        unit_one=t.maybe((*at, "unit_one"), measure.unit_one),
        pattern_message=t.maybe((*at, "pattern_message"), measure.pattern_message),
    )
    if q.checks:
        found = t.texts.get((*at, "checks"))
        messages = found[0] if found is not None else None
        if isinstance(messages, tuple) and len(messages) == len(q.checks):
            new.checks = tuple(
                Check(c.refuse, text, c.origin) for c, text in zip(q.checks, messages, strict=True)
            )
    choices = []
    for c in q.choices:
        choice = copy.copy(c)
        if q.spec.fixed_choices is None:
            key = (*at, "choices", c.id)
            choice.label, choice.variants = t.worded(key, "label", c.label, c.variants)
            choice.says = t.maybe((*key, "says"), c.says)
        else:  # yes and no: mendpath's own words
            choice.label = {"yes": tr("Yes"), "no": tr("No")}.get(c.id, c.label)
        choices.append(choice)
    new.choices = tuple(choices)
    return new


def _advice(a: Advice, t: _Texts) -> Advice:
    import copy

    new = copy.copy(a)
    new.title, variants = t.worded(("advice", a.id), "title", a.title, a.variants)
    new.body, new.variants = t.worded(("advice", a.id), "body", a.body, variants)
    return new


def translated(book: Book, language: str) -> Book:
    """The book with its texts in `language` (the book itself when it is already in it and
    mendpath's own words, yes and no, need no change). Untranslated texts stay as written."""
    translation = book.translations.get(language)
    if translation is None and tr("Yes") == "Yes":
        return book
    import copy  # here: build_book imports this module, and most runs translate nothing

    t = _Texts(translation.texts if translation is not None else {})
    new = copy.copy(book)
    if book.meta is not None:
        meta = copy.copy(book.meta)
        meta.title = t.one(("book", "title"), meta.title)
        meta.description = t.maybe(("book", "description"), meta.description)
        meta.disclaimer = t.one(("book", "disclaimer"), meta.disclaimer)
        meta.language = language
        new.meta = meta
    groups = {}
    for gid, g in book.groups.items():
        groups[gid] = group = copy.copy(g)
        group.title = t.one(("groups", gid, "title"), g.title)
        group.description = t.maybe(("groups", gid, "description"), g.description)
    new.groups = groups
    sources = {}
    for sid, s in book.sources.items():
        sources[sid] = source = copy.copy(s)
        source.title = t.one(("sources", sid, "title"), s.title)
        source.author = t.maybe(("sources", sid, "author"), s.author)
        sections = []
        for sec in s.sections:
            section = copy.copy(sec)
            section.title = t.one(("sources", sid, "sections", sec.id, "title"), sec.title)
            sections.append(section)
        source.sections = tuple(sections)
    new.sources = sources
    placeholders = {}
    for pid, p in book.placeholders.items():
        placeholders[pid] = placeholder = copy.copy(p)
        placeholder.default = t.one(("placeholders", pid, "default"), p.default)
        froms = []
        for src in p.sources:
            each = copy.copy(src)
            at = ("placeholders", pid, "from", src.answer)
            each.values = {cid: t.one((*at, cid), text) for cid, text in src.values.items()}
            froms.append(each)
        placeholder.sources = tuple(froms)
    new.placeholders = placeholders
    new.questions = {qid: _question(q, t) for qid, q in book.questions.items()}
    new.advice = {aid: _advice(a, t) for aid, a in book.advice.items()}
    values = {}
    for vid, v in book.values.items():
        values[vid] = value = copy.copy(v)
        value.default = t.one(("values", vid, "default"), v.default)
        value.unit = t.maybe(("values", vid, "unit"), v.unit)
        value.unit_one = t.maybe(("values", vid, "unit_one"), v.unit_one)
    new.values = values
    return new
