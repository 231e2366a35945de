"""A rule book cannot make the summary send answers anywhere (issue 14, finding 1, and the
Low findings on Markdown): answers are escaped before they meet Markdown and never land in a
URL; the HTML page forbids every remote load; Markdown output carries no raw HTML, remote
image or javascript: link."""

from __future__ import annotations

import http.server
import re
import shutil
import subprocess
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import ClassVar

import pytest

from mendpath.book.validate import load_valid_book
from mendpath.cli.main import main
from mendpath.logic.summary import summarise
from mendpath.render.formats import CSP, render_html, render_markdown, safe_markdown

BOOK = """\
book: {{title: Leaky, version: "1", start: name, disclaimer: General tips only.}}
groups: [{{id: g, title: Group}}]
placeholders:
  - {{id: partner, default: them, from: [{{answer: name}}]}}
  - {{id: fear, default: unknown, from: [{{answer: afraid, values: {{"yes": FEARFUL, "no": CALM}}}}]}}
sources: [{{id: s, title: Source, url: "{base}/source", sections: [{{id: a, title: A}}]}}]
questions:
  - {{id: name, text: Their name?, kind: text, next: afraid}}
  - {{id: afraid, text: Are you afraid?, kind: yes_no, next: end}}
advice:
  - id: one
    title: For {{partner}}
    body: |
      Dear {{partner}}.
      ![](<{base}/angle?name={{partner}}&afraid={{fear}}>)
      ![x]({base}/inline?name={{partner}}&afraid={{fear}})
      ![y][ref]
      <img src="{base}/raw-img?n={{partner}}">
      <iframe src="{base}/frame"></iframe>
      <link rel="stylesheet" href="{base}/style.css">
      [click]({base}/link?name={{partner}}) and <{base}/auto?n={{partner}}> and {base}/bare?n={{partner}}
      [js](javascript:alert(1))

      [ref]: {base}/ref?name={{partner}}
    group: g
    cite: [{{source: s, section: a}}]
"""

TYPED = "Sam ![t](http://127.0.0.1:9/typed) <img src=http://127.0.0.1:9/typed2> [l](javascript:x)"


class Listener(http.server.BaseHTTPRequestHandler):
    hits: ClassVar[list[str]] = []

    def do_GET(self) -> None:
        Listener.hits.append(self.path)
        self.send_response(200)
        self.end_headers()

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture
def server() -> Iterator[str]:
    """A server on 127.0.0.1 that records every request; loopback only."""
    Listener.hits = []
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Listener)
    # (polled often, so that shutting it down does not wait half a second)
    thread = threading.Thread(target=httpd.serve_forever, args=(0.02,), daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()


def leaky_book(folder: Path, base: str) -> Path:
    folder.mkdir()
    (folder / "book.yaml").write_text(BOOK.format(base=base))
    return folder


def html_for(tmp_path: Path, base: str) -> Path:
    book = leaky_book(tmp_path / "book", base)
    out = tmp_path / "summary.html"
    args = ["ask", "--rules", str(book), "--answer", f"name={TYPED}", "--answer", "afraid=yes"]
    assert main([*args, "--format", "html", "--output", str(out)]) == 0
    return out


def test_answers_never_land_in_a_url(tmp_path: Path, server: str) -> None:
    page = html_for(tmp_path, server).read_text()
    assert f'<meta http-equiv="Content-Security-Policy" content="{CSP}">' in page
    assert "default-src 'none'" in CSP
    assert "<img" not in page
    assert "<iframe" not in page
    assert "<link rel" not in page
    assert 'href="javascript' not in page
    hrefs = re.findall(r'(?:href|src)="([^"]*)"', page)
    assert hrefs
    assert [h for h in hrefs if "Sam" in h or "FEARFUL" in h] == []


def test_opening_the_page_sends_nothing(tmp_path: Path, server: str) -> None:
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None:
        pytest.skip("chromium is not installed")
    out = html_for(tmp_path, server)
    profile = tmp_path / "profile"
    done = subprocess.run(
        [
            chromium,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--no-first-run",
            f"--user-data-dir={profile}",
            "--virtual-time-budget=3000",
            "--dump-dom",
            out.as_uri(),
        ],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert "Dear Sam" in done.stdout, done.stderr[-2000:]  # the page did render
    assert Listener.hits == []


def test_the_listener_does_hear_an_unprotected_page(tmp_path: Path, server: str) -> None:
    """The leak test can fail: the same headless Chromium fetches an image from a page
    without the policy."""
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None:
        pytest.skip("chromium is not installed")
    page = tmp_path / "plain.html"
    page.write_text(f'<!DOCTYPE html><p>hello</p><img src="{server}/control">')
    subprocess.run(
        [
            chromium,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--no-first-run",
            f"--user-data-dir={tmp_path / 'profile'}",
            "--virtual-time-budget=3000",
            "--dump-dom",
            page.as_uri(),
        ],
        capture_output=True,
        timeout=60,
        check=False,
    )
    assert Listener.hits == ["/control"]


def test_markdown_carries_no_html_no_image_no_answer_in_a_url(tmp_path: Path) -> None:
    base = "http://127.0.0.1:9"
    book = load_valid_book([leaky_book(tmp_path / "book", base)])
    text = render_markdown(summarise(book, {"name": TYPED, "afraid": "yes"}))
    body = text.split("### For")[1]
    unescaped = re.compile(r"(?<!\\)<(img|iframe|link)")
    assert unescaped.findall(body) == []
    assert "&lt;img" in body
    assert re.findall(r"(?<!\\)\]\(javascript:", body) == []
    assert "\\![" in body  # images become links, not images
    for marker in ("angle?", "inline?", "link?", "auto?", "bare?", "ref?"):
        after = body.split(marker)[1].split()[0]
        assert "Sam" not in after, (marker, after)
        assert "FEARFUL" not in after, (marker, after)
    # the typed answer shows literally
    assert "Sam \\!\\[t\\](http://127.0.0.1:9/typed) \\<img" in body


def test_a_newline_in_a_title_cannot_inject_a_heading(tmp_path: Path) -> None:
    book = load_valid_book([leaky_book(tmp_path / "book", "http://127.0.0.1:9")])
    summary = summarise(book, {"name": "A\n# Injected", "afraid": "no"})
    assert "\n# Injected" not in render_markdown(summary)
    assert "<h1>" not in render_html(summary).split("</h1>", 1)[1]


def test_safe_markdown_keeps_ordinary_links() -> None:
    text = "See [the guide](https://example.org/a) or <https://example.org/b>, mail <mailto:a@b>."
    assert safe_markdown(text) == text
