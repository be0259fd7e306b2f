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
from ui_support import WindowParts, curation_text, wait_ready


@pytest.fixture(autouse=True)
def _git_names_the_curator(monkeypatch):
    """git's user.name names the curator (as on a curator's own machine), so a new curation never stops to ask;
    the test of that question empties it."""
    import os

    Path(os.environ["GIT_CONFIG_GLOBAL"]).write_text("[user]\n\tname = Casey Curator\n", encoding="utf-8")


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


@pytest.fixture
def parts(qtbot):
    """The window's parts assembled without the window (see :class:`ui_support.WindowParts`)."""
    built = WindowParts()
    yield built
    built.close()


@dataclass
class Page:
    body: bytes
    status: int = 200
    content_type: str = "text/html; charset=utf-8"
    gate: threading.Event | None = None  # the answer waits until the test sets it
    cut_after: int | None = None  # send only this many bytes of the body, then close the connection


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
            self.wfile.write(page.body if page.cut_after is None else page.body[:page.cut_after])
            if page.cut_after is not None:
                self.wfile.flush()
                self.close_connection = True

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
