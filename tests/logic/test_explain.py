"""Why advice is or is not shown, in words."""

from __future__ import annotations

from pathlib import Path

import pytest

from mendpath.cli.main import main

ROOT = Path(__file__).parents[2]
PLANTS = str(ROOT / "examples" / "houseplants")
CAT = str(ROOT / "examples" / "answers" / "houseplants-cat.yaml")


def test_explain_shown_items(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["explain", "--rules", PLANTS, "--answers", CAT]) == 0
    assert (
        capsys.readouterr().out
        == """\
Shown:
  1. Choose a pet-safe plant (pet_safe)
     because situation has_pets (“Do cats or dogs live with you?” is Yes)
  2. Keep plants out of reach (cat_height)
     because “Which ones?” includes Cats
"""
    )


def test_explain_all_says_what_failed_and_what_hid(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["ask", "--explain", "--all", "--rules", PLANTS, "--answers", CAT]) == 0
    assert (
        capsys.readouterr().out
        == """\
Shown:
  1. Choose a pet-safe plant (pet_safe)
     because situation has_pets (“Do cats or dogs live with you?” is Yes)
  2. Keep plants out of reach (cat_height)
     because “Which ones?” includes Cats

Not shown:
  - Try succulents (succulents)
     needs “How much light does the spot get?” is Bright, direct sun (you answered: Little light)
  - Try a snake plant (snake_plant)
     hidden by “Choose a pet-safe plant” (pet_safe)
  - Set a watering reminder (water_reminder)
     needs “Do you often forget to water plants?” is Yes (you answered: No)
"""
    )


def test_safety_hides_are_explained(capsys: pytest.CaptureFixture[str]) -> None:
    answers = str(ROOT / "examples" / "answers" / "their-cruelty.yaml")
    assert main(["explain", "--all", "--answers", answers]) == 0
    out = capsys.readouterr().out
    assert (
        "  - Give Rob some breathing room (give_breathing_space)\n     hidden by “Tell someone who is on your side” (safety_first)\n"
        in out
    )


def test_a_value_with_no_value_says_so(capsys: pytest.CaptureFixture[str]) -> None:
    # a rota divides the hours by 0: per_shift has no value, so its comparison is false
    book = str(ROOT / "tests" / "books" / "good" / "lookup-and-quotient.yaml")
    given = ["--answer", "shift=rota", "--answer", "days=5", "--answer", "hours=40"]
    assert main(["explain", "--all", "--no-save", "--rules", book, *given]) == 0
    assert (
        capsys.readouterr().out
        == """\
Shown:
  1. Within the limit (within)
     because the value per_day (8.0 hours) is at most the value limit (12 hours)

Not shown:
  - Long days (long_days)
     needs the value per_day (8.0 hours) is more than the value limit (12 hours) (shift: you answered: A rota; days: you answered: 5; hours: you answered: 40)
  - Long shifts (long_shifts)
     needs the value per_shift (no value for these answers) is more than 10 (shift: you answered: A rota; hours: you answered: 40)
"""
    )


def test_a_value_drawn_without_answers_is_named_alone() -> None:
    """`graph` draws conditions with no answers: its labels said "the value pace (no value
    for these answers) is less than 4"."""
    from mendpath.book.validate import load_valid_book
    from mendpath.logic.explain import describe

    book = load_valid_book([ROOT / "tests" / "books" / "good" / "lookup-and-quotient.yaml"])
    when = book.advice["long_shifts"].when
    assert when is not None
    assert describe(when, book, {}) == "the value per_shift is more than 10"


def test_numbers_and_dates_are_explained_as_the_summary_writes_them(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """Dates were explained as ISO (2026-01-01) and numbers without their unit ("you
    answered: 4.5"), where the summary says "1 January 2026" and "4.5 days"."""
    book = str(ROOT / "tests" / "books" / "good" / "measures.yaml")
    given = ["--answer", "days=4.5", "--answer", "started=2026-02-03", "--answer", "code="]
    assert main(["explain", "--all", "--no-save", "--rules", book, *given]) == 0
    out = capsys.readouterr().out
    assert "“When did you start?” is more than 1 January 2026" in out
    assert (
        "needs “How many days a week do you work?” is at least 5 days (you answered: 4.5 days)"
        in out
    )
