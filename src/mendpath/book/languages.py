"""Checks of a book's translations (MP180-MP188): every text in every declared language, and
nothing translated that the book does not have."""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterator

from mendpath.book.translations import Site, sites
from mendpath.logic.outcome import placeholders_in
from mendpath.model import Book, TextKey, Translated, Translation
from mendpath.problems import Problem, located
from mendpath.reader import Origin

_CODE = re.compile(r"[a-z]{2,3}(_[A-Z]{2})?\Z")  # a language code (the schema says the rest)
_KINDS = {
    "groups": "group",
    "sources": "source",
    "placeholders": "placeholder",
    "questions": "question",
    "advice": "advice item",
    "values": "value",
}


def dotted(key: TextKey) -> str:
    return ".".join(key)


def _close(word: str, names: list[str]) -> str:
    close = difflib.get_close_matches(word, names, n=1, cutoff=0.7)
    return f" (did you mean '{close[0]}'?)" if close else ""


def _not_in_book(book: Book, key: TextKey) -> tuple[int, str, str]:
    """Why a translated text names nothing the book has: how much of the key is wrong (the
    part reported), the code, and the message."""
    section = key[0]
    if section == "book":
        return 2, "MP182", f"the book has no {key[1]} to translate"
    kind = _KINDS[section]
    table = getattr(book, section)
    element = table.get(key[1])
    if element is None:
        return 2, "MP181", f"the book has no {kind} '{key[1]}'" + _close(key[1], list(table))
    what = f"{kind} '{key[1]}'"
    if section == "sources" and key[2] == "sections" and len(key) > 3:
        ids = [s.id for s in element.sections]
        if key[3] not in ids:
            return 4, "MP181", f"{what} has no section '{key[3]}'" + _close(key[3], ids)
        what = f"section '{key[3]}' of {what}"
    if section == "questions" and key[2] == "choices" and len(key) > 3:
        if element.spec.fixed_choices is not None:
            return 3, "MP181", f"{what} is {element.spec.described}: its choices are not the book's"
        ids = list(element.choice_ids())
        if key[3] not in ids:
            return 4, "MP181", f"{what} has no choice '{key[3]}'" + _close(key[3], ids)
        what = f"choice '{key[3]}' of {what}"
    if section == "placeholders" and key[2] == "from" and len(key) > 3:
        answers = [s.answer for s in element.sources]
        if key[3] not in answers:
            return 4, "MP181", f"{what} takes no value from question '{key[3]}'"
        if len(key) > 4:
            return (
                5,
                "MP182",
                (
                    f"{what} gives no wording of its own for choice '{key[4]}' of '{key[3]}' "
                    "(it uses the choice's says or label)"
                ),
            )
    return len(key), "MP182", f"{what} has no {key[-1]} to translate"


def _shape(site: Site, text: Translated) -> str | None:
    """What is wrong with the shape of a translated text, or None."""
    if site.key[-1] == "checks" and site.key[0] == "questions":
        wanted = f"{dotted(site.key)}: give a list of {site.variants} message(s), one per check"
        if not isinstance(text, tuple) or len(text) != site.variants:
            return wanted + " in their order"
        return None
    wordings = f"{dotted(site.key)} has {site.variants} wordings"
    if site.variants and not isinstance(text, tuple):
        return f"{wordings}: give a list of {site.variants} texts in their order (the default last)"
    if not site.variants and isinstance(text, tuple):
        return f"{dotted(site.key)} is one text: give one text, not a list"
    if isinstance(text, tuple) and len(text) != site.variants:
        return f"{wordings}, but {len(text)} texts are given (one per wording, the default last)"
    return None


def _original(site: Site) -> list[str]:
    """The texts the book wrote at a site (every variant), as its file holds them."""
    doc_value: object = site.origin.doc.data
    for step in (*site.origin.path, *site.field):
        if isinstance(doc_value, dict):
            doc_value = doc_value.get(step)
        elif isinstance(doc_value, list) and isinstance(step, int) and step < len(doc_value):
            doc_value = doc_value[step]
        else:
            return []
    if isinstance(doc_value, str):
        return [doc_value]
    if isinstance(doc_value, list):
        field = "message" if site.field == ("checks",) else "text"  # checks, or variants
        return [
            v[field] for v in doc_value if isinstance(v, dict) and isinstance(v.get(field), str)
        ]
    return []


def _placeholders(
    book: Book, site: Site, text: Translated, origin: Origin, lang: str
) -> Iterator[Problem]:
    texts = text if isinstance(text, tuple) else (text,)
    written = {name for t in _original(site) for name in placeholders_in(t)}
    for name in sorted({n for t in texts for n in placeholders_in(t)}):
        if name not in book.placeholders and name not in book.values:
            yield located(
                origin.at(),
                "error",
                "MP187",
                f"the {lang} text of {dotted(site.key)} uses the placeholder {{{name}}}, which is "
                "not defined under `placeholders:` or `values:`",
            )
    missing = sorted(n for n in written if not any(n in placeholders_in(t) for t in texts))
    if missing:
        shown = ", ".join(f"{{{n}}}" for n in missing)
        yield located(
            origin.at(),
            "warning",
            "MP188",
            f"the {lang} text of {dotted(site.key)} leaves out {shown}, which the book's text uses",
        )


def _check_one(book: Book, t: Translation, known: dict[TextKey, Site]) -> Iterator[Problem]:
    lang = t.language
    reported: set[TextKey] = set()
    for key, (text, origin) in t.texts.items():
        site = known.get(key)
        if site is None:
            depth, code, message = _not_in_book(book, key)
            part = key[:depth]
            if part in reported:
                continue
            reported.add(part)
            at = Origin(origin.doc, ("translation", *part))
            yield located(at.at(key=True), "error", code, f"translation.{dotted(part)}: {message}")
            continue
        wrong = _shape(site, text)
        if wrong is not None:
            yield located(origin.at(), "error", "MP183", wrong)
            continue
        yield from _placeholders(book, site, text, origin, lang)
    for key, first, again in t.duplicates:
        name, line, _col = first.at()
        yield located(
            again.at(key=True),
            "error",
            "MP185",
            f"{dotted(key)} is translated into {lang} twice (first at {name}:{line})",
        )
    for site in known.values():
        if site.key not in t.texts:
            yield located(
                site.origin.at(*site.field),
                "warning",
                "MP180",
                f"{dotted(site.key)} has no {lang} translation",
            )


def check_translations(book: Book) -> list[Problem]:
    """Every problem of the book's translations: texts left untranslated in a declared
    language (warnings), translations of what the book does not have, or of the wrong
    shape, or into languages it does not declare (errors)."""
    meta = book.meta
    if meta is None or not (book.translations or meta.languages):
        return []  # the usual case: a book in one language
    problems: list[Problem] = []
    known = {site.key: site for site in sites(book)}
    declared = set(meta.languages)
    for lang, t in book.translations.items():
        if lang not in declared:
            why = (
                "the language the book is written in"
                if lang == meta.language
                else "not one of the book's `languages`"
            )
            for origin in t.origins:
                problems.append(
                    located(
                        origin.at("language"),
                        "error",
                        "MP184",
                        f"a translation into {lang}, which is {why} "
                        f"(book: language {meta.language}, languages: "
                        f"{', '.join(meta.languages) or 'none'})",
                    )
                )
            continue
        problems += _check_one(book, t, known)
    if meta.language in declared:
        problems.append(
            located(
                meta.origin.at("languages"),
                "error",
                "MP184",
                f"`languages` names {meta.language}, the language the book is written in",
            )
        )
    for lang in meta.languages:
        if lang not in book.translations and lang != meta.language and _CODE.match(lang):
            problems.append(
                located(
                    meta.origin.at("languages"),
                    "warning",
                    "MP186",
                    f"the book declares {lang}, but no file translates it (`translation:` with "
                    f"`language: {lang}`)",
                )
            )
    return problems
