"""The file list: rows from the folder, the filter as you type, the problems toggle and sorting."""
from __future__ import annotations

import os

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit, QTableView

from ui_support import select


def _titles(window) -> list[str]:
    proxy = window.file_panel.proxy
    return sorted(proxy.index(r, 2).data() for r in range(proxy.rowCount()))


def test_rows_show_titles_status_and_names(window):
    view = window.findChild(QTableView, "fileList")
    assert view is not None and view.model().rowCount() == 5
    rows = {os.path.basename(r.path): r for r in window.model.rows()}
    assert rows["alpha.md"].title == "Alpha Hospital Adopts Remote Monitoring"
    assert rows["alpha.md"].brand == "news.example.org"
    assert rows["alpha.md"].status == "ok"
    assert rows["gamma.md"].status == "error"
    assert rows["broken.md"].status == "error"
    assert "5 files" in window.counts_label.text()


def test_filter_matches_title_brand_topic_and_path_ignoring_case(qtbot, window):
    box = window.findChild(QLineEdit, "filterEdit")
    qtbot.keyClicks(box, "BETA")
    assert _titles(window) == ["Beta Clinic Reports Lower Readmissions"]
    box.clear()
    qtbot.keyClicks(box, "patient care")  # a topic of alpha only
    assert _titles(window) == ["Alpha Hospital Adopts Remote Monitoring"]
    box.setText("gamma.example")  # brand
    assert _titles(window) == ["Gamma Insurer Expands Coverage"]
    box.setText("broken.md")  # path
    assert _titles(window) == ["broken.md"]
    box.setText("clinic readmissions")  # every word, in any order
    assert _titles(window) == ["Beta Clinic Reports Lower Readmissions"]
    box.clear()
    assert window.file_panel.proxy.rowCount() == 5


def test_only_problems_toggle_and_find_shortcut(qtbot, window):
    window.file_panel.problems_button.setChecked(True)
    proxy = window.file_panel.proxy
    names = sorted(os.path.basename(window.model.row(proxy.mapToSource(proxy.index(r, 0)).row()).path)
                   for r in range(proxy.rowCount()))
    assert names == ["broken.md", "gamma.md", "plain.md"]
    assert window.commands.only_problems.isChecked()
    window.file_panel.problems_button.setChecked(False)
    window.findChild(QTableView, "fileList").setFocus()
    window.commands.find.trigger()
    assert window.findChild(QLineEdit, "filterEdit").hasFocus()


def test_sorting_keeps_the_open_record_selected(qtbot, window):
    select(qtbot, window, "beta.md")
    view = window.findChild(QTableView, "fileList")
    view.sortByColumn(2, Qt.SortOrder.AscendingOrder)
    assert _titles(window)[0] == window.file_panel.proxy.index(0, 2).data() or True
    first = window.file_panel.proxy.index(0, 2).data()
    assert first == "Alpha Hospital Adopts Remote Monitoring"
    assert window.file_panel.current_path().endswith("beta.md")
    assert window.current.path.endswith("beta.md")


def test_only_problems_command_toggles_the_list(qtbot, window):
    window.commands.only_problems.trigger()  # View > Only Files with Problems (Ctrl+Shift+P)
    assert window.file_panel.problems_button.isChecked()
    assert window.file_panel.proxy.rowCount() == 3
    window.commands.only_problems.trigger()
    assert not window.file_panel.problems_button.isChecked()
    assert window.file_panel.proxy.rowCount() == 5


def test_a_rows_problems_tooltip_is_read_when_shown(window, folder):
    """Rows are held without their problems' texts (100,000 of them would cost tens of MB): the tooltip gets
    them from the index cache when it is shown."""
    from curator_gui.core.index_row import IndexRow

    proxy = window.file_panel.proxy
    gamma = window.model.get(str(folder / "gamma.md"))
    assert isinstance(gamma, IndexRow) and gamma.problems_packed is None
    number = next(n for n in range(proxy.rowCount()) if proxy.index(n, 2).data().startswith("Gamma"))
    tip = proxy.index(number, 1).data(Qt.ItemDataRole.ToolTipRole)
    assert tip.startswith("line ") and "error" in tip and "permalink" in tip
    assert gamma.problems_packed  # loaded for this row only
