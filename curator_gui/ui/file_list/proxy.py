"""The file list's filter: the rows of the model that pass the filter box and the problems toggle."""
from __future__ import annotations

from typing import Callable

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, Qt

from curator_gui.ui.file_list.model import FileListModel
from curator_gui.ui.file_list.rows import HEADERS, ListRow


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
        """Show only rows with errors or warnings (or every row again)."""
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
