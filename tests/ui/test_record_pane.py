"""The record pane alone: what it shows of a record, an unreadable file, a plain article, and no record."""
from __future__ import annotations

import pytest
from PySide6.QtGui import QUndoGroup
from PySide6.QtWidgets import QWidget

from curator_gui.core.document import Document
from curator_gui.core.merge import plan_merge
from curator_gui.core.validate import validate_document
from curator_gui.ui.record_pane import FORM, PLACEHOLDER, RAW, RecordPane
from curator_gui.ui.records import RecordStore


@pytest.fixture
def pane(qtbot, folder):
    host = QWidget()
    records = RecordStore(validate_document, QUndoGroup(host), host)
    built = RecordPane(records, host)
    built.set_root(str(folder))
    built.resize(900, 700)
    host.show()
    yield built
    host.deleteLater()


def _open(pane, path):
    session = pane.records.add(Document.load(path))
    pane.records.make_current(session)
    pane.show_session(session)
    return session


def test_a_record_shows_its_form_header_and_problems(qtbot, pane, folder):
    shown: list = []
    pane.shown.connect(shown.append)
    session = _open(pane, folder / "gamma.md")
    assert pane.stack.currentIndex() == FORM and pane.form.session is session
    assert pane.header.text().startswith("<b>Gamma Insurer Expands Coverage</b>")
    assert "gamma.md in curations" in pane.header.text()
    assert pane.problem_title.text().startswith("&Problems (1 error")
    assert shown == [session]
    session.edit(("relatedOfferings", 0, "permalink"), "/offering/claims-helper")  # the form follows the record
    assert pane.problem_title.text() == "&Problems"
    pane.show_placeholder()
    assert pane.stack.currentIndex() == PLACEHOLDER and shown[-1] is None and pane.header.text() == ""


def test_an_unreadable_file_shows_its_text_and_a_problem_goes_to_its_line(qtbot, pane, folder):
    _open(pane, folder / "broken.md")
    assert pane.stack.currentIndex() == RAW and "— read-only" in pane.header.text()
    pane.problem_list.itemActivated.emit(pane.problem_list.topLevelItem(0), 0)
    assert pane.raw_view.text.textCursor().blockNumber() == 5  # line 6


def test_a_plain_article_is_offered_to_become_a_curation(qtbot, pane, folder):
    announced: list[str] = []
    pane.announced.connect(lambda text, _ms: announced.append(text))
    session = _open(pane, folder / "plain.md")
    assert pane.article_bar.isVisible()
    pane.article_bar.buttons["Make It a Curation"].click()
    assert session.doc.data["title"] == "Why Clinics Share Data" and not pane.article_bar.isVisible()
    assert announced == ["Front matter added; fill in the source URL and topics, then save"]


def test_fetched_values_under_review_get_room(qtbot, pane, folder):
    session = _open(pane, folder / "alpha.md")
    plan = plan_merge(session.doc.data, {"title": "Another Title", "description": "Another summary."})
    session.pending_review = plan.conflicts
    session.review_source = "https://news.example.org/alpha"
    before = pane.splitter.sizes()[1]
    pane.show_review(session)
    assert pane.review_panel.isVisible() and pane.review_panel.tree.topLevelItemCount() == 2
    assert pane.splitter.sizes()[1] > before
    pane.show_review(None)
    assert not pane.review_panel.isVisible()
