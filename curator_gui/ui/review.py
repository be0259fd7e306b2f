"""Fetched values that differ from the record: the review panel, and using the ones the curator picks.

A fetch never overwrites what the curator has: values that differ wait in their record (``pending_review``)
until the curator uses them (one undo step) or keeps their own.
"""
from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (QAbstractItemView, QFrame, QHBoxLayout, QHeaderView, QLabel, QPushButton,
                               QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget)

from curator_gui.core.fieldpath import join_path
from curator_gui.core.merge import Conflict, apply_merge
from curator_gui.ui.fetch import host_of
from curator_gui.ui.problems import field_label
from curator_gui.ui.session import Session


def accept_conflicts(session: Session, conflicts: list[Conflict]) -> None:
    """Use the fetched values of ``conflicts`` in ``session`` (one undo step) and take them off its review."""
    if not conflicts:
        return
    paths = {c.path for c in conflicts}
    text = (f"Use fetched {field_label(join_path(conflicts[0].path))}" if len(conflicts) == 1
            else f"Use {len(conflicts)} fetched values")
    session.pending_review = [c for c in session.pending_review if c.path not in paths]
    session.replace(apply_merge(session.doc.data, [], conflicts), text)


def _short(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, list):
        return "; ".join(_short(v) for v in value)
    if isinstance(value, dict):
        return ", ".join(f"{k}: {_short(v)}" for k, v in value.items())
    return " ".join(str(value).split())


class ReviewPanel(QFrame):
    """Fetched values that differ from the record: use one, use all, or keep the record's own."""

    accepted = Signal(object)  # [Conflict]
    dismissed = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("reviewPanel")
        self.setAccessibleName("Review fetched values")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.conflicts: list[Conflict] = []
        self.title = QLabel(self)
        self.title.setWordWrap(True)
        self.tree = QTreeWidget(self)
        self.tree.setObjectName("reviewList")
        self.tree.setAccessibleName("Fetched values that differ")
        self.tree.setColumnCount(3)
        self.tree.setHeaderLabels(["Field", "This record", "Fetched"])
        self.tree.setRootIsDecorated(False)
        self.tree.setUniformRowHeights(True)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.tree.header().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.tree.header().resizeSection(0, self.fontMetrics().horizontalAdvance("M") * 14)
        self.tree.header().resizeSection(1, self.fontMetrics().horizontalAdvance("M") * 20)
        self.tree.itemActivated.connect(lambda *_: self._accept_selected())
        self.accept_button = QPushButton("&Use fetched", self)
        self.accept_button.setObjectName("reviewAccept")
        self.accept_button.setToolTip("Replace the selected fields with the fetched values (Enter)")
        self.accept_button.clicked.connect(self._accept_selected)
        self.accept_all_button = QPushButton("Use &all fetched", self)
        self.accept_all_button.setObjectName("reviewAcceptAll")
        self.accept_all_button.setToolTip("Replace every listed field with its fetched value, as one undo step")
        self.accept_all_button.clicked.connect(lambda: self.accepted.emit(list(self.conflicts)))
        self.dismiss_button = QPushButton("&Keep mine", self)
        self.dismiss_button.setObjectName("reviewDismiss")
        self.dismiss_button.setToolTip("Keep this record's values and close the review")
        self.dismiss_button.clicked.connect(self.dismissed.emit)
        buttons = QHBoxLayout()
        buttons.addWidget(self.title, 1)
        buttons.addWidget(self.accept_button)
        buttons.addWidget(self.accept_all_button)
        buttons.addWidget(self.dismiss_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 4, 6, 4)
        layout.addLayout(buttons)
        layout.addWidget(self.tree, 1)
        self.hide()

    def show_conflicts(self, conflicts: list[Conflict], source: str) -> None:
        """List ``conflicts`` (fetched from ``source``); hidden when there are none."""
        self.conflicts = list(conflicts)
        self.tree.clear()
        if not conflicts:
            self.hide()
            return
        self.title.setText(f"<b>{len(conflicts)} fetched value{'s differ' if len(conflicts) != 1 else ' differs'}"
                           f"</b> from this record ({host_of(source)}). Your values stay until you choose.")
        for conflict in conflicts:
            dotted = join_path(conflict.path)
            item = QTreeWidgetItem([field_label(dotted), _short(conflict.current), _short(conflict.fetched)])
            item.setData(0, Qt.ItemDataRole.UserRole, dotted)
            item.setToolTip(1, _short(conflict.current))
            item.setToolTip(2, _short(conflict.fetched))
            self.tree.addTopLevelItem(item)
        self.tree.setCurrentItem(self.tree.topLevelItem(0))
        self.show()

    def _accept_selected(self) -> None:
        chosen = {item.data(0, Qt.ItemDataRole.UserRole) for item in self.tree.selectedItems()}
        if not chosen and self.tree.currentItem() is not None:
            chosen = {self.tree.currentItem().data(0, Qt.ItemDataRole.UserRole)}
        picked = [c for c in self.conflicts if join_path(c.path) in chosen]
        if picked:
            self.accepted.emit(picked)
