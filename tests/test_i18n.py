"""mendpath in several languages: which language a run speaks, the catalogue of mendpath's own
words (complete, and compiled from its .po), and the houseplants book in English and Spanish,
its summary word for word in each, with the locale switching mendpath's own words."""

from __future__ import annotations

import ast
import gettext
import io
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pexpect
import pytest

from mendpath import i18n
from mendpath.cli.main import main

ROOT = Path(__file__).parents[1]
SRC = ROOT / "src" / "mendpath"
LOCALE = SRC / "locale"
PLANTS = str(ROOT / "examples" / "houseplants")
CAT = str(ROOT / "examples" / "answers" / "houseplants-cat.yaml")


# --- which language --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("environ", "expected"),
    [
        ({}, []),
        ({"LANG": "es_ES.UTF-8"}, ["es_ES.UTF-8"]),
        ({"LANG": "es_ES.UTF-8", "LC_MESSAGES": "fr_FR"}, ["fr_FR"]),
        ({"LANG": "es_ES", "LC_MESSAGES": "fr_FR", "LC_ALL": "de_DE"}, ["de_DE"]),
        ({"LANG": "de_DE", "LANGUAGE": "pt_BR:es"}, ["pt_BR", "es"]),
        ({"LANGUAGE": "", "LANG": "es_MX.UTF-8"}, ["es_MX.UTF-8"]),  # empty counts as unset
    ],
)
def test_the_locale_variables_in_gettexts_order(
    environ: dict[str, str], expected: list[str]
) -> None:
    assert i18n.preferred(environ) == expected


@pytest.mark.parametrize(
    ("wanted", "expected"),
    [
        (["es"], "es"),
        (["es_MX.UTF-8"], "es"),  # a region falls back to its language
        (["es-ES"], "es"),
        (["fr_FR", "es"], "es"),  # the first the book has
        (["fr"], "en"),  # none: the book's own language, no error
        (["C.UTF-8", "es"], "en"),  # C asks for no translation, and stops the search
        (["POSIX"], "en"),
        ([], "en"),
        (["pt_BR"], "pt_BR"),
    ],
)
def test_choose_the_first_wanted_language_the_book_has(wanted: list[str], expected: str) -> None:
    assert i18n.choose(wanted, {"en", "es", "pt_BR"}, "en") == expected


def test_mendpaths_words_follow_the_language_in_use() -> None:
    assert i18n.tr("Sources") == "Sources"
    i18n.use("es")
    assert i18n.tr("Sources") == "Fuentes"
    assert i18n.tr("a sentence no catalogue has") == "a sentence no catalogue has"
    i18n.use("fr")  # no French catalogue: English
    assert i18n.tr("Sources") == "Sources"
    i18n.use("es_AR")
    assert i18n.tr("Start here") == "Empieza por aquí"


def test_help_loads_neither_the_translations_module_nor_a_catalogue() -> None:
    code = (
        "import sys\n"
        "from mendpath.cli.main import main\n"
        "try:\n    main(['--help'])\nexcept SystemExit:\n    pass\n"
        "print(sorted(m for m in sys.modules if m.startswith('mendpath.i18n')))"
    )
    env = {**os.environ, "LANG": "es_ES.UTF-8"}
    run = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True
    )
    assert run.stdout.splitlines()[-1] == "[]"


# --- the catalogue ---------------------------------------------------------------------


def _unquote(text: str) -> str:
    return ast.literal_eval(text)  # a .po string is a C string; these need no more than this


PoKey = str | tuple[str, int]


def read_po(path: Path) -> dict[PoKey, str]:
    """msgid -> msgstr of a .po file (the header under ""); a message with plural forms gives
    (msgid, n) -> msgstr[n] for each form, as gettext keeps them."""
    entries: dict[PoKey, str] = {}
    key: PoKey | None = None
    msgid = ""
    current: list[str] = []
    field = ""

    def keep() -> None:
        if key is not None and field == "str":
            entries[key] = "".join(current)

    for line in [*path.read_text("utf-8").splitlines(), ""]:
        if line.startswith("msgid "):
            keep()
            field, current, key = "id", [_unquote(line[6:])], None
        elif line.startswith("msgid_plural "):
            msgid, field, current = "".join(current), "plural", []
        elif line.startswith("msgstr "):
            key, field, current = "".join(current), "str", [_unquote(line[7:])]
        elif line.startswith("msgstr["):
            keep()
            if field == "id":
                msgid = "".join(current)
            number, text = line[7:].split("] ", 1)
            key, field, current = (msgid, int(number)), "str", [_unquote(text)]
        elif line.startswith('"'):
            current.append(_unquote(line))
        elif not line.strip() and field == "str":
            keep()
            key, field = None, ""
    return entries


def msgids(entries: dict[PoKey, str]) -> set[str]:
    return {k if isinstance(k, str) else k[0] for k in entries}


def source_messages() -> set[str]:
    """Every text the source passes to tr(), as written."""
    found: set[str] = set()
    for path in SRC.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id in ("tr", "trn")
                and node.args
                and isinstance(node.args[0], ast.Constant)
                and isinstance(node.args[0].value, str)
            ):
                found.add(node.args[0].value)
    return found


CATALOGUES = sorted(LOCALE.glob("*/LC_MESSAGES/mendpath.po"))


def test_there_is_a_spanish_catalogue() -> None:
    assert [p.parent.parent.name for p in CATALOGUES] == ["es"]


def test_tr_is_only_ever_given_literal_text() -> None:
    """xgettext (and the completeness test) can only see literal messages."""
    for path in SRC.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id in ("tr", "trn")
                and path.name != "i18n.py"
            ):
                literal = node.args[:2] if node.func.id == "trn" else node.args[:1]
                assert all(isinstance(a, ast.Constant) for a in literal), f"{path}:{node.lineno}"


@pytest.mark.parametrize("po", CATALOGUES, ids=lambda p: p.parent.parent.name)
def test_each_catalogue_translates_every_message_and_nothing_else(po: Path) -> None:
    entries = read_po(po)
    header = entries.pop("")
    assert "charset=UTF-8" in header
    assert "Plural-Forms: nplurals=2; plural=(n != 1);" in header
    assert msgids(entries) == source_messages()
    assert all(entries.values()), [k for k, v in entries.items() if not v]


@pytest.mark.parametrize("po", CATALOGUES, ids=lambda p: p.parent.parent.name)
def test_each_translation_keeps_the_fields_it_fills(po: Path) -> None:
    fields = re.compile(r"\{(\w*)\}")
    for key, msgstr in read_po(po).items():
        msgid = key if isinstance(key, str) else key[0]
        assert sorted(fields.findall(msgid)) == sorted(fields.findall(msgstr)), msgid


@pytest.mark.parametrize("po", CATALOGUES, ids=lambda p: p.parent.parent.name)
def test_the_committed_mo_is_compiled_from_the_po(po: Path) -> None:
    with (po.with_suffix(".mo")).open("rb") as handle:
        compiled = gettext.GNUTranslations(handle)
    entries = read_po(po)
    entries.pop("")
    catalog = {k: v for k, v in compiled._catalog.items() if k != ""}  # type: ignore[attr-defined]
    assert catalog == entries, "run `make catalogue` after editing the .po"


# --- the houseplants book in two languages --------------------------------------------


ENGLISH_SUMMARY = """\
Which houseplant suits you?
General tips from our own notes; ask a local nursery about your climate.

Plants to try

Choose a pet-safe plant
  Many common plants upset animals' stomachs. A spider plant or a calathea is a
  safer pick for your office.
  [1] Our houseplant notes, The mendpath team — “Pets and plants”

Care tips

Keep plants out of reach
  Cats climb; put plants on high shelves or hanging pots.
  [1] Our houseplant notes, The mendpath team — “Pets and plants”

What you told us
• How much light does the spot get? — Little light
• Which room is it for? — Office
• Do cats or dogs live with you? — Yes
• Which ones? — Cats
• Do you often forget to water plants? — No

Sources
[1] Our houseplant notes, The mendpath team
"""

SPANISH_SUMMARY = """\
¿Qué planta de interior te conviene?
Consejos generales sacados de nuestras propias notas; pregunta en un vivero de
tu zona qué va bien con tu clima.

Plantas para probar

Elige una planta que no dañe a tus animales
  Muchas plantas comunes les sientan mal al estómago a los animales. Una cinta o
  una calathea es una opción más segura para tu despacho.
  [1] Nuestras notas sobre plantas de interior, El equipo de mendpath —
  “Mascotas y plantas”

Cuidados

Pon las plantas fuera de su alcance
  Los gatos trepan: pon las plantas en estantes altos o en macetas colgantes.
  [1] Nuestras notas sobre plantas de interior, El equipo de mendpath —
  “Mascotas y plantas”

Lo que nos has contado
• ¿Cuánta luz recibe el sitio? — Poca luz
• ¿Para qué habitación es? — Despacho
• ¿Viven gatos o perros contigo? — Sí
• ¿Cuáles? — Gatos
• ¿Se te olvida a menudo regar las plantas? — No

Fuentes
[1] Nuestras notas sobre plantas de interior, El equipo de mendpath
"""


def test_houseplants_is_valid_strictly_in_both_languages(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """--strict: a text left untranslated into Spanish would be a warning (MP180), so this
    proves the Spanish is complete."""
    assert main(["validate", "--strict", PLANTS]) == 0
    assert capsys.readouterr().out == "ok: 2 file(s), no problems\n"


def summary(capsys: pytest.CaptureFixture[str], *args: str) -> str:
    assert main(["ask", "--plain", "--rules", PLANTS, "--answers", CAT, *args]) == 0
    return capsys.readouterr().out


def test_the_english_summary(capsys: pytest.CaptureFixture[str]) -> None:
    assert summary(capsys) == ENGLISH_SUMMARY


def test_the_spanish_summary(capsys: pytest.CaptureFixture[str]) -> None:
    assert summary(capsys, "--lang", "es") == SPANISH_SUMMARY


def test_the_locale_chooses_spanish_and_lang_overrides_it(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LANG", "es_ES.UTF-8")
    assert summary(capsys) == SPANISH_SUMMARY
    monkeypatch.setenv("LANGUAGE", "fr:es")  # French first, which the book lacks
    assert summary(capsys) == SPANISH_SUMMARY
    assert summary(capsys, "--lang", "en") == ENGLISH_SUMMARY


def test_a_language_the_book_lacks_falls_back_to_its_own_without_error(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert summary(capsys, "--lang", "fr") == ENGLISH_SUMMARY
    assert summary(capsys, "--lang", "xx_YY.UTF-8") == ENGLISH_SUMMARY


def test_an_english_only_book_stays_in_one_language(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The bundled book has no Spanish: asked for Spanish, the whole run (its texts and
    mendpath's words) stays English rather than mixing the two."""
    monkeypatch.setenv("LANG", "es_ES.UTF-8")
    answers = str(ROOT / "examples" / "answers" / "left-in-anger.yaml")
    assert main(["ask", "--plain", "--answers", answers]) == 0
    out = capsys.readouterr().out
    assert "\nStart here\n" in out
    assert "\nSources\n" in out
    assert "Fuentes" not in out


def test_the_json_says_its_language(capsys: pytest.CaptureFixture[str]) -> None:
    for lang, title in (
        ("en", "Which houseplant suits you?"),
        ("es", "¿Qué planta de interior te conviene?"),
    ):
        assert (
            main(["ask", "--rules", PLANTS, "--answers", CAT, "--format", "json", "--lang", lang])
            == 0
        )
        data = json.loads(capsys.readouterr().out)
        assert (data["language"], data["book"]["title"]) == (lang, title)
    assert data["advice"][0]["title"] == "Elige una planta que no dañe a tus animales"
    assert data["advice"][0]["group_title"] == "Plantas para probar"
    assert data["answers"]["pets"] == "yes"  # answers stay ids, whatever the language


def test_the_html_page_carries_its_language(capsys: pytest.CaptureFixture[str]) -> None:
    assert (
        main(["ask", "--rules", PLANTS, "--answers", CAT, "--format", "html", "--lang", "es"]) == 0
    )
    page = capsys.readouterr().out
    assert '<html lang="es">' in page
    assert "<h2>Fuentes</h2>" in page
    assert "<summary>Lo que nos has contado</summary>" in page
    assert '<p class="source">Fuente: [1] Nuestras notas sobre plantas de interior' in page


def test_explain_speaks_the_language_too(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["explain", "--rules", PLANTS, "--answers", CAT, "--lang", "es"]) == 0
    out = capsys.readouterr().out
    assert out.startswith(
        "Se muestra:\n  1. Elige una planta que no dañe a tus animales (pet_safe)\n"
    )


def test_an_answer_error_in_the_answers_language(capsys: pytest.CaptureFixture[str]) -> None:
    from mendpath.ask.plain import NotUnderstood, parse_reply
    from mendpath.book.translations import translated
    from mendpath.book.validate import load_valid_book

    book = translated(load_valid_book([Path(PLANTS)]), "es")
    i18n.use("es")
    with pytest.raises(NotUnderstood, match=r"^9 no es un número del 1 al 3$"):
        parse_reply(book.questions["light"], "9", None)


# --- the real program in a terminal: LANG switches mendpath's own words ----------------


def spawn(state: Path, lang: str, *args: str) -> pexpect.spawn:
    env = {k: v for k, v in os.environ.items() if k not in i18n.LANGUAGE_VARIABLES}
    env |= {"TERM": "dumb", "XDG_STATE_HOME": str(state), "NO_COLOR": "1", "LANG": lang}
    return pexpect.spawn(
        sys.executable, ["-m", "mendpath", *args], env=env, encoding="utf-8", timeout=15
    )


@pytest.mark.parametrize(
    ("lang", "words"),
    [
        (
            "C.UTF-8",
            [
                "Question 1 of about 4",
                "How much light does the spot get?",
                "  1. Bright, direct sun",
                "Type a number from 1 to 3; ? for help.",
                "Which room is it for?",
                "Not understood: 9 is not a number from 1 to 3. Type a number from 1 to 3; b goes back; ? for help.",
                "  1. Yes",
                "stopped. Your answers so far are kept; continue with: mendpath ask --resume",
            ],
        ),
        (
            "es_ES.UTF-8",
            [
                "Pregunta 1 de unas 4",
                "¿Cuánta luz recibe el sitio?",
                "  1. Mucha luz, con sol directo",
                "Escribe un número del 1 al 3; ? muestra la ayuda.",
                "¿Para qué habitación es?",
                "No se ha entendido: 9 no es un número del 1 al 3. Escribe un número del 1 al 3; b vuelve atrás; ? muestra la ayuda.",
                "  1. Sí",
                "detenido. Tus respuestas hasta ahora quedan guardadas; sigue con: mendpath ask --resume",
            ],
        ),
    ],
    ids=["C", "es_ES"],
)
def test_lang_switches_mendpaths_own_words_in_a_plain_interview(
    private_state: Path, lang: str, words: list[str]
) -> None:
    captured = io.StringIO()
    child = spawn(private_state, lang, "ask", "--rules", PLANTS)
    child.logfile_read = captured
    for i, expected in enumerate(words):
        child.expect_exact(expected)
        if i == 3:
            child.expect_exact("> ")
            child.sendline("1")
        if i == 4:
            child.expect_exact("> ")
            child.sendline("9")
        if i == 5:
            child.sendline("3")
        if i == 6:
            child.expect_exact("> ")
            child.sendintr()
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 130
    assert "\x1b" not in captured.getvalue()


def spawn_full_screen(state: Path, lang: str, *args: str) -> pexpect.spawn:
    env = {k: v for k, v in os.environ.items() if k not in i18n.LANGUAGE_VARIABLES}
    env |= {"TERM": "xterm", "XDG_STATE_HOME": str(state), "NO_COLOR": "1", "LANG": lang}
    env["PROMPT_TOOLKIT_NO_CPR"] = "1"  # pexpect does not answer cursor-position requests
    env.pop("CI", None)
    child = pexpect.spawn(
        sys.executable,
        ["-m", "mendpath", *args],
        env=env,
        encoding="utf-8",
        timeout=15,
        dimensions=(40, 90),
    )
    child.delaybeforesend = None
    return child


def test_the_full_screen_prompts_in_spanish_and_resuming_in_another_language(
    private_state: Path,
) -> None:
    """Answered in English, stopped, resumed in Spanish: progress belongs to the book, not to
    a language, and the rest of the interview and its summary are in Spanish."""
    child = spawn_full_screen(private_state, "C.UTF-8", "ask", "--rules", PLANTS)
    child.expect_exact("question 1 of about 4")
    child.expect_exact("(arrow keys, Enter)")
    child.send("\r")  # bright
    child.expect_exact("\u2190 Back to the previous question")
    child.sendcontrol("c")
    child.expect_exact(
        "stopped. Your answers so far are kept; continue with: mendpath ask --resume"
    )
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 130

    child = spawn_full_screen(private_state, "es_ES.UTF-8", "ask", "--resume")
    child.expect_exact("mendpath: se ha recuperado 1 respuesta guardada")
    child.expect_exact("pregunta 2 de unas 5")
    child.expect_exact("¿Para qué habitación es?")
    child.expect_exact("(flechas, Intro)")
    child.expect_exact("\u2190 Volver a la pregunta anterior")
    child.send("\r")  # kitchen
    child.expect_exact("¿Viven gatos o perros contigo?")
    child.send("\x1b[B\r")  # no
    child.expect_exact("¿Se te olvida a menudo regar las plantas?")
    child.send("\r")  # yes
    child.expect_exact("Prueba con suculentas")
    child.expect_exact("mendpath: terminado: 2 consejos para tus respuestas.")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0


SCENARIOS = str(ROOT / "examples" / "scenarios" / "houseplants.yaml")


@pytest.mark.parametrize("lang", [[], ["--lang", "en"], ["--lang", "es"]], ids=str)
def test_the_houseplants_scenarios_pass_in_each_language(
    lang: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["test", "--rules", PLANTS, SCENARIOS, *lang]) == 0
    assert capsys.readouterr().out == (
        "ok    a sunny kitchen, no pets, a forgetful waterer\n"
        "ok    a shady bedroom, no pets\n"
        "ok    a shady office with a cat\n"
        "ok    a dog in a bright room hides the succulents\n"
        "4 passed, 0 failed\n"
    )


def test_scenarios_in_a_language_the_book_lacks_are_refused(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["test", "--rules", PLANTS, SCENARIOS, "--lang", "fr"]) == 2
    assert capsys.readouterr().err == (
        "mendpath: the book is not translated into fr (it has: en, es)\n"
    )


def test_a_book_written_in_spanish_speaks_spanish_by_default(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`book: language: es` and no translation: the book's own language is Spanish, so
    mendpath's words are Spanish too, whatever the locale asks for."""
    book = tmp_path / "libro.yaml"
    book.write_text(
        'book: {title: Mínimo, version: "1", start: q, disclaimer: Solo consejos., language: es}\n'
        "groups: [{id: g, title: Grupo}]\n"
        "sources: [{id: s, title: Fuente, sections: [{id: a, title: Apartado}]}]\n"
        "questions: [{id: q, text: ¿Sí o no?, kind: yes_no, next: end}]\n"
        "advice: [{id: uno, title: Uno, body: Haz una cosa., group: g, cite: [{source: s, section: a}]}]\n",
        "utf-8",
    )
    assert main(["validate", "--strict", str(book)]) == 0
    capsys.readouterr()
    assert main(["ask", "--plain", "--rules", str(book), "--answer", "q=yes", "--lang", "en"]) == 0
    assert capsys.readouterr().out == (
        "Mínimo\n"
        "Solo consejos.\n"
        "\n"
        "Grupo\n"
        "\n"
        "Uno\n"
        "  Haz una cosa.\n"
        "  [1] Fuente — “Apartado”\n"
        "\n"
        "Lo que nos has contado\n"
        "• ¿Sí o no? — Sí\n"
        "\n"
        "Fuentes\n"
        "[1] Fuente\n"
    )


def test_plural_forms_follow_the_count() -> None:
    try:
        assert i18n.trn("{count} thing", "{count} things", 1) == "{count} thing"
        assert i18n.trn("{count} thing", "{count} things", 0) == "{count} things"
        i18n.use("es")
        pieces = (": {count} piece of advice for your answers",)
        pieces += (": {count} pieces of advice for your answers",)
        assert i18n.trn(*pieces, 1).format(count=1) == ": 1 consejo para tus respuestas"
        assert i18n.trn(*pieces, 2).format(count=2) == ": 2 consejos para tus respuestas"
    finally:
        i18n.use("en")


def test_an_answers_file_is_refused_in_the_language_in_use(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from mendpath.cli.main import main

    answers = tmp_path / "answers.yaml"
    answers.write_text("light: 3\n", encoding="utf-8")
    run = ["ask", "--plain", "--no-save", "--rules", str(PLANTS), "--lang", "es"]
    assert main([*run, "--answers", str(answers)]) == 1
    assert capsys.readouterr().err == (
        f"mendpath: {answers}:1:8: la respuesta a 'light' debe ser el identificador de una "
        "opción, no un número\n"
    )
    assert main([*run, "--answer", "nowhere=1"]) == 1
    assert capsys.readouterr().err == (
        "mendpath: --answer: pregunta desconocida 'nowhere'; las preguntas son: "
        "light, room, pets, pet_kinds, forgetful\n"
    )
