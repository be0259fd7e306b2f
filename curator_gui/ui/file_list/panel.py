"""The file list as the curator sees it: the filter box, the problems toggle, the table and what it shows."""
from __future__ import annotations

import html

from PySide6.QtCore import QEvent, QItemSelectionModel, QModelIndex, QObject, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (QAbstractItemView, QHBoxLayout, QHeaderView, QLabel, QLineEdit, QStyledItemDelegate,
                               QTableView, QToolButton, QVBoxLayout, QWidget)

from curator_gui.core.query import HAS_VALUES, IS_VALUES
from curator_gui.ui.file_list.model import FileListModel
from curator_gui.ui.file_list.proxy import FileFilterProxy
from curator_gui.ui.file_list.rows import BRAND, DATE, FILE, HEADERS, IMAGE, PROBLEM, STATUS, TITLE, UNSAVED
from curator_gui.ui.file_list.thumbnails import install_thumbnail_column
from curator_gui.ui.icons import icon, themed
from curator_gui.ui.marks import mark_widget


#: Columns hidden until the curator shows them (the header's menu).
HIDDEN_AT_FIRST = (FILE, STATUS)

#: The filter box's tooltip: the filter language (see curator_gui.core.query), as a curator reads it.
FILTER_HELP = (
    "<p>Shows the files that match <b>every</b> term typed here:</p>"
    "<table cellspacing='2'>"
    "<tr><td><code>ai clinic</code></td><td>words, matched at the start of a word in the title, description, "
    "topics, brand and file name (case and accents do not matter)</td></tr>"
    "<tr><td><code>\"remote monitoring\"</code></td><td>a phrase: its words one after another</td></tr>"
    "<tr><td><code>title:</code> <code>description:</code> <code>topic:</code> <code>brand:</code> "
    "<code>file:</code></td><td>look in that field only: <code>topic:telehealth</code></td></tr>"
    "<tr><td><code>topic:=\"Symplur: #AI\"</code></td><td>that one topic, whole and exactly as written</td></tr>"
    "<tr><td><code>is:error</code> <code>is:warning</code> <code>is:problem</code> <code>is:ok</code> "
    "<code>is:unsaved</code></td><td>files with errors, warnings, either, none, or unsaved edits</td></tr>"
    "<tr><td><code>has:image</code> <code>has:topics</code></td><td>files with a featured image, with topics"
    "</td></tr>"
    "<tr><td><code>date:2024-03</code> <code>date:&gt;=2024-01</code></td><td>a year, month or day; or "
    "before/after it with &lt; &lt;= &gt; &gt;=</td></tr>"
    "<tr><td><code>-is:error</code></td><td>a leading minus keeps the files that do <i>not</i> match</td></tr>"
    "</table><p>Escape clears the filter; Down moves to the list.</p>")


def explain_not_understood(term: str) -> str:
    """Why a filter term was not understood, and what would be: ``is:cheap is not understood (is: takes …)``."""
    key = term.partition(":")[0].casefold()
    takes = {"is": "is: takes " + _choices(IS_VALUES), "has": "has: takes " + _choices(HAS_VALUES),
             "date": "date: takes a year, month or day, as 2024, 2024-03 or 2024-03-18, after <, <=, > or >= if "
                     "wanted"}.get(key)
    return f"{term} is not understood" + (f" ({takes})" if takes else "")


def _choices(values) -> str:
    return ", ".join(values[:-1]) + " or " + values[-1]


class _FilterKeys(QObject):
    """Down arrow in the filter box moves to the list; Escape clears the filter."""

    def __init__(self, panel: "FileListPanel"):
        super().__init__(panel)
        self._panel = panel

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.KeyPress:
            if event.key() in (Qt.Key.Key_Down, Qt.Key.Key_PageDown):
                self._panel.focus_list()
                return True
            if event.key() == Qt.Key.Key_Escape and self._panel.filter_edit.text():
                self._panel.filter_edit.clear()
                return True
        return False


class _MiddleElidingDelegate(QStyledItemDelegate):
    """Cuts text in the middle: 'f9d8fb6e-…-f472642abe38.md' says more than 'f9d8fb6e-69de-…'."""

    def initStyleOption(self, option, index) -> None:  # noqa: N802 - Qt override
        super().initStyleOption(option, index)
        option.textElideMode = Qt.TextElideMode.ElideMiddle


class FileListPanel(QWidget):
    """Filter box, "only problems" toggle, the table and a count of what is shown."""

    current_changed = Signal(object)  # path (str) or None

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.model = FileListModel(self)
        self.proxy = FileFilterProxy(self)
        self.proxy.setSourceModel(self.model)

        self.filter_edit = QLineEdit(self)
        self.filter_edit.setObjectName("filterEdit")
        self.filter_edit.setAccessibleName("Filter files")
        find_keys = QKeySequence(QKeySequence.StandardKey.Find).toString(QKeySequence.SequenceFormat.NativeText)
        # The terms first: a narrow box shows the start of it (the tooltip has the whole language).
        self.filter_edit.setPlaceholderText(f"Filter: words \"phrase\" topic: brand: is:error has:image date:2024-03 "
                                            f"({find_keys})")
        self.filter_edit.setToolTip(FILTER_HELP)
        self.filter_edit.setClearButtonEnabled(True)
        themed(self.filter_edit.addAction(icon("find"), QLineEdit.ActionPosition.LeadingPosition), "find")
        self.filter_edit.textChanged.connect(self._on_filter_text_changed)
        self.filter_edit.installEventFilter(_FilterKeys(self))
        # Terms the filter does not understand match nothing; this says which, and what would be understood.
        self.filter_hint = QWidget(self)
        self.filter_hint.setObjectName("filterHint")
        hint_icon = QLabel(self.filter_hint)
        hint_icon.setPixmap(icon("error").pixmap(16, 16))
        hint_icon.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.filter_hint_text = QLabel(self.filter_hint)
        self.filter_hint_text.setWordWrap(True)
        self.filter_hint_text.setTextFormat(Qt.TextFormat.PlainText)
        hint_layout = QHBoxLayout(self.filter_hint)
        hint_layout.setContentsMargins(2, 0, 2, 0)
        hint_layout.addWidget(hint_icon)
        hint_layout.addWidget(self.filter_hint_text, 1)
        self.filter_hint.hide()

        self.problems_button = QToolButton(self)
        self.problems_button.setObjectName("onlyProblemsButton")
        self.problems_button.setCheckable(True)
        themed(self.problems_button, "only-problems")
        self.problems_button.setText("Problems only")
        self.problems_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.problems_button.setToolTip("Show only files with errors or warnings")
        self.problems_button.setAccessibleName("Only files with problems")
        self.problems_button.toggled.connect(self.proxy.set_only_problems)

        self.view = QTableView(self)
        self.view.setObjectName("fileList")
        self.view.setAccessibleName("Files")
        self.view.setModel(self.proxy)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)  # bulk edits
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setAlternatingRowColors(True)
        self.view.setShowGrid(False)
        self.view.setWordWrap(False)
        self.view.setTabKeyNavigation(False)
        self.view.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.view.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        vertical = self.view.verticalHeader()
        vertical.hide()
        vertical.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)  # never measure 10,000 rows
        vertical.setDefaultSectionSize(self.fontMetrics().height() + 8)
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(False)
        header.setHighlightSections(False)
        metrics = self.fontMetrics()
        date_width = metrics.horizontalAdvance("0000-00-00") + 16
        # Every column fits the pane: the title takes what is left, the others keep a readable minimum
        # (a file name is cut in the middle, so both ends of a long UUID name stay visible).
        for column, sample in ((BRAND, "hitwire.exam"), (FILE, "6f69…ca2.md"), (STATUS, "9 warnings")):
            header.resizeSection(column, metrics.horizontalAdvance(sample) + 16)
        for column, width in ((UNSAVED, 26), (PROBLEM, 26), (DATE, date_width)):
            header.resizeSection(column, width)
        header.setSectionResizeMode(UNSAVED, QHeaderView.ResizeMode.Fixed)
        header.setSectionResizeMode(PROBLEM, QHeaderView.ResizeMode.Fixed)
        header.setSectionResizeMode(TITLE, QHeaderView.ResizeMode.Stretch)
        header.setMinimumSectionSize(24)
        self.view.setItemDelegateForColumn(FILE, _MiddleElidingDelegate(self.view))
        # The header's menu shows or hides columns; the file name and the status text start hidden (the title
        # names a record, its tooltip and the record's header give the file; the icon column gives the status
        # and its tooltip the problems), so that the title has room in a narrow list.
        header.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        self._column_actions: dict[int, QAction] = {}
        for column in (DATE, BRAND, FILE, STATUS):
            action = QAction(f"{HEADERS[column]} Column", header)
            action.setCheckable(True)
            action.setChecked(column not in HIDDEN_AT_FIRST)
            action.toggled.connect(lambda shown, c=column: self.view.setColumnHidden(c, not shown))
            header.addAction(action)
            self._column_actions[column] = action
        for column in HIDDEN_AT_FIRST:
            self.view.setColumnHidden(column, True)
        self._column_actions[IMAGE] = install_thumbnail_column(self)  # off until shown; see thumbnails.py
        header.setSortIndicator(DATE, Qt.SortOrder.DescendingOrder)
        self.view.setSortingEnabled(True)
        self.view.selectionModel().currentRowChanged.connect(self._on_view_current_changed)
        # A reset of the list (files added or removed) forgets the current row: put it back on its file.
        self._current_before_reset: str | None = None
        self.proxy.modelAboutToBeReset.connect(self._on_proxy_about_to_reset)
        self.proxy.modelReset.connect(self._on_proxy_reset)

        self.shown_label = QLabel(self)
        self.shown_label.setObjectName("shownLabel")
        self.model.counts_changed.connect(self._update_shown)
        self.proxy.rowsInserted.connect(self._update_shown)
        self.proxy.rowsRemoved.connect(self._update_shown)
        self.proxy.modelReset.connect(self._update_shown)
        self.proxy.layoutChanged.connect(self._update_shown)

        top = QHBoxLayout()
        top.setContentsMargins(0, 0, 0, 0)
        top.addWidget(self.filter_edit, 1)
        top.addWidget(self.problems_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.filter_hint)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.shown_label)

    # --- selection ----------------------------------------------------------------------------------------

    def current_path(self) -> str | None:
        """The file of the current row, None without one."""
        index = self.view.currentIndex()
        if not index.isValid():
            return None
        return self.model.row(self.proxy.mapToSource(index).row()).path

    def selected_paths(self) -> list[str]:
        """The files of the selected rows, in the list's order."""
        rows = sorted({row for part in self.view.selectionModel().selection()
                       for row in range(part.top(), part.bottom() + 1)})
        return [self.model.row(self.proxy.mapToSource(self.proxy.index(row, TITLE)).row()).path for row in rows]

    def select_path(self, path: str, reveal: bool = True) -> bool:
        """Make ``path`` the current row (clearing the filter if it hides the file, unless ``reveal`` is
        False); False when it is not listed (or stays hidden)."""
        number = self.model.row_of(path)
        if number < 0:
            return False
        proxy_index = self.proxy.mapFromSource(self.model.index(number, TITLE))
        if not proxy_index.isValid():
            if not reveal:
                return False
            self.filter_edit.clear()
            self.problems_button.setChecked(False)
            proxy_index = self.proxy.mapFromSource(self.model.index(number, TITLE))
        self.view.selectionModel().setCurrentIndex(
            proxy_index, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows)
        self.view.scrollTo(proxy_index)
        return True

    def shown_columns(self) -> list[int]:
        """The optional columns shown (Date, Brand, File, Status, Image), to be remembered."""
        return [column for column, action in self._column_actions.items() if action.isChecked()]

    def show_columns(self, columns) -> None:
        """Show exactly these optional columns."""
        for column, action in self._column_actions.items():
            action.setChecked(column in columns)

    def clear_current(self) -> None:
        """No row is current or selected (the open record's file is gone)."""
        self.view.selectionModel().clear()

    def focus_filter(self) -> None:
        """The keyboard to the filter box, its text selected."""
        self.filter_edit.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.filter_edit.selectAll()

    def focus_list(self) -> None:
        """The keyboard to the table (its first row becomes current when none is)."""
        self.view.setFocus(Qt.FocusReason.ShortcutFocusReason)
        if not self.view.currentIndex().isValid() and self.proxy.rowCount() > 0:
            self.view.selectionModel().setCurrentIndex(
                self.proxy.index(0, TITLE),
                QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows)

    def _on_filter_text_changed(self, text: str) -> None:
        self.proxy.set_text(text)
        problems = self.proxy.query.problems
        hint = ("Nothing matches: " + "; ".join(explain_not_understood(t) for t in problems)
                if problems else "")
        if hint != self.filter_hint_text.text():
            self.filter_hint_text.setText(hint)
            self.filter_hint.setVisible(bool(hint))
            self.filter_edit.setToolTip(f"<p><b>{html.escape(hint)}</b></p>{FILTER_HELP}" if hint else FILTER_HELP)
            self.filter_edit.setAccessibleDescription(hint)
            mark_widget(self.filter_edit, "error" if hint else None)

    def _on_proxy_about_to_reset(self) -> None:
        self._current_before_reset = self.current_path()

    def _on_proxy_reset(self) -> None:
        path, self._current_before_reset = self._current_before_reset, None
        if path is not None:
            self.select_path(path, reveal=False)

    def _on_view_current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if not current.isValid():
            self.current_changed.emit(None)
            return
        self.current_changed.emit(self.model.row(self.proxy.mapToSource(current).row()).path)

    def _update_shown(self, *_args) -> None:
        total = self.model.rowCount()
        shown = self.proxy.rowCount()
        text = f"{total:,} files" if shown == total else f"Showing {shown:,} of {total:,} files"
        self.shown_label.setText(text)
