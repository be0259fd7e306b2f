"""Find and replace across the folder (Edit ▸ Find in Files): the only place that searches the folder's files
from the window and replaces what was found.

A dock: the text to find (literal, or a regular expression), the replacement, Match case and Whole words, the
fields searched (title, description and body by default, or every field), and the results, one row per match:
file · field · the match in its context. Enter (or Find) searches in the background; a pattern or replacement
that cannot be used is said under its box, never as a traceback. Double-click or Enter on a result opens its
file at its field (``open_requested``). Replace (the current result), Replace Selected and Replace All go
through the folder-change flow (preview, background, Cancel, Undo), and the search runs again afterwards.
Results belong to the search that found them: once the text or an option changes, Replace waits for a new
search.
"""
from __future__ import annotations

import html
import os
import re
from typing import Callable

from PySide6.QtCore import QRect, Qt, Signal
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (QAbstractItemView, QApplication, QCheckBox, QDockWidget, QGridLayout, QHBoxLayout,
                               QLabel, QLineEdit, QPushButton, QStyle, QStyledItemDelegate, QTreeWidget,
                               QTreeWidgetItem, QVBoxLayout, QWidget)

from curator_gui.core.find_replace import ALL_FIELDS, BODY, FindError, FindResult, FindSpec, ReplaceText, find_in_files
from curator_gui.ui.batch_flow import BatchFlow, FolderUndoKeys
from curator_gui.ui.batch_jobs import BackgroundJob
from curator_gui.ui.marks import mark_widget

#: The fields offered, as (key, label); all three are searched at first.
FIELD_CHOICES = (("title", "&Title"), ("description", "&Description"), (BODY, "&Body"))
_MATCH_ROLE = Qt.ItemDataRole.UserRole + 1
FILE, FIELD, MATCH = range(3)
_SPACES = re.compile(r"\s+")


def sentence(text: str) -> str:
    """``text`` as a sentence on its own: its first letter upper case (the rest as it is: it may quote)."""
    return text[:1].upper() + text[1:]


def one_line(text: str) -> str:
    """``text`` with each run of white space (line breaks included) shown as one space."""
    return _SPACES.sub(" ", text)


class _MatchDelegate(QStyledItemDelegate):
    """Draws a result's context with the match itself highlighted."""

    def paint(self, painter, option, index) -> None:
        match = index.data(_MATCH_ROLE)
        if match is None:
            super().paint(painter, option, index)
            return
        self.initStyleOption(option, index)
        option.text = ""
        style = option.widget.style() if option.widget else QApplication.style()
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, option, painter, option.widget)
        rect = option.rect.adjusted(4, 0, -4, 0)
        metrics = option.fontMetrics
        # the match stays in view: the text before it takes at most a third of the cell, cut from the left
        before = metrics.elidedText(("…" if len(match.before) >= 40 else "") + one_line(match.before),
                                    Qt.TextElideMode.ElideLeft, rect.width() // 3)
        found = metrics.elidedText(one_line(match.text), Qt.TextElideMode.ElideRight,
                                   rect.width() - metrics.horizontalAdvance(before))
        after = metrics.elidedText(one_line(match.after), Qt.TextElideMode.ElideRight, max(
            0, rect.width() - metrics.horizontalAdvance(before) - metrics.horizontalAdvance(found)))
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        text_role = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        painter.save()
        x = rect.left()
        for number, piece in enumerate((before, found, after)):
            width = metrics.horizontalAdvance(piece)
            box = QRect(x, rect.top(), width, rect.height())
            if number == 1:  # the match: drawn as selected text (as the selection itself when the row is)
                painter.fillRect(box, option.palette.color(QPalette.ColorRole.Base if selected
                                                           else QPalette.ColorRole.Highlight))
                painter.setPen(option.palette.color(QPalette.ColorRole.Text if selected
                                                    else QPalette.ColorRole.HighlightedText))
            else:
                painter.setPen(option.palette.color(text_role))
            painter.drawText(box, Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft, piece)
            x += width
        painter.restore()


class FindInFiles(QDockWidget):
    """See the module docstring. ``paths()`` gives the folder's files, ``title_of(path)`` a file's title."""

    open_requested = Signal(str, str)  # path, dotted field (or 'body')
    announced = Signal(str, int)  # a status-bar message and how long it stays (ms)

    def __init__(self, paths: Callable[[], list[str]], flow: BatchFlow, title_of: Callable[[str], str],
                 parent: QWidget | None = None):
        super().__init__("Find in Files", parent)
        self.setObjectName("findInFilesView")
        self._paths = paths
        self.flow = flow
        self._title_of = title_of
        self.job: BackgroundJob | None = None
        self.result: FindResult | None = None
        self.searched: FindSpec | None = None  # the search the results belong to
        body = QWidget(self)
        self.find_edit = self._edit(body, "findText", "Find", "Text to find (a regular expression when that is "
                                                              "ticked); Enter searches")
        self.find_error = self._error_label(body, "findError")
        self.replace_edit = self._edit(body, "replaceText", "Replace with", "The replacement; with a regular "
                                                                           "expression, \\1 or \\g<name> stand "
                                                                           "for its groups")
        self.replace_error = self._error_label(body, "replaceError")
        self.find_edit.returnPressed.connect(self.search)
        self.replace_edit.returnPressed.connect(self.search)
        self.regex_box = self._box(body, "findRegex", "Regular e&xpression", "Read the text to find as a Python "
                                                                             "regular expression")
        self.case_box = self._box(body, "findCase", "Match &case", "Upper and lower case must match")
        self.word_box = self._box(body, "findWord", "&Whole words", "Match only whole words")
        self.field_boxes = {key: self._box(body, f"findField:{key}", label, f"Search the {key}", checked=True)
                            for key, label in FIELD_CHOICES}
        self.all_box = self._box(body, "findAllFields", "&All fields", "Search every text of the front matter and "
                                                                       "the body")
        self.all_box.toggled.connect(lambda on: [box.setEnabled(not on) for box in self.field_boxes.values()])
        self.find_button = self._button(body, "findButton", "&Find", self._on_find_button_clicked,
                                        "Search the folder's files (Enter)")
        self.replace_one_button = self._button(body, "replaceOne", "&Replace", self.replace_current,
                                               "Replace the current result")
        self.replace_selected_button = self._button(body, "replaceSelected", "Replace &Selected",
                                                    self.replace_selected, "Replace the selected results")
        self.replace_all_button = self._button(body, "replaceAll", "Replace A&ll", self.replace_all,
                                               "Replace every match found")
        self.results = QTreeWidget(body)
        self.results.setObjectName("findResults")
        self.results.setAccessibleName("Matches")
        self.results.setToolTip("Every match: file, field, and the match in its context; double-click or Enter "
                                "opens the file at the field")
        self.results.setHeaderLabels(["File", "Field", "Match"])
        self.results.setRootIsDecorated(False)
        self.results.setUniformRowHeights(True)
        self.results.setAlternatingRowColors(True)
        self.results.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.results.setItemDelegateForColumn(MATCH, _MatchDelegate(self.results))
        self.results.setColumnWidth(FILE, 140)
        self.results.setColumnWidth(FIELD, 80)
        self.results.itemActivated.connect(self._on_results_item_activated)
        self.results.itemSelectionChanged.connect(self._update_buttons)
        self.summary = QLabel(body)
        self.summary.setObjectName("findSummary")
        self.summary.setWordWrap(True)
        for widget in (self.find_edit, self.replace_edit):
            widget.textChanged.connect(self._on_options_changed)
        for box in (self.regex_box, self.case_box, self.word_box, self.all_box, *self.field_boxes.values()):
            box.toggled.connect(self._on_options_changed)

        grid = QGridLayout()
        grid.setContentsMargins(0, 0, 0, 0)
        grid.addWidget(self._label(body, "Fi&nd:", self.find_edit), 0, 0)
        grid.addWidget(self.find_edit, 0, 1)
        grid.addWidget(self.find_error, 1, 1)
        grid.addWidget(self._label(body, "Re&place:", self.replace_edit), 2, 0)
        grid.addWidget(self.replace_edit, 2, 1)
        grid.addWidget(self.replace_error, 3, 1)
        options = QHBoxLayout()
        for box in (self.regex_box, self.case_box, self.word_box):
            options.addWidget(box)
        options.addStretch(1)
        fields = QHBoxLayout()
        fields.addWidget(QLabel("In:", body))
        for box in (*self.field_boxes.values(), self.all_box):
            fields.addWidget(box)
        fields.addStretch(1)
        buttons = QHBoxLayout()
        for button in (self.find_button, self.replace_one_button, self.replace_selected_button,
                       self.replace_all_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout = QVBoxLayout(body)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(grid)
        layout.addLayout(options)
        layout.addLayout(fields)
        layout.addLayout(buttons)
        layout.addWidget(self.results, 1)
        layout.addWidget(self.summary)
        self.setWidget(body)
        FolderUndoKeys(flow, self).watch(self.results)
        flow.finished.connect(self._on_flow_finished)
        self._update_buttons()

    # --- building -----------------------------------------------------------------------------------------

    def _edit(self, parent: QWidget, name: str, accessible: str, tip: str) -> QLineEdit:
        edit = QLineEdit(parent)
        edit.setObjectName(name)
        edit.setAccessibleName(accessible)
        edit.setToolTip(tip)
        edit.setClearButtonEnabled(True)
        return edit

    def _error_label(self, parent: QWidget, name: str) -> QLabel:
        label = QLabel(parent)
        label.setObjectName(name)
        label.setWordWrap(True)
        label.hide()
        return label

    def _box(self, parent: QWidget, name: str, text: str, tip: str, checked: bool = False) -> QCheckBox:
        box = QCheckBox(text, parent)
        box.setObjectName(name)
        box.setToolTip(tip)
        box.setChecked(checked)
        return box

    def _button(self, parent: QWidget, name: str, text: str, slot, tip: str) -> QPushButton:
        button = QPushButton(text, parent)
        button.setObjectName(name)
        button.setToolTip(tip)
        button.setAutoDefault(False)
        button.clicked.connect(slot)
        return button

    def _label(self, parent: QWidget, text: str, buddy: QWidget) -> QLabel:
        label = QLabel(text, parent)
        label.setBuddy(buddy)
        return label

    def focus_find(self) -> None:
        """Put the keyboard in the find box, its text selected (the panel shown first)."""
        self.find_edit.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.find_edit.selectAll()

    # --- the search ---------------------------------------------------------------------------------------

    def spec(self) -> FindSpec | None:
        """The search as set up, or None after saying at its box why it cannot run."""
        self._say(self.find_error, self.find_edit, "")
        self._say(self.replace_error, self.replace_edit, "")
        fields = ALL_FIELDS if self.all_box.isChecked() else tuple(
            key for key, box in self.field_boxes.items() if box.isChecked())
        if not fields:
            self._say(self.find_error, self.find_edit, "Choose at least one field to search")
            return None
        spec = FindSpec(self.find_edit.text(), self.regex_box.isChecked(), self.case_box.isChecked(),
                        self.word_box.isChecked(), fields)
        try:
            spec.compiled()
        except FindError as error:
            self._say(self.find_error, self.find_edit, sentence(str(error)))
            return None
        try:
            spec.check_replacement(self.replace_edit.text())
        except FindError as error:
            self._say(self.replace_error, self.replace_edit, sentence(str(error)))
            return None
        return spec

    def _say(self, label: QLabel, edit: QLineEdit, text: str) -> None:
        """Show why the box's text cannot be used under it, the box tinted as a field with an error ('' clears)."""
        label.setText(html.escape(text))
        label.setVisible(bool(text))
        mark_widget(edit, "error" if text else None)
        edit.setAccessibleDescription(text)

    def search(self) -> bool:
        """Search the folder's files in the background (a search still running is stopped first)."""
        spec = self.spec()
        if spec is None:
            return False
        if self.job is not None:
            self.job.cancel()
        paths = self._paths()
        job = BackgroundJob("find", lambda progress, cancelled: find_in_files(
            paths, spec, progress=progress, cancelled=cancelled), self)
        self.job = job
        job.progressed.connect(lambda done, total: self.summary.setText(f"Searching… {done:,} of {total:,} files"))
        job.finished.connect(lambda result: self._on_job_finished(job, spec, result))
        job.failed.connect(lambda message: self._on_job_failed(job, message))
        self.summary.setText(f"Searching {len(paths):,} files…")
        self.find_button.setText("&Stop")
        job.start()
        return True

    def _on_find_button_clicked(self) -> None:
        if self.job is not None:
            self.job.cancel()
        else:
            self.search()

    def _end(self, job: BackgroundJob) -> bool:
        if job is not self.job:
            return False
        self.job = None
        job.deleteLater()
        self.find_button.setText("&Find")
        return True

    def _on_job_failed(self, job: BackgroundJob, message: str) -> None:
        if self._end(job):
            self._say(self.find_error, self.find_edit, sentence(message))
            self.summary.setText("")

    def _on_job_finished(self, job: BackgroundJob, spec: FindSpec, result: FindResult) -> None:
        if not self._end(job):
            return
        self.result, self.searched = result, spec
        self.results.clear()
        items = []
        for match in result.matches:
            item = QTreeWidgetItem([self._title_of(match.path) or os.path.basename(match.path), match.field,
                                    one_line(f"{match.before}{match.text}{match.after}")])
            item.setData(MATCH, _MATCH_ROLE, match)
            item.setToolTip(FILE, match.path)
            item.setToolTip(MATCH, f"line {match.line}: …{match.before}[{match.text}]{match.after}…")
            items.append(item)
        self.results.addTopLevelItems(items)
        if items:
            self.results.setCurrentItem(items[0], 0)
            items[0].setSelected(False)
        text = (f"{len(result.matches):,} match{'es' * (len(result.matches) != 1)} in {result.files_matched:,} of "
                f"{result.files_searched:,} files")
        if result.truncated:
            text += " (only the first ones are listed; Replace All replaces every match)"
        if result.skipped:
            text += f"; {len(result.skipped):,} could not be read"
        if result.cancelled:
            text += "; stopped before the end"
        self.summary.setText(text)
        self._update_buttons()

    def _on_options_changed(self, *_args) -> None:
        if self.searched is not None and self.results.topLevelItemCount():
            self.summary.setText("The search changed: press Enter to search again")
        self.searched = None if self.searched is None or self._current_differs() else self.searched
        self._update_buttons()

    def _current_differs(self) -> bool:
        fields = ALL_FIELDS if self.all_box.isChecked() else tuple(
            key for key, box in self.field_boxes.items() if box.isChecked())
        wanted = FindSpec(self.find_edit.text(), self.regex_box.isChecked(), self.case_box.isChecked(),
                          self.word_box.isChecked(), fields)
        return wanted != self.searched

    def _update_buttons(self) -> None:
        current = self.searched is not None and self.result is not None and bool(self.result.matches)
        self.replace_one_button.setEnabled(current and self.results.currentItem() is not None)
        self.replace_selected_button.setEnabled(current and bool(self.results.selectedItems()))
        self.replace_all_button.setEnabled(current)

    # --- results ------------------------------------------------------------------------------------------

    def _on_results_item_activated(self, item: QTreeWidgetItem, _column: int) -> None:
        match = item.data(MATCH, _MATCH_ROLE)
        self.open_requested.emit(match.path, match.field)

    def replace_current(self) -> bool:
        """Replace the match of the current result."""
        item = self.results.currentItem()
        return item is not None and self._replace([item.data(MATCH, _MATCH_ROLE)])

    def replace_selected(self) -> bool:
        """Replace the matches of the selected results."""
        return self._replace([item.data(MATCH, _MATCH_ROLE) for item in self.results.selectedItems()])

    def replace_all(self) -> bool:
        """Replace every match of the search, in the files it found them in (every file after a cut-off list)."""
        return self._replace(None)

    def _replace(self, chosen) -> bool:
        spec, result = self.searched, self.result
        if spec is None or result is None or self.spec() is None or chosen == []:
            return False
        operation = ReplaceText(spec, self.replace_edit.text(), None if chosen is None else tuple(chosen))
        where = "all fields" if spec.all_fields else ", ".join(spec.fields)
        title = (f"Replace “{spec.pattern}”{' (regular expression)' if spec.regex else ''} with "
                 f"“{operation.replacement}” in {where}" + (f" ({len(chosen):,} chosen)" if chosen else ""))
        if chosen is not None:
            paths = list(dict.fromkeys(match.path for match in chosen))
        elif result.truncated:
            paths = self._paths()
        else:
            paths = list(dict.fromkeys(match.path for match in result.matches))
        return self.flow.run(operation, paths, title)

    def _on_flow_finished(self, _result) -> None:
        if self.searched is not None and self.isVisible():
            self.search()  # the matches found before point into files that may have changed
