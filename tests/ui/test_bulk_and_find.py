"""Several files at once: the bulk form for a selection (common values, "multiple values", items with their
counts), Find in Files with a regular expression (errors at the field, results opening their field, replace one,
selected, all), and the guarantees of every change: unsaved records asked about, a file changed on disk meanwhile
skipped and named, a cancelled run leaving each file whole, untouched files keeping their mtime."""
from __future__ import annotations

import fcntl
import os

import pytest
from PySide6.QtCore import QItemSelectionModel, Qt
from batch_window import TELE, make_folder, run_previewed, snapshot, wait_idle
from ui_support import WAIT, editor, select

from curator_gui.ui import prompts as answers


@pytest.fixture
def shapes(tmp_path):
    return make_folder(tmp_path / "shapes")


def _select(qtbot, window, names: list[str]) -> None:
    """Select the rows of ``names`` in the list, as Ctrl+click would."""
    panel = window.file_panel
    select(qtbot, window, names[0])
    flags = QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows
    for name in names[1:]:
        number = window.model.row_of(os.path.join(window.root, name))
        panel.view.selectionModel().select(panel.proxy.mapFromSource(window.model.index(number, 2)), flags)


def test_bulk_form_edits_three_files_together(qtbot, open_window, shapes):
    window = open_window(shapes)
    before = snapshot(shapes)
    _select(qtbot, window, ["newer.md", "older.md", "other.md"])
    bulk = window.edits.bulk
    qtbot.waitUntil(lambda: window.edits.bulk_editing.shown and bulk.selection is not None, timeout=WAIT)
    assert "3 files selected" in window.pane.header.text()
    assert not window.commands.save_as.isEnabled()
    title = bulk.texts["title"]
    assert title.text() == "" and title.placeholderText() == "multiple values"
    topics = bulk.lists["topics"]
    shown = {topics.item(n).text(): topics.item(n).checkState() for n in range(topics.count())}
    assert shown[f"{TELE}  (2 of 3)"] == Qt.CheckState.PartiallyChecked
    assert shown["HIMSS: Interoperability  (1 of 3)"] == Qt.CheckState.PartiallyChecked
    assert not window.commands.save.isEnabled()  # nothing changed yet

    qtbot.keyClicks(bulk.texts["archetype"], "bookmark")
    for n in range(topics.count()):
        if topics.item(n).text().startswith(TELE):
            topics.item(n).setCheckState(Qt.CheckState.Unchecked)
    topics.setFixedHeight(48)  # room for two items: the one added must be scrolled into view
    qtbot.keyClicks(bulk.adders["topics"], "KLAS: #Ratings")
    qtbot.keyClick(bulk.adders["topics"], Qt.Key.Key_Return)
    added = topics.item(topics.count() - 1)
    assert added.text() == "KLAS: #Ratings  (new)" and added.checkState() == Qt.CheckState.Checked
    assert topics.viewport().rect().contains(topics.visualItemRect(added))
    assert window.commands.save.isEnabled()
    rows = run_previewed(qtbot, window, window.commands.save.trigger)
    assert len(rows) == 3
    older = (shapes / "older.md").read_text()
    assert "archetype: bookmark" in older and "-hash-telehealth" not in older and "- 'KLAS: -hash-Ratings'" in older
    other = (shapes / "other.md").read_text()
    assert "archetype: bookmark" in other and "  - 'KLAS: #Ratings'" in other
    assert "title: Insurers Publish Prices" in other  # a field left alone stays each file's own
    after = snapshot(shapes)
    assert after["newer-crlf-bom.md"] == before["newer-crlf-bom.md"]  # not selected: not even rewritten
    qtbot.waitUntil(lambda: bulk.selection is not None and bulk.texts["archetype"].text() == "bookmark",
                    timeout=WAIT)  # read again after the change

    select(qtbot, window, "other.md")  # one file: its own form again
    qtbot.waitUntil(lambda: not window.edits.bulk_editing.shown, timeout=WAIT)
    assert window.pane.showing_record and window.commands.save.isEnabled()


def test_find_and_replace_with_a_regular_expression(qtbot, open_window, shapes):
    window = open_window(shapes)
    window.commands.find_in_files.trigger()
    find = window.edits.find
    assert find.isVisible() and find.find_edit.hasFocus()
    find.regex_box.setChecked(True)
    find.find_edit.setText("Try (Video|Quieter")
    assert not find.search() and find.find_error.isVisible()
    assert "not valid" in find.find_error.text() and find.find_edit.property("problem") == "error"
    find.find_edit.setText(r"Try (Video|Quieter)")
    find.replace_edit.setText(r"\2")
    assert not find.search() and "replacement is not valid" in find.replace_error.text()
    find.replace_edit.setText(r"Test \1")
    qtbot.keyClick(find.find_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: find.job is None and find.results.topLevelItemCount() > 0, timeout=WAIT)
    assert not find.find_error.isVisible()
    matches = [find.results.topLevelItem(n).data(2, Qt.ItemDataRole.UserRole + 1)
               for n in range(find.results.topLevelItemCount())]
    assert sorted((os.path.basename(m.path), m.field) for m in matches) == [
        ("newer.md", "body"), ("newer.md", "title"), ("older.md", "body"), ("older.md", "title")]

    title_item = next(find.results.topLevelItem(n) for n in range(find.results.topLevelItemCount())
                      if matches[n].field == "title" and matches[n].path.endswith("newer.md"))
    find.results.itemActivated.emit(title_item, 0)  # Enter or double-click: the file opens at the field
    qtbot.waitUntil(lambda: window.current is not None and window.current.path.endswith("newer.md"), timeout=WAIT)
    assert editor(window, "title").hasFocus()

    find.results.setCurrentItem(title_item)
    run_previewed(qtbot, window, find.replace_current)
    assert "title: Clinics Test Video Visits" in (shapes / "newer.md").read_text()
    assert "Try Quieter" in (shapes / "older.md").read_text()  # only the one chosen
    qtbot.waitUntil(lambda: find.job is None and find.searched is not None
                    and all(not m.path.endswith("newer.md") or m.field != "title"
                            for m in find.result.matches), timeout=WAIT)  # searched again
    rows = run_previewed(qtbot, window, find.replace_all)
    assert sorted(os.path.basename(row.path) for row in rows) == ["newer.md", "older.md"]
    assert "title: Night Nurses Test Quieter Alarms" in (shapes / "older.md").read_text()
    assert "<p>Body of Clinics Test Video Visits.</p>" in (shapes / "newer.md").read_text()
    window.commands.undo_batch.trigger()
    wait_idle(qtbot, window)
    assert "title: Night Nurses Try Quieter Alarms" in (shapes / "older.md").read_text()


def test_unsaved_records_are_asked_about_and_a_file_changed_meanwhile_is_skipped(qtbot, open_window, shapes):
    window = open_window(shapes)
    session = select(qtbot, window, "newer.md")
    session.edit(("description",), "Edited in the window, not saved.")
    dock = window.edits.topics
    window.commands.topics.trigger()
    qtbot.waitUntil(lambda: dock.report.entry(TELE) is not None, timeout=WAIT)
    dock.select_topic(TELE)
    asked = []
    window.prompts.unsaved_before_batch = lambda parent, title, names: asked.append(names) or answers.LEAVE_OUT
    flow = window.edits.flow
    assert flow.run.__self__ is flow
    before = snapshot(shapes)
    assert dock.remove()
    qtbot.waitUntil(lambda: flow.preview is not None, timeout=WAIT)
    assert asked and "newer.md" in asked[0][0]
    skipped = [row for row in flow.preview.rows if row.state == "skipped"]
    assert [os.path.basename(row.path) for row in skipped] == ["newer.md"] and "unsaved" in skipped[0].note
    # another program rewrites a planned file while the preview is open
    (shapes / "older.md").write_text((shapes / "older.md").read_text() + "\n<p>Added elsewhere.</p>\n", "utf-8")
    flow.preview.apply_button.click()
    wait_idle(qtbot, window)
    result = flow.last_result
    assert sorted(os.path.basename(p) for p in result.written) == ["newer-crlf-bom.md", "older-crlf.md"]
    assert [os.path.basename(s.path) for s in result.skipped] == ["newer.md", "older.md"]
    assert "changed on disk" in result.skipped[1].reason
    assert "older.md" in window.batch_bar.text and "newer.md" in window.batch_bar.text
    assert snapshot(shapes)["newer.md"] == before["newer.md"] and session.is_modified  # left out, edits kept
    window.batch_bar.buttons["Details"].click()
    details = flow.details
    assert details.objectName() == "batchDetails" and len(details.rows) == 4 and details.apply_button is None
    details.close()


def test_a_cancelled_run_leaves_every_file_untouched_or_fully_changed(qtbot, open_window, tmp_path):
    root = tmp_path / "two"
    make_folder(root / "a")
    make_folder(root / "b")
    window = open_window(root)
    flow = window.edits.flow
    before = snapshot(root)
    held = os.open(root / "b", os.O_RDONLY)  # another save holds folder b's lock: b's renames wait for it
    fcntl.flock(held, fcntl.LOCK_EX)
    try:
        window.commands.topics.trigger()
        dock = window.edits.topics
        qtbot.waitUntil(lambda: dock.report.entry(TELE) is not None, timeout=WAIT)
        dock.select_topic(TELE)
        assert dock.remove()
        qtbot.waitUntil(lambda: flow.preview is not None, timeout=WAIT)
        assert len(flow.preview.rows) == 8
        flow.preview.apply_button.click()
        in_a = [name for name in before if name.startswith("a/") and name != "a/other.md"]
        qtbot.waitUntil(lambda: all((root / name).read_bytes() != before[name][0] for name in in_a), timeout=WAIT)
        assert flow.job is not None
        window.edits.progress.cancel_button.click()  # a's files are written; b's wait for the lock
    finally:
        os.close(held)
    wait_idle(qtbot, window)
    result = flow.last_result
    assert result.cancelled
    written = {os.path.relpath(path, root) for path in result.written}
    assert written == {"a/newer.md", "a/newer-crlf-bom.md", "a/older.md", "a/older-crlf.md"}
    assert len(result.not_reached) == 4
    after = snapshot(root)
    assert set(after) == set(before)  # no temporary file left behind
    for name, (raw, mtime) in after.items():
        if name in written:
            assert TELE not in raw.decode("utf-8-sig").replace("-hash-", "#") and mtime != before[name][1]
        else:
            assert (raw, mtime) == before[name], name  # untouched, not even rewritten
    assert "left as they were" in window.batch_bar.text
    window.commands.undo_batch.trigger()  # undo restores the files the cancelled run changed
    wait_idle(qtbot, window)
    assert {n: raw for n, (raw, _) in snapshot(root).items()} == {n: raw for n, (raw, _) in before.items()}
