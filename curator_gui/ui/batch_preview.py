"""The preview of a folder-wide change, and the account of one that ran: the only dialog that lists a batch's
files, each with what happens to it, beside the exact diff of the one selected.

Before anything is written the dialog shows the plan (files that will change, with the fields that change, and
files that will be skipped, with why) and offers Apply; after a run it shows what was written, what was skipped
and what the Cancel left untouched. Diffs are made only for the file selected, so a plan of ten thousand files
opens at once.
"""
from __future__ import annotations

import html
import os
from dataclasses import dataclass
from typing import Callable

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, Qt
from PySide6.QtWidgets import (QAbstractItemView, QDialog, QDialogButtonBox, QLabel, QPushButton, QSplitter,
                               QTreeView, QVBoxLayout, QWidget)

from curator_gui.core.batch import BatchPlan, unified_diff
from curator_gui.core.batch_apply import BatchResult
from curator_gui.ui.diffview import DiffText
from curator_gui.ui.icons import icon

CHANGE, WRITTEN, SKIPPED, NOT_REACHED = "change", "written", "skipped", "not reached"
_ICONS = {CHANGE: "ok", WRITTEN: "ok", SKIPPED: "warning", NOT_REACHED: "pending"}
_MOST_FIELDS_SHOWN = 4


@dataclass(frozen=True)
class PreviewRow:
    """One file of a batch: what happens to it (``state``), a note (the fields that change, or why not), and
    how to make its diff (None: it has none)."""

    path: str
    state: str
    note: str
    diff: Callable[[str], str] | None = None  # takes the label the diff names the file by


def fields_note(fields: tuple[str, ...]) -> str:
    """The fields a change touches, the first few by name ('categories, categorySlug and 3 more')."""
    shown = ", ".join(fields[:_MOST_FIELDS_SHOWN])
    return shown + (f" and {len(fields) - _MOST_FIELDS_SHOWN} more" if len(fields) > _MOST_FIELDS_SHOWN else "")


def plan_rows(plan: BatchPlan) -> list[PreviewRow]:
    """The rows of a plan: every change, then every file that will be skipped."""
    rows = [PreviewRow(c.path, CHANGE, fields_note(c.fields), lambda label, c=c: c.diff(label))
            for c in plan.changes]
    return rows + [PreviewRow(s.path, SKIPPED, s.reason) for s in plan.skipped]


def result_rows(result: BatchResult) -> list[PreviewRow]:
    """The rows of a run: files written (with the diff of what was written), skipped (why), not reached."""
    entries = {entry.path: entry for entry in result.undo.entries}
    rows = []
    for path in result.written:
        entry = entries.get(path)
        diff = (lambda label, e=entry: unified_diff(e.before, e.after, label)) if entry is not None else None
        rows.append(PreviewRow(path, WRITTEN, "written", diff))
    rows += [PreviewRow(s.path, SKIPPED, s.reason) for s in result.skipped]
    rows += [PreviewRow(path, NOT_REACHED, "left as it was: the change was cancelled before this file")
             for path in result.not_reached]
    return rows


def plan_summary(plan: BatchPlan) -> str:
    """'6 files will change, 294 need no change, 1 will be skipped.'"""
    parts = [f"{_files(len(plan.changes))} will change"]
    if plan.unchanged:
        parts.append(f"{len(plan.unchanged):,} need no change")
    if plan.skipped:
        parts.append(f"{len(plan.skipped):,} will be skipped")
    return ", ".join(parts) + "."


def result_summary(result: BatchResult) -> str:
    """'6 files changed, 1 skipped, 3 not reached (cancelled).'"""
    parts = [f"{_files(len(result.written))} changed"]
    if result.skipped:
        parts.append(f"{len(result.skipped):,} skipped")
    if result.not_reached:
        parts.append(f"{len(result.not_reached):,} left as they were (cancelled)")
    elif result.cancelled:
        parts.append("cancelled")
    return ", ".join(parts) + "."


def _files(count: int) -> str:
    return f"{count:,} file{'s' * (count != 1)}"


class _FileRows(QAbstractTableModel):
    """The files of a batch as rows (a model, not an item per cell: a change can concern ten thousand files)."""

    HEADERS = ("Title", "File", "Change")

    def __init__(self, rows: list[PreviewRow], shown: Callable[[str], str], title_of: Callable[[str], str],
                 parent: QObject | None = None):
        super().__init__(parent)
        self.rows = rows
        self._shown = shown
        self._title_of = title_of

    def rowCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.HEADERS[section]
        return None

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        row = self.rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if column == 0:
                return self._title_of(row.path) or os.path.basename(row.path)
            return self._shown(row.path) if column == 1 else row.note
        if role == Qt.ItemDataRole.DecorationRole and column == 0:
            return icon(_ICONS[row.state])
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{row.state}: {self._shown(row.path)}" if column < 2 else row.note
        return None


class BatchPreview(QDialog):
    """See the module docstring. ``apply_text`` names the Apply button (None: an account, with Close only);
    ``title_of(path)`` gives a file's title for the list, ``root`` the folder paths are shown relative to."""

    def __init__(self, title: str, summary: str, rows: list[PreviewRow], *, root: str | None,
                 title_of: Callable[[str], str] = lambda path: "", apply_text: str | None = None,
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("batchPreview")
        self.setWindowTitle(title)
        self.rows = rows
        self._root = root
        heading = QLabel(f"<b>{html.escape(title)}</b><br>{html.escape(summary)}", self)
        heading.setObjectName("batchSummary")
        heading.setWordWrap(True)
        heading.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.model = _FileRows(rows, self.shown_path, title_of, self)
        self.files = QTreeView(self)
        self.files.setObjectName("batchFiles")
        self.files.setAccessibleName("Files of the change")
        self.files.setToolTip("The files this change concerns; select one to see its exact diff")
        self.files.setModel(self.model)
        self.files.setRootIsDecorated(False)
        self.files.setUniformRowHeights(True)
        self.files.setAlternatingRowColors(True)
        self.files.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.files.setColumnWidth(0, 300)
        self.files.setColumnWidth(1, 220)
        self.files.selectionModel().currentRowChanged.connect(self._on_files_current_changed)

        self.diff = DiffText(self)
        self.diff.setToolTip("The exact change to the selected file (removed lines red, added lines green)")
        splitter = QSplitter(Qt.Orientation.Vertical, self)
        splitter.setObjectName("batchSplitter")
        splitter.addWidget(self.files)
        splitter.addWidget(self.diff)
        splitter.setChildrenCollapsible(False)
        splitter.setSizes([220, 380])

        self.buttons = QDialogButtonBox(self)
        self.apply_button: QPushButton | None = None
        if apply_text is not None:
            self.apply_button = self.buttons.addButton(apply_text, QDialogButtonBox.ButtonRole.AcceptRole)
            self.apply_button.setObjectName("batchApply")
            self.apply_button.setToolTip("Write the change to these files (one step of Undo Folder Change)")
            self.apply_button.setEnabled(any(row.state == CHANGE for row in rows))
            self.apply_button.setDefault(True)
            self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        else:
            self.buttons.addButton(QDialogButtonBox.StandardButton.Close)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.buttons)
        self.resize(960, 640)
        if rows:
            self.files.setCurrentIndex(self.model.index(0, 0))
        else:
            self.diff.setPlainText("No file changes.")
        self.files.setFocus()

    def shown_path(self, path: str) -> str:
        """``path`` relative to the folder (as the diff names it)."""
        root = self._root
        return path[len(root) + 1:] if root and path.startswith(root + os.sep) else path

    def select(self, path: str) -> bool:
        """Show the diff of ``path``; False when it is not listed."""
        for number, row in enumerate(self.rows):
            if row.path == path:
                self.files.setCurrentIndex(self.model.index(number, 0))
                return True
        return False

    def _on_files_current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if not current.isValid():
            return
        row = self.rows[current.row()]
        if row.diff is not None:
            self.diff.setPlainText(row.diff(self.shown_path(row.path)) or "No differences.")
        else:
            self.diff.setPlainText(f"{self.shown_path(row.path)}: {row.note}")
