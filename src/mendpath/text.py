"""Cleaning text for display: one policy for every text that comes from outside.

Control characters (ESC, BEL, C1 codes...) could move the cursor, retitle the terminal or
forge output lines when shown, so they never reach the screen. Bidirectional overrides and
invisible characters could make text read differently from what it is, so they go too.
Rule text keeps tabs and newlines (it is Markdown); a one-line answer turns them into spaces.

`printable` is for text quoted inside a message (a file name, an id, a value someone typed):
nothing is dropped, each unsafe character is shown as an escape such as \\x1b or \\n, so a
name with a newline cannot forge a second line.
"""

from __future__ import annotations

import re

# C0 and C1 controls, DEL, bidirectional marks and overrides, zero-width characters, line and
# paragraph separators, the byte order mark, noncharacters and lone surrogates.
_UNSAFE = (
    "\x00-\x1f\x7f-\x9f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff"
    "\ufdd0-\ufdef\ufffe\uffff\ud800-\udfff"
)
_CONTROL = re.compile(f"[{_UNSAFE}]")
_LAYOUT = "\t\n"


def _drop(match: re.Match[str]) -> str:
    return match.group() if match.group() in _LAYOUT else ""


def _space(match: re.Match[str]) -> str:
    return " " if match.group() in "\t\n\r\u2028\u2029" else ""


def _escape(match: re.Match[str]) -> str:
    char = match.group()
    named = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}
    if char in named:
        return named[char]
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def clean_block(text: str) -> str:
    """Text of several lines (rule text): control characters removed, tabs and newlines kept."""
    if text.isascii() and text.isprintable():  # the usual text, with nothing to remove
        return text
    return _CONTROL.sub(_drop, text)


def clean_line(text: str) -> str:
    """One line (a typed answer, a label): control characters removed, line breaks made
    spaces, surrounding white space trimmed."""
    if text.isascii() and text.isprintable():  # no line break or control character in it
        return text.strip()
    return _CONTROL.sub(_space, text).strip()


def printable(text: object) -> str:
    """Any value quoted in a message, on one line, with every unsafe character made visible
    (`\\x1b`, `\\n`, `\\u202e`); a backslash stays as it is."""
    return _CONTROL.sub(_escape, str(text))


def printable_lines(text: str) -> str:
    """A message of several lines (our own line breaks): each line made printable."""
    return "\n".join(printable(line) for line in text.split("\n"))


# Characters that can start formatting, a link, an image, an entity or raw HTML in Markdown.
_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>!&#|~])")


def md_escape(text: str) -> str:
    """Text shown literally in Markdown (answers, titles): on one line, special characters
    escaped, so it can never become a link, an image or HTML."""
    return _MD_SPECIAL.sub(r"\\\1", clean_line(text))


# An entity or numeric character reference, as CommonMark (and markdown-it) reads one.
_ENTITY = re.compile(r"&([a-z#][a-z0-9]{1,31});", re.IGNORECASE)


def clean_markdown(text: str) -> str:
    """Rule text that is Markdown, cleaned as `clean_block` does, and also of the references
    a renderer would decode into such a character afterwards (`&#x202E;`, `&#8238;`, `&rlm;`,
    `&ZeroWidthSpace;`), and of numeric references to characters that are never shown
    (`&#27;`, which renderers turn into U+FFFD)."""
    if "&" in text:
        from markdown_it.common.utils import replaceEntityPattern

        def drop(match: re.Match[str]) -> str:
            reference, name = match.group(), match.group(1)
            decoded = replaceEntityPattern(reference, name)
            if decoded == reference:  # an unknown name stays text; a bad number is dropped
                return "" if name.startswith("#") else reference
            return "" if _CONTROL.search(decoded) else reference

        text = _ENTITY.sub(drop, text)
    return clean_block(text)


SAFE_SCHEMES = ("http", "https", "mailto")


def safe_url(url: str | None) -> bool:
    """Whether a URL may become a link: http(s)://... or mailto:... only."""
    if not url:
        return False
    scheme, sep, rest = url.strip().partition(":")
    scheme = scheme.lower()
    if not sep or scheme not in SAFE_SCHEMES:
        return False
    return scheme == "mailto" or rest.startswith("//")
