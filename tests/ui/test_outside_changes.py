"""Changes made by other programs, and closing with unsaved records."""
from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from ui_support import WAIT, curation_text, editor, select


def test_clean_record_reloads_silently(qtbot, window, folder):
    session = select(qtbot, window, "beta.md")
    text = (folder / "beta.md").read_text(encoding="utf-8")
    (folder / "beta.md").write_text(text.replace("Beta Clinic Reports", "Beta Clinic Announces"), encoding="utf-8")
    qtbot.waitUntil(lambda: session.doc.data["title"].startswith("Beta Clinic Announces"), timeout=WAIT)
    assert editor(window, "title").text().startswith("Beta Clinic Announces")
    assert not window.pane.outside_bar.isVisible() and not session.is_modified


def test_dirty_record_raises_the_bar_and_reload_keeps_edits_undoable(qtbot, window, folder):
    session = select(qtbot, window, "beta.md")
    editor(window, "title").setFocus()
    qtbot.keyClicks(editor(window, "title"), "Mine: ")
    text = (folder / "beta.md").read_text(encoding="utf-8")
    (folder / "beta.md").write_text(text.replace("date: '2024-01-10'", "date: '2024-02-02'"), encoding="utf-8")
    qtbot.waitUntil(lambda: window.pane.outside_bar.isVisible(), timeout=WAIT)
    assert session.doc.data["title"].startswith("Mine: ")
    assert set(window.pane.outside_bar.buttons) == {"Reload", "Keep Mine", "Show Diff"}
    window.pane.outside_bar.buttons["Show Diff"].click()
    assert any(d.isVisible() for d in window.outside.dialogs)
    window.pane.outside_bar.buttons["Reload"].click()
    assert session.doc.data["date"] == "2024-02-02" and not session.doc.data["title"].startswith("Mine: ")
    window.commands.undo.trigger()  # nothing is lost
    assert session.doc.data["title"].startswith("Mine: ") and session.doc.data["date"] == "2024-02-02"
    window.commands.save.trigger()
    saved = (folder / "beta.md").read_text(encoding="utf-8")
    assert "title: 'Mine: Beta" in saved or 'title: "Mine: Beta' in saved
    assert "date: '2024-02-02'" in saved


def test_keep_mine_then_save_overwrites_without_asking(qtbot, window, folder):
    session = select(qtbot, window, "beta.md")
    editor(window, "title").setFocus()
    qtbot.keyClicks(editor(window, "title"), "X")
    (folder / "beta.md").write_text(curation_text("Outside Title", "https://www.beta-health.example.com/story"),
                                    encoding="utf-8")
    qtbot.waitUntil(lambda: window.pane.outside_bar.isVisible(), timeout=WAIT)
    window.prompts.save_conflict = lambda *args: (_ for _ in ()).throw(AssertionError("asked again"))
    window.pane.outside_bar.buttons["Keep Mine"].click()
    assert not window.pane.outside_bar.isVisible()
    assert window.saving.save_current()
    assert "XBeta Clinic" in (folder / "beta.md").read_text(encoding="utf-8")
    assert not session.is_modified


def test_files_added_and_removed_outside_appear_and_vanish(qtbot, window, folder):
    (folder / "delta.md").write_text(curation_text("Delta Added Outside", "https://delta.example.org/x"),
                                     encoding="utf-8")
    qtbot.waitUntil(lambda: window.model.row_of(str(folder / "delta.md")) >= 0, timeout=WAIT)
    qtbot.waitUntil(lambda: window.model.get(str(folder / "delta.md")).title == "Delta Added Outside", timeout=WAIT)
    (folder / "gamma.md").unlink()
    qtbot.waitUntil(lambda: window.model.row_of(str(folder / "gamma.md")) < 0, timeout=WAIT)


def _answer_prompt(button: QMessageBox.StandardButton, seen: list) -> None:
    def answer():
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(20, answer)
            return
        seen.append(box.objectName())
        box.button(button).click()

    QTimer.singleShot(0, answer)


def test_close_asks_once_save_all_discard_cancel(qtbot, open_window, folder):
    window = open_window(folder)
    select(qtbot, window, "alpha.md")
    editor(window, "title").setFocus()
    qtbot.keyClicks(editor(window, "title"), "A")
    select(qtbot, window, "beta.md")
    editor(window, "title").setFocus()
    qtbot.keyClicks(editor(window, "title"), "B")
    seen: list[str] = []
    _answer_prompt(QMessageBox.StandardButton.Cancel, seen)
    assert not window.close()
    assert seen == ["unsavedPrompt"] and window.isVisible()
    _answer_prompt(QMessageBox.StandardButton.SaveAll, seen)
    assert window.close()
    assert seen == ["unsavedPrompt", "unsavedPrompt"]
    assert "AAlpha" in (folder / "alpha.md").read_text(encoding="utf-8")
    assert "BBeta" in (folder / "beta.md").read_text(encoding="utf-8")


def test_close_discard_leaves_files_untouched(qtbot, open_window, folder):
    window = open_window(folder)
    before = (folder / "alpha.md").read_bytes()
    select(qtbot, window, "alpha.md")
    editor(window, "title").setFocus()
    qtbot.keyClicks(editor(window, "title"), "Z")
    seen: list[str] = []
    _answer_prompt(QMessageBox.StandardButton.Discard, seen)
    assert window.close()
    assert (folder / "alpha.md").read_bytes() == before


def test_saving_over_an_outside_change_asks_reload_or_overwrite(qtbot, window, folder):
    session = select(qtbot, window, "beta.md")
    window.watcher.blockSignals(True)  # as if the change had not been noticed yet
    editor(window, "title").setFocus()
    qtbot.keyClicks(editor(window, "title"), "Q")
    (folder / "beta.md").write_text(curation_text("Changed Elsewhere", "https://www.beta-health.example.com/story"),
                                    encoding="utf-8")
    answers = []
    window.prompts.save_conflict = lambda parent, name: answers.append(name) or "cancel"
    assert not window.saving.save_current()
    assert answers == ["“QBeta Clinic Reports Lower Readmissions” (beta.md)"]
    assert "Changed Elsewhere" in (folder / "beta.md").read_text(encoding="utf-8")
    window.prompts.save_conflict = lambda parent, name: "overwrite"
    assert window.saving.save_current()
    assert "QBeta Clinic" in (folder / "beta.md").read_text(encoding="utf-8") and not session.is_modified
    window.watcher.blockSignals(False)
