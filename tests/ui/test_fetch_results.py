"""What a fetch result says: a page cut off after its head, a page without metadata, a saved page imported
from an address with credentials, a saved "page" that is not a regular file."""
from __future__ import annotations

import os

from ui_support import WAIT, article_html, curation_text, select


def _bare_record(folder, name: str, url: str) -> None:
    """A record with an empty title and description whose source is ``url``."""
    text = curation_text("Bare", url).replace("title: Bare\n", "title: ''\n").replace(
        "description: A short summary of the article.", "description: ''")
    (folder / name).write_text(text, encoding="utf-8")


def _open(qtbot, open_window, folder, name):
    window = open_window(folder)
    return window, select(qtbot, window, name)


def test_a_page_cut_off_after_its_head_is_used_and_said_to_be_partial(qtbot, open_window, folder, web):
    head = ('<!doctype html><html><head><title>Cut Short Story</title><meta name="description" '
            'content="Only the head of this page arrived."></head><body><p>')
    url = web.add("/cut", head + "more text " * 2000 + "</p></body></html>", cut_after=len(head))
    _bare_record(folder, "bare.md", url)
    window, session = _open(qtbot, open_window, folder, "bare.md")
    window.fetching.fetch_url(url)
    qtbot.waitUntil(lambda: session.doc.data["title"] == "Cut Short Story", timeout=WAIT)
    bar = window.pane.notice_bar
    assert bar.isVisible() and "Only part of the page arrived" in bar.text
    assert "from part of the page" in window.statusBar().currentMessage()


def test_a_page_without_metadata_is_never_reported_as_fields_filled(qtbot, open_window, folder, web):
    url = web.add("/empty", "<!doctype html><html><head></head><body></body></html>")
    (folder / "bare.md").write_text("---\ntitle: ''\nlink:\n  original: ''\n---\n", encoding="utf-8")
    window, session = _open(qtbot, open_window, folder, "bare.md")
    window.fetching.fetch_url(url)
    qtbot.waitUntil(lambda: not window.fetcher.busy, timeout=WAIT)
    message = window.statusBar().currentMessage()
    assert "no title, description or other metadata" in message and "filled" not in message
    assert session.doc.data["link"]["original"] == url  # the address itself is recorded


def test_importing_a_saved_page_drops_credentials_from_its_address(qtbot, open_window, folder, tmp_path):
    page = tmp_path / "saved.html"
    page.write_text(article_html("Saved Page Title", "Saved page summary.", image="/lead.jpg"), encoding="utf-8")
    _bare_record(folder, "bare.md", "https://example.com/bare")
    window, session = _open(qtbot, open_window, folder, "bare.md")
    window.prompts.choose_page_file = lambda *args: str(page)
    window.prompts.ask_url = lambda *args: "https://reader:s3cret@example.com/bare"
    window.commands.import_page.trigger()
    qtbot.waitUntil(lambda: session.doc.data["title"] == "Saved Page Title", timeout=WAIT)
    assert "s3cret" not in repr(session.doc.data) and "reader@" not in repr(session.doc.data)
    assert session.doc.data["featuredImage"]["href"] == "https://example.com/lead.jpg"


def test_a_saved_page_that_is_a_pipe_is_refused_without_waiting(qtbot, open_window, folder, tmp_path):
    pipe = tmp_path / "page.html"
    os.mkfifo(pipe)
    window, _session = _open(qtbot, open_window, folder, "beta.md")
    window.prompts.choose_page_file = lambda *args: str(pipe)
    window.prompts.ask_url = lambda *args: "https://www.beta-health.example.com/story"
    window.commands.import_page.trigger()
    qtbot.waitUntil(lambda: window.pane.notice_bar.isVisible(), timeout=WAIT)
    assert "not a regular file" in window.pane.notice_bar.text
