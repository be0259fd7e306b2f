"""The file list: a table model over plain rows, a cheap filter proxy, and the panel that holds them.

The model keeps one small :class:`ListRow` per file (no widget per row) with a casefolded haystack computed
once, so a filter keystroke is one substring test per row. Sorting is done by the model itself on
precomputed keys: a QSortFilterProxyModel sorting 10,000 rows through Python comparisons takes seconds.
"""
from __future__ import annotations

import os
from pathlib import Path
from typing import Callable, Iterable

from PySide6.QtCore import (QAbstractItemModel, QAbstractTableModel, QEvent, QItemSelectionModel, QModelIndex,
                            QObject, QSortFilterProxyModel, Qt, QTimer, Signal)
from PySide6.QtGui import QFont, QKeySequence, QPalette
from PySide6.QtWidgets import (QAbstractItemView, QHBoxLayout, QHeaderView, QLabel, QLineEdit, QTableView,
                               QToolButton, QVBoxLayout, QWidget)

from curator_gui.ui.icons import icon, status_icon

UNSAVED, PROBLEM, TITLE, DATE, BRAND, FILE, STATUS = range(7)
HEADERS = ("", "", "Title", "Date", "Brand", "File", "Status")
HEADER_TIPS = ("Unsaved changes", "Problems", "Headline of the curation", "Curation date", "Source site",
               "File name", "Problems found in the file")
_SEVERITY_RANK = {"error": 0, "warning": 1, "pending": 2, "ok": 3}
#: A flush bringing this many rows re-sorts the list (a scan's first cached batch, or its end).
_RESORT_BATCH = 500


class ListRow:
    """What the list shows of one file; built from an index row (or a placeholder until it is read)."""

    __slots__ = ("path", "name", "title", "date", "brand", "status", "errors", "warnings", "clean_url",
                 "categories", "haystack", "summary", "unsaved", "stamp")

    def __init__(self, path: str, root: str):
        self.path = path
        self.name = os.path.basename(path)
        self.title = ""
        self.date = ""
        self.brand = ""
        self.status = "pending"
        self.errors = 0
        self.warnings = 0
        self.clean_url = ""
        self.categories: list[str] = []
        self.summary = "not read yet"
        self.unsaved = False
        self.stamp: tuple = ()
        self.haystack = _relative(path, root).casefold()

    def fill(self, title: str, description: str, date: str, brand: str, categories: list[str], clean_url: str,
             status: str, errors: int, warnings: int, summary: str, root: str) -> None:
        self.title, self.date, self.brand = title, date, brand
        self.categories, self.clean_url = list(categories), clean_url
        self.status, self.errors, self.warnings, self.summary = status, errors, warnings, summary
        self.haystack = "\n".join((title, description, brand, _relative(self.path, root), *categories)).casefold()

    def fill_from_index(self, row, root: str) -> None:
        """Copy what is shown from a core ``IndexRow`` (never keep the row: its thread may still change it)."""
        self.stamp = _stamp(row)
        self.fill(row.title, row.description, row.date, row.brand, row.categories, row.clean_url, row.status,
                  row.errors, row.warnings, _summary(row.all_problems()) if row.parsed else "not read yet", root)

    def status_text(self) -> str:
        if self.status == "pending":
            return "reading…"
        parts = []
        if self.errors:
            parts.append(f"{self.errors} error{'s' if self.errors != 1 else ''}")
        if self.warnings:
            parts.append(f"{self.warnings} warning{'s' if self.warnings != 1 else ''}")
        return ", ".join(parts) or "ok"


def _relative(path: str, root: str) -> str:
    return path[len(root) + 1:] if root and path.startswith(root + os.sep) else path


def _stamp(row) -> tuple:
    return (row.size, row.mtime_ns, row.errors, row.warnings, row.parsed, len(row.cross_problems))


def _summary(problems) -> str:
    if not problems:
        return "no problems"
    lines = [f"line {p.line}: {p.severity}: {p.message}" for p in problems[:6]]
    if len(problems) > 6:
        lines.append(f"… and {len(problems) - 6} more")
    return "\n".join(lines)


def _sort_key(column: int) -> Callable[[ListRow], tuple]:
    if column == UNSAVED:
        return lambda r: (not r.unsaved, r.title.casefold())
    if column == PROBLEM or column == STATUS:
        return lambda r: (_SEVERITY_RANK[r.status], -r.errors, -r.warnings, r.title.casefold())
    if column == TITLE:
        return lambda r: (r.title.casefold() or "\uffff", r.name)
    if column == DATE:
        return lambda r: (r.date, r.name)
    if column == BRAND:
        return lambda r: (r.brand.casefold(), r.date)
    return lambda r: r.name


class FileListModel(QAbstractTableModel):
    """Rows of the open folder; see the module docstring."""

    counts_changed = Signal()

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self.root = ""
        self._rows: list[ListRow] = []
        self._row_of: dict[str, int] = {}
        self._pending: dict[str, object] = {}
        self._sort: tuple[int, Qt.SortOrder] | None = None
        self._by_url: dict[str, list[str]] | None = None
        self._italic = QFont()
        self._italic.setItalic(True)
        self._flush_timer = QTimer(self)
        self._flush_timer.setSingleShot(True)
        self._flush_timer.setInterval(120)
        self._flush_timer.timeout.connect(self.flush)
        #: paths that must stay listed even when gone from disk (records with unsaved edits)
        self.keep: Callable[[str], bool] = lambda path: False

    # --- Qt model interface --------------------------------------------------------------------------------

    def rowCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if orientation != Qt.Orientation.Horizontal:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return HEADERS[section]
        if role == Qt.ItemDataRole.ToolTipRole:
            return HEADER_TIPS[section]
        if role == Qt.ItemDataRole.DecorationRole:
            return icon("unsaved") if section == UNSAVED else icon("warning") if section == PROBLEM else None
        return None

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        row = self._rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if column == TITLE:
                return row.title or row.name
            if column == DATE:
                return row.date[:10]
            if column == BRAND:
                return row.brand
            if column == FILE:
                return row.name
            if column == STATUS:
                return row.status_text()
            return None
        if role == Qt.ItemDataRole.DecorationRole:
            if column == UNSAVED:
                return icon("unsaved") if row.unsaved else None
            if column == PROBLEM:
                return status_icon(row.status)
            return None
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == UNSAVED:
                return "Unsaved changes" if row.unsaved else None
            if column in (PROBLEM, STATUS):
                return row.summary
            if column == TITLE:
                return row.title or row.name
            if column == DATE:
                return row.date
            return row.path if column == FILE else None
        if role == Qt.ItemDataRole.AccessibleTextRole:
            if column == UNSAVED:
                return "unsaved" if row.unsaved else "saved"
            if column == PROBLEM:
                return row.status_text()
            return None
        if role == Qt.ItemDataRole.FontRole and column == TITLE and not row.title:
            return self._italic
        if role == Qt.ItemDataRole.ForegroundRole and column == TITLE and not row.title:
            return QPalette().brush(QPalette.ColorGroup.Active, QPalette.ColorRole.PlaceholderText)
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sort on precomputed keys, keeping the selection (persistent indexes follow their rows)."""
        self._sort = (column, order) if column >= 0 else None
        if self._sort is None or not self._rows:
            return
        self.layoutAboutToBeChanged.emit()
        persistent = self.persistentIndexList()
        held = [(self._rows[i.row()], i.column()) for i in persistent]
        self._rows.sort(key=_sort_key(column), reverse=order == Qt.SortOrder.DescendingOrder)
        self._reindex()
        self.changePersistentIndexList(persistent, [self.index(self._row_of[r.path], c) for r, c in held])
        self.layoutChanged.emit()

    # --- rows ---------------------------------------------------------------------------------------------

    def row(self, number: int) -> ListRow:
        return self._rows[number]

    def rows(self) -> list[ListRow]:
        return self._rows

    def row_of(self, path: str) -> int:
        """Model row of ``path``; -1 when it is not listed."""
        return self._row_of.get(path, -1)

    def get(self, path: str) -> ListRow | None:
        number = self._row_of.get(path)
        return self._rows[number] if number is not None else None

    def _reindex(self) -> None:
        self._row_of = {r.path: n for n, r in enumerate(self._rows)}
        self._by_url = None

    def set_root(self, root: str) -> None:
        """Start over on another folder."""
        self.beginResetModel()
        self.root = os.path.abspath(root)
        self._rows = []
        self._row_of = {}
        self._pending.clear()
        self.endResetModel()
        self.counts_changed.emit()

    def set_paths(self, paths: Iterable[str]) -> None:
        """Make the listed files exactly ``paths`` (new ones as placeholders), keeping rows already read."""
        paths = list(paths)
        wanted = set(paths)
        gone = [p for p in self._row_of if p not in wanted and not self.keep(p)]
        if not self._rows or len(gone) > 50:
            kept = {r.path: r for r in self._rows if r.path in wanted or self.keep(r.path)}
            self.beginResetModel()
            self._rows = [kept.get(p) or ListRow(p, self.root) for p in paths]
            self._rows += [r for p, r in kept.items() if p not in wanted]
            self._reindex()
            self.endResetModel()
            if self._sort:
                self.sort(*self._sort)
        else:
            self.remove_paths(gone)
            self._append([ListRow(p, self.root) for p in paths if p not in self._row_of])
        self.counts_changed.emit()

    def _append(self, rows: list[ListRow]) -> None:
        if not rows:
            return
        first = len(self._rows)
        self.beginInsertRows(QModelIndex(), first, first + len(rows) - 1)
        self._rows.extend(rows)
        for n, r in enumerate(rows, first):
            self._row_of[r.path] = n
        self._by_url = None
        self.endInsertRows()

    def remove_paths(self, paths: Iterable[str]) -> None:
        numbers = sorted((self._row_of[p] for p in paths if p in self._row_of and not self.keep(p)), reverse=True)
        for number in numbers:
            self.beginRemoveRows(QModelIndex(), number, number)
            del self._rows[number]
            self.endRemoveRows()
        if numbers:
            self._reindex()
            self.counts_changed.emit()

    def queue_index_rows(self, rows: list) -> None:
        """Take rows from the index; shown at the next flush (batches arrive faster than worth repainting)."""
        for row in rows:
            self._pending[row.path] = row
        if not self._flush_timer.isActive():
            self._flush_timer.start()

    def flush(self, resort: bool = False) -> None:
        """Apply queued index rows now."""
        self._flush_timer.stop()
        pending, self._pending = self._pending, {}
        changed: list[int] = []
        fresh: list[ListRow] = []
        for path, index_row in pending.items():
            number = self._row_of.get(path)
            if number is None:
                row = ListRow(path, self.root)
                row.fill_from_index(index_row, self.root)
                fresh.append(row)
            elif self._rows[number].stamp != _stamp(index_row):
                self._rows[number].fill_from_index(index_row, self.root)
                changed.append(number)
        self._changed(changed)
        self._append(fresh)
        if self._sort and (resort or len(changed) + len(fresh) >= _RESORT_BATCH):
            self.sort(*self._sort)
        if pending:
            self.counts_changed.emit()

    def _changed(self, numbers: list[int]) -> None:
        self._by_url = None
        if numbers:
            self.dataChanged.emit(self.index(min(numbers), 0), self.index(max(numbers), len(HEADERS) - 1))

    def update_row(self, path: str, **values) -> None:
        """Show a record's state (after a save) without waiting for the index; adds the row if needed."""
        row = self.get(path)
        if row is None:
            row = ListRow(path, self.root)
            self._append([row])
        row.fill(root=self.root, **values)
        row.stamp = ()
        self._changed([self._row_of[path]])
        self.counts_changed.emit()

    def set_unsaved(self, path: str, unsaved: bool) -> None:
        row = self.get(path)
        if row is not None and row.unsaved != unsaved:
            row.unsaved = unsaved
            self._changed([self._row_of[path]])
            self.counts_changed.emit()

    # --- summaries ----------------------------------------------------------------------------------------

    def counts(self) -> dict[str, int]:
        rows = self._rows
        return {"files": len(rows), "errors": sum(1 for r in rows if r.status == "error"),
                "warnings": sum(1 for r in rows if r.status == "warning"),
                "unsaved": sum(1 for r in rows if r.unsaved), "pending": sum(1 for r in rows if r.status == "pending")}

    def all_categories(self) -> list[str]:
        """Every topic used in the folder, for completion."""
        found: set[str] = set()
        for row in self._rows:
            found.update(row.categories)
        return sorted(found, key=str.casefold)

    def paths_with_clean_url(self, url: str) -> list[str]:
        """Files whose clean source URL is ``url`` (for duplicate checks)."""
        if not url:
            return []
        if self._by_url is None:
            self._by_url = {}
            for row in self._rows:
                if row.clean_url:
                    self._by_url.setdefault(row.clean_url, []).append(row.path)
        return list(self._by_url.get(url, []))


class FileFilterProxy(QSortFilterProxyModel):
    """Filters on the rows' haystacks (every word must occur) and, optionally, on having problems."""

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self._words: list[str] = []
        self._only_problems = False

    def set_text(self, text: str) -> None:
        words = text.casefold().split()
        if words != self._words:
            self._refilter(lambda: setattr(self, "_words", words))

    def set_only_problems(self, only: bool) -> None:
        if only != self._only_problems:
            self._refilter(lambda: setattr(self, "_only_problems", only))

    def _refilter(self, change: Callable[[], None]) -> None:
        if hasattr(self, "beginFilterChange"):  # Qt 6.9+: refilters rows only, without a full invalidate
            self.beginFilterChange()
            change()
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)
        else:
            change()
            self.invalidateFilter()

    def filterAcceptsRow(self, source_row: int, source_parent: QModelIndex) -> bool:
        row = self.sourceModel().row(source_row)
        if self._only_problems and row.status not in ("error", "warning"):
            return False
        haystack = row.haystack
        for word in self._words:
            if word not in haystack:
                return False
        return True

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        # The source sorts itself (fast); the proxy keeps source order.
        self.sourceModel().sort(column, order)


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
        self.filter_edit.setPlaceholderText(f"Filter by title, topic, brand or file "
                                            f"({QKeySequence(QKeySequence.StandardKey.Find).toString(QKeySequence.SequenceFormat.NativeText)})")
        self.filter_edit.setToolTip("Shows only files whose title, description, topics, brand or file name "
                                    "contain every word typed here (case does not matter)")
        self.filter_edit.setClearButtonEnabled(True)
        self.filter_edit.addAction(icon("find"), QLineEdit.ActionPosition.LeadingPosition)
        self.filter_edit.textChanged.connect(self.proxy.set_text)
        self.filter_edit.installEventFilter(_FilterKeys(self))

        self.problems_button = QToolButton(self)
        self.problems_button.setObjectName("onlyProblemsButton")
        self.problems_button.setCheckable(True)
        self.problems_button.setIcon(icon("only-problems"))
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
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
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
        header.setStretchLastSection(True)
        header.setHighlightSections(False)
        em = self.fontMetrics().horizontalAdvance("M")
        for column, width in ((UNSAVED, 26), (PROBLEM, 26), (TITLE, em * 20), (DATE, em * 6), (BRAND, em * 10),
                              (FILE, em * 16), (STATUS, em * 8)):
            header.resizeSection(column, width)
        header.setSectionResizeMode(UNSAVED, QHeaderView.ResizeMode.Fixed)
        header.setSectionResizeMode(PROBLEM, QHeaderView.ResizeMode.Fixed)
        header.setSortIndicator(DATE, Qt.SortOrder.DescendingOrder)
        self.view.setSortingEnabled(True)
        self.view.selectionModel().currentRowChanged.connect(self._on_view_current_changed)

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
        layout.addWidget(self.view, 1)
        layout.addWidget(self.shown_label)

    # --- selection ----------------------------------------------------------------------------------------

    def current_path(self) -> str | None:
        index = self.view.currentIndex()
        if not index.isValid():
            return None
        return self.model.row(self.proxy.mapToSource(index).row()).path

    def select_path(self, path: str) -> bool:
        """Make ``path`` the current row (clearing the filter if it hides the file); False when not listed."""
        number = self.model.row_of(path)
        if number < 0:
            return False
        proxy_index = self.proxy.mapFromSource(self.model.index(number, TITLE))
        if not proxy_index.isValid():
            self.filter_edit.clear()
            self.problems_button.setChecked(False)
            proxy_index = self.proxy.mapFromSource(self.model.index(number, TITLE))
        self.view.selectionModel().setCurrentIndex(
            proxy_index, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows)
        self.view.scrollTo(proxy_index)
        return True

    def focus_filter(self) -> None:
        self.filter_edit.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.filter_edit.selectAll()

    def focus_list(self) -> None:
        self.view.setFocus(Qt.FocusReason.ShortcutFocusReason)
        if not self.view.currentIndex().isValid() and self.proxy.rowCount() > 0:
            self.view.selectionModel().setCurrentIndex(
                self.proxy.index(0, TITLE),
                QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows)

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


def display_name(path: str | Path) -> str:
    """A file's name as the window shows it."""
    return os.path.basename(str(path))
