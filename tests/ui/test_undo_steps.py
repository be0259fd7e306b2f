"""Undo steps: each structural edit of a table or a topic list is its own step; typing in one field merges."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLineEdit

from ui_support import editor, select


def _labels(session) -> list[str]:
    return [o["label"] for o in session.doc.data["relatedOfferings"]]


def test_each_offerings_edit_is_one_undo_step(qtbot, window):
    session = select(qtbot, window, "beta.md")
    offerings = window.pane.form.editors["relatedOfferings"]
    table = editor(window, "relatedOfferings")
    model = table.model()
    table.setCurrentIndex(model.index(0, 0))
    offerings.add_row()  # a row below the current one, its label cell opened for typing
    cell = QApplication.focusWidget()
    assert isinstance(cell, QLineEdit)
    qtbot.keyClicks(cell, "Second Offering")  # typing in one cell is one step
    qtbot.keyClick(cell, Qt.Key.Key_Return)  # the cell's editor commits and closes a moment later
    qtbot.waitUntil(lambda: session.doc.data["relatedOfferings"][1]["label"] == "Second Offering", timeout=2000)
    assert model.setData(model.index(1, 1), "/offering/second-offering")
    table.setCurrentIndex(model.index(1, 0))
    offerings.move_row(-1)
    assert _labels(session) == ["Second Offering", "Remote Monitoring Suite"]
    table.setCurrentIndex(model.index(1, 0))
    offerings.remove_row()
    assert _labels(session) == ["Second Offering"]
    assert session.undo_stack.count() == 5  # add, label, permalink, move, remove
    window.commands.undo.trigger()  # the removal only
    assert _labels(session) == ["Second Offering", "Remote Monitoring Suite"]
    window.commands.undo.trigger()  # the move only
    assert _labels(session) == ["Remote Monitoring Suite", "Second Offering"]
    window.commands.undo.trigger()  # the permalink only
    assert session.doc.data["relatedOfferings"][1]["permalink"] == ""
    assert session.doc.data["relatedOfferings"][1]["label"] == "Second Offering"
    window.commands.undo.trigger()  # the label only
    assert _labels(session) == ["Remote Monitoring Suite", ""]
    window.commands.undo.trigger()  # the new row
    assert _labels(session) == ["Remote Monitoring Suite"] and not session.is_modified
    assert session.undo_stack.undoText() == ""


def test_each_topic_and_page_tag_added_or_removed_is_one_step(qtbot, window):
    session = select(qtbot, window, "beta.md")
    box = window.findChild(QLineEdit, "categories.input")
    box.setFocus()
    for topic in ("Symplur: Wearables", "Symplur: Sleep"):
        qtbot.keyClicks(box, topic)
        qtbot.keyClick(box, Qt.Key.Key_Return)
    window.pane.form.editors["categories"].remove(0)
    og = window.pane.form.editors["openGraphMetaData"]
    og.add_row()
    assert session.undo_stack.count() == 4
    window.commands.undo.trigger()
    assert "name" not in session.doc.data["openGraphMetaData"]
    window.commands.undo.trigger()
    assert session.doc.data["categories"][0] == "Healthcare IT News: Population Health"
    window.commands.undo.trigger()
    assert session.doc.data["categories"][-1] == "Symplur: Wearables"


def test_typing_into_a_field_after_a_table_edit_starts_a_new_step(qtbot, window):
    session = select(qtbot, window, "beta.md")
    model = editor(window, "relatedOfferings").model()
    assert model.setData(model.index(0, 0), "Renamed Suite")
    title = editor(window, "title")
    title.setFocus()
    title.end(False)
    qtbot.keyClicks(title, " today")
    assert session.undo_stack.count() == 2
    window.commands.undo.trigger()
    assert not session.doc.data["title"].endswith("today") and _labels(session) == ["Renamed Suite"]
