"""The problem list of the open record: severity, line, field and message; activating one focuses its field."""
from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTreeWidget, QTreeWidgetItem, QWidget

from curator_gui.core.problems import Problem
from curator_gui.core.schema import field_for
from curator_gui.ui.icons import icon

_FIELD_ROLE = Qt.ItemDataRole.UserRole


def field_label(dotted: str) -> str:
    """How a problem's field is named for people: the schema's labels ("Related offerings #2 › Permalink")."""
    if not dotted:
        return "(whole file)"
    parts = dotted.split(".")
    for number, part in enumerate(parts):
        if part.isdigit():  # an item of a list
            head = ".".join(parts[:number])
            spec = field_for(head)
            if spec is None:
                break
            text = f"{spec.label} #{int(part) + 1}"
            rest = ".".join(parts[number + 1:])
            if rest:
                sub = field_for(f"{head}.{rest}")
                text += f" › {sub.label if sub is not None else rest}"
            return text
    for end in range(len(parts), 0, -1):  # the nearest known field, then the tag under it
        spec = field_for(".".join(parts[:end]))
        if spec is not None:
            rest = ".".join(parts[end:])
            return spec.label + (f" › {rest}" if rest else "")
    return dotted


class ProblemList(QTreeWidget):
    """See the module docstring. Emits ``problem_activated(field)`` on Enter, click or double-click."""

    problem_activated = Signal(str)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("problemList")
        self.setAccessibleName("Problems")
        self.setColumnCount(3)
        self.setHeaderLabels(["Line", "Field", "Problem"])
        self.setRootIsDecorated(False)
        self.setUniformRowHeights(True)
        self.setAlternatingRowColors(True)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        header = self.header()
        header.setStretchLastSection(True)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        em = self.fontMetrics().horizontalAdvance("M")
        header.resizeSection(0, em * 5)
        header.resizeSection(1, em * 18)
        self.problems: list[Problem] = []
        self.itemActivated.connect(self._on_item_activated)
        self.itemClicked.connect(self._on_item_activated)

    def set_problems(self, problems: list[Problem], show_empty: bool = True) -> None:
        self.problems = sorted(problems, key=lambda p: (p.severity != "error", p.line, p.column))
        self.clear()
        if not self.problems and not show_empty:
            return
        if not self.problems:
            item = QTreeWidgetItem(["", "", "No problems"])
            item.setIcon(0, icon("ok"))
            item.setFlags(Qt.ItemFlag.ItemIsEnabled)
            self.addTopLevelItem(item)
            return
        for problem in self.problems:
            item = QTreeWidgetItem([str(problem.line), field_label(problem.field), problem.message])
            item.setToolTip(1, problem.field or "the file as a whole")
            item.setIcon(0, icon(problem.severity))
            item.setData(0, _FIELD_ROLE, problem.field)
            tip = f"{problem.severity.capitalize()} at line {problem.line}, column {problem.column}: {problem.message}"
            for column in (0, 2):
                item.setToolTip(column, tip)
            item.setData(2, Qt.ItemDataRole.AccessibleTextRole, f"{problem.severity}: {problem.message}")
            self.addTopLevelItem(item)

    def counts(self) -> tuple[int, int]:
        errors = sum(p.severity == "error" for p in self.problems)
        return errors, len(self.problems) - errors

    def _on_item_activated(self, item: QTreeWidgetItem, _column: int = 0) -> None:
        field = item.data(0, _FIELD_ROLE)
        if field is not None:
            self.problem_activated.emit(field)
