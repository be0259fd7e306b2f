"""Smaller things of a working day: a new file sorted into place, where the keyboard starts, the Import dialog's
address, an address without https://, a save of a record with errors."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLineEdit

from ui_support import WAIT, article_html, editor, select


def test_a_new_curation_is_sorted_into_the_date_sorted_list(qtbot, window, folder, web):
    from curator_gui.core.newdoc import file_name_for

    url = web.add("/fresh", article_html("A Fresh Story", "Filed today."))
    window.prompts.ask_url = lambda *args: url
    window.commands.new.trigger()
    created = str(folder / file_name_for(url))
    qtbot.waitUntil(lambda: window.current is not None and window.current.path == created, timeout=WAIT)
    proxy = window.file_panel.proxy
    first = window.model.row(proxy.mapToSource(proxy.index(0, 0)).row())
    assert first.path == created  # newest first, as the list is sorted
    assert window.file_panel.current_path() == created


def test_the_keyboard_starts_in_the_file_list_and_tab_walks_in_reading_order(qtbot, window):
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is not None, timeout=WAIT)
    assert QApplication.focusWidget() is window.file_panel.view
    select(qtbot, window, "gamma.md")  # gamma has topics (chips) and an unknown key (an extra editor)
    window.file_panel.filter_edit.setFocus()
    walked = []
    for _ in range(4):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        walked.append(QApplication.focusWidget().objectName())
    assert walked == ["onlyProblemsButton", "fileList", "title", "description"]


def test_import_offers_the_open_record_s_address_not_a_stale_one(qtbot, window, tmp_path, web):
    select(qtbot, window, "beta.md")
    failed = web.url("/missing")
    window.fetching.fetch_url(failed)  # fails, leaving its address in the URL box
    qtbot.waitUntil(lambda: window.pane.notice_bar.isVisible(), timeout=WAIT)
    offered: list[str] = []
    window.prompts.choose_page_file = lambda *args: str(tmp_path / "page.html")
    window.prompts.ask_url = lambda parent, title, label, text="": offered.append(text) or None
    window.pane.notice_bar.buttons["Import Saved Page…"].click()  # the page that failed
    window.commands.import_page.trigger()  # from the menu: the open record's own page
    assert offered == [failed, "https://www.beta-health.example.com/story"]


def test_an_address_without_its_scheme_is_taken_as_https_and_said_so(qtbot, window, web):
    select(qtbot, window, "beta.md")
    typed = web.url("/story").removeprefix("http://")
    box = window.findChild(QLineEdit, "fetchUrlEdit")
    box.setFocus()
    box.setText(typed)
    qtbot.keyClick(box, Qt.Key.Key_Return)
    assert box.text() == "https://" + typed
    assert "https://" + typed in window.statusBar().currentMessage()
    assert "assum" in window.statusBar().currentMessage()
    window.fetching.cancel()


def test_saving_a_record_with_errors_says_so(qtbot, window):
    select(qtbot, window, "gamma.md")  # an offering's permalink is wrong
    editor(window, "title").setFocus()
    qtbot.keyClicks(editor(window, "title"), "Now ")
    assert window.saving.save_current()  # saved all the same
    assert "still has 1 error" in window.statusBar().currentMessage()
