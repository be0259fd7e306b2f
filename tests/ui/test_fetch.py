"""Fetching from a loopback server: filling an empty record, reviewing conflicts, stale results, new curations."""
from __future__ import annotations

import threading
import time

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QLineEdit, QPushButton

from ui_support import WAIT, article_html, curation_text, editor, select


def _fetch(qtbot, window, url: str) -> None:
    box = window.findChild(QLineEdit, "fetchUrlEdit")
    box.setFocus()
    box.setText(url)
    qtbot.keyClick(box, Qt.Key.Key_Return)


def test_fetch_fills_an_empty_record_in_one_undo_step(qtbot, window, folder, web):
    url = web.add("/story", article_html("Sensors Cut Falls in Wards", "Wards using bed sensors saw fewer falls."))
    (folder / "empty.md").write_text(f"---\ntitle: ''\ndescription: null\nlink:\n  original: {url}\n---\n",
                                     encoding="utf-8")
    window.folder.refresh()
    qtbot.waitUntil(lambda: window.model.row_of(str(folder / "empty.md")) >= 0, timeout=WAIT)
    session = select(qtbot, window, "empty.md")
    assert window.findChild(QPushButton, "fetchButton") is not None
    _fetch(qtbot, window, "")  # an empty box fetches the record's own source URL
    qtbot.waitUntil(lambda: session.doc.data.get("title") == "Sensors Cut Falls in Wards", timeout=WAIT)
    assert session.doc.data["description"] == "Wards using bed sensors saw fewer falls."
    assert editor(window, "title").text() == "Sensors Cut Falls in Wards"
    assert session.doc.data["link"]["href"] == url
    assert session.undo_stack.count() == 1
    assert not window.pane.review_panel.isVisible()
    window.commands.undo.trigger()
    assert session.doc.data["title"] == "" and session.doc.data["description"] is None


def test_conflicting_fields_are_offered_in_the_review_panel(qtbot, window, web):
    url = web.add("/alpha", article_html("Alpha Hospital Goes Remote", "A different summary."))
    session = select(qtbot, window, "alpha.md")
    _fetch(qtbot, window, url)
    qtbot.waitUntil(lambda: window.pane.review_panel.isVisible(), timeout=WAIT)
    assert session.doc.data["title"] == "Alpha Hospital Adopts Remote Monitoring"  # the curator's value stays
    rows = {window.pane.review_panel.tree.topLevelItem(n).text(0): window.pane.review_panel.tree.topLevelItem(n)
            for n in range(window.pane.review_panel.tree.topLevelItemCount())}
    title_row = next(item for label, item in rows.items() if label.startswith("Title"))
    assert title_row.text(2) == "Alpha Hospital Goes Remote"
    window.pane.review_panel.tree.clearSelection()
    title_row.setSelected(True)
    window.findChild(QPushButton, "reviewAccept").click()
    assert session.doc.data["title"] == "Alpha Hospital Goes Remote"
    assert session.doc.data["featuredImage"]["alt"] == "Alpha Hospital Goes Remote"  # derived, in the same step
    assert all(not c.path == ("title",) for c in session.pending_review)
    remaining = len(session.pending_review)
    assert remaining >= 1
    window.findChild(QPushButton, "reviewAcceptAll").click()
    assert session.doc.data["description"] == "A different summary."
    assert not window.pane.review_panel.isVisible() and not session.pending_review
    window.commands.undo.trigger()
    assert session.doc.data["description"] == "A short summary of the article."
    assert session.doc.data["title"] == "Alpha Hospital Goes Remote"


def test_stale_result_lands_only_in_its_own_record(qtbot, window, web):
    gate = threading.Event()
    url = web.add("/slow", article_html("Slow Page Title", "Slow page summary."), gate=gate)
    alpha = select(qtbot, window, "alpha.md")
    _fetch(qtbot, window, url)
    assert window.fetcher.busy and window.fetch_progress.isVisible()
    beta = select(qtbot, window, "beta.md")
    beta_before = dict(beta.doc.data)
    gate.set()
    qtbot.waitUntil(lambda: not window.fetcher.busy, timeout=WAIT)
    assert window.current is beta and beta.doc.data == beta_before and not beta.is_modified
    assert not window.pane.review_panel.isVisible()
    assert alpha.pending_review  # waiting for the curator in alpha, not shown over beta
    select(qtbot, window, "alpha.md")
    assert window.pane.review_panel.isVisible()


def test_cancelled_fetch_is_dropped_and_the_window_stays_responsive(qtbot, window, web):
    gate = threading.Event()
    url = web.add("/hang", article_html("Never Used", "Never used either."), gate=gate)
    session = select(qtbot, window, "beta.md")
    gaps: list[float] = []
    last = [time.monotonic()]

    def tick():
        now = time.monotonic()
        gaps.append(now - last[0])
        last[0] = now

    timer = QTimer()
    timer.timeout.connect(tick)
    timer.start(10)
    _fetch(qtbot, window, url)
    qtbot.wait(300)
    assert window.commands.cancel.isEnabled()
    window.commands.cancel.trigger()
    assert not window.fetcher.busy and not window.fetch_progress.isVisible()
    gate.set()
    qtbot.wait(200)
    timer.stop()
    assert not session.is_modified and not session.pending_review
    assert max(gaps) < 0.1, f"the event loop stalled for {max(gaps):.3f} s"


def test_fetch_failure_is_reported_without_a_modal_dialog(qtbot, window, web):
    select(qtbot, window, "beta.md")
    _fetch(qtbot, window, web.url("/missing"))
    qtbot.waitUntil(lambda: window.pane.notice_bar.isVisible(), timeout=WAIT)
    assert "404" in window.pane.notice_bar.text or "not found" in window.pane.notice_bar.text.lower()


def test_new_from_url_creates_and_selects_the_file(qtbot, window, folder, web):
    url = web.add("/new-story", article_html("Clinics Try Voice Notes", "Voice notes save clinicians time."))
    window.prompts.ask_url = lambda *args: url
    window.commands.new.trigger()
    qtbot.waitUntil(lambda: window.current is not None and window.current.doc.data.get("title")
                    == "Clinics Try Voice Notes", timeout=WAIT)
    from curator_gui.core.newdoc import file_name_for

    created = folder / file_name_for(url)
    assert created.exists() and window.current.path == str(created)
    assert "title: Clinics Try Voice Notes" in created.read_text(encoding="utf-8")
    assert window.file_panel.current_path() == str(created)
    # the same address again: the existing curation is offered instead of a second file
    offered = []
    window.prompts.open_existing = lambda parent, name, address: offered.append(name) or False
    window.commands.new.trigger()
    assert offered == [created.name]


def test_import_saved_page_fills_the_open_record(qtbot, window, folder, tmp_path):
    page = tmp_path / "saved.html"
    page.write_text(article_html("Saved Page Title", "Saved page summary."), encoding="utf-8")
    (folder / "bare.md").write_text(curation_text("Bare", "https://example.com/bare").replace(
        "description: A short summary of the article.", "description: ''"), encoding="utf-8")
    window.folder.refresh()
    qtbot.waitUntil(lambda: window.model.row_of(str(folder / "bare.md")) >= 0, timeout=WAIT)
    session = select(qtbot, window, "bare.md")
    window.prompts.choose_page_file = lambda *args: str(page)
    window.prompts.ask_url = lambda *args: "https://example.com/bare"
    window.commands.import_page.trigger()
    qtbot.waitUntil(lambda: session.doc.data["description"] == "Saved page summary.", timeout=WAIT)


def test_dropping_a_link_fetches_it_into_the_open_record(qtbot, window, web):
    from PySide6.QtCore import QMimeData, QPointF, QUrl
    from PySide6.QtGui import QDropEvent

    url = web.add("/dropped", article_html("Beta Clinic Reports Lower Readmissions", "Dropped summary."))
    session = select(qtbot, window, "beta.md")
    mime = QMimeData()
    mime.setUrls([QUrl(url)])
    event = QDropEvent(QPointF(10, 10), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                       Qt.KeyboardModifier.NoModifier)
    window.dropEvent(event)
    assert window.findChild(QLineEdit, "fetchUrlEdit").text() == url
    qtbot.waitUntil(lambda: not window.fetcher.busy, timeout=WAIT)
    assert "/dropped" in web.hits
    assert any(c.path == ("description",) for c in session.pending_review)


def test_fetch_button_turns_into_cancel_while_waiting(qtbot, window, web):
    gate = threading.Event()
    url = web.add("/wait", article_html("Waiting", "Waiting."), gate=gate)
    select(qtbot, window, "alpha.md")
    _fetch(qtbot, window, url)
    button = window.findChild(QPushButton, "fetchButton")
    assert button.text() == "Cancel"
    button.click()
    assert not window.fetcher.busy and button.text() == "Fetch"
    gate.set()
