"""The problem list of the open record: severity, line, rule code, field and message; activating one focuses its
field, and a row naming another file (the other curation of a duplicate source) opens that file."""
from __future__ import annotations

import os
from typing import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTreeWidget, QTreeWidgetItem, QWidget

from curator_gui.core.problems import Problem
from curator_gui.core.schema import field_for
from curator_gui.ui.icons import icon
from curator_gui.ui.marks import SEVERITY_RANK, counted, rule_text

_FIELD_ROLE = Qt.ItemDataRole.UserRole
_RELATED_ROLE = Qt.ItemDataRole.UserRole + 1


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
    """See the module docstring. Emits ``problem_activated(field)`` on Enter, click or double-click, and
    ``related_activated(path)`` on a row naming another file (a duplicate's other curation)."""

    problem_activated = Signal(str)
    related_activated = Signal(str)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("problemList")
        self.setAccessibleName("Problems")
        self.setColumnCount(4)
        self.setHeaderLabels(["Line", "Code", "Field", "Problem"])
        self.headerItem().setToolTip(1, "The rule's code (curator-gui rules lists them; a curator.toml can "
                                        "ignore them or change their severity)")
        self.setRootIsDecorated(False)
        self.setItemsExpandable(False)
        self.setUniformRowHeights(True)
        self.setAlternatingRowColors(True)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        header = self.header()
        header.setStretchLastSection(True)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        em = self.fontMetrics().horizontalAdvance("M")
        header.resizeSection(0, em * 5)
        header.resizeSection(1, em * 5)
        header.resizeSection(2, em * 16)
        self.problems: list[Problem] = []
        #: how a related file is named ("Title" (name.md)); the window sets it
        self.name_of: Callable[[str], str] = os.path.basename
        self.itemActivated.connect(self._on_item_activated)
        self.itemClicked.connect(self._on_item_activated)

    def set_problems(self, problems: list[Problem], show_empty: bool = True) -> None:
        self.problems = sorted(problems, key=lambda p: (SEVERITY_RANK.get(p.severity, 3), p.line, p.column))
        self.clear()
        if not self.problems and not show_empty:
            return
        if not self.problems:
            item = QTreeWidgetItem(["", "", "", "No problems"])
            item.setIcon(0, icon("ok"))
            item.setFlags(Qt.ItemFlag.ItemIsEnabled)
            self.addTopLevelItem(item)
            return
        for problem in self.problems:
            item = QTreeWidgetItem([str(problem.line), problem.code, field_label(problem.field), problem.message])
            item.setToolTip(2, problem.field or "the file as a whole")
            item.setIcon(0, icon(problem.severity))
            item.setData(0, _FIELD_ROLE, problem.field)
            tip = f"{problem.severity.capitalize()} at line {problem.line}, column {problem.column}: {problem.message}"
            rule = rule_text(problem)
            if rule:
                tip += f"\n{rule}"
            for column in (0, 1, 3):
                item.setToolTip(column, tip)
            item.setData(3, Qt.ItemDataRole.AccessibleTextRole,
                         f"{problem.severity} {problem.code}: {problem.message}")
            self.addTopLevelItem(item)
            for path in problem.related:
                self._add_related(item, path)
        self.expandAll()

    def _add_related(self, parent: QTreeWidgetItem, path: str) -> None:
        """A row under a problem that opens another file it names (Enter or a click)."""
        name = self.name_of(path)
        child = QTreeWidgetItem(["", "", "", f"Open {name}"])
        child.setIcon(3, icon("open-link"))
        child.setData(0, _RELATED_ROLE, path)
        child.setToolTip(3, f"Open {path}")
        child.setData(3, Qt.ItemDataRole.AccessibleTextRole, f"Open the other file {name}")
        child.setForeground(3, self.palette().link())
        font = QFont(self.font())
        font.setUnderline(True)
        child.setFont(3, font)
        parent.addChild(child)

    def counts(self) -> tuple[int, int]:
        """(errors, warnings): info hints are not counted."""
        return counted(self.problems)

    def _on_item_activated(self, item: QTreeWidgetItem, _column: int = 0) -> None:
        related = item.data(0, _RELATED_ROLE)
        if related:
            self.related_activated.emit(related)
            return
        field = item.data(0, _FIELD_ROLE)
        if field is not None:
            self.problem_activated.emit(field)
