"""The file list's model: the only owner of the rows of the open folder and of their order.

Rows come from the index in batches (shown at the next flush: batches arrive faster than worth repainting) and
from records saved in the window. Sorting is done by the model itself on precomputed keys: a
QSortFilterProxyModel sorting 10,000 rows through Python comparisons takes seconds.
"""
from __future__ import annotations

import os
from typing import Callable, Iterable

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QFont, QPalette

from curator_gui.ui.file_list.rows import (BRAND, DATE, FILE, HEADER_TIPS, HEADERS, PROBLEM, STATUS, TITLE, UNSAVED,
                                           ListRow, index_stamp, sort_key)
from curator_gui.ui.icons import icon, status_icon

#: A flush bringing this many rows re-sorts the list (a scan's first cached batch, or its end).
_RESORT_BATCH = 500


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
        #: what a record held in the window shows instead of its file's row (unsaved edits), else None
        self.live: Callable[[str], dict | None] = lambda path: None

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
            if column == TITLE:  # the file's name too: its column starts hidden
                return f"{row.title}\n{row.relative}" if row.title else row.relative
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
        self._rows.sort(key=sort_key(column), reverse=order == Qt.SortOrder.DescendingOrder)
        self._reindex()
        self.changePersistentIndexList(persistent, [self.index(self._row_of[r.path], c) for r, c in held])
        self.layoutChanged.emit()

    # --- rows ---------------------------------------------------------------------------------------------

    def row(self, number: int) -> ListRow:
        """The row at model row ``number``."""
        return self._rows[number]

    def rows(self) -> list[ListRow]:
        """Every row, in the model's order."""
        return self._rows

    def row_of(self, path: str) -> int:
        """Model row of ``path``; -1 when it is not listed."""
        return self._row_of.get(path, -1)

    def get(self, path: str) -> ListRow | None:
        """The row of ``path``, None when it is not listed."""
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
        """Drop the rows of ``paths`` (rows the window keeps, see ``keep``, stay)."""
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
        key = sort_key(self._sort[0]) if self._sort else None
        keys_moved = False  # whether any row's sort key changed (else the order stands)
        for path, index_row in pending.items():
            number = self._row_of.get(path)
            if number is None:
                row = ListRow(path, self.root)
                row.fill_from_index(index_row, self.root)
                fresh.append(row)
            elif self._rows[number].stamp != index_stamp(index_row):
                row = self._rows[number]
                before = key(row) if key is not None and not keys_moved else None
                row.fill_from_index(index_row, self.root)
                live = self.live(path)
                if live is not None:  # the file's row arrived under unsaved edits: the list shows the edits
                    row.fill(root=self.root, **live)
                if key is not None and not keys_moved and key(row) != before:
                    keys_moved = True
                changed.append(number)
        self._changed(changed)
        self._append(fresh)
        if self._sort and (fresh or resort and keys_moved or len(changed) >= _RESORT_BATCH and keys_moved):
            self.sort(*self._sort)
        if pending:
            self.counts_changed.emit()

    def _changed(self, numbers: list[int], urls_changed: bool = True) -> None:
        if urls_changed:
            self._by_url = None
        if numbers:
            self.dataChanged.emit(self.index(min(numbers), 0), self.index(max(numbers), len(HEADERS) - 1))

    def update_row(self, path: str, **values) -> None:
        """Show a record's state (after a save) without waiting for the index; adds the row if needed."""
        row = self.get(path)
        new = row is None
        if new:
            row = ListRow(path, self.root)
            self._append([row])
        urls_changed = row.clean_url != values.get("clean_url", row.clean_url)
        row.fill(root=self.root, **values)
        row.stamp = ()
        self._changed([self._row_of[path]], urls_changed)
        if new and self._sort:
            self.sort(*self._sort)  # a new file goes where the list's order puts it, not at the bottom
        self.counts_changed.emit()

    def set_unsaved(self, path: str, unsaved: bool) -> None:
        """Mark (or unmark) the row of ``path`` as having unsaved edits."""
        row = self.get(path)
        if row is not None and row.unsaved != unsaved:
            row.unsaved = unsaved
            self._changed([self._row_of[path]])
            self.counts_changed.emit()

    # --- summaries ----------------------------------------------------------------------------------------

    def counts(self) -> dict[str, int]:
        """How many rows there are, with errors, warnings, unsaved edits, or not read yet."""
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
