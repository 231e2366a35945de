"""Where placeholders stand in Markdown rule text: the quick reading of plain text (no code,
no links, no HTML, no entities, escapes or emphasis) agrees with parsing the text, and text
that is not plain is parsed."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from mendpath.logic.outcome import _NOT_PLAIN, _parsed_places, _places, _words

# Pieces of plain text: words, whitespace, block markers, punctuation, pieces of addresses;
# "M" stands for a placeholder mark (numbered in order once the text is joined).
PIECES = [
    "a", "word", "M", " ", "  ", "\n", "\n\n", "# ", "## ", "- ", "+ ", "1. ", "2) ", "> ",
    "---", "===", "#", "-", "+", ".", ",", ":", ";", "!", "?", "(", ")", '"', "'", "|", "{", "}",
    "=", "@", "/", "www.", "http://", "mailto:", "x@y.", "é", "\u00a0", "\u2028", "1",
    # and what is not plain: were one missed, the quick reading would meet it and disagree
    "`", "```", "~~~", "    ", "\t", "<", ">", "[", "]", "*", "_", "&", "&amp;", "\\",
]  # fmt: skip


def _marked(pieces: list[str]) -> str:
    text, count = "", 0
    for piece in pieces:
        if piece == "M":
            piece, count = f"\ufdd0{count}\ufdd1", count + 1
        text += piece
    return text


@given(st.lists(st.sampled_from(PIECES), max_size=40).map(_marked))
def test_plain_text_is_read_as_parsing_reads_it(text: str) -> None:
    if _NOT_PLAIN.search(text) is None:
        assert _words(text, {}) == _parsed_places(text)
    assert _places(text) == _parsed_places(text)


def test_what_could_make_a_mark_more_than_text_is_parsed() -> None:
    mark = "\ufdd00\ufdd1"
    for text in (
        f"`{mark}`",  # code
        f"    {mark}",
        f"\t{mark}",
        f"-     {mark}",
        f"~~~{mark}\nb\n~~~",  # an info string
        f"[a]({mark})",  # an address
        f"[a]: {mark}",
        f'<b title="{mark}">',  # raw HTML
    ):
        assert _NOT_PLAIN.search(text) is not None, text
        assert _places(text) == _parsed_places(text) != _words(text, {}), text
    assert _places(f"{mark} and www.\ufdd01\ufdd1") == {0: "text"}  # an address is the book's
