"""Where the window's parts meet: Tab through the record and the folder-wide views, the bulk form's unwritten
changes at closing, the views' places remembered, a small screen, rule codes in the list's tooltips, the problem
list's room, and the images of a curation made with New from URL."""
from __future__ import annotations

import io
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QLineEdit

from ui_support import WAIT, article_html, select


def tab(qtbot, forward: bool = True):
    widget = QApplication.focusWidget()
    QTest.keyClick(widget, Qt.Key.Key_Tab if forward else Qt.Key.Key_Backtab,
                   Qt.KeyboardModifier.NoModifier if forward else Qt.KeyboardModifier.ShiftModifier)
    return QApplication.focusWidget()


def select_rows(qtbot, window, names: list[str]) -> None:
    """Select several files in the list, as Ctrl+click does."""
    from PySide6.QtCore import QItemSelectionModel

    view = window.file_panel.view
    flags = QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows
    view.clearSelection()
    for name in names:
        number = view.model().mapFromSource(window.model.index(window.model.row_of(f"{window.root}/{name}"), 0))
        view.selectionModel().select(number, flags)
    qtbot.waitUntil(lambda: window.edits.bulk_editing.shown and window.edits.bulk.selection is not None,
                    timeout=WAIT)


def test_tab_walks_one_ring_through_the_record_and_the_open_view(qtbot, window):
    select(qtbot, window, "alpha.md")
    assert not window.edits.bulk.isVisible()  # the bulk form waits in the pane, not drawn over the toolbar
    window.commands.topics.setChecked(True)
    qtbot.waitUntil(lambda: window.edits.topics.isVisible(), timeout=WAIT)
    window.pane.problem_list.setFocus()
    visited = [tab(qtbot) for _ in range(8)]
    names = [widget.objectName() for widget in visited]
    assert names[0] == "topicsFilter"  # after the problems, the view beside the list
    assert "fetchUrlEdit" in names  # and from its last button back to the URL box
    assert all(widget.isVisible() for widget in visited)
    assert not any(name.startswith(("bulk", "find")) for name in names)  # hidden parts take no Tab
    window.fetch_url_edit.setFocus()
    assert tab(qtbot, forward=False).objectName() == "topicsRemoveSelected"
    window.commands.topics.setChecked(False)
    window.pane.problem_list.setFocus()
    assert tab(qtbot).objectName() == "fetchUrlEdit"


def test_closing_with_unwritten_bulk_changes_asks_first(qtbot, window):
    from curator_gui.ui import prompts as answers

    select_rows(qtbot, window, ["alpha.md", "beta.md"])
    title = window.findChild(QLineEdit, "bulk:title")
    title.setFocus()
    QTest.keyClicks(title, "Shared Title")
    asked = []
    window.prompts.unwritten_bulk_changes = lambda parent, count: asked.append(count) or answers.CANCEL
    assert not window.close()
    assert asked == [2] and window.isVisible()
    window.prompts.unwritten_bulk_changes = lambda parent, count: asked.append(count) or answers.DISCARD
    assert window.close()
    assert asked == [2, 2]


def test_the_views_come_back_where_and_as_wide_as_they_were(qtbot, open_window, folder):
    window = open_window(folder)
    window.commands.topics.setChecked(True)
    qtbot.waitUntil(lambda: window.edits.topics.isVisible(), timeout=WAIT)
    window.resizeDocks([window.edits.topics], [420], Qt.Orientation.Horizontal)
    qtbot.waitUntil(lambda: window.edits.topics.width() == 420, timeout=WAIT)
    list_width = window.main_splitter.sizes()[0]
    window.close()
    again = open_window(None)
    assert again.edits.topics.isVisible() and again.commands.topics.isChecked()
    assert again.edits.topics.width() == 420
    assert abs(again.main_splitter.sizes()[0] - list_width) <= 4


def test_a_1024_pixel_window_stays_that_wide_with_a_view_open(qtbot, window):
    select(qtbot, window, "gamma.md")
    window.resize(1024, 640)
    window.edits.find_in_files()
    window.commands.topics.setChecked(True)
    qtbot.waitUntil(lambda: window.edits.topics.isVisible(), timeout=WAIT)
    QApplication.processEvents()
    assert window.minimumSizeHint().width() <= 1024
    assert window.width() == 1024


def test_the_lists_problem_tooltip_names_each_rule(qtbot, window):
    from curator_gui.ui.file_list.rows import PROBLEM

    model = window.model
    tip = model.cell(model.row_of(f"{window.root}/gamma.md"), PROBLEM, Qt.ItemDataRole.ToolTipRole)
    assert "(CG40" in tip  # the offering's permalink and id
    session = select(qtbot, window, "alpha.md")
    session.edit(("title",), "", empty=True)  # a record being edited: its row shows what the record says now
    qtbot.waitUntil(lambda: "(CG103)" in (model.cell(model.row_of(session.path), PROBLEM,
                                                     Qt.ItemDataRole.ToolTipRole) or ""), timeout=WAIT)


def test_an_empty_problem_list_gives_the_form_its_room(qtbot, window):
    pane = window.pane
    window.file_panel.view.clearSelection()
    pane.show_placeholder()
    QApplication.processEvents()
    short = pane.problems_box.height()
    assert short <= pane._problems_height(rows=1)
    session = select(qtbot, window, "gamma.md")
    assert session.problems
    qtbot.waitUntil(lambda: pane.problems_box.height() >= pane._problems_minimum(), timeout=WAIT)
    roomy = pane.problems_box.height()
    pane.show_problems([])  # "No problems"
    QApplication.processEvents()
    assert pane.problems_box.height() <= pane._problems_height(rows=1)
    assert pane.split_without_review()[1] == roomy  # the height it gets back is the one remembered
    pane.show_problems(session.problems)
    QApplication.processEvents()
    assert pane.problems_box.height() == roomy


def _png(width: int, height: int) -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (width, height), (30, 120, 90)).save(out, "PNG")
    return out.getvalue()


def _new_from_url(qtbot, window, url: str):
    messages = []
    window.statusBar().messageChanged.connect(messages.append)
    window.prompts.ask_url = lambda *args: url
    window.commands.new.trigger()
    qtbot.waitUntil(lambda: window.current is not None and window.current.doc.data.get("title") == "Lead Story",
                    timeout=WAIT)
    return window.current, messages


def test_new_from_url_downloads_and_stores_the_pages_image(qtbot, window, web):
    from conftest import Page

    web.pages["/img/lead.jpg"] = Page(_png(320, 180), content_type="image/png")
    session, messages = _new_from_url(qtbot, window, web.add("/lead", article_html("Lead Story", "Summary.")))
    assert any("downloading the page's featured image" in m for m in messages)
    qtbot.waitUntil(lambda: not session.fetches and session.doc.data["featuredImage"].get("format") == "PNG",
                    timeout=WAIT)
    stored = Path(session.path).with_name(Path(session.path).stem + "-featuredImage.png")
    assert stored.exists() and session.doc.data["featuredImage"]["href"] == stored.name
    qtbot.waitUntil(lambda: not session.is_modified, timeout=WAIT)  # saved again, with its image
    assert f"href: {stored.name}" in Path(session.path).read_text(encoding="utf-8")


def test_an_image_that_cannot_be_had_leaves_the_new_curation_as_created(qtbot, window, web):
    session, messages = _new_from_url(qtbot, window, web.add("/lead", article_html("Lead Story", "Summary.")))
    qtbot.waitUntil(lambda: any("featured image was not downloaded" in m for m in messages), timeout=WAIT)
    qtbot.waitUntil(lambda: not session.fetches, timeout=WAIT)
    assert not session.is_modified and Path(session.path).exists()
    assert session.doc.data["featuredImage"]["href"] == web.url("/img/lead.jpg")  # the address stays
    assert not any("site icon was not" in m for m in messages)  # a site without an icon is no news
