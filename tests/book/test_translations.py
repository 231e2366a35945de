"""Translations applied (book/translations.py): every kind of text, variants in order, and the
same advice on every route whatever the language."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator

from mendpath import i18n
from mendpath.author.examples import advice_examples
from mendpath.book.translations import sites, translated
from mendpath.book.validate import load_valid_book
from mendpath.cli.main import main
from mendpath.logic.engine import AnswerError, check_answer
from mendpath.logic.outcome import outcome
from mendpath.logic.summary import summarise

ROOT = Path(__file__).parents[2]
GOOD = ROOT / "tests" / "books" / "good"
HOLIDAY = GOOD / "translated.yaml"
PLANTS = ROOT / "examples" / "houseplants"


def test_a_translated_book_with_units_patterns_and_variants_is_valid_strictly(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["validate", "--strict", str(HOLIDAY)]) == 0
    assert capsys.readouterr().out == "ok: 1 file(s), no problems\n"


def holiday(capsys: pytest.CaptureFixture[str], *answers: str) -> str:
    pairs = [arg for a in answers for arg in ("--answer", a)]
    assert main(["ask", "--plain", "--rules", str(HOLIDAY), *pairs, "--lang", "es"]) == 0
    return capsys.readouterr().out


def test_units_values_variants_and_dates_in_spanish(capsys: pytest.CaptureFixture[str]) -> None:
    out = holiday(capsys, "days=5 días", "started=2026-03-01", "code=SW1A 1AA")
    assert out == (
        "Vacaciones\n"
        "Solo una estimación.\n"
        "\n"
        "Tu resultado\n"
        "\n"
        "Jornada completa\n"
        "  Te corresponden 28.0 días al año.\n"
        "  [1] Calcular los días de vacaciones — “Días trabajados por semana”\n"
        "\n"
        "Nueva incorporación a jornada completa\n"
        "  Se acumulan cada mes.\n"
        "  [1] Calcular los días de vacaciones — “Días trabajados por semana”\n"
        "\n"
        "Lo que nos has contado\n"
        "• ¿Cuántos días a la semana trabajas? — 5 días\n"
        "• ¿Cuándo empezaste? — 1 de marzo de 2026\n"
        "• ¿Tu código postal? — SW1A 1AA\n"
        "\n"
        "Fuentes\n"
        "[1] Calcular los días de vacaciones\n"
        "    (https://www.gov.uk/calculate-your-holiday-entitlement)\n"
    )


def test_the_other_variant_and_the_other_title_in_spanish(
    capsys: pytest.CaptureFixture[str],
) -> None:
    out = holiday(capsys, "days=0.5", "started=2026-03-01", "code=")
    told = out[out.index("Lo que nos has contado") :]
    assert told.splitlines()[1:4] == [
        "• ¿Cuántos días a la semana trabajas? — 0.5 días",
        "• ¿Cuándo empezaste, aunque sea menos de un día a la semana? — 1 de marzo de",
        "  2026",
    ]
    assert "\nNueva incorporación\n" in out
    assert "\nJornada parcial\n" in out


def test_a_pattern_message_in_spanish() -> None:
    book = translated(load_valid_book([HOLIDAY]), "es")
    i18n.use("es")
    with pytest.raises(AnswerError) as caught:
        check_answer(book.questions["code"], "x")
    assert str(caught.value) == (
        "pregunta 'code': escribe un código postal británico, como SW1A 1AA"
    )


def test_translating_leaves_the_book_as_written_untouched() -> None:
    book = load_valid_book([PLANTS])
    spanish = translated(book, "es")
    assert spanish is not book
    assert book.questions["light"].text == "How much light does the spot get?"
    assert spanish.questions["light"].text == "¿Cuánta luz recibe el sitio?"
    assert book.placeholders["room"].sources[0].values["office"] == "your office"
    assert spanish.placeholders["room"].sources[0].values["office"] == "tu despacho"
    assert (book.language, spanish.language) == ("en", "es")


def test_a_book_in_its_own_language_is_not_copied() -> None:
    book = load_valid_book([ROOT / "rules"])
    assert translated(book, "en") is book


@pytest.mark.parametrize("path", [PLANTS, HOLIDAY], ids=lambda p: p.name)
def test_every_route_shows_the_same_advice_in_both_languages(path: Path) -> None:
    book = load_valid_book([path])
    spanish = translated(book, "es")
    examples = [e.answers for e in advice_examples(book) if e.answers is not None]
    assert examples
    for answers in examples:
        assert outcome(spanish, answers) == outcome(book, answers)
        shown = summarise(spanish, answers)
        assert shown.language == "es"
        assert [i.id for i in shown.items] == [i.id for i in summarise(book, answers).items]


def test_every_text_of_houseplants_has_its_spanish() -> None:
    book = load_valid_book([PLANTS])
    keys = [site.key for site in sites(book)]
    assert len(keys) == 36
    assert set(keys) == set(book.translations["es"].texts)


def test_the_spanish_json_matches_the_summary_schema(capsys: pytest.CaptureFixture[str]) -> None:
    cat = str(ROOT / "examples" / "answers" / "houseplants-cat.yaml")
    args = ["ask", "--rules", str(PLANTS), "--answers", cat, "--format", "json", "--lang", "es"]
    assert main(args) == 0
    data = json.loads(capsys.readouterr().out)
    schema = json.loads((ROOT / "src" / "mendpath" / "schema" / "summary.schema.json").read_text())
    Draft202012Validator(schema).validate(data)
    assert data["language"] == "es"


def test_the_message_of_a_check_in_spanish(capsys: pytest.CaptureFixture[str]) -> None:
    pairs = ["--answer", "days=6.5", "--answer", "started=2020-03-01", "--lang", "es"]
    assert main(["ask", "--plain", "--no-save", "--rules", str(HOLIDAY), *pairs]) == 1
    assert capsys.readouterr().err == (
        "mendpath: --answer: la respuesta a 'started' no se acepta: "
        "Antes de 2021, una semana aquí tenía como mucho 6 días laborables.\n"
    )


def test_a_check_left_untranslated_or_of_the_wrong_shape_is_reported(tmp_path: Path) -> None:
    from mendpath.book.validate import validate

    text = HOLIDAY.read_text(encoding="utf-8")
    line = '      checks: ["Antes de 2021, una semana aquí tenía como mucho 6 días laborables."]\n'
    assert line in text
    (tmp_path / "left-out.yaml").write_text(text.replace(line, ""), encoding="utf-8")
    (tmp_path / "shape.yaml").write_text(
        text.replace(line, "      checks: [Uno., Dos.]\n"), encoding="utf-8"
    )
    left_out = validate([tmp_path / "left-out.yaml"]).problems
    assert [(p.code, p.message) for p in left_out] == [
        ("MP180", "questions.started.checks has no es translation")
    ]
    shape = validate([tmp_path / "shape.yaml"]).problems
    assert [(p.code, p.message) for p in shape] == [
        (
            "MP183",
            "questions.started.checks: give a list of 1 message(s), one per check in their order",
        )
    ]


def test_a_translated_source_finds_its_translated_sections() -> None:
    book = load_valid_book([PLANTS])
    spanish = translated(book, "es")
    source = next(iter(spanish.sources.values()))
    english = book.sources[source.id]
    light = source.section("light")
    assert light is not None
    assert light.title == "Luz"
    assert light is not english.section("light")  # the copy, not the English section
    assert [s.title for s in source.sections][:2] == ["Luz", "Riego"]
    assert source.section("nowhere") is None
