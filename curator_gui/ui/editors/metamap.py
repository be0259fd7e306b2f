"""The page-metadata editor (Open Graph, Twitter, HTML meta): a key/value table that keeps the file's shape.

Newer files hold a map; the oldest hold a list with one map (or ``[null]``). The table edits the map and writes
it back in the shape the file uses, so saving never turns one dialect into another.
"""
from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, Qt, Signal
from PySide6.QtGui import QFont, QPalette
from PySide6.QtWidgets import (QAbstractItemView, QApplication, QHeaderView, QTableView, QToolButton, QVBoxLayout,
                               QWidget)

from curator_gui.core.values import clone
from curator_gui.core.problems import Problem
from curator_gui.ui.editors.base import FieldEditor, yaml_text
from curator_gui.ui.editors.keys import TableRowKeys, route_undo_keys
from curator_gui.ui.icons import themed
from curator_gui.ui.marks import problem_text, tinted, worst


def unwrap(value: Any) -> tuple[dict, bool]:
    """(the map, whether the file wraps it in a one-item list)."""
    if isinstance(value, list) and len(value) == 1:
        return (value[0] if isinstance(value[0], dict) else {}), True
    if isinstance(value, list) and not value:
        return {}, True
    return (value if isinstance(value, dict) else {}), False


def wrap(mapping: dict, wrapped: bool, original: Any) -> Any:
    """The map in the file's shape (``[null]`` stays ``[null]`` while the map is empty)."""
    if wrapped:
        return [mapping] if mapping or original not in ([None], []) else clone(original)
    return mapping


class MetaMapModel(QAbstractTableModel):
    """Key/value rows; edits produce a new map through ``edited``."""

    edited = Signal(dict, str)  # the new map, and the edit's name for the undo history

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self.pairs: list[tuple[str, Any]] = []
        self.problems: dict[str, list[Problem]] = {}
        self._null_font = QFont()
        self._null_font.setItalic(True)

    def set_map(self, mapping: dict) -> None:
        self.beginResetModel()
        self.pairs = [(str(k), v) for k, v in mapping.items()]
        self.endResetModel()

    def as_map(self) -> dict:
        return {k: clone(v) for k, v in self.pairs}

    def set_problems(self, problems: dict[str, list[Problem]]) -> None:
        self.problems = problems
        if self.pairs:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self.pairs) - 1, 1))

    def rowCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.pairs)

    def columnCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else 2

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return ("Tag", "Value")[section]
        return None

    def flags(self, index: QModelIndex) -> Qt.ItemFlag:
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        value = self.pairs[index.row()][1]
        if index.column() == 0 or value is None or isinstance(value, (str, int, float, bool)):
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        key, value = self.pairs[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            if index.column() == 0:
                return key
            if value is None:
                return "null" if role == Qt.ItemDataRole.DisplayRole else ""
            return str(value) if isinstance(value, (str, int, float, bool)) else yaml_text(value)
        problems = self.problems.get(key, [])
        if role == Qt.ItemDataRole.ToolTipRole:
            if problems:
                return problem_text(problems)
            return None if value is None or index.column() == 0 else str(value)
        if role == Qt.ItemDataRole.BackgroundRole and problems:
            return tinted(QApplication.palette().color(QPalette.ColorRole.Base), worst(problems))
        if index.column() == 1 and value is None:
            if role == Qt.ItemDataRole.FontRole:
                return self._null_font
            if role == Qt.ItemDataRole.ForegroundRole:
                return QApplication.palette().brush(QPalette.ColorRole.PlaceholderText)
        return None

    def setData(self, index: QModelIndex, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:  # noqa: N802
        if role != Qt.ItemDataRole.EditRole or not index.isValid():
            return False
        text = str(value)
        key, old = self.pairs[index.row()]
        if index.column() == 0:
            text = text.strip()
            if not text or text == key or any(k == text for k, _ in self.pairs):
                return False  # empty or duplicate tag names would lose a value
            self.pairs[index.row()] = (text, old)
        else:
            # An emptied value becomes null, as the files write a tag the page did not have.
            new = text if text != "" or old == "" else None
            if new == old:
                return False
            self.pairs[index.row()] = (key, new)
        self.dataChanged.emit(index, index)
        what = "name" if index.column() == 0 else "value"
        self.edited.emit(self.as_map(), f"Edit {self.pairs[index.row()][0]} {what}")
        return True


class MetaMapEditor(FieldEditor):
    """See the module docstring."""

    def __init__(self, key, label, help_text, on_edit, field=None):
        super().__init__(key, label, help_text, on_edit, field)
        self.model = MetaMapModel()
        self.model.edited.connect(self._on_model_edited)
        self.wrapped = False
        self._original: Any = None
        self.widget = view = QTableView()
        self.model.setParent(view)
        view.setModel(self.model)
        view.setWordWrap(False)
        view.setTabKeyNavigation(False)
        view.setAlternatingRowColors(True)
        view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        view.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked | QAbstractItemView.EditTrigger.EditKeyPressed
                             | QAbstractItemView.EditTrigger.AnyKeyPressed)
        view.verticalHeader().hide()
        view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        view.verticalHeader().setDefaultSectionSize(view.fontMetrics().height() + 6)
        header = view.horizontalHeader()
        header.resizeSection(0, view.fontMetrics().horizontalAdvance("M") * 14)
        header.setStretchLastSection(True)
        view.installEventFilter(TableRowKeys(self))
        route_undo_keys(view)
        buttons = QWidget()
        column = QVBoxLayout(buttons)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
        for name, tip, slot in (("add", "Add a tag (Insert)", self.add_row),
                                ("remove", "Remove the selected tag (Delete)", self.remove_row)):
            button = QToolButton()
            themed(button, name)
            button.setToolTip(tip)
            button.setAccessibleName(f"{tip.split(' (')[0]} to {label}")
            button.setObjectName(f"{key}.{name}")
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Insert and Delete do the same from the keyboard
            button.clicked.connect(slot)
            column.addWidget(button)
        column.addStretch(1)
        self._finish(view, buttons)
        self._fit()

    def _fit(self) -> None:
        rows = max(2, min(len(self.model.pairs), 7))
        view = self.widget
        height = view.horizontalHeader().sizeHint().height() + rows * view.verticalHeader().defaultSectionSize()
        view.setFixedHeight(height + 2 * view.frameWidth() + 2)

    def display(self, value: Any, present: bool) -> None:
        mapping, self.wrapped = unwrap(value)
        self._original = value
        self.model.set_map(mapping)
        self._fit()

    def _emit(self, mapping: dict, text: str) -> None:
        """Each added or removed tag and each cell edit is an undo step of its own."""
        value = wrap(mapping, self.wrapped, self._original)
        self._shown = clone(value)
        self._present = True
        self.on_edit(self.path, value, False, merge=False, text=f"{text} ({self.label})")

    def _on_model_edited(self, mapping: dict, text: str) -> None:
        self._emit(mapping, text)

    def set_problems(self, problems: list[Problem]) -> None:
        super().set_problems(problems)
        cells: dict[str, list[Problem]] = {}
        for problem in problems:
            rest = problem.field[len(self.key) + 1:]
            if self.wrapped and rest.startswith("0."):
                rest = rest[2:]
            if rest:
                cells.setdefault(rest, []).append(problem)
        self.model.set_problems(cells)

    def styled_widgets(self):
        return []

    def add_row(self) -> None:
        mapping = self.model.as_map()
        name, n = "name", 2
        while name in mapping:
            name, n = f"name{n}", n + 1
        mapping[name] = None
        self._emit(mapping, "Add tag")
        self.display(self._shown, True)
        index = self.model.index(len(self.model.pairs) - 1, 0)
        self.widget.setCurrentIndex(index)
        self.widget.setFocus()
        self.widget.edit(index)

    def remove_row(self) -> None:
        index = self.widget.currentIndex()
        if not index.isValid():
            return
        mapping = self.model.as_map()
        removed = self.model.pairs[index.row()][0]
        mapping.pop(removed, None)
        self._emit(mapping, f"Remove {removed}")
        self.display(self._shown, True)

    def focus(self, rest: tuple = ()) -> None:
        self.widget.setFocus(Qt.FocusReason.OtherFocusReason)
        keys = [k for k, _ in self.model.pairs]
        if rest:
            name = ".".join(str(p) for p in rest)
            if self.wrapped and name.startswith("0."):
                name = name[2:]
            if name in keys:
                self.widget.setCurrentIndex(self.model.index(keys.index(name), 1))
