"""The Topics view: counts by taxonomy, marks, the list following a chosen topic, and rename, merge, remove and
add through it, each previewed, written in the background, and undone and redone as one step."""
from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from batch_window import PAST_NS, TELE, changed_lines, make_folder, run_previewed, snapshot, wait_idle
from ui_support import WAIT, curation_text, select


@pytest.fixture
def shapes(tmp_path):
    return make_folder(tmp_path / "shapes")


def _dock(qtbot, window):
    window.commands.topics.trigger()
    dock = window.edits.topics
    qtbot.waitUntil(lambda: dock.isVisible() and bool(dock.report.entries), timeout=WAIT)
    return dock


def test_the_view_counts_marks_and_lists_the_files_of_a_chosen_topic(qtbot, open_window, shapes):
    (shapes / "curator.toml").write_text('vocabulary = "topics.txt"\n', "utf-8")
    (shapes / "topics.txt").write_text(f"{TELE}\nHIMSS: Interoperability\n", "utf-8")
    (shapes / "other.md").write_text((shapes / "other.md").read_text().replace(
        "'HIMSS: Interoperability'", "'HIMSS: interoperability.'"), "utf-8")
    for name, topic in (("cased.md", "Symplur: #Telehealth"), ("longer.md", "Symplur: #telehealthcare")):
        (shapes / name).write_text(curation_text(name, f"https://{name}.example.org/", categories=(topic,)), "utf-8")
    window = open_window(shapes)
    dock = _dock(qtbot, window)
    assert dock.objectName() == "topicsView" and window.commands.topics.isChecked()
    entry = dock.report.entry(TELE)
    assert entry.count == 4  # both shapes counted
    symplur = next(group for group in dock.report.taxonomies if group.name == "Symplur")
    assert symplur.files == 6
    note, mark = dock.model.note(dock.report.entry("Medigy: Nursing"))
    assert "not in the vocabulary" in note and mark == "warning"
    note, _mark = dock.model.note(dock.report.entry("HIMSS: interoperability."))
    assert note == "not in the vocabulary; also spelled “Interoperability” (1)"
    assert "4 topics" not in dock.summary.text() and "of 7 files" in dock.summary.text()

    assert dock.select_topic(TELE)
    assert window.file_panel.filter_edit.text() == f'topic:="{TELE}"'
    proxy = window.file_panel.proxy
    listed = {window.model.rows()[proxy.mapToSource(proxy.index(n, 0)).row()].path.rsplit("/", 1)[1]
              for n in range(proxy.rowCount())}
    assert listed == {"newer.md", "newer-crlf-bom.md", "older.md", "older-crlf.md"}  # that topic's 4, no other
    dock.filter_edit.setText("pharm")
    assert dock.model.rowCount() == 1  # only the Symplur group is left, holding #pharmacy
    dock.filter_edit.clear()
    window.commands.topics.trigger()
    assert not dock.isVisible() and not window.commands.topics.isChecked()


def test_rename_previews_writes_each_shape_and_undoes_as_one_step(qtbot, open_window, shapes):
    window = open_window(shapes)
    dock = _dock(qtbot, window)
    before = snapshot(shapes)
    dock.select_topic(TELE)
    window.prompts.ask_topic = lambda parent, title, label, topics, text: "Symplur: #VirtualCare"
    rows = run_previewed(qtbot, window, dock.rename)
    assert sorted(row.path.rsplit("/", 1)[1] for row in rows) == ["newer-crlf-bom.md", "newer.md", "older-crlf.md",
                                                                  "older.md"]
    after = snapshot(shapes)
    assert after["other.md"] == before["other.md"]  # untouched: same bytes, same mtime
    assert set(after) == set(before)  # no temporary file left
    older = changed_lines(before["older-crlf.md"][0], after["older-crlf.md"][0])
    assert "+ - 'Symplur: -hash-VirtualCare'\r" in older  # the older shape, in its own spelling and line ends
    assert all(line[2:].startswith(("- '", "  medigyTopics", "    ", "lastMod")) for line in older), older
    newer = changed_lines(before["newer-crlf-bom.md"][0], after["newer-crlf-bom.md"][0])
    assert "+   - 'Symplur: #VirtualCare'\r" in newer and after["newer-crlf-bom.md"][0].startswith(b"\xef\xbb\xbf")
    assert all(line[2:].startswith(("  - ", "lastMod")) for line in newer), newer
    assert after["newer.md"][1] != PAST_NS
    bar = window.batch_bar
    assert bar.isVisible() and "4 files changed" in bar.text
    qtbot.waitUntil(lambda: dock.report.entry("Symplur: #VirtualCare") is not None, timeout=WAIT)
    assert dock.current_topic() == "Symplur: #VirtualCare"  # the view and the list follow the new name
    assert window.file_panel.filter_edit.text() == 'topic:="Symplur: #VirtualCare"'

    assert window.commands.undo_batch.isEnabled() and "Rename topic" in window.commands.undo_batch.text()
    window.commands.undo_batch.trigger()
    wait_idle(qtbot, window)
    assert {name: raw for name, (raw, _) in snapshot(shapes).items()} == {n: raw for n, (raw, _) in before.items()}
    assert "Undone" in bar.text and window.commands.redo_batch.isEnabled()
    dock.tree.setFocus()
    qtbot.keyClick(dock.tree, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    wait_idle(qtbot, window)  # Ctrl+Shift+Z in the view redoes the folder change
    assert snapshot(shapes)["older.md"][0] == after["older.md"][0]


def test_merge_remove_and_add_on_the_selected_files(qtbot, open_window, shapes):
    window = open_window(shapes)
    dock = _dock(qtbot, window)
    before = snapshot(shapes)
    dock.select_topic("Symplur: #pharmacy")
    said = []
    window.prompts.error = lambda parent, title, text: said.append(text)
    window.prompts.ask_topic = lambda parent, title, label, topics, text: "Symplur:\tpharmacy"
    assert not dock.rename()
    assert said == ["The topic 'Symplur:\\x09pharmacy' holds a line break or a control character."]
    window.prompts.ask_topic = lambda parent, title, label, topics, text: TELE
    rows = run_previewed(qtbot, window, dock.rename)  # onto an existing topic: merged
    assert [row.path.rsplit("/", 1)[1] for row in rows] == ["older-crlf.md"]
    text = (shapes / "older-crlf.md").read_bytes().decode()
    assert text.count("-hash-telehealth'") == 1 and "pharmacy" not in text

    qtbot.waitUntil(lambda: dock.report.entry("Symplur: #pharmacy") is None, timeout=WAIT)
    dock.select_topic("Medigy: Nursing")
    run_previewed(qtbot, window, dock.remove)
    assert "Medigy: Nursing" not in (shapes / "older.md").read_text()
    assert snapshot(shapes)["other.md"] == before["other.md"]

    window.file_panel.filter_edit.clear()
    select(qtbot, window, "other.md")
    panel = window.file_panel
    other_row = panel.proxy.mapFromSource(window.model.index(window.model.row_of(str(shapes / "older.md")), 2))
    panel.view.selectionModel().select(other_row, panel.view.selectionModel().SelectionFlag.Select
                                       | panel.view.selectionModel().SelectionFlag.Rows)
    assert sorted(p.rsplit("/", 1)[1] for p in panel.selected_paths()) == ["older.md", "other.md"]
    window.prompts.ask_topic = lambda parent, title, label, topics, text: "KLAS: #Ratings"
    rows = run_previewed(qtbot, window, dock.add_to_selected)
    assert len(rows) == 2
    assert "- 'KLAS: -hash-Ratings'" in (shapes / "older.md").read_text()  # in each file's own shape
    assert "  - 'KLAS: #Ratings'" in (shapes / "other.md").read_text()
    assert snapshot(shapes)["newer.md"] == before["newer.md"]
