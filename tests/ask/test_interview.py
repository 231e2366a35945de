"""The interview loop, driven by scripted ask functions: no terminal needed."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from mendpath.ask.interview import BACK, Back, Interrupted, run
from mendpath.book.validate import validate
from mendpath.errors import MendpathError
from mendpath.logic import engine
from mendpath.model import Answer, Book

ROOT = Path(__file__).parents[2]


def load(path: Path) -> Book:
    result = validate([path])
    assert result.book is not None
    return result.book


class Script:
    """Answers in order, recording what was asked and which answer was preselected."""

    def __init__(self, replies: list[Answer | Back]) -> None:
        self.replies: Iterator[Answer | Back] = iter(replies)
        self.asked: list[tuple[str, Answer | None]] = []
        self.texts: list[dict[str, str]] = []

    def __call__(
        self, step: engine.Ask, current: Answer | None, texts: dict[str, str]
    ) -> Answer | Back:
        self.asked.append((step.question.id, current))
        self.texts.append(texts)
        try:
            return next(self.replies)
        except StopIteration:
            raise Interrupted("script ran out") from None


def test_back_keeps_later_answers_still_on_the_route() -> None:
    book = load(ROOT / "examples" / "houseplants")
    replies: list[Answer | Back] = ["bright", "kitchen", "yes", ["cat"], BACK, BACK, BACK]
    replies += ["office", "yes", ["cat"], "no"]
    script = Script(replies)
    done = run(book, script)
    assert script.asked == [
        ("light", None),
        ("room", None),
        ("pets", None),
        ("pet_kinds", None),
        ("forgetful", None),  # back
        ("pet_kinds", ["cat"]),  # back, earlier answer preselected
        ("pets", "yes"),  # back
        ("room", "kitchen"),  # changed to office: the route stays the same
        ("pets", "yes"),  # so later answers are kept and offered again
        ("pet_kinds", ["cat"]),
        ("forgetful", None),
    ]
    assert done.answers == {
        "light": "bright",
        "room": "office",
        "pets": "yes",
        "pet_kinds": ["cat"],
        "forgetful": "no",
    }


def test_changing_an_answer_drops_the_branch_it_leaves() -> None:
    book = load(ROOT / "examples" / "houseplants")
    script = Script(["bright", "office", "yes", ["dog"], BACK, BACK, "no", "yes"])
    done = run(book, script)
    assert done.answers == {"light": "bright", "room": "office", "pets": "no", "forgetful": "yes"}
    assert done.route == ("light", "room", "pets", "forgetful")


def test_back_on_the_first_question_stays_there() -> None:
    book = load(ROOT / "examples" / "houseplants")
    script = Script([BACK, "low", "bedroom", "no", "no"])
    run(book, script)
    assert [q for q, _ in script.asked[:2]] == ["light", "light"]


def test_progress_is_reported_after_every_change() -> None:
    book = load(ROOT / "examples" / "houseplants")
    seen: list[dict[str, Answer]] = []
    with pytest.raises(Interrupted):
        run(book, Script(["low", "office"]), on_change=seen.append)
    assert seen == [{"light": "low"}, {"light": "low", "room": "office"}]


def test_given_answers_are_not_asked_again() -> None:
    book = load(ROOT / "examples" / "houseplants")
    script = Script(["no"])
    done = run(book, script, {"light": "low", "room": "office", "pets": "no"})
    assert script.asked == [("forgetful", None)]
    assert done.answers["forgetful"] == "no"


def test_question_text_is_personalised() -> None:
    book = load(ROOT / "rules")
    script = Script(["no", "no", "wife", "Dana"])
    with pytest.raises(Interrupted):
        run(book, script)
    assert script.texts[4]["text"] == "How did Dana leave?"
    assert script.asked[4] == ("how_left", None)


def test_a_question_offering_no_choice_stops_with_a_message_not_a_loop() -> None:
    """validate reports such a book (MP190); the interview, if run on it anyway, says what
    is wrong instead of asking a question with nothing to choose."""
    result = validate([ROOT / "tests" / "books" / "bad" / "mp190-no-choice-offered.yaml"])
    assert [p.code for p in result.problems] == ["MP190"]
    assert result.book is not None
    script = Script(["3"])
    with pytest.raises(MendpathError) as raised:
        run(result.book, script)
    assert script.asked == [("hours", None)]  # `plan` never reaches the ask function
    assert raised.value.message == (
        "question 'plan' offers no choice after the answers given, so the interview cannot "
        "go on; the rule book needs mending (mendpath validate reports it as MP190)"
    )


def test_a_question_is_worded_from_the_answers_before_it_even_when_going_back(
    tmp_path: Path,
) -> None:
    """Going back, a question's wording was chosen with every answer, its own and later ones
    too, so its words changed on the way back (validate reasons about the answers before
    it: MP195, MP196)."""
    text = (ROOT / "tests" / "books" / "bad" / "mp196-variant-reads-later.yaml").read_text()
    text = text.replace("kind: yes_no, next: end}", "kind: yes_no, next: last}")
    text = text.replace("advice:", "  - {id: last, text: Last?, kind: yes_no, next: end}\nadvice:")
    path = tmp_path / "book.yaml"
    path.write_text(text, encoding="utf-8")
    script = Script(["north", "yes", BACK, BACK, "north", "yes", "no"])
    run(load(path), script)
    texts = [t["text"] for t in script.texts]
    assert texts == ["Where?", "How big?", "Last?", "How big?", "Where?", "How big?", "Last?"]
