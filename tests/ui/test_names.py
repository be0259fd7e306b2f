"""Names that follow at once: the window title and the list while a title is typed, a file changed on disk while
not open; records named by their title (the file name second) in the header, the close prompt and messages."""
from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from ui_support import WAIT, curation_text, editor, select


def test_the_window_title_and_the_list_follow_a_title_as_it_is_typed(qtbot, window, folder):
    path = str(folder / "beta.md")
    select(qtbot, window, "beta.md")
    title = editor(window, "title")
    title.setFocus()
    title.selectAll()
    qtbot.keyClicks(title, "Readmissions Fall")
    assert window.windowTitle().startswith("Readmissions Fall (beta.md)")
    assert window.model.get(path).title == "Readmissions Fall"
    assert "Readmissions Fall" in window.pane.header.text()
    window.folder.refresh()  # the disk's rows arrive while the edits are unsaved: the list keeps the edits
    qtbot.waitUntil(lambda: not window.index.scanning, timeout=WAIT)
    window.model.flush()
    assert window.model.get(path).title == "Readmissions Fall" and window.model.get(path).unsaved
    window.commands.undo.trigger()
    assert window.model.get(path).title == "Beta Clinic Reports Lower Readmissions"


def test_a_file_rewritten_in_place_while_not_open_is_shown_as_it_is_now(qtbot, window, folder):
    select(qtbot, window, "alpha.md")
    path = folder / "beta.md"
    text = path.read_text(encoding="utf-8")
    with open(path, "r+", encoding="utf-8") as handle:  # in place: the folder's entries do not change
        handle.write(text.replace("Beta Clinic Reports", "Beta Clinic Confirms"))
    qtbot.waitUntil(lambda: window.model.get(str(path)).title.startswith("Beta Clinic Confirms"), timeout=WAIT)


def test_records_are_named_by_title_with_the_file_name_second(qtbot, window, folder):
    session = select(qtbot, window, "beta.md")
    header = window.pane.header.text()
    assert header.index("Beta Clinic Reports Lower Readmissions") < header.index("beta.md")
    editor(window, "title").setFocus()
    qtbot.keyClicks(editor(window, "title"), "New: ")
    window.saving.save_current()
    assert window.statusBar().currentMessage().startswith("Saved “New: Beta Clinic Reports")
    assert "(beta.md)" in window.statusBar().currentMessage()
    qtbot.keyClicks(editor(window, "title"), "Again ")
    shown: list[str] = []

    def answer():
        box = QApplication.activeModalWidget()
        if isinstance(box, QMessageBox):
            shown.append(box.text() + "\n" + box.detailedText())
            box.button(QMessageBox.StandardButton.Cancel).click()

    QTimer.singleShot(100, answer)
    window.saving.settle_unsaved()
    assert shown and "“New: Again Beta Clinic" in shown[0] and "(beta.md)" in shown[0]
    assert session.is_modified


def test_a_duplicate_warning_names_the_other_record_by_title(qtbot, open_window, folder):
    (folder / "twin.md").write_text(curation_text("Alpha Twin Story", "https://news.example.org/alpha"),
                                    encoding="utf-8")
    window = open_window(folder)
    select(qtbot, window, "alpha.md")
    messages = [p.message for p in window.current.problems if p.field == "link.href"]
    assert messages == ['same source as "Alpha Twin Story" (twin.md)']  # as the command line says it, once
