"""The file list: a table model over plain rows, a cheap filter proxy, and the panel that holds them.

The model keeps one small :class:`ListRow` per file (no widget per row) with a casefolded haystack computed
once, so a filter keystroke is one substring test per row. Sorting is done by the model itself on
precomputed keys: a QSortFilterProxyModel sorting 10,000 rows through Python comparisons takes seconds.
"""
from __future__ import annotations

import os
from pathlib import Path
from typing import Callable, Iterable

from PySide6.QtCore import (QAbstractTableModel, QEvent, QItemSelectionModel, QModelIndex, QObject, Qt, QTimer,
                            Signal)
from PySide6.QtGui import QFont, QKeySequence, QPalette
from PySide6.QtWidgets import (QAbstractItemView, QHBoxLayout, QHeaderView, QLabel, QLineEdit, QStyledItemDelegate,
                               QTableView,
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

    __slots__ = ("path", "name", "relative", "title", "date", "brand", "status", "errors", "warnings",
                 "clean_url", "categories", "haystack", "_summary", "_index_row", "unsaved", "stamp")

    def __init__(self, path: str, root: str):
        self.path = path
        self.name = path.rpartition(os.sep)[2]
        self.relative = _relative(path, root)
        self.title = ""
        self.date = ""
        self.brand = ""
        self.status = "pending"
        self.errors = 0
        self.warnings = 0
        self.clean_url = ""
        self.categories: list[str] = []
        self._summary: str | None = "not read yet"
        self._index_row = None
        self.unsaved = False
        self.stamp: tuple = ()
        self.haystack = self.relative.casefold()

    def fill(self, title: str, description: str, date: str, brand: str, categories: list[str], clean_url: str,
             status: str, errors: int, warnings: int, summary: str | None, root: str) -> None:
        self.title, self.date, self.brand = title, date, brand
        self.categories, self.clean_url = list(categories), clean_url
        self.status, self.errors, self.warnings, self._summary = status, errors, warnings, summary
        self._index_row = None
        self.haystack = "\n".join((title, description, brand, self.relative, *categories)).casefold()

    def fill_from_index(self, row, root: str) -> None:
        """Copy what is shown from a core ``IndexRow``; its problems are only read for a tooltip."""
        self.stamp = _stamp(row)
        self.fill(row.title, row.description, row.date, row.brand, row.categories, row.clean_url, row.status,
                  row.errors, row.warnings, None if row.parsed else "not read yet", root)
        self._index_row = row

    @property
    def summary(self) -> str:
        """The problems as a tooltip (worked out when first shown: decoding 10,000 lists up front costs)."""
        if self._summary is None:
            self._summary = _summary(self._index_row.all_problems()) if self._index_row is not None else ""
        return self._summary

    def status_text(self) -> str:
        """The worst kind of problem and its count ('ok' without any); the tooltip lists them all."""
        if self.status == "pending":
            return "reading…"
        if self.errors:
            return f"{self.errors} error{'s' if self.errors != 1 else ''}"
        if self.warnings:
            return f"{self.warnings} warning{'s' if self.warnings != 1 else ''}"
        return "ok"


def _relative(path: str, root: str) -> str:
    return path[len(root) + 1:] if root and path.startswith(root + os.sep) else path


def _stamp(row) -> tuple:
    return (row.size, row.mtime_ns, row.errors, row.warnings, row.parsed, row.image_missing, len(row.duplicates))


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
        return self.cell(index.row(), index.column(), role)

    def cell(self, number: int, column: int, role: int):
        """What ``data()`` returns, addressed by numbers (the proxy calls this without building indexes)."""
        row = self._rows[number]
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
            if self._sort and any(r.stamp for r in self._rows):  # placeholders alone stay in file order
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
        if len(self._pending) >= _RESORT_BATCH:
            self.flush()  # a cache's worth at once: show it now rather than after the timer
        elif not self._flush_timer.isActive():
            self._flush_timer.start()

    def flush(self, resort: bool = False) -> None:
        """Apply queued index rows now."""
        self._flush_timer.stop()
        pending, self._pending = self._pending, {}
        changed: list[int] = []
        fresh: list[ListRow] = []
        key = _sort_key(self._sort[0]) if self._sort else None
        keys_moved = False  # whether any row's sort key changed (else the order stands)
        for path, index_row in pending.items():
            number = self._row_of.get(path)
            if number is None:
                row = ListRow(path, self.root)
                row.fill_from_index(index_row, self.root)
                fresh.append(row)
            elif self._rows[number].stamp != _stamp(index_row):
                row = self._rows[number]
                before = key(row) if key is not None and not keys_moved else None
                row.fill_from_index(index_row, self.root)
                if key is not None and not keys_moved and key(row) != before:
                    keys_moved = True
                changed.append(number)
        self._changed(changed)
        self._append(fresh)
        if self._sort and (fresh or resort and keys_moved or len(changed) >= _RESORT_BATCH and keys_moved):
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


class FileFilterProxy(QAbstractTableModel):
    """The rows of a :class:`FileListModel` that pass the filter, in the model's order.

    A filtering proxy written out rather than a QSortFilterProxyModel: that one asks Python about every row
    (one call per row per keystroke, each of which waits for the interpreter lock while the index thread
    works), whereas here the visible rows are computed in one pass over the haystacks and the view is told once.
    The selection and current row follow their files through filtering and sorting (persistent indexes).
    """

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self._source: FileListModel | None = None
        self._words: list[str] = []
        self._only_problems = False
        self._visible: list[int] = []  # source row of each proxy row
        self._position: list[int] = []  # proxy row of each source row (-1: filtered out)
        self._held: list = []
        self._held_rows: list = []

    # --- source -------------------------------------------------------------------------------------------

    def setSourceModel(self, model: FileListModel) -> None:  # noqa: N802 - mirrors QAbstractProxyModel
        self._source = model
        model.modelAboutToBeReset.connect(self.beginResetModel)
        model.modelReset.connect(self._on_source_reset)
        model.rowsAboutToBeInserted.connect(lambda *_: self.beginResetModel())
        model.rowsInserted.connect(self._on_source_reset)
        model.rowsAboutToBeRemoved.connect(lambda *_: self.beginResetModel())
        model.rowsRemoved.connect(self._on_source_reset)
        model.layoutAboutToBeChanged.connect(self._begin_layout)
        model.layoutChanged.connect(self._end_layout)
        model.dataChanged.connect(self._on_source_data_changed)
        self.beginResetModel()
        self._compute()
        self.endResetModel()

    def sourceModel(self) -> FileListModel:  # noqa: N802
        return self._source

    def _accepts(self, row: ListRow) -> bool:
        if self._only_problems and row.status not in ("error", "warning"):
            return False
        haystack = row.haystack
        for word in self._words:
            if word not in haystack:
                return False
        return True

    def _compute(self) -> None:
        rows = self._source.rows() if self._source is not None else []
        if not self._words and not self._only_problems:
            self._visible = list(range(len(rows)))
        else:
            accepts = self._accepts
            self._visible = [n for n, row in enumerate(rows) if accepts(row)]
        position = [-1] * len(rows)
        for proxy_row, source_row in enumerate(self._visible):
            position[source_row] = proxy_row
        self._position = position

    def _on_source_reset(self, *_args) -> None:
        self._compute()
        self.endResetModel()

    def _begin_layout(self, *_args) -> None:
        """Remember which file each persistent index (selection, current row) stands on."""
        self.layoutAboutToBeChanged.emit()
        self._held = self.persistentIndexList()
        rows = self._source.rows()
        self._held_rows = [rows[self._visible[i.row()]] if i.row() < len(self._visible) else None
                           for i in self._held]

    def _end_layout(self, *_args) -> None:
        self._compute()
        moved = []
        for index, row in zip(self._held, self._held_rows, strict=True):
            source_row = self._source.row_of(row.path) if row is not None else -1
            proxy_row = self._position[source_row] if source_row >= 0 else -1
            moved.append(self.index(proxy_row, index.column()) if proxy_row >= 0 else QModelIndex())
        self.changePersistentIndexList(self._held, moved)
        self._held, self._held_rows = [], []
        self.layoutChanged.emit()

    def _on_source_data_changed(self, top_left: QModelIndex, bottom_right: QModelIndex, *_roles) -> None:
        first, last = top_left.row(), bottom_right.row()
        rows = self._source.rows()
        if any((self._position[n] >= 0) != self._accepts(rows[n]) for n in range(first, last + 1)):
            self._begin_layout()  # rows appear or vanish: a layout change keeps the selection on its file
            self._end_layout()
            return
        shown = [self._position[n] for n in range(first, last + 1) if self._position[n] >= 0]
        if shown:
            self.dataChanged.emit(self.index(min(shown), top_left.column()),
                                  self.index(max(shown), bottom_right.column()))

    # --- filter -------------------------------------------------------------------------------------------

    def set_text(self, text: str) -> None:
        """Show only rows whose haystack holds every word of ``text`` (case-insensitive)."""
        words = text.casefold().split()
        if words != self._words:
            self._refilter(lambda: setattr(self, "_words", words))

    def set_only_problems(self, only: bool) -> None:
        if only != self._only_problems:
            self._refilter(lambda: setattr(self, "_only_problems", only))

    def _refilter(self, change: Callable[[], None]) -> None:
        self._begin_layout()
        change()
        self._end_layout()

    # --- Qt model interface --------------------------------------------------------------------------------

    def rowCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._visible)

    def columnCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(HEADERS)

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        return self._source.cell(self._visible[index.row()], index.column(), role)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):
        return self._source.headerData(section, orientation, role)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        self._source.sort(column, order)  # the source sorts on its keys; this follows its order

    def mapToSource(self, index: QModelIndex) -> QModelIndex:  # noqa: N802 - QAbstractProxyModel's name
        if not index.isValid() or index.row() >= len(self._visible):
            return QModelIndex()
        return self._source.index(self._visible[index.row()], index.column())

    def mapFromSource(self, index: QModelIndex) -> QModelIndex:  # noqa: N802
        if not index.isValid() or index.row() >= len(self._position) or self._position[index.row()] < 0:
            return QModelIndex()
        return self.index(self._position[index.row()], index.column())


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
        layout.addWidget(self.view, 1)
        layout.addWidget(self.shown_label)

    # --- selection ----------------------------------------------------------------------------------------

    def current_path(self) -> str | None:
        index = self.view.currentIndex()
        if not index.isValid():
            return None
        return self.model.row(self.proxy.mapToSource(index).row()).path

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

    def focus_filter(self) -> None:
        self.filter_edit.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.filter_edit.selectAll()

    def focus_list(self) -> None:
        self.view.setFocus(Qt.FocusReason.ShortcutFocusReason)
        if not self.view.currentIndex().isValid() and self.proxy.rowCount() > 0:
            self.view.selectionModel().setCurrentIndex(
                self.proxy.index(0, TITLE),
                QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows)

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


def display_name(path: str | Path) -> str:
    """A file's name as the window shows it."""
    return os.path.basename(str(path))
