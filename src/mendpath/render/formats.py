"""Write a Summary as Markdown, a self-contained HTML page, or JSON (plain functions, no rich).

The JSON is documented in docs/summary-json.md and checked against schema/summary.schema.json.
"""

from __future__ import annotations

import json
import re

from mendpath.i18n import tr
from mendpath.logic.summary import SourceRef, Summary
from mendpath.text import SAFE_SCHEMES, md_escape, safe_url

JSON_FORMAT = "mendpath-summary"
JSON_VERSION = 1
# The page loads nothing: no script, no remote style, font, image or frame; inline style and
# data: images only. Links still work when clicked.
CSP = (
    "default-src 'none'; style-src 'unsafe-inline'; img-src data:; "
    "base-uri 'none'; form-action 'none'"
)
# A `<` or `![` that Markdown reads as such: after an even number of backslashes (none, or
# escaped backslashes). Raw HTML is a tag, a closing tag, a comment, a declaration or an
# instruction; an autolink to http(s) or mailto is kept.
_UNESCAPED = r"(?<!\\)((?:\\\\)*)"
_RAW_HTML = re.compile(_UNESCAPED + r"(<(?:https?|mailto):[^<>\s]*>|<(?=[A-Za-z/!?]))", re.I)
_IMAGE = re.compile(_UNESCAPED + r"!\[")
# A link destination, inline `](dest` or in a reference definition `[label]: dest`, its
# address possibly on the next line or in angle brackets.
_DESTINATION = re.compile(
    r"(\]\([ \t]*\n?[ \t]*<?|^ {0,3}\[(?:[^\]\\]|\\.)+\]:[ \t]*\n?[ \t]*<?)"
    r"((?:[^\s<>()]|\([^\s<>()]*\))*)",
    re.MULTILINE,
)
_SCHEME = re.compile(r"\s*([A-Za-z][A-Za-z0-9+.\-]*):")
_DISARMED = "#unsafe-link-removed"


def _unsafe(address: str) -> bool:
    """Whether an address (as Markdown writes it: escapes and entities) has a scheme other
    than http(s) and mailto."""
    from markdown_it.common.utils import unescapeAll

    scheme = _SCHEME.match(unescapeAll(address))
    return scheme is not None and scheme.group(1).lower() not in SAFE_SCHEMES


def safe_markdown(text: str) -> str:
    """A book's Markdown made inert for a Markdown file: raw HTML shown as text, images shown
    as links (never loaded), links with other schemes than http(s) and mailto disarmed.

    The result is then parsed as a viewer with raw HTML on would parse it; should anything
    live remain (raw HTML, an image, an unsafe link), the whole text is shown literally."""

    def html(match: re.Match[str]) -> str:
        kept = match.group(2) if match.group(2) != "<" else "&lt;"
        return match.group(1) + kept

    text = _RAW_HTML.sub(html, text)
    text = _IMAGE.sub(r"\1\\![", text)

    def disarm(match: re.Match[str]) -> str:
        opening, address = match.group(1), match.group(2)
        return opening + _DISARMED if _unsafe(address) else match.group(0)

    text = _DESTINATION.sub(disarm, text)
    return text if _inert(text) else _literal(text)


def _inert(text: str) -> bool:
    """Whether Markdown holds nothing a viewer would load or run: no raw HTML, no image, no
    link with another scheme than http(s) and mailto."""
    from markdown_it import MarkdownIt

    md = MarkdownIt("commonmark", {"html": True})
    md.validateLink = lambda url: True  # type: ignore[method-assign]  # see every link
    pending = md.parse(text)
    while pending:
        token = pending.pop()
        if token.type in ("html_block", "html_inline", "image"):
            return False
        href = token.attrGet("href")
        if href is not None and _unsafe(str(href)):
            return False
        pending.extend(token.children or [])
    return True


_LITERAL = re.compile(r"([\\`*_\[\]<>!&])")


def _literal(text: str) -> str:
    """Markdown shown as its own text: every character that could start markup escaped."""
    return _LITERAL.sub(r"\\\1", text)


def cite_text(ref: SourceRef) -> str:
    """`[1] Title, Author — “Section”` (or the label of an unheaded passage)."""
    section = (
        tr("{section} (passage, unheaded)").format(section=ref.section)
        if ref.unheaded
        else f"\u201c{ref.section}\u201d"
    )
    by = f", {ref.author}" if ref.author else ""
    return f"[{ref.number}] {ref.title}{by} \u2014 {section}"


def source_cited(ref: SourceRef) -> str:
    """`Source: [1] Title, Author — “Section”`, under an advice item."""
    return tr("Source: {citation}").format(citation=cite_text(ref))


def source_line(number: int, title: str, author: str | None, url: str | None) -> str:
    return f"{title}" + (f", {author}" if author else "") + (f" ({url})" if url else "")


def no_advice() -> str:
    return tr("No advice in this book matches your answers.")


def render_markdown(summary: Summary) -> str:
    out = [f"# {md_escape(summary.title)}", ""]
    out += [f"*{md_escape(summary.disclaimer)}*", ""]
    if not summary.items:
        out += [no_advice(), ""]
    group = None
    for item in summary.items:
        if item.group != group:
            group = item.group
            out += [f"## {md_escape(item.group_title)}", ""]
        out += [f"### {md_escape(item.title)}", "", safe_markdown(item.body.strip()), ""]
        out += [f"*{md_escape(source_cited(ref))}*  " for ref in item.sources]
        if item.sources:
            out[-1] = out[-1].rstrip()
            out.append("")
    if summary.told:
        out += ["## " + tr("What you told us"), ""]
        out += [f"- {md_escape(t.question)} \u2014 **{md_escape(t.answer)}**" for t in summary.told]
        out.append("")
    if summary.sources:
        out += ["## " + tr("Sources"), ""]
        out += [f"{n}. {md_escape(source_line(n, t, a, u))}" for n, t, a, u in summary.sources]
        out.append("")
    return "\n".join(out)


_CSS = """
:root { color-scheme: light; --ink: #1f2a33; --muted: #5b6770; --line: #d8dee3;
        --accent: #3d6b8c; }
* { box-sizing: border-box; }
body { margin: 0; font: 17px/1.6 Georgia, "Times New Roman", serif; color: var(--ink);
       background: #fbfaf7; }
main { max-width: 42rem; margin: 0 auto; padding: 2rem 1.25rem 4rem; }
h1 { font-size: 1.8rem; line-height: 1.25; margin: 0 0 1rem; }
h2 { font: 600 1.05rem/1.4 system-ui, sans-serif; letter-spacing: .02em; text-transform: uppercase;
     color: var(--accent); border-bottom: 1px solid var(--line); padding-bottom: .3rem;
     margin: 2.2rem 0 1rem; }
h3 { font-size: 1.15rem; margin: 1.4rem 0 .3rem; }
.told { background: #fff; border: 1px solid var(--line); border-radius: 6px;
        padding: .8rem 1.1rem; }
.told ul { margin: .3rem 0 0; padding-left: 1.2rem; }
.disclaimer { font-style: italic; color: var(--muted); }
.source { font: .85rem/1.4 system-ui, sans-serif; color: var(--muted); margin: .2rem 0; }
article { break-inside: avoid; }
ol.sources { font-size: .95rem; }
a { color: var(--accent); overflow-wrap: anywhere; }
@media print {
  body { background: #fff; font-size: 11pt; }
  main { max-width: none; padding: 0; }
  h2 { break-after: avoid; }
  a[href]::after { content: " (" attr(href) ")"; font-size: .8em; }
}
"""


def _markdown_to_html(text: str) -> str:
    from markdown_it import MarkdownIt

    # Raw HTML in rule text is escaped, not passed through; unsafe links are refused; images
    # are not rendered as images (the page loads nothing), their syntax shows as text.
    md = MarkdownIt("commonmark", {"html": False}).disable("image")
    rendered: str = md.render(text)
    return rendered


def render_html(summary: Summary) -> str:
    import html  # only here: it costs a run that writes other formats 2 ms to import

    e = html.escape
    parts = [
        "<!DOCTYPE html>",
        f'<html lang="{e(summary.language.replace("_", "-"))}">',
        "<head>",
        '<meta charset="utf-8">',
        f'<meta http-equiv="Content-Security-Policy" content="{CSP}">',
        '<meta name="referrer" content="no-referrer">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{e(summary.title)}</title>",
        f"<style>{_CSS}</style>",
        "</head>",
        "<body><main>",
        f"<h1>{e(summary.title)}</h1>",
    ]
    parts.append(f'<p class="disclaimer">{e(summary.disclaimer)}</p>')
    if not summary.items:
        parts.append(f"<p>{e(no_advice())}</p>")
    group = None
    for item in summary.items:
        if item.group != group:
            if group is not None:
                parts.append("</section>")
            group = item.group
            parts.append(
                f'<section class="group" id="group-{e(item.group)}"><h2>{e(item.group_title)}</h2>'
            )
        parts.append(f'<article id="advice-{e(item.id)}"><h3>{e(item.title)}</h3>')
        parts.append(_markdown_to_html(item.body))
        parts += [f'<p class="source">{e(source_cited(ref))}</p>' for ref in item.sources]
        parts.append("</article>")
    if group is not None:
        parts.append("</section>")
    if summary.told:  # folded away: the advice comes first
        told = e(tr("What you told us"))
        parts.append(f'<details class="told"><summary>{told}</summary><ul>')
        parts += [
            f"<li>{e(t.question)} \u2014 <strong>{e(t.answer)}</strong></li>" for t in summary.told
        ]
        parts.append("</ul></details>")
    if summary.sources:
        sources = e(tr("Sources"))
        parts.append(f'<section><h2>{sources}</h2><ol class="sources">')
        for _, title, author, url in summary.sources:
            line = e(title) + (f", {e(author)}" if author else "")
            if url and safe_url(url):
                line += f' (<a href="{e(url)}" rel="noreferrer">{e(url)}</a>)'
            elif url:
                line += f" ({e(url)})"
            parts.append(f"<li>{line}</li>")
        parts.append("</ol></section>")
    parts += ["</main></body>", "</html>", ""]
    return "\n".join(parts)


def summary_data(summary: Summary) -> dict[str, object]:
    return {
        "format": JSON_FORMAT,
        "version": JSON_VERSION,
        "book": {"title": summary.title, "version": summary.version},
        "language": summary.language,
        "disclaimer": summary.disclaimer,
        "answers": summary.answers,
        "situations": list(summary.situations),
        "advice": [
            {
                "id": item.id,
                "title": item.title,
                "group": item.group,
                "group_title": item.group_title,
                "body": item.body,
                "sources": [
                    {
                        "number": ref.number,
                        "title": ref.title,
                        "author": ref.author,
                        "url": ref.url,
                        "section": ref.section,
                        "unheaded": ref.unheaded,
                    }
                    for ref in item.sources
                ],
                "because": list(item.because),
            }
            for item in summary.items
        ],
        "sources": [
            {"number": n, "title": t, "author": a, "url": u} for n, t, a, u in summary.sources
        ],
    }


def render_json(summary: Summary) -> str:
    return json.dumps(summary_data(summary), indent=2, ensure_ascii=False) + "\n"
