"""mendpath's own words in the reader's language, and which language a run speaks.

The words mendpath itself shows to the person answering (prompt hints, headings, the closing
line, errors about an answer) are written in English and looked up with the standard
library's gettext in the catalogue shipped in the package (`locale/LANG/LC_MESSAGES/
mendpath.mo`, compiled from the `.po` beside it). `tr("Sources")` gives the word in the
language chosen with `use`; until then, and for a language without a catalogue, it gives the
English. gettext and the catalogue are loaded only by `use` for a language other than
English, so `--help` and English runs never pay for them.

One run speaks one language: `choose` picks the first language the person prefers (`--lang`,
else the locale variables in gettext's order) that the rule book has, else the book's own
language, and both the book's texts and mendpath's words follow it.
"""

from __future__ import annotations

# Only for types, and without importing typing: this module loads on every start.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Collection, Mapping
    from gettext import NullTranslations

DOMAIN = "mendpath"
ENGLISH = "en"
# The variables gettext reads, in its order: the first one set (and not empty) decides.
LANGUAGE_VARIABLES = ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")
_NO_LANGUAGE = ("C", "POSIX")  # the locale that asks for no translation

_catalogue: NullTranslations | None = None  # None: English, the words as written


def preferred(environ: Mapping[str, str]) -> list[str]:
    """The languages the locale variables ask for, in order (`LANGUAGE` may list several,
    separated by colons)."""
    for name in LANGUAGE_VARIABLES:
        value = environ.get(name)
        if value:
            return [part for part in value.split(":") if part]
    return []


def forms(tag: str) -> list[str]:
    """The language codes a locale name stands for, most precise first: `es_MX.UTF-8` gives
    `es_MX`, `es`. `C` and `POSIX` give none."""
    tag = tag.split(".", 1)[0].split("@", 1)[0].replace("-", "_")
    if tag in _NO_LANGUAGE or not tag:
        return []
    language, _sep, region = tag.partition("_")
    language = language.lower()
    return [f"{language}_{region.upper()}", language] if region else [language]


def choose(wanted: list[str], available: Collection[str], fallback: str) -> str:
    """The first wanted language that is available (a region falls back to its language:
    `es_MX` to `es`), else `fallback`. `C` or `POSIX` in the list stops the search, as in
    gettext."""
    for tag in wanted:
        if tag.split(".", 1)[0] in _NO_LANGUAGE:
            break
        for form in forms(tag):
            if form in available:
                return form
    return fallback


def use(language: str) -> None:
    """Show mendpath's own words in `language` from now on (English when the package has no
    catalogue for it)."""
    global _catalogue
    _catalogue = None
    codes = forms(language)
    if not codes or codes[-1] == ENGLISH:
        return
    import gettext
    from pathlib import Path

    found = gettext.translation(
        DOMAIN, Path(__file__).parent / "locale", languages=codes, fallback=True
    )
    _catalogue = None if type(found) is gettext.NullTranslations else found


def tr(message: str) -> str:
    """`message` (written in English) in the language in use."""
    return message if _catalogue is None else _catalogue.gettext(message)


def trn(singular: str, plural: str, count: int) -> str:
    """The form of a message (written in English) for `count`, in the language in use:
    gettext's ngettext, so each language chooses its forms by its own plural rule."""
    if _catalogue is None:
        return singular if count == 1 else plural
    return _catalogue.ngettext(singular, plural, count)
