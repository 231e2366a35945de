"""The bundled rule book: each situation's advice, safety first, and the content rules."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from bookgen import possible_answers
from hypothesis import given, settings
from hypothesis import strategies as st

from mendpath.book.bundled import bundled_rules
from mendpath.book.validate import load_valid_book
from mendpath.logic import engine
from mendpath.logic.answers import check_given, read_answers_file
from mendpath.logic.outcome import outcome
from mendpath.logic.routing import build_graph
from mendpath.logic.summary import summarise
from mendpath.model import END, Book

ROOT = Path(__file__).parent.parent
ANSWERS = ROOT / "examples" / "answers"
PARAPHRASE_CHECK = ROOT.parent / "shared" / "tools" / "paraphrase-check"

# What each example shows, in display order. Everything else in the book is not shown.
SHOWN = {
    "afraid.yaml": [
        "get_safe",
        "safety_first",
        "legal_protection",
        "overwhelmed_today",
        "let_yourself_grieve",
        "look_after_yourself",
        "no_spite",
        "children_and_support",
        "money_and_home",
    ],
    "divorce.yaml": [
        "let_yourself_grieve",
        "look_after_yourself",
        "give_breathing_space",
        "divorce_first_steps",
        "no_contact_now",
        "weigh_each_contact",
        "calm_confidence",
        "no_pressure",
        "no_jealousy_games",
        "no_blame",
        "no_spite",
        "name_the_issues",
        "positive_change",
        "care_about_them",
        "forgive",
        "trusted_person",
        "coach",
        "couples_therapy",
        "children_and_support",
        "attorney",
        "money_and_home",
    ],
    "left-in-anger.yaml": [
        "let_yourself_grieve",
        "look_after_yourself",
        "give_breathing_space",
        "angry_exit",
        "weigh_each_contact",
        "show_best_self",
        "calm_confidence",
        "no_pressure",
        "after_pleading",
        "no_blame",
        "no_spite",
        "talk_and_listen",
        "raise_issues_kindly",
        "positive_change",
        "care_about_them",
        "reconnect",
        "let_them_lead",
        "trusted_person",
        "coach",
        "couples_therapy",
    ],
    "moved-out.yaml": [
        "overwhelmed_today",
        "let_yourself_grieve",
        "look_after_yourself",
        "give_breathing_space",
        "moved_out_no_rush",
        "no_contact_now",
        "weigh_each_contact",
        "calm_confidence",
        "no_pressure",
        "dont_fake_indifference",
        "no_blame",
        "no_spite",
        "raise_issues_kindly",
        "name_the_issues",
        "positive_change",
        "care_about_them",
        "trusted_person",
        "coach",
        "couples_therapy",
        "children_and_support",
        "money_and_home",
    ],
    "needs-space.yaml": [
        "let_yourself_grieve",
        "look_after_yourself",
        "give_breathing_space",
        "respect_space",
        "weigh_each_contact",
        "show_best_self",
        "calm_confidence",
        "no_pressure",
        "no_blame",
        "no_spite",
        "name_the_issues",
        "positive_change",
        "care_about_them",
        "reconnect",
        "let_them_lead",
        "trusted_person",
        "coach",
        "couples_therapy",
    ],
    "not-in-love.yaml": [
        "let_yourself_grieve",
        "look_after_yourself",
        "give_breathing_space",
        "respect_space",
        "not_in_love_now",
        "weigh_each_contact",
        "calm_confidence",
        "no_pressure",
        "stop_rehashing",
        "no_blame",
        "no_spite",
        "understand_feelings",
        "positive_change",
        "care_about_them",
        "let_them_lead",
        "trusted_person",
        "coach",
        "couples_therapy",
        "children_and_support",
    ],
    "on-off-cycle.yaml": [
        "overwhelmed_today",
        "let_yourself_grieve",
        "look_after_yourself",
        "give_breathing_space",
        "angry_exit",
        "stop_the_cycle",
        "weigh_each_contact",
        "calm_confidence",
        "no_pressure",
        "after_pleading",
        "stop_rehashing",
        "no_blame",
        "no_spite",
        "talk_and_listen",
        "raise_issues_kindly",
        "name_the_issues",
        "positive_change",
        "care_about_them",
        "forgive",
        "trusted_person",
        "coach",
        "couples_therapy",
    ],
    "regrets-leaving.yaml": [
        "let_yourself_grieve",
        "look_after_yourself",
        "give_breathing_space",
        "moved_out_no_rush",
        "regret_is_a_start",
        "talk_from_afar",
        "weigh_each_contact",
        "calm_confidence",
        "no_pressure",
        "after_pleading",
        "no_blame",
        "no_spite",
        "lasting_foundation",
        "raise_issues_kindly",
        "name_the_issues",
        "positive_change",
        "care_about_them",
        "trusted_person",
        "coach",
        "couples_therapy",
    ],
    "repeated-cruelty.yaml": [
        "step_back_from_cruelty",
        "safety_first",
        "legal_protection",
        "let_yourself_grieve",
        "look_after_yourself",
        "no_spite",
    ],
    "talking-well.yaml": [
        "let_yourself_grieve",
        "look_after_yourself",
        "give_breathing_space",
        "moved_out_no_rush",
        "weigh_each_contact",
        "show_best_self",
        "calm_confidence",
        "no_pressure",
        "stop_rehashing",
        "no_blame",
        "no_spite",
        "talk_and_listen",
        "raise_issues_kindly",
        "positive_change",
        "care_about_them",
        "reconnect",
        "forgive",
        "let_them_lead",
        "trusted_person",
        "coach",
        "couples_therapy",
    ],
    "trust-broken-by-me.yaml": [
        "let_yourself_grieve",
        "look_after_yourself",
        "give_breathing_space",
        "moved_out_no_rush",
        "own_the_mistake",
        "sincere_apology",
        "weigh_each_contact",
        "show_best_self",
        "calm_confidence",
        "no_pressure",
        "after_pleading",
        "dont_push_home",
        "no_blame",
        "no_spite",
        "repeat_reassurance",
        "slow_gains",
        "positive_change",
        "care_about_them",
        "reconnect",
        "let_them_lead",
        "trusted_person",
        "coach",
        "couples_therapy",
    ],
}

# The tactics for winning a partner back: never shown when the user is unsafe.
WIN_BACK = {
    "give_breathing_space",
    "weigh_each_contact",
    "respect_space",
    "no_contact_now",
    "show_best_self",
    "calm_confidence",
    "not_in_love_now",
    "regret_is_a_start",
    "talk_from_afar",
    "own_the_mistake",
    "sincere_apology",
    "dont_fake_indifference",
    "stop_rehashing",
    "repeat_reassurance",
    "slow_gains",
    "lasting_foundation",
    "care_about_them",
    "raise_issues_kindly",
    "positive_change",
    "reconnect",
    "forgive",
    "let_them_lead",
    "couples_therapy",
    "moved_out_no_rush",
    "angry_exit",
    "no_pressure",
    "dont_push_home",
    "no_jealousy_games",
    "no_blame",
}

# Each situation of shared/CONTENT.md, with an example whose answers reach it.
SITUATIONS = {
    "left_in_anger": "left-in-anger.yaml",
    "moved_out": "moved-out.yaml",
    "needs_space": "needs-space.yaml",
    "divorce_talk": "divorce.yaml",
    "trust_broken_by_me": "trust-broken-by-me.yaml",
    "communication_broke_down": "left-in-anger.yaml",
    "felt_neglected": "regrets-leaving.yaml",
    "money_stress": "moved-out.yaml",
    "partner_unfaithful": "divorce.yaml",
    "different_values": "needs-space.yaml",
    "unsure_why": "not-in-love.yaml",
    "no_contact": "moved-out.yaml",
    "some_contact": "left-in-anger.yaml",
    "talking_well": "talking-well.yaml",
    "regrets_leaving": "regrets-leaving.yaml",
    "not_in_love": "not-in-love.yaml",
    "on_off_cycle": "on-off-cycle.yaml",
    "pleaded": "trust-broken-by-me.yaml",
    "ignored": "moved-out.yaml",
    "jealousy_games": "divorce.yaml",
    "rehashing": "not-in-love.yaml",
    "has_children": "divorce.yaml",
    "partner_has_attorney": "divorce.yaml",
    "afraid": "afraid.yaml",
    "repeated_cruelty": "repeated-cruelty.yaml",
}


@pytest.fixture(scope="module")
def book() -> Book:
    return load_valid_book([bundled_rules()])


def finish(book: Book, name: str) -> dict[str, Any]:
    given_answers = check_given(book, read_answers_file(ANSWERS / name), name)
    done = engine.step(book, given_answers)
    assert isinstance(done, engine.Done), f"{name} leaves a question unanswered"
    return done.answers


def test_there_is_an_example_for_every_situation() -> None:
    assert len(SHOWN) >= 8
    assert set(SITUATIONS.values()) <= set(SHOWN)


@pytest.mark.parametrize("name", sorted(SHOWN))
def test_example_shows_exactly_its_advice(book: Book, name: str) -> None:
    result = outcome(book, finish(book, name))
    assert list(result.shown) == SHOWN[name]
    not_shown = set(book.advice) - set(SHOWN[name])
    assert not_shown.isdisjoint(result.shown)


@pytest.mark.parametrize(("situation", "name"), sorted(SITUATIONS.items()))
def test_every_situation_has_a_route_to_its_advice(book: Book, situation: str, name: str) -> None:
    answers = finish(book, name)
    result = outcome(book, answers)
    assert situation in result.situations
    # the advice that depends on the situation, directly or through other situations
    names = {situation}
    for _ in book.situations:
        names |= {
            s.id for s in book.situations.values() if any(f"'{n}'" in repr(s.when) for n in names)
        }
    using = [
        a.id
        for a in book.advice.values()
        if a.when is not None and any(f"'{n}'" in repr(a.when) for n in names)
    ]
    assert using, f"no advice depends on {situation}"
    assert set(using) & (set(result.shown) | set(result.hidden)), situation


@pytest.mark.parametrize("name", ["afraid.yaml", "repeated-cruelty.yaml"])
def test_safety_first_and_no_win_back_tactics(book: Book, name: str) -> None:
    summary = summarise(book, finish(book, name))
    groups = [item.group for item in summary.items]
    assert groups[:3] == ["safety", "safety", "safety"]
    assert WIN_BACK.isdisjoint(item.id for item in summary.items)


@settings(deadline=None)
@given(st.data())
def test_any_unsafe_walk_puts_safety_first(book: Book, data: st.DataObject) -> None:
    answers: dict[str, Any] = {}
    while not isinstance(step := engine.step(book, answers), engine.Done):
        qid = step.question.id
        answers = engine.answer(
            book, answers, qid, data.draw(st.sampled_from(possible_answers(book, qid)))
        )
    result = outcome(book, answers)
    if "unsafe" in result.situations:
        assert book.advice[result.shown[0]].group == "safety"
        assert WIN_BACK.isdisjoint(result.shown)
    else:
        assert all(book.advice[a].group != "safety" for a in result.shown)


def test_no_route_is_longer_than_twelve_questions(book: Book) -> None:
    graph = build_graph(book)
    longest: dict[str, int] = {}
    for qid in sorted(graph.order, key=graph.order.__getitem__, reverse=True):
        longest[qid] = 1 + max((0 if t == END else longest[t]) for _, t in graph.succ[qid])
    assert book.start is not None
    assert longest[book.start] == 12


def test_safety_is_asked_first(book: Book) -> None:
    assert book.start == "afraid"
    assert book.questions["afraid"].routes == {"yes": "who_left", "no": "cruelty"}


def test_advice_is_two_to_five_sentences_with_a_citation(book: Book) -> None:
    for advice in book.advice.values():
        sentences = [s for s in re.split(r"(?<=[.!?])\s+", advice.body.strip()) if s]
        assert 2 <= len(sentences) <= 5, (advice.id, len(sentences))
        assert advice.cite


def test_the_name_or_word_the_user_gives_is_used(book: Book) -> None:
    answers = finish(book, "regrets-leaving.yaml")
    bodies = " ".join(item.body for item in summarise(book, answers).items)
    assert "Tom" in bodies
    assert "{partner" not in bodies
    answers["partner_name"] = ""
    answers["who_left"] = "wife"
    bodies = " ".join(item.body for item in summarise(book, answers).items)
    assert "your wife" in bodies
    assert "Tom" not in bodies


def test_advice_is_in_our_own_words() -> None:
    if not PARAPHRASE_CHECK.exists():  # pragma: no cover - shared/ sits beside every checkout
        pytest.skip(f"{PARAPHRASE_CHECK} is not here")
    python = shutil.which("python3") or "python3"
    run = subprocess.run(
        [python, str(PARAPHRASE_CHECK), str(ROOT / "rules")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode == 0, run.stdout
    assert run.stdout == "no run of 10+ words shared with the articles\n"


def test_snapshot_is_current_and_equal_to_the_yaml() -> None:
    from mendpath.book.bundled import snapshot_path
    from mendpath.book.snapshot import make, read
    from mendpath.book.validate import load_book

    assert snapshot_path().read_text() == make(bundled_rules()), "refresh it: make snapshot"
    from_snapshot = read(bundled_rules(), snapshot_path())
    assert from_snapshot is not None
    from_yaml, _ = load_book([bundled_rules()])
    assert [d.data for d in from_snapshot] == [d.data for d in from_yaml]


def test_stale_snapshot_is_ignored(tmp_path: Path) -> None:
    from mendpath.book.bundled import snapshot_path
    from mendpath.book.snapshot import read

    rules = tmp_path / "rules"
    shutil.copytree(bundled_rules(), rules)
    assert read(rules, snapshot_path()) is not None
    first = rules / "00-book.yaml"
    first.write_text(first.read_text().replace('version: "1.0"', 'version: "1.1"'))
    assert read(rules, snapshot_path()) is None
