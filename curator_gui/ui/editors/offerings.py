"""The related-offerings editor: a table (label, permalink, topics, offering id) with per-cell validation; a label
typed in it is completed from the offerings the folder uses, and picking one fills the row consistently."""
from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QStringListModel, Qt, QTimer, Signal
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (QAbstractItemView, QApplication, QCompleter, QHeaderView, QLineEdit,
                               QStyledItemDelegate, QStyleOptionViewItem, QTableView, QToolButton, QVBoxLayout,
                               QWidget)

from curator_gui.core.values import clone
from curator_gui.core.problems import Problem
from curator_gui.core.schema import field_for
from curator_gui.ui.editors.base import FieldEditor, yaml_text
from curator_gui.ui.editors.keys import TableRowKeys, route_undo_keys
from curator_gui.ui.icons import icon, themed
from curator_gui.ui.marks import problem_text, tinted, worst

COLUMNS = (("label", "Label"), ("permalink", "Permalink"), ("categories", "Topics"), ("offeringId", "Offering id"))
def _tip(key: str) -> str:
    spec = field_for(f"relatedOfferings.{key}")
    text = spec.help if spec is not None else key
    return text + (" Separate topics with ';'." if key == "categories" else "")


_TIPS = {key: _tip(key) for key, _label in COLUMNS}
TOPIC_SEPARATOR = "; "


def _cell_text(item: Any, key: str) -> str:
    if not isinstance(item, dict):
        return yaml_text(item) if key == "label" else ""
    value = item.get(key)
    if value is None:
        return ""
    if key == "categories" and isinstance(value, list):
        return TOPIC_SEPARATOR.join(str(v) for v in value)
    return str(value)


def _parse_cell(key: str, text: str, old: Any) -> Any:
    text = text.strip()
    if key == "categories":
        return [t.strip() for t in text.split(";") if t.strip()]
    if key == "offeringId":
        if not text:
            return None
        # Letters are stored as typed so that validation can point at them; digits become a number.
        return int(text) if text.lstrip("-").isdigit() else text
    return text


class _OneLineDelegate(QStyledItemDelegate):
    """One line, cut in the middle when too long (a permalink has no spaces to wrap at)."""

    def initStyleOption(self, option, index) -> None:  # noqa: N802 - Qt override
        super().initStyleOption(option, index)
        option.features &= ~QStyleOptionViewItem.ViewItemFeature.WrapText
        option.textElideMode = Qt.TextElideMode.ElideMiddle


class _LabelDelegate(QStyledItemDelegate):
    """The label cell offers the offerings the folder uses while typing; picking one fills the row."""

    def __init__(self, model: "OfferingsModel", parent: QObject | None = None):
        super().__init__(parent)
        self._model = model

    def createEditor(self, parent, option, index):  # noqa: N802 - Qt override
        line = QLineEdit(parent)
        line.setObjectName("relatedOfferings.labelInput")
        line.setAccessibleName("Offering label")
        labels = QStringListModel(list(self._model.choices), line)
        completer = QCompleter(labels, line)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setMaxVisibleItems(12)
        line.setCompleter(completer)
        # a pick from the popup is the curator's choice: store it at once (queued: the completer is not done)
        completer.activated.connect(lambda text, e=line: self._picked(e, text), Qt.ConnectionType.QueuedConnection)
        return line

    def _picked(self, line: QLineEdit, text: str) -> None:
        line.setText(text)
        self.commitData.emit(line)
        self.closeEditor.emit(line, QStyledItemDelegate.EndEditHint.NoHint)


class OfferingsModel(QAbstractTableModel):
    """The offerings as a table; a cell edit produces a new list through ``edited`` (the model is then refreshed)."""

    edited = Signal(object, str)  # the new list, and the edit's name for the undo history

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self.items: list = []
        self.problems: dict[tuple[int, str], list[Problem]] = {}
        #: the folder's offerings by label ({label, permalink, categories, offeringId}), offered in label cells
        self.choices: dict[str, dict] = {}

    def set_items(self, items: list) -> None:
        self.beginResetModel()
        self.items = clone(items)
        self.endResetModel()

    def set_problems(self, problems: dict[tuple[int, str], list[Problem]]) -> None:
        self.problems = problems
        if self.items:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self.items) - 1, len(COLUMNS) - 1))

    def rowCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.items)

    def columnCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal:
            if role == Qt.ItemDataRole.DisplayRole:
                return COLUMNS[section][1]
            if role == Qt.ItemDataRole.ToolTipRole:
                return _TIPS[COLUMNS[section][0]]
        elif role == Qt.ItemDataRole.DisplayRole:
            return str(section + 1)
        return None

    def flags(self, index: QModelIndex) -> Qt.ItemFlag:
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if isinstance(self.items[index.row()], dict):
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def _cell_problems(self, row: int, key: str) -> list[Problem]:
        found = list(self.problems.get((row, key), []))
        if key == "label":
            found += self.problems.get((row, ""), [])
        return found

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        key = COLUMNS[index.column()][0]
        item = self.items[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return _cell_text(item, key)
        problems = self._cell_problems(index.row(), key)
        if role == Qt.ItemDataRole.ToolTipRole:
            return problem_text(problems) if problems else _TIPS[key]
        if role == Qt.ItemDataRole.BackgroundRole and problems:
            return tinted(QApplication.palette().color(QPalette.ColorRole.Base), worst(problems))
        if role == Qt.ItemDataRole.DecorationRole and problems:
            return icon(worst(problems))
        if role == Qt.ItemDataRole.AccessibleDescriptionRole and problems:
            return problem_text(problems)
        return None

    def setData(self, index: QModelIndex, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:  # noqa: N802
        if role != Qt.ItemDataRole.EditRole or not index.isValid():
            return False
        key = COLUMNS[index.column()][0]
        items = clone(self.items)
        item = items[index.row()]
        if not isinstance(item, dict):
            return False
        new = _parse_cell(key, str(value), item.get(key))
        if item.get(key) == new and (key in item or new in (None, "", [])):
            return False
        item[key] = new
        text = f"Edit offering {index.row() + 1} {COLUMNS[index.column()][1].lower()}"
        known = self.choices.get(new) if key == "label" else None
        if known is not None:  # an offering of the folder: its permalink, id and topics come with it
            item.update({k: clone(known[k]) for k, _ in COLUMNS if k != "label" and known[k] not in (None, "")})
            text = f"Fill offering {index.row() + 1} from {new}"
        self.items = items
        self.dataChanged.emit(self.index(index.row(), 0), self.index(index.row(), len(COLUMNS) - 1))
        self.edited.emit(clone(items), text)
        return True


class OfferingsEditor(FieldEditor):
    """See the module docstring. Buttons (and Insert / Delete / Alt+Up / Alt+Down) add, remove and reorder."""

    def __init__(self, key, label, help_text, on_edit, field=None):
        super().__init__(key, label, help_text, on_edit, field)
        self.model = OfferingsModel()
        self.model.edited.connect(self._on_model_edited)
        self.widget = view = QTableView()
        self.model.setParent(view)
        view.setModel(self.model)
        view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        view.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked | QAbstractItemView.EditTrigger.EditKeyPressed
                             | QAbstractItemView.EditTrigger.AnyKeyPressed)
        view.setTabKeyNavigation(False)
        # The table takes the form's width: labels and topics wrap, a permalink is cut in its middle (both ends
        # of /offering/<slug> say something), the id column fits its numbers; rows grow to their text.
        view.setWordWrap(True)
        view.setTextElideMode(Qt.TextElideMode.ElideMiddle)
        view.setAlternatingRowColors(True)
        view.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        view.verticalHeader().setMinimumSectionSize(view.fontMetrics().height() + 8)
        header = view.horizontalHeader()
        for column, (cell, _label) in enumerate(COLUMNS):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents if cell == "offeringId"
                                        else QHeaderView.ResizeMode.Stretch)
        header.setStretchLastSection(False)
        view.setItemDelegateForColumn(0, _LabelDelegate(self.model, view))
        view.setItemDelegateForColumn(1, _OneLineDelegate(view))
        header.sectionResized.connect(lambda *_: QTimer.singleShot(0, self._fit))
        view.installEventFilter(TableRowKeys(self, reorder=True))
        route_undo_keys(view)

        buttons = QWidget()
        column = QVBoxLayout(buttons)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
        self.buttons: dict[str, QToolButton] = {}
        for name, tip, slot in (("add", "Add an offering (Insert)", self.add_row),
                                ("remove", "Remove the selected offering (Delete)", self.remove_row),
                                ("up", "Move the selected offering up (Alt+Up)", lambda: self.move_row(-1)),
                                ("down", "Move the selected offering down (Alt+Down)", lambda: self.move_row(1))):
            button = QToolButton()
            themed(button, name)
            button.setToolTip(tip)
            button.setAccessibleName(tip.split(" (")[0])
            button.setObjectName(f"{key}.{name}")
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the table's keys do the same from the keyboard
            button.clicked.connect(slot)
            column.addWidget(button)
            self.buttons[name] = button
        column.addStretch(1)
        self._finish(view, buttons)
        self._fit()

    def _fit(self) -> None:
        """Room for every row (up to eight; more scroll), and for two when there are fewer."""
        view = self.widget
        vertical = view.verticalHeader()
        shown = min(len(self.model.items), 8)
        rows = sum(vertical.sectionSize(row) for row in range(shown))
        rows += max(0, 2 - shown) * vertical.minimumSectionSize()
        view.setFixedHeight(view.horizontalHeader().sizeHint().height() + rows + 2 * view.frameWidth() + 2)

    def display(self, value: Any, present: bool) -> None:
        items = value if isinstance(value, list) else []
        current = self.widget.currentIndex()
        self.model.set_items(items)
        self._fit()
        if current.isValid() and current.row() < len(items):
            self.widget.setCurrentIndex(self.model.index(current.row(), current.column()))

    def set_choices(self, choices: list[dict]) -> None:
        """The offerings the folder uses (see :meth:`~curator_gui.core.offerings.FolderOfferings.choices`)."""
        self.model.choices = {item["label"]: item for item in choices}

    def set_problems(self, problems: list[Problem]) -> None:
        super().set_problems(problems)
        cells: dict[tuple[int, str], list[Problem]] = {}
        prefix = self.key + "."
        for problem in problems:
            parts = problem.field[len(prefix):].split(".") if problem.field.startswith(prefix) else []
            if parts and parts[0].isdigit():
                cells.setdefault((int(parts[0]), parts[1] if len(parts) > 1 else ""), []).append(problem)
        self.model.set_problems(cells)

    def styled_widgets(self):
        return []  # cells carry their own problems

    def tab_widgets(self):
        return [self.widget]  # the buttons are for the mouse: Insert, Delete and Alt+Up/Down do the same

    def _items(self) -> list:
        return clone(self.model.items)

    def _on_model_edited(self, items: list, text: str) -> None:
        self._shown = clone(items)
        self._present = True
        self._step(items, text)

    def _step(self, items: list, text: str) -> None:
        """Each added, removed or moved row and each cell edit is an undo step of its own."""
        self.on_edit(self.path, items, False, merge=False, text=text)

    def _selected_row(self) -> int:
        index = self.widget.currentIndex()
        return index.row() if index.isValid() else -1

    def add_row(self) -> None:
        items = self._items()
        row = self._selected_row() + 1 if self._selected_row() >= 0 else len(items)
        items.insert(row, {"label": "", "permalink": "", "categories": [], "offeringId": None})
        self._step(items, "Add offering")
        index = self.model.index(row, 0)
        if index.isValid():
            self.widget.setCurrentIndex(index)
            self.widget.setFocus()
            self.widget.edit(index)

    def remove_row(self) -> None:
        row = self._selected_row()
        items = self._items()
        if 0 <= row < len(items):
            column = self.widget.currentIndex().column()
            del items[row]
            self._step(items, "Remove offering")
            if items:
                self.widget.setCurrentIndex(self.model.index(min(row, len(items) - 1), column))

    def move_row(self, step: int) -> None:
        row = self._selected_row()
        items = self._items()
        target = row + step
        if 0 <= row < len(items) and 0 <= target < len(items):
            column = self.widget.currentIndex().column()
            items[row], items[target] = items[target], items[row]
            self._step(items, f"Move offering {'up' if step < 0 else 'down'}")
            self.widget.setCurrentIndex(self.model.index(target, column))

    def focus(self, rest: tuple = ()) -> None:
        self.widget.setFocus(Qt.FocusReason.OtherFocusReason)
        if rest and str(rest[0]).isdigit() and int(rest[0]) < len(self.model.items):
            keys = [k for k, _ in COLUMNS]
            column = keys.index(rest[1]) if len(rest) > 1 and rest[1] in keys else 0
            self.widget.setCurrentIndex(self.model.index(int(rest[0]), column))
