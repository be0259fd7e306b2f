"""The fetch flow alone (with the parts it drives, without the window): the URL box, results into the open
record or a new curation, progress, failure and review, against a real loopback server."""
from __future__ import annotations

import threading

import pytest
from PySide6.QtCore import Qt

from ui_support import WAIT, article_html

from curator_gui.core.newdoc import file_name_for
from curator_gui.ui.fetch import FetchController
from curator_gui.ui.fetch_flow import FetchFlow, make_url_box
from curator_gui.ui.progress import ProgressArea
from curator_gui.ui.tasks import TaskRunner


@pytest.fixture
def flow(qtbot, parts, folder):
    runner = TaskRunner(parts.host)
    fetcher = FetchController(runner, parts.host)
    edit, button = make_url_box(parts.host)
    progress = ProgressArea("fetchProgress", "Cancel", parts.host)
    built = FetchFlow(fetcher, parts.navigator, parts.saving, parts.folder, parts.pane, edit, button, progress,
                      parts.prompts, parts.host)
    built.announced.connect(lambda text, _ms: parts.announced.append(text))
    edit.show()
    button.show()
    parts.open(qtbot, folder)
    yield built
    fetcher.cancel()
    runner.shutdown(1000)


def _enter(qtbot, flow, url: str) -> None:
    flow.url_edit.setFocus()
    flow.url_edit.setText(url)
    qtbot.keyClick(flow.url_edit, Qt.Key.Key_Return)


def test_enter_fetches_into_the_open_record_and_offers_what_differs(qtbot, parts, flow, web):
    url = web.add("/alpha", article_html("Alpha Hospital Goes Remote", "A different summary."))
    session = parts.select(qtbot, "alpha.md")
    _enter(qtbot, flow, url)
    assert flow.busy and flow.button.text() == "Cancel" and flow.progress.isVisible()
    qtbot.waitUntil(lambda: not flow.busy, timeout=WAIT)
    assert flow.button.text() == "Fetch" and not flow.progress.isVisible()
    assert session.doc.data["title"] == "Alpha Hospital Adopts Remote Monitoring"  # the curator's value stays
    assert parts.pane.review_panel.isVisible()
    assert parts.announced[-1].startswith("Fetched: ") and "to review" in parts.announced[-1]
    assert flow.url_edit.text() == url  # the box keeps what is being typed while it has the focus
    parts.pane.review_panel.accept_all_button.click()
    assert session.doc.data["title"] == "Alpha Hospital Goes Remote" and not parts.pane.review_panel.isVisible()


def test_keep_mine_closes_the_review(qtbot, parts, flow, web):
    url = web.add("/alpha", article_html("Alpha Hospital Goes Remote", "A different summary."))
    session = parts.select(qtbot, "alpha.md")
    flow.fetch_url(url)
    qtbot.waitUntil(lambda: parts.pane.review_panel.isVisible(), timeout=WAIT)
    parts.pane.review_panel.dismiss_button.click()
    assert not session.pending_review and not parts.pane.review_panel.isVisible()
    assert session.doc.data["description"] == "A short summary of the article."


def test_what_cannot_be_fetched_is_said_without_a_dialog(qtbot, parts, flow, web):
    flow.fetch()  # no address and no record open
    assert parts.announced[-1] == "Paste the address of a page into the URL box first"
    assert flow.url_edit.hasFocus()
    _enter(qtbot, flow, "ftp://example.org/file")
    assert parts.announced[-1] == "Not a web address (http:// or https://): ftp://example.org/file"
    parts.select(qtbot, "beta.md")
    _enter(qtbot, flow, web.url("/missing"))
    qtbot.waitUntil(lambda: parts.pane.notice_bar.isVisible(), timeout=WAIT)
    assert parts.pane.notice_bar.text.startswith("Fetch failed:")
    assert set(parts.pane.notice_bar.buttons) == {"Import Saved Page…", "Dismiss"}


def test_without_an_open_record_a_new_curation_is_made_or_the_existing_one_offered(qtbot, parts, flow, folder,
                                                                                    web):
    url = web.add("/voice", article_html("Clinics Try Voice Notes", "Voice notes save clinicians time."))
    _enter(qtbot, flow, url)
    created = folder / file_name_for(url)
    qtbot.waitUntil(lambda: parts.records.current is not None and parts.records.current.path == str(created),
                    timeout=WAIT)
    assert "title: Clinics Try Voice Notes" in created.read_text(encoding="utf-8")
    assert parts.panel.current_path() == str(created) and flow.url_edit.text() == ""
    assert parts.announced[-1].startswith(f"Created and saved “Clinics Try Voice Notes” ({created.name})")
    assert "then save" not in parts.announced[-1]  # the file is written already
    assert flow.existing_for(url) == str(created)
    offered: list[str] = []
    parts.prompts.open_existing = lambda parent, name, address: offered.append(name) or False
    parts.prompts.ask_url = lambda *args: url
    flow.new_from_url()
    assert offered == [created.name] and not flow.busy


def test_cancel_drops_the_result(qtbot, parts, flow, web):
    gate = threading.Event()
    url = web.add("/slow", article_html("Never Used", "Never used."), gate=gate)
    session = parts.select(qtbot, "beta.md")
    flow.fetch_url(url)
    flow.button.click()  # reads "Cancel" while the page is on its way
    assert not flow.busy and flow.button.text() == "Fetch"
    gate.set()
    qtbot.wait(200)
    assert not session.is_modified and not session.pending_review
