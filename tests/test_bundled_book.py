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

from mendpath.answer_files import read_answers_file
from mendpath.book.build import build_book
from mendpath.book.bundled import bundled_rules
from mendpath.book.summaries import check_summaries
from mendpath.book.validate import load_book, load_valid_book
from mendpath.logic import engine
from mendpath.logic.answers import check_given
from mendpath.logic.bounds import find_answers
from mendpath.logic.outcome import fill, outcome, question_text
from mendpath.logic.routing import build_graph
from mendpath.logic.summary import summarise
from mendpath.model import END, Book, Limits

ROOT = Path(__file__).parent.parent
ANSWERS = ROOT / "examples" / "answers"
PARAPHRASE_CHECK = ROOT.parent / "shared" / "tools" / "paraphrase-check"

# What each example shows, in display order. Everything else in the book is not shown.
SHOWN = {
    "afraid.yaml": [
        "get_safe",
        "safety_first",
        "legal_protection",
        "your_call",
        "overwhelmed_today",
        "abuse_support",
        "children_and_support",
    ],
    "divorce.yaml": [
        "look_after_yourself",
        "divorce_first_steps",
        "no_contact_now",
        "no_jealousy_games",
        "name_the_issues",
        "forgive",
        "scheme_warning",
        "trusted_person",
        "attorney",
    ],
    "hit-or-threatened.yaml": [
        "get_safe",
        "safety_first",
        "legal_protection",
        "your_call",
        "look_after_yourself",
        "abuse_support",
    ],
    "left-in-anger.yaml": [
        "look_after_yourself",
        "angry_exit",
        "no_contact_now",
        "no_pressure",
        "no_blame",
        "talk_and_listen",
        "if_it_gets_physical",
    ],
    "moved-out.yaml": [
        "look_after_yourself",
        "moved_out_no_rush",
        "no_contact_now",
        "dont_fake_indifference",
        "attentive_again",
        "make_room",
        "scheme_warning",
        "trusted_person",
        "money_and_home",
    ],
    "needs-space.yaml": [
        "look_after_yourself",
        "respect_space",
        "weigh_each_contact",
        "name_the_issues",
        "trusted_person",
    ],
    "not-in-love.yaml": [
        "look_after_yourself",
        "at_home_distant",
        "not_in_love_now",
        "stop_rehashing",
        "care_about_them",
        "coach",
    ],
    "on-off-cycle.yaml": [
        "look_after_yourself",
        "stop_the_cycle",
        "no_spite",
        "understand_feelings",
        "if_it_gets_physical",
    ],
    "regrets-leaving.yaml": [
        "look_after_yourself",
        "staying_elsewhere",
        "regret_is_a_start",
        "attentive_again",
        "make_room",
        "lasting_foundation",
        "trusted_person",
    ],
    "repeated-cruelty.yaml": [
        "step_back_from_cruelty",
        "safety_first",
        "legal_protection",
        "your_call",
        "look_after_yourself",
        "abuse_support",
    ],
    "still-seeing-someone.yaml": [
        "your_call",
        "look_after_yourself",
        "weigh_each_contact",
        "keep_calm_contact",
        "name_the_issues",
        "trusted_person",
    ],
    "talking-well.yaml": [
        "look_after_yourself",
        "slow_is_ok",
        "reconnect",
        "understand_feelings",
        "positive_change",
        "couples_therapy",
    ],
    "their-cruelty.yaml": [
        "step_back_from_cruelty",
        "safety_first",
        "legal_protection",
        "your_call",
        "look_after_yourself",
        "abuse_support",
        "children_and_support",
    ],
    "trust-broken-by-me.yaml": [
        "look_after_yourself",
        "moved_out_no_rush",
        "no_pressure",
        "own_the_mistake",
        "repeat_reassurance",
        "trusted_person",
    ],
}

# The tactics for winning a partner back: never shown when the user is unsafe.
WIN_BACK = {
    "angry_exit",
    "at_home_distant",
    "attentive_again",
    "calm_confidence",
    "care_about_them",
    "coach",
    "couples_therapy",
    "dont_fake_indifference",
    "forgive",
    "give_breathing_space",
    "keep_calm_contact",
    "lasting_foundation",
    "let_them_lead",
    "make_room",
    "moved_out_no_rush",
    "name_the_issues",
    "no_blame",
    "no_contact_now",
    "no_jealousy_games",
    "no_pressure",
    "no_spite",
    "not_in_love_now",
    "only_him",
    "own_the_mistake",
    "positive_change",
    "raise_issues_kindly",
    "reconnect",
    "regret_is_a_start",
    "repeat_reassurance",
    "respect_space",
    "rule_of_thumb",
    "scheme_warning",
    "show_best_self",
    "sincere_apology",
    "slow_gains",
    "slow_is_ok",
    "staying_elsewhere",
    "step_away",
    "stop_rehashing",
    "stop_the_cycle",
    "talk_and_listen",
    "trusted_person",
    "understand_feelings",
    "weigh_each_contact",
}

# Each situation of shared/CONTENT.md, with an example whose answers reach it.
SITUATIONS = {
    "left_in_anger": "left-in-anger.yaml",
    "storm_recent": "left-in-anger.yaml",
    "moved_out": "moved-out.yaml",
    "moved_recent": "moved-out.yaml",
    "long_apart": "talking-well.yaml",
    "not_fully_left": "regrets-leaving.yaml",
    "staying_elsewhere": "regrets-leaving.yaml",
    "at_home_distant": "not-in-love.yaml",
    "needs_space": "needs-space.yaml",
    "space_recent": "needs-space.yaml",
    "divorce_talk": "divorce.yaml",
    "partner_has_attorney": "divorce.yaml",
    "has_children": "divorce.yaml",
    "money_worry_now": "moved-out.yaml",
    "trust_broken_by_me": "trust-broken-by-me.yaml",
    "repeated_doubts": "trust-broken-by-me.yaml",
    "communication_broke_down": "left-in-anger.yaml",
    "constant_arguing": "on-off-cycle.yaml",
    "still_arguing": "on-off-cycle.yaml",
    "felt_neglected": "regrets-leaving.yaml",
    "still_busy": "moved-out.yaml",
    "spark_faded": "not-in-love.yaml",
    "partner_unfaithful": "divorce.yaml",
    "affair_ongoing": "still-seeing-someone.yaml",
    "different_values": "needs-space.yaml",
    "no_contact": "moved-out.yaml",
    "occasional_contact": "needs-space.yaml",
    "talking_well": "talking-well.yaml",
    "regrets_leaving": "regrets-leaving.yaml",
    "not_in_love": "not-in-love.yaml",
    "on_off_cycle": "on-off-cycle.yaml",
    "pleaded": "trust-broken-by-me.yaml",
    "ignored": "moved-out.yaml",
    "jealousy_games": "divorce.yaml",
    "rehashing": "not-in-love.yaml",
    "calm_contact": "still-seeing-someone.yaml",
    "apologised": "trust-broken-by-me.yaml",
    "tried_nothing": "their-cruelty.yaml",
    "wants_unsure": "still-seeing-someone.yaml",
    "wants_let_go": "on-off-cycle.yaml",
    "was_healthy": "on-off-cycle.yaml",
    "afraid": "afraid.yaml",
    "harmed": "hit-or-threatened.yaml",
    "repeated_cruelty": "repeated-cruelty.yaml",
    "cruelty_cause": "their-cruelty.yaml",
    "overwhelmed": "afraid.yaml",
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


@pytest.mark.parametrize(
    "name", ["afraid.yaml", "hit-or-threatened.yaml", "repeated-cruelty.yaml", "their-cruelty.yaml"]
)
def test_safety_first_and_no_win_back_tactics(book: Book, name: str) -> None:
    summary = summarise(book, finish(book, name))
    # "Start here" opens with getting safe, then safety first; the rest starts with safety too
    first = [book.advice[item.id].group for item in summary.items[:3]]
    assert first[:2] == ["safety", "safety"]
    rest = [item.group for item in summary.items if item.group != "start-here"]
    assert rest[0] == "safety"
    assert WIN_BACK.isdisjoint(item.id for item in summary.items)
    # your_call has its own wording for the unsafe: going on trying is not offered as a choice
    (decide,) = [item for item in summary.items if item.id == "your_call"]
    assert decide.title == "Trust your own sense of what is safe"
    assert "keep trying" not in " ".join(item.body for item in summary.items)


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


# The contradictions issue 13 names: each must be declared never together.
CONTRADICTIONS = [
    ("calm_confidence", "own_the_mistake"),  # "let them wonder" after my mistake broke trust
    ("calm_confidence", "only_him"),
    ("respect_space", "reconnect"),  # the space asked for, against easy time together
    ("let_them_lead", "keep_calm_contact"),  # let them take the lead, against keep talking
    ("let_them_lead", "staying_elsewhere"),
]


def _declared(book: Book) -> set[frozenset[str]]:
    return {
        frozenset((a, b))
        for together in book.never_together
        for a in together.ids
        for b in together.ids
        if a != b
    }


def test_every_answer_class_keeps_the_summary_rules() -> None:
    # validate's exact search over every route and answer class (logic/bounds.py): at most
    # 10 items, at most 2 citing one section, 3 ranked items for "Start here" on every
    # route, no two items of a never_together set, no summary without advice. The book is
    # built afresh, so the proof runs here, not in an earlier validation of the same book.
    book = build_book(load_book([bundled_rules()])[0])
    assert book.meta is not None
    assert book.meta.limits == Limits(advice=10, per_section=2, start=3)
    assert {frozenset(pair) for pair in CONTRADICTIONS} <= _declared(book)
    assert list(check_summaries(book)) == []


def test_every_unsafe_answer_class_puts_safety_first_with_no_win_back_advice(book: Book) -> None:
    # Exact searches over every route and answer class for answers that make the user unsafe
    # and break the rule; none exist.
    assert find_answers(book, holds=["unsafe"]) is not None  # the question is not empty
    for item in sorted(WIN_BACK):
        assert find_answers(book, holds=["unsafe"], show=[item]) is None, item
    safety = [a for a in book.advice.values() if a.group == "safety"]
    assert list(book.groups)[:1] == ["safety"]  # the first group shown
    assert find_answers(book, holds=["unsafe"], hide=[a.id for a in safety]) is None
    # "Start here" opens with the lowest rank, display order (safety first) breaking ties:
    # no other ranked item shows without a safety item ranked as low or lower
    for other in book.advice.values():
        if other.first is None or other.group == "safety":
            continue
        before = [a.id for a in safety if a.first is not None and a.first <= other.first]
        found = find_answers(book, holds=["unsafe"], show=[other.id], hide=before)
        assert found is None, (other.id, found)
    # and the rest shows only when the user is safe
    for answers in (finish(book, n) for n in ("afraid.yaml", "their-cruelty.yaml")):
        summary = summarise(book, answers)
        assert book.advice[summary.items[0].id].group == "safety"
        assert len([i for i in summary.items if i.group == "start-here"]) == 3


def test_no_route_is_longer_than_twelve_questions(book: Book) -> None:
    graph = build_graph(book)
    longest: dict[str, int] = {}
    for qid in sorted(graph.order, key=graph.order.__getitem__, reverse=True):
        longest[qid] = 1 + max((0 if t == END else longest[t]) for _, t in graph.succ[qid])
    assert book.start is not None
    assert longest[book.start] == 12


def shown_text(book: Book, answers: dict[str, Any]) -> dict[str, str]:
    done = engine.step(book, answers)
    assert isinstance(done, engine.Done)
    return {item.id: f"{item.title}: {item.body}" for item in summarise(book, done.answers).items}


SAFE = {"afraid": "no", "cruelty": "no", "who_left": "husband", "partner_name": ""}


@pytest.mark.parametrize(
    "wants", [{"wants": "unsure", "tried": ["nothing"]}, {"wants": "let_go", "was_healthy": "no"}]
)
def test_respect_space_asks_no_one_unsure_to_say_they_want_to_reconcile(
    book: Book, wants: dict[str, Any]
) -> None:
    answers = {**SAFE, "how_left": "space", "space_when": "days", "stand_now": [], "why": "unsure"}
    text = shown_text(book, {**answers, **wants})
    assert text["respect_space"].startswith("Be honest, and give the space asked for: Whatever")
    assert "don't want this separation" not in " ".join(text.values())


@pytest.mark.parametrize("why", [{"why": "neglected", "still_busy": "no"}, {"why": "spark"}])
def test_beside_stepping_back_attention_is_a_question_to_weigh(
    book: Book, why: dict[str, Any]
) -> None:
    on_off = {**SAFE, "how_left": "stormed_out", "storm_when": "recent", "stand_now": ["on_off"]}
    let_go = {**SAFE, "how_left": "stormed_out", "storm_when": "recent", "stand_now": []}
    for answers, stepping_back in [
        ({**on_off, "wants": "reconcile", "tried": ["nothing"], **why}, "stop_the_cycle"),
        ({**let_go, "wants": "let_go", "was_healthy": "no", **why}, "step_away"),
    ]:
        text = shown_text(book, answers)
        assert stepping_back in text
        (item,) = [text[i] for i in ("attentive_again", "care_about_them") if i in text]
        assert "take stock" in item
        assert "Practise" not in item
        assert "the repair is attention" not in item


def test_safety_is_asked_first(book: Book) -> None:
    assert book.start == "afraid"
    assert book.questions["afraid"].routes == {"yes": "u_who_left", "no": "cruelty"}
    assert book.questions["cruelty"].routes == {"repeated": "u_who_left", "physical": "u_who_left"}


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
    first.write_text(first.read_text().replace('version: "2.0"', 'version: "2.1"'))
    assert read(rules, snapshot_path()) is None


@pytest.mark.parametrize(
    ("who", "wrong"),
    [
        ("husband", {"she", "her", "hers", "herself", "they", "them", "their", "themselves"}),
        ("wife", {"he", "him", "his", "himself", "they", "them", "their", "themselves"}),
        ("partner", {"he", "him", "his", "himself", "she", "her", "hers", "herself"}),
    ],
)
def test_pronouns_follow_who_left(book: Book, who: str, wrong: set[str]) -> None:
    # Every advice item, filled in for each answer to "who left": the pronouns agree with it.
    # (The few generic "they"/"them" in the advice refer to issues or people in general; the
    # husband and wife cases are checked on the placeholders alone to stay exact.)
    answers: dict[str, Any] = {"who_left": who, "partner_name": ""}
    for advice in book.advice.values():
        for text in (advice.title, advice.body):
            filled = fill(text, book, answers)
            assert "{" not in filled, (advice.id, filled)
            placeholders = set(re.findall(r"\{(he|him|his|himself|He|His)\}", text))
            values = {fill("{" + p + "}", book, answers).lower() for p in placeholders}
            assert values.isdisjoint(wrong), (advice.id, who, values)
    assert (
        fill("{he} {him} {his} {He}", book, answers)
        == {
            "husband": "he him his He",
            "wife": "she her her She",
            "partner": "they them their They",
        }[who]
    )


def test_our_labels_for_unheaded_passages_fit_any_partner(book: Book) -> None:
    # Headings are quoted as published; a label for an unheaded passage is our own wording and
    # appears in every citation of it, so it must not assume a husband (or a wife).
    gendered = {"he", "him", "his", "himself", "she", "her", "hers", "herself", "husband", "wife"}
    labels = [
        (source.id, section.id, section.title)
        for source in book.sources.values()
        for section in source.sections
        if section.unheaded
    ]
    assert len(labels) == 9
    for source_id, section_id, title in labels:
        words = set(re.findall(r"[a-z]+", title.lower()))
        assert words.isdisjoint(gendered), (source_id, section_id, title)


@pytest.mark.parametrize(
    "answers", [{"afraid": "yes"}, {"afraid": "no", "cruelty": "physical"}], ids=["afraid", "hit"]
)
def test_fear_or_violence_brings_emergency_services_on_the_very_next_screen(
    book: Book, answers: dict[str, Any]
) -> None:
    step = engine.step(book, answers)
    assert isinstance(step, engine.Ask)
    assert question_text(book, step.question.id, answers) == (
        "If you are in danger now, call your local emergency services. When you can: who is this about?"
    )


def test_harsh_words_in_an_argument_are_told_apart_from_violence(book: Book) -> None:
    labels = {c.id: c.label for c in book.questions["cruelty"].choices}
    assert labels["heat_of_moment"] == "Harsh words now and then, in the heat of an argument"
    assert labels["physical"] == (
        "I have been hit, pushed, threatened or forced, even once or in an argument"
    )
