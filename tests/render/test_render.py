"""The terminal summary, as exact text on a fixed-width recording console."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from rich.console import Console

from mendpath.answer_files import read_answers_file
from mendpath.book.validate import load_valid_book
from mendpath.logic import engine
from mendpath.logic.answers import check_given
from mendpath.logic.summary import Summary, summarise
from mendpath.render.terminal import render_terminal

ROOT = Path(__file__).parents[2]


@pytest.fixture
def plants() -> Summary:
    book = load_valid_book([ROOT / "examples" / "houseplants"])
    answers_file = ROOT / "examples" / "answers" / "houseplants-cat.yaml"
    answers = check_given(book, read_answers_file(answers_file), "cat")
    done = engine.step(book, answers)
    assert isinstance(done, engine.Done)
    return summarise(book, done.answers)


def text_at(summary: Summary, width: int) -> str:
    console = Console(file=io.StringIO(), width=width, record=True, color_system=None)
    render_terminal(summary, console)
    return "\n".join(line.rstrip() for line in console.export_text().splitlines())


def test_sixty_columns(plants: Summary) -> None:
    assert (
        text_at(plants, 60)
        == """\
─────────────── Which houseplant suits you? ────────────────
General tips from our own notes; ask a local nursery about
your climate.

Plants to try ──────────────────────────────────────────────

Choose a pet-safe plant
  Many common plants upset animals' stomachs. A spider plant
  or a calathea is a safer pick for your office.
  [1] Our houseplant notes, The mendpath team — “Pets and
  plants”

Care tips ──────────────────────────────────────────────────

Keep plants out of reach
  Cats climb; put plants on high shelves or hanging pots.
  [1] Our houseplant notes, The mendpath team — “Pets and
  plants”

What you told us ───────────────────────────────────────────
• How much light does the spot get? — Little light
• Which room is it for? — Office
• Do cats or dogs live with you? — Yes
• Which ones? — Cats
• Do you often forget to water plants? — No

Sources ────────────────────────────────────────────────────
[1] Our houseplant notes, The mendpath team"""
    )


def test_forty_columns_wrap_under_their_own_text(plants: Summary) -> None:
    text = text_at(plants, 40)
    assert max(len(line) for line in text.splitlines()) <= 40
    assert "• How much light does the spot get? —\n  Little light" in text
    assert "[1] Our houseplant notes, The mendpath\n    team" in text


def test_no_escape_codes_when_not_a_terminal(plants: Summary) -> None:
    buffer = io.StringIO()
    render_terminal(plants, Console(file=buffer, width=80))
    assert "\x1b" not in buffer.getvalue()


def test_no_color_keeps_styles_but_drops_colours(
    plants: Summary, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    buffer = io.StringIO()
    render_terminal(plants, Console(file=buffer, width=80, force_terminal=True))
    out = buffer.getvalue()
    assert "\x1b[1m" in out  # bold stays
    assert "\x1b[3" not in out.replace("\x1b[3m", "")  # no foreground colour codes (3x)
    assert "\x1b[9" not in out


def test_rule_text_is_never_markup() -> None:
    from mendpath.logic.summary import Item, SourceRef, Told

    summary = Summary(
        title="[bold red]Title[/]",
        version="1",
        disclaimer="[link=http://x]not a link[/link]",
        told=(Told("Name?", "[blink]Sam[/blink]"),),
        answers={},
        situations=(),
        items=(
            Item(
                "a",
                "[red]A[/red]",
                "Body [b]x[/b]",
                "g",
                "[G]",
                (SourceRef(1, "T", None, None, "S", False),),
                (),
            ),
        ),
        sources=((1, "T", None, None),),
    )
    text = text_at(summary, 80)
    for literal in [
        "[bold red]Title[/]",
        "[link=http://x]not a link[/link]",
        "[blink]Sam[/blink]",
        "[red]A[/red]",
        "Body [b]x[/b]",
    ]:
        assert literal in text


def test_an_image_is_its_description_and_no_word_after_it_is_lost() -> None:
    """rich laid an image's placeholder out apart from the words after it, and the line then
    cut them off ("and the[n some more] words")."""
    from mendpath.logic.summary import Item, SourceRef

    body = (
        "![alt pic](http://x/y.png) and many many words to fill up this whole line to the "
        "edge and then some more words after it."
    )
    item = Item("a", "A", body, "g", "G", (SourceRef(1, "T", None, None, "S", False),), ())
    summary = Summary("T", "1", "D", (), {}, (), (item,), ((1, "T", None, None),))
    text = " ".join(text_at(summary, 80).split())
    words = "many many words to fill up this whole line to the edge and then some more words"
    assert f"alt pic and {words} after it." in text
    assert "\U0001f306" not in text


def test_every_format_in_the_table_renders_the_same_summary(plants: Summary) -> None:
    from mendpath.render.output import FORMATS, summary_text

    summary = plants
    texts = {name: summary_text(summary, name, to_file=True) for name in FORMATS}
    assert set(texts) == {"terminal", "markdown", "html", "json"}
    for name, text in texts.items():
        assert text is not None, name
        assert summary.items[0].title.split()[0] in text, name
    assert "\x1b" not in (texts["terminal"] or "")
    assert all(not line.endswith(" ") for line in (texts["terminal"] or "").splitlines())


LONG_URL = (
    "https://github.com/alphagov/smart-answers/blob/main/lib/smart_answer/calculators/"
    "holiday_entitlement.rb"
)


@pytest.mark.parametrize("width", [40, 80])
def test_a_long_source_address_is_never_cut(width: int) -> None:
    from mendpath.render.terminal import terminal_text

    summary = Summary(
        title="T",
        version="1",
        disclaimer="D",
        told=(),
        answers={},
        situations=(),
        items=(),
        sources=(
            (1, "Holiday calculator", "GOV.UK", LONG_URL),
            (2, "Short", None, "https://x.org"),
        ),
    )
    sources = terminal_text(summary, width).split("Sources", 1)[1].splitlines()[1:]
    assert sources == [
        "[1] Holiday calculator, GOV.UK",
        f"    ({LONG_URL})",  # past the width, rather than cut or broken
        "[2] Short (https://x.org)",
    ]
