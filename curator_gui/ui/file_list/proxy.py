"""The file list's filter: the rows of the model that pass the filter box (the filter language of
:mod:`curator_gui.core.query`) and the problems toggle, in the model's order."""
from __future__ import annotations

from bisect import bisect_left
from typing import Callable, Sequence

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, Qt, QTimer

from curator_gui.core.query import Query, Term, parse_query
from curator_gui.core.row_filter import FIELD_BOUNDS, RowFilter
from curator_gui.ui.file_list.model import ANSWERED_ROLES, PROBLEMS_ROLE, FileListModel
from curator_gui.ui.file_list.rows import HEADERS

_PROBLEMS_ONLY = Term("is", "problem")
#: What the filter gathers of every row while the list is idle (one each time the event loop is free), so that
#: the first keystroke after the rows changed does not pay for it: masks, texts, field bounds, dates, statuses;
#: then the word index, a few thousand rows at a time.
_PREPARED = ("search_mask", "all", *FIELD_BOUNDS, "date", "status")
_IDLE_MS = 400
#: A change to this many rows or fewer is checked row by row; a larger one filters every row again.
_FEW_ROWS = 200


class FileFilterProxy(QAbstractTableModel):
    """The rows of a :class:`FileListModel` that pass the filter, in the model's order.

    A filtering proxy written out rather than a QSortFilterProxyModel: that one asks Python about every row (one
    call per row per keystroke), whereas here a :class:`~curator_gui.core.row_filter.RowFilter` finds the visible
    rows column by column in C, narrowing from the previous result as a query grows, and the view is told once.
    Rows arriving, leaving or moving are a change of layout, not a reset, so that the selection, the current
    row and the scroll position stay on their files.
    """

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self._source: FileListModel | None = None
        self._filter = RowFilter()
        self._query = parse_query("")
        self._only_problems = False
        self._visible: Sequence[int] = range(0)  # source row of each proxy row, ascending
        self._to_prepare: list[str] = []
        self._prepare_timer = QTimer(self)
        self._prepare_timer.setSingleShot(True)
        self._prepare_timer.timeout.connect(self._prepare_next)
        self._held: list = []  # persistent indexes during a change of layout, and what they stand on:
        self._held_rows: list | None = []  # their rows (when source rows move), or
        self._held_sources: list[int] = []  # their source rows (when only the filter changes)
        #: whether the folder is being read: the idle gathering waits (it would slow the reading down, and the
        #: rows change until it ends)
        self.busy: Callable[[], bool] = lambda: False

    # --- source -------------------------------------------------------------------------------------------

    def setSourceModel(self, model: FileListModel) -> None:  # noqa: N802 - mirrors QAbstractProxyModel
        self._source = model
        model.modelAboutToBeReset.connect(self.beginResetModel)
        model.modelReset.connect(self._on_source_reset)
        model.rowsAboutToBeInserted.connect(self._begin_layout)
        model.rowsInserted.connect(self._end_layout)
        model.rowsAboutToBeRemoved.connect(self._begin_layout)
        model.rowsRemoved.connect(self._end_layout)
        model.layoutAboutToBeChanged.connect(self._begin_layout)
        model.layoutChanged.connect(self._end_layout)
        model.dataChanged.connect(self._on_source_data_changed)
        self.beginResetModel()
        self._visible = self._compute()
        self.endResetModel()

    def sourceModel(self) -> FileListModel:  # noqa: N802
        return self._source

    @property
    def query(self) -> Query:
        """The filter box's query as understood (``query.problems``: the terms that were not)."""
        return self._query

    def _effective_query(self) -> Query:
        if not self._only_problems:
            return self._query
        return Query(self._query.text, self._query.terms + (_PROBLEMS_ONLY,), self._query.problems)

    def _compute(self) -> Sequence[int]:
        rows = self._source.rows() if self._source is not None else []
        query = self._effective_query()
        if query.is_empty:
            return range(len(rows))
        return self._filter.apply(query, rows)

    def _forget(self) -> None:
        """The rows changed: the filter forgets what it gathered of them, and gathers it again when idle."""
        self._filter.forget()
        self._to_prepare = list(_PREPARED)
        self._prepare_timer.start(_IDLE_MS)

    @property
    def prepared(self) -> bool:
        """Whether the filter has gathered everything it uses while idle (columns and word index)."""
        return not self._to_prepare and self._filter.words_ready and not self._prepare_timer.isActive()

    def _prepare_next(self) -> None:
        if self._source is None:
            return
        if self.busy():
            self._prepare_timer.start(_IDLE_MS)
            return
        more = True
        if self._to_prepare:
            self._filter.prepare(self._source.rows(), [self._to_prepare.pop(0)])
        else:
            more = self._filter.prepare_words(self._source.rows())
        if more:
            self._prepare_timer.start(0)

    def _on_source_reset(self, *_args) -> None:
        self._forget()
        self._visible = self._compute()
        self.endResetModel()

    def _begin_layout(self, *_args, source_moves: bool = True) -> None:
        """Remember which file each persistent index (selection, current row) stands on: its source row when the
        source stays as it is (only the filter changes), else the row itself, found again afterwards."""
        self.layoutAboutToBeChanged.emit()
        self._held = self.persistentIndexList()
        visible = self._visible
        sources = [visible[i.row()] if 0 <= i.row() < len(visible) else -1 for i in self._held]
        if source_moves:
            rows = self._source.rows()
            self._held_rows = [rows[n] if n >= 0 else None for n in sources]
        else:
            self._held_rows, self._held_sources = None, sources

    def _end_layout(self, *_args, visible: Sequence[int] | None = None) -> None:
        """Show the rows that pass now (``visible`` when already worked out) and put the persistent indexes back
        on their files. Whatever changed in the source, the filter forgets what it knew of the rows."""
        if visible is None:
            self._forget()
            visible = self._compute()
        self._visible = visible
        if self._held_rows is None:
            sources = self._held_sources
        else:
            found = iter(self._source.rows_of([row for row in self._held_rows if row is not None]))
            sources = [next(found) if row is not None else -1 for row in self._held_rows]
        moved = []
        for index, source_row in zip(self._held, sources, strict=True):
            proxy_row = self._proxy_row(source_row)
            moved.append(self.index(proxy_row, index.column()) if proxy_row >= 0 else QModelIndex())
        self.changePersistentIndexList(self._held, moved)
        self._held, self._held_rows, self._held_sources = [], [], []
        self.layoutChanged.emit()

    def _on_source_data_changed(self, top_left: QModelIndex, bottom_right: QModelIndex, roles=()) -> None:
        first, last = top_left.row(), bottom_right.row()
        if roles and all(role == PROBLEMS_ROLE for role in roles):
            self._filter.forget_flags()  # their texts are as they were: the columns and word index stay
            if "status" not in self._to_prepare:
                self._to_prepare.append("status")
            if not self._prepare_timer.isActive():
                self._prepare_timer.start(_IDLE_MS)
        elif last - first < _FEW_ROWS:  # what the filter gathered of these rows is stale
            self._filter.forget_rows(self._source.rows(), range(first, last + 1))
            if not self._filter.words_ready and not self._prepare_timer.isActive():
                self._prepare_timer.start(_IDLE_MS)  # the word index was dropped: built again
        else:
            self._forget()
        query = self._effective_query()
        if not query.is_empty:
            visible = self._refiltered(query, first, last)
            if visible is not None:  # rows appear or vanish: a layout change keeps the selection on its file
                self._begin_layout(source_moves=False)
                self._end_layout(visible=visible)
                return
        low, high = bisect_left(self._visible, first), bisect_left(self._visible, last + 1) - 1
        if low <= high:  # the proxy rows showing source rows first…last
            self.dataChanged.emit(self.index(low, top_left.column()), self.index(high, bottom_right.column()))

    def _refiltered(self, query: Query, first: int, last: int) -> list[int] | None:
        """The visible rows after source rows ``first``…``last`` changed; None when they are the same."""
        rows = self._source.rows()
        if last - first >= _FEW_ROWS:
            visible = self._filter.apply(query, rows)
            return None if visible == list(self._visible) else visible
        flips = [n for n in range(first, last + 1) if query.matches(rows[n]) != (self._proxy_row(n) >= 0)]
        if not flips:
            return None
        return sorted(set(self._visible).symmetric_difference(flips))

    def _proxy_row(self, source_row: int) -> int:
        """The proxy row showing source row ``source_row``; -1 when it is filtered out (or not a row)."""
        visible = self._visible
        if source_row < 0:
            return -1
        if isinstance(visible, range):
            return source_row if source_row < len(visible) else -1
        found = bisect_left(visible, source_row)
        return found if found < len(visible) and visible[found] == source_row else -1

    # --- filter -------------------------------------------------------------------------------------------

    def set_text(self, text: str) -> None:
        """Show only rows that match ``text`` (the filter language of :mod:`curator_gui.core.query`; a last term
        still being typed counts once it is complete)."""
        query = parse_query(text, typing=True)
        if self._prepare_timer.isActive():  # the idle work waits until typing pauses: no step between two keys
            self._prepare_timer.start(_IDLE_MS)
        if query.terms != self._query.terms or query.problems != self._query.problems:
            self._refilter(query, self._only_problems)
        else:
            self._query = query

    def set_only_problems(self, only: bool) -> None:
        """Show only rows with errors or warnings (or every row again); the same as ``is:problem``."""
        if only != self._only_problems:
            self._refilter(self._query, only)

    def _refilter(self, query: Query, only_problems: bool) -> None:
        self._begin_layout(source_moves=False)
        self._query, self._only_problems = query, only_problems
        self._end_layout(visible=self._compute())

    # --- Qt model interface --------------------------------------------------------------------------------

    def rowCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._visible)

    def columnCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(HEADERS)

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if role not in ANSWERED_ROLES:
            return None
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
        proxy_row = self._proxy_row(index.row()) if index.isValid() else -1
        return self.index(proxy_row, index.column()) if proxy_row >= 0 else QModelIndex()
