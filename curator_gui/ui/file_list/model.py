"""The file list's model: the only owner of the rows of the open folder and of their order, as Qt sees them.

Rows come from the index in batches (shown at the next flush: batches arrive faster than worth repainting) and
from records held in the window. The rows are the index's own (see :mod:`curator_gui.ui.file_list.rows`), kept
by a :class:`~curator_gui.ui.file_list.table.RowTable`, which does every pass over all rows in C: a folder of
100,000 files never holds the event loop for long. Sorting is done by the model itself on keys fetched per
sort: a QSortFilterProxyModel sorting 100,000 rows through Python comparisons takes seconds.
"""
from __future__ import annotations

import os
from operator import attrgetter
from typing import Callable, Iterable

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QFont, QPalette

from curator_gui.core.index_row import IndexRow
from curator_gui.ui.file_list.rows import (BRAND, DATE, FILE, HEADER_TIPS, HEADERS, PROBLEM, STATUS, TITLE, UNSAVED,
                                           ListRow, PendingRow, file_name, problem_text, relative_path, shown_date,
                                           sort_key, sort_rows, status_text)
from curator_gui.ui.file_list.table import RowTable
from curator_gui.ui.icons import icon, status_icon

#: The first rows of a folder are shown at once (a cache's first batch)…
_SHOW_AT_ONCE = 500
#: …later batches at most this often (plus a millisecond per 500 rows: each flush of a large folder
#: sorts and filters every row), so that a long stream of batches leaves the event loop time for the curator.
_FLUSH_MS = 120
#: Changed rows beyond this many are put in order by sorting the list, not by checking their neighbours.
_CHECK_ORDER_LIMIT = 200

_DISPLAY, _DECORATION, _TOOLTIP, _ACCESSIBLE, _FONT, _FOREGROUND = (int(role.value) for role in (
    Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.DecorationRole, Qt.ItemDataRole.ToolTipRole,
    Qt.ItemDataRole.AccessibleTextRole, Qt.ItemDataRole.FontRole, Qt.ItemDataRole.ForegroundRole))
#: The role a change of rows in place names (dataChanged): only their problems changed (the checks across files),
#: not their texts, so that the filter keeps what it gathered of those.
PROBLEMS_ROLE = int(Qt.ItemDataRole.UserRole.value) + 1
#: The roles the list answers; any other is None at once.
ANSWERED_ROLES = frozenset((_DISPLAY, _DECORATION, _TOOLTIP, _ACCESSIBLE, _FONT, _FOREGROUND))


class FileListModel(QAbstractTableModel):
    """Rows of the open folder; see the module docstring."""

    counts_changed = Signal()
    #: every row was looked at again (the end of a scan, a refresh): all_categories() answers at once
    topics_ready = Signal()

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self.root = ""
        self._table = RowTable()
        self._pending: dict[str, object] = {}
        self._sort: tuple[int, Qt.SortOrder] | None = None
        self._by_url: dict[str, list[str]] | None = None
        self._italic = QFont()
        self._italic.setItalic(True)
        self._flush_timer = QTimer(self)
        self._flush_timer.setSingleShot(True)
        self._flush_timer.setInterval(_FLUSH_MS)
        self._flush_timer.timeout.connect(self.flush)
        # After rows changed in place: counts, then topics, taken again a step per turn of the event loop.
        self._gather_timer = QTimer(self)
        self._gather_timer.setInterval(0)
        self._gather_timer.timeout.connect(self._gather_more)
        self._counting = False
        #: paths that must stay listed even when gone from disk (records with unsaved edits)
        self.keep: Callable[[str], bool] = lambda path: False
        #: what a record held in the window shows instead of its file's row (unsaved edits), else None
        self.live: Callable[[str], dict | None] = lambda path: None
        #: gives an index row held without its findings those findings (for its tooltip)
        self.load_findings: Callable[[object], None] = lambda row: None

    # --- Qt model interface --------------------------------------------------------------------------------

    def rowCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._table.rows)

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
        return self.cell(index.row(), index.column(), role) if role in ANSWERED_ROLES else None

    def cell(self, number: int, column: int, role: int):
        """What ``data()`` returns, addressed by numbers (the proxy calls this without building indexes). Qt asks
        for a dozen roles per cell painted; those never answered are turned away first (see ANSWERED_ROLES)."""
        row = self._table.rows[number]
        if role == _DISPLAY:
            if column == TITLE:
                return row.title or file_name(row.path)
            if column == DATE:
                return shown_date(row.date)[0]
            if column == BRAND:
                return row.brand
            if column == FILE:
                return file_name(row.path)
            if column == STATUS:
                return status_text(row)
            return None
        if role == _DECORATION:
            if column == UNSAVED:
                return icon("unsaved") if row.unsaved else None
            if column == PROBLEM:
                return status_icon(row.status)
            return None
        if role == _TOOLTIP:
            if column == UNSAVED:
                return "Unsaved changes" if row.unsaved else None
            if column in (PROBLEM, STATUS):
                own = row if isinstance(row, IndexRow) else getattr(row, "index_row", None)
                if own is not None:
                    self.load_findings(own)  # rows are held without their findings' texts
                return problem_text(row)
            if column == TITLE:  # the file's name too: its column starts hidden
                relative = relative_path(row.path, self.root)
                return f"{row.title}\n{relative}" if row.title else relative
            if column == DATE:
                return row.date if shown_date(row.date)[1] else f"Not a date: {row.date}" if row.date.strip() else None
            return row.path if column == FILE else None
        if role == _ACCESSIBLE:
            if column == UNSAVED:
                return "unsaved" if row.unsaved else "saved"
            if column == PROBLEM:
                return status_text(row)
            return None
        # Font or foreground: a missing title, and a date that is not one, in the placeholder style.
        if (column == TITLE and not row.title) or (column == DATE and not shown_date(row.date)[1]):
            if role == _FONT:
                return self._italic
            return QPalette().brush(QPalette.ColorGroup.Active, QPalette.ColorRole.PlaceholderText)
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sort, keeping the selection (persistent indexes follow their rows)."""
        self._sort = (column, order) if column >= 0 else None
        if self._sort is None or not self._table.rows:
            return
        self._relayout(lambda: self._table.sort(column, order == Qt.SortOrder.DescendingOrder))

    def _relayout(self, change: Callable[[], None]) -> None:
        """Change the rows' order (or which rows there are) as one change of layout: the selection and the current
        row stay on their files (one that is gone leaves them)."""
        self.layoutAboutToBeChanged.emit()
        persistent = self.persistentIndexList()
        held = [self._table.rows[i.row()] for i in persistent]
        change()
        self.changePersistentIndexList(persistent, [
            self.index(n, i.column()) if n >= 0 else QModelIndex()
            for n, i in zip(self._table.positions_of(held), persistent)])
        self.layoutChanged.emit()

    def _in_order(self, numbers: list[int]) -> bool:
        """Whether the rows at ``numbers`` (changed) still stand where the sort order puts them."""
        column, order = self._sort
        key, rows, last = sort_key(column), self._table.rows, len(self._table.rows) - 1
        descending = order == Qt.SortOrder.DescendingOrder
        for number in numbers:
            mine = key(rows[number])
            before = key(rows[number - 1]) if number > 0 else None
            after = key(rows[number + 1]) if number < last else None
            if descending:
                before, after = after, before
            if (before is not None and before > mine) or (after is not None and mine > after):
                return False
        return True

    # --- rows ---------------------------------------------------------------------------------------------

    def row(self, number: int):
        """The row at model row ``number``."""
        return self._table.rows[number]

    def rows(self) -> list:
        """Every row, in the model's order."""
        return self._table.rows

    def row_of(self, path: str) -> int:
        """Model row of ``path``; -1 when it is not listed."""
        return self._table.position(path)

    def rows_of(self, rows: list) -> list[int]:
        """Model rows of these rows (objects of this model); -1 for one no longer listed."""
        return self._table.positions_of(rows)

    def get(self, path: str):
        """The row of ``path``, None when it is not listed."""
        return self._table.by_path.get(path)

    def set_root(self, root: str) -> None:
        """Start over on another folder."""
        self.beginResetModel()
        self.root = os.path.abspath(root)
        self._table = RowTable()
        self._pending.clear()
        self._by_url = None
        self._gather_timer.stop()
        self.endResetModel()
        self.counts_changed.emit()
        self.topics_ready.emit()

    def set_paths(self, paths: Iterable[str], wanted: set[str] | None = None) -> None:
        """Make the listed files exactly ``paths`` (new ones as placeholders), keeping rows already read.
        ``wanted``: the same paths as a set, when the caller has it."""
        paths = list(paths)
        wanted = set(paths) if wanted is None else wanted
        if self._pending.keys() - wanted:  # rows the index served before its listing found their files gone
            self._pending = {path: row for path, row in self._pending.items() if path in wanted}
        held = self._table.by_path
        outside = held.keys() - wanted
        gone = [p for p in outside if not self.keep(p)]
        new = wanted - held.keys() if len(held) - len(outside) != len(wanted) else set()  # all held: none new
        if not held or len(gone) > 50:
            gone_set = set(gone)
            kept = [r for r in self._table.rows if r.path not in gone_set] if gone else self._table.rows
            self.beginResetModel()
            self._table.reset(kept + [PendingRow(p) for p in paths if p in new])
            self._by_url = None
            self.endResetModel()
            if self._sort and kept:  # placeholders alone stay in file order
                self.sort(*self._sort)
        else:
            self.remove_paths(gone)
            self._append([PendingRow(p) for p in paths if p in new] if new else [])
        self.counts_changed.emit()

    def _append(self, rows: list) -> None:
        if not rows:
            return
        first = len(self._table)
        self.beginInsertRows(QModelIndex(), first, first + len(rows) - 1)
        self._table.append(rows)
        self._by_url = None
        self.endInsertRows()

    def _append_in_order(self, rows: list) -> None:
        """Add rows where the sort order puts them, as one change of layout: an insertion and then a sort were two,
        each filtering 100,000 rows again and finding the selection again."""
        column, order = self._sort
        if not self._table.rows:  # the first rows: put in order, then inserted (a view shows an insertion soonest)
            sort_rows(rows, column, order == Qt.SortOrder.DescendingOrder)
            self._append(rows)
            return

        def change() -> None:
            self._table.append(rows)
            self._table.sort(column, order == Qt.SortOrder.DescendingOrder)

        self._relayout(change)
        self._by_url = None

    def remove_paths(self, paths: Iterable[str]) -> None:
        """Drop the rows of ``paths`` (rows the window keeps, see ``keep``, stay)."""
        table = self._table
        numbers = sorted({table.position(p) for p in paths if p in table.by_path and not self.keep(p)})
        if not numbers:
            return
        if numbers[-1] - numbers[0] == len(numbers) - 1:  # one run of rows
            self.beginRemoveRows(QModelIndex(), numbers[0], numbers[-1])
            table.remove(numbers)
            self.endRemoveRows()
        else:  # rows here and there: one change of layout, rather than a removal (and a re-filter) per row
            self._relayout(lambda: table.remove(numbers))
        self._by_url = None
        self.counts_changed.emit()

    def queue_index_rows(self, rows: list) -> None:
        """Take rows from the index; shown at the next flush (batches arrive faster than worth repainting)."""
        self._pending.update(zip(map(attrgetter("path"), rows), rows))
        if len(self._pending) >= _SHOW_AT_ONCE and not self._table.rows:
            self.flush()  # the first of a cache's rows: show them now rather than after the timer
        elif not self._flush_timer.isActive():
            self._flush_timer.start(_FLUSH_MS + len(self._table) // 500)

    def flush(self) -> None:
        """Apply queued index rows now."""
        self._flush_timer.stop()
        pending, self._pending = self._pending, {}
        if not pending:
            return
        fresh, taking, in_place = self._table.sort_out(list(pending), list(pending.values()))
        replaced: list[int] = []
        for number, current, index_row in taking:
            if isinstance(current, ListRow) and current.unsaved:
                live = self.live(index_row.path)
                if live is not None:  # the file's row arrived under unsaved edits: the list shows the edits
                    current.index_row = index_row
                    with self._table.changing(current):
                        current.fill(**live)
                    replaced.append(number)
                    continue
                index_row = ListRow.copy_of(index_row)
                index_row.unsaved = True
            self._table.replace(number, index_row)
            replaced.append(number)
        self._changed(replaced)
        if in_place:  # the index changed rows it had sent before: every row may show other problems
            self._table.changed_in_place()
            self._changed([0, len(self._table) - 1], problems_only=True)
        if self._sort and fresh:
            self._append_in_order(fresh)
        else:
            self._append(fresh)
            if self._sort and replaced and (len(replaced) > _CHECK_ORDER_LIMIT or not self._in_order(replaced)):
                self.sort(*self._sort)
        if in_place:
            self._gather_again()
        else:
            self.counts_changed.emit()

    def rows_changed_in_place(self) -> None:
        """The index changed rows it had sent (the checks across files): show and count them again, and sort
        again when the order depends on what changed."""
        if not self._table.rows:
            self.topics_ready.emit()
            return
        self._table.changed_in_place()
        self._changed([0, len(self._table) - 1], problems_only=True)
        if self._sort and self._sort[0] in (PROBLEM, STATUS):
            self.sort(*self._sort)
        self._gather_again()

    @property
    def gathering(self) -> bool:
        """Whether the counts or topics are being taken again (a step per turn of the event loop)."""
        return self._gather_timer.isActive()

    def _gather_again(self) -> None:
        """Count every row again, then gather their topics, a step per turn of the event loop (100,000 rows take
        80 ms and 40 ms): counts_changed, then topics_ready."""
        self._counting = True
        self._gather_timer.start()

    def _gather_more(self) -> None:
        if self._counting:
            if self._table.count_step():
                self._counting = False
                self.counts_changed.emit()
        elif self._table.topics_step():
            self._gather_timer.stop()
            self.topics_ready.emit()

    def _changed(self, numbers: list[int], urls_changed: bool = True, problems_only: bool = False) -> None:
        """Tell the views rows ``numbers`` show something else (``problems_only``: only their problems changed,
        see PROBLEMS_ROLE)."""
        if urls_changed:
            self._by_url = None
        if numbers:
            self.dataChanged.emit(self.index(min(numbers), 0), self.index(max(numbers), len(HEADERS) - 1),
                                  [PROBLEMS_ROLE] if problems_only else [])

    def _window_row(self, path: str) -> tuple[ListRow, bool]:
        """The row of ``path`` as one the window may change (made from the file's row, or new and appended)."""
        row = self._table.by_path.get(path)
        if row is None:
            row = ListRow(path)
            self._append([row])
            return row, True
        if not isinstance(row, ListRow):
            copy = ListRow.copy_of(row)
            self._table.replace(self._table.position(path), copy)
            row = copy
        return row, False

    def update_row(self, path: str, **values) -> None:
        """Show a record's state (after a save, or while it is edited) without waiting for the index; adds the
        row if needed. The file's row replaces it when the index reads the file (unless it has unsaved edits)."""
        row, new = self._window_row(path)
        urls_changed = row.clean_url != values.get("clean_url", row.clean_url)
        with self._table.changing(row):
            row.fill(**values)
        row.index_row = None
        self._changed([self._table.position(path)], urls_changed)
        if new and self._sort:
            self.sort(*self._sort)  # a new file goes where the list's order puts it, not at the bottom
        self.counts_changed.emit()

    def set_unsaved(self, path: str, unsaved: bool) -> None:
        """Mark (or unmark) the row of ``path`` as having unsaved edits."""
        row = self.get(path)
        if row is not None and row.unsaved != unsaved:
            row, _new = self._window_row(path)
            with self._table.changing(row):
                row.unsaved = unsaved
            self._changed([self._table.position(path)], urls_changed=False)
            self.counts_changed.emit()

    # --- summaries ----------------------------------------------------------------------------------------

    def counts(self) -> dict[str, int]:
        """How many rows there are, with errors, warnings (and no errors), unsaved edits, or not read yet."""
        return self._table.counts()

    def all_categories(self) -> list[str]:
        """Every topic used in the folder, for completion."""
        return self._table.topics()

    def paths_with_clean_url(self, url: str) -> list[str]:
        """Files whose clean source URL is ``url`` (for duplicate checks)."""
        if not url:
            return []
        if self._by_url is None:
            self._by_url = {}
            for row in self._table.rows:
                if row.clean_url:
                    self._by_url.setdefault(row.clean_url, []).append(row.path)
        return list(self._by_url.get(url, []))
