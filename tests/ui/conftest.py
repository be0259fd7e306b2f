"""Fixtures for the window tests: a folder of real curation files, the window on it, and a loopback web server.

Everything runs offscreen with real widgets, real files in a temp dir and a real HTTP server on 127.0.0.1
(nothing beyond loopback). Settings and the index cache are per test (see tests/conftest.py).
"""
from __future__ import annotations

import http.server
import threading
from dataclasses import dataclass, field
from pathlib import Path

import pytest

WAIT = 10_000  # ms: generous for a loaded CI machine; waits end as soon as their condition holds


DEFAULT_OFFERINGS = """  - label: Remote Monitoring Suite
    permalink: /offering/remote-monitoring-suite
    categories:
      - 'Healthcare IT News: Telehealth'
    offeringId: 101"""


def curation_text(title: str, href: str, *, description: str = "A short summary of the article.",
                  categories: tuple[str, ...] = ("Healthcare IT News: Telehealth",), date: str = "2024-03-05",
                  offerings: str = "", extra: str = "") -> str:
    """A curation in the newest files' dialect (fixed key order, indented lists, explicit nulls)."""
    slug_lines = "\n".join(f"  - '{c.lower()}'" for c in categories)
    label_lines = "\n".join(f"  - {c.split(': ', 1)[1]}" for c in categories)
    category_lines = "\n".join(f"  - '{c}'" for c in categories)
    url_lines = "\n".join("  - topic/" + "-".join("".join(ch if ch.isalnum() else " " for ch in c.lower()).split())
                          for c in categories)
    brand = href.split("/")[2].removeprefix("www.")
    return f"""---
aliases: /news/sample
archetype: curated-content
author:
  - Dana Reviewer
breadcrumbs:
  - Home
  - News
  - {title}
categories:
{category_lines}
categorySlug:
{slug_lines}
categoryUrl:
{url_lines}
categoryLabel:
{label_lines}
date: '{date}'
description: {description}
featuredImage:
  alt: {title}
  href: null
id: 4242
lastMod: '2024-03-05T10:00:00.000000Z'
link:
  brand: {brand}
  href: {href}
  original: {href}
openGraphMetaData:
  ogtitle: {title}
  ogsite_name: null
title: {title}
relatedOfferings:
{offerings or DEFAULT_OFFERINGS}
{extra}---
<p>Body of {title}.</p>
"""


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """Three curations, one that cannot be parsed, and a plain article without front matter."""
    root = tmp_path / "curations"
    root.mkdir()
    (root / "alpha.md").write_text(curation_text(
        "Alpha Hospital Adopts Remote Monitoring", "https://news.example.org/alpha",
        categories=("Healthcare IT News: Telehealth", "Symplur: Patient Care")), encoding="utf-8")
    (root / "beta.md").write_text(curation_text(
        "Beta Clinic Reports Lower Readmissions", "https://www.beta-health.example.com/story",
        date="2024-01-10", categories=("Healthcare IT News: Population Health",)), encoding="utf-8")
    (root / "gamma.md").write_text(curation_text(
        "Gamma Insurer Expands Coverage", "https://gamma.example.net/coverage", date="2023-11-20",
        offerings="  - label: Claims Helper\n    permalink: not-a-permalink\n    categories: []\n"
                  "    offeringId: 7", extra="owlType: news-item\n"), encoding="utf-8")
    (root / "broken.md").write_text("---\ntitle: Broken\ndescription: \"never closed\nlink:\n  href: x\n---\n"
                                    "<p>text</p>\n", encoding="utf-8")
    (root / "plain.md").write_text("Why Clinics Share Data\n\nClinics that share records see fewer repeated "
                                   "tests, a study finds.\n\nMore text follows here.\n", encoding="utf-8")
    return root


def wait_ready(qtbot, window) -> None:
    """Until the folder is listed and every file read."""
    qtbot.waitUntil(lambda: window.listed and not window.index.scanning, timeout=WAIT)
    window.model.flush()


@pytest.fixture
def open_window(qtbot):
    """A factory: the real window on a folder (or file), shut down and closed after the test."""
    from curator_gui.app import build_window

    windows = []

    def make(path, ready: bool = True):
        window = build_window(None if path is None else str(path))
        windows.append(window)
        window.resize(1280, 800)
        window.show()
        if ready:
            wait_ready(qtbot, window)
        return window

    yield make
    for window in windows:
        window.shutdown()  # no close prompt: the test decides about unsaved edits itself
        window.close()
        window.deleteLater()


@pytest.fixture
def window(open_window, folder):
    return open_window(folder)


def select(qtbot, window, name: str):
    """Open the record of ``name`` through the file list, as a click would."""
    path = str(window.root) + "/" + name
    assert window.file_panel.select_path(path)
    qtbot.waitUntil(lambda: window.current is not None and window.current.path == path, timeout=WAIT)
    return window.current


def editor(window, key: str):
    """The input widget of a field, found by the name tests and assistive technology rely on."""
    from PySide6.QtWidgets import QWidget

    found = window.findChild(QWidget, key)
    assert found is not None, key
    return found


# --- a real web server on 127.0.0.1 -------------------------------------------------------------------------

@dataclass
class Page:
    body: bytes
    status: int = 200
    content_type: str = "text/html; charset=utf-8"
    gate: threading.Event | None = None  # the answer waits until the test sets it


@dataclass
class LoopbackServer:
    base: str
    pages: dict[str, Page] = field(default_factory=dict)
    hits: list[str] = field(default_factory=list)

    def url(self, path: str) -> str:
        return self.base + path

    def add(self, path: str, html: str, **options) -> str:
        self.pages[path] = Page(html.encode("utf-8"), **options)
        return self.url(path)


def article_html(title: str, description: str, *, image: str = "/img/lead.jpg", site: str = "Example News") -> str:
    return f"""<!doctype html><html><head><meta charset="utf-8">
<title>{title} | {site}</title>
<meta property="og:title" content="{title}">
<meta property="og:description" content="{description}">
<meta property="og:image" content="{image}">
<meta property="og:site_name" content="{site}">
<meta name="twitter:card" content="summary_large_image">
<meta name="author" content="Sam Writer">
<link rel="icon" href="/favicon.ico">
</head><body><article><h1>{title}</h1><p>{description}</p></article></body></html>"""


@pytest.fixture
def web():
    """A threaded HTTP server on 127.0.0.1 serving the pages a test adds (gated pages wait for the test)."""
    state = LoopbackServer("")
    stopping = threading.Event()

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 - http.server's name
            state.hits.append(self.path)
            page = state.pages.get(self.path)
            if page is None:
                self.send_error(404)
                return
            if page.gate is not None:
                while not page.gate.wait(0.05) and not stopping.is_set():
                    pass
            self.send_response(page.status)
            self.send_header("Content-Type", page.content_type)
            self.send_header("Content-Length", str(len(page.body)))
            self.end_headers()
            self.wfile.write(page.body)

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    state.base = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield state
    stopping.set()
    for page in state.pages.values():
        if page.gate is not None:
            page.gate.set()
    server.shutdown()
    server.server_close()
