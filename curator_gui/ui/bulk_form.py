"""Editing several records at once: the only place that shows what the files selected in the list have in
common and turns the curator's changes to it into one folder-wide change.

It stands in for the record's form while more than one file is selected. A text field shows the value every
selected file has, or is empty with "multiple values" greyed in it where they differ; a field is changed only
when typed into (typed into and emptied, it empties the field in every file). A list field (Curators, Topics,
Tags) lists the items of the selection, each with how many files hold it: checked, it will be in every file;
unchecked, in none; partly checked (items some files hold), it is left as it is in each file. New items are
added with the box under the list, topics in each file's own shape. Save writes the changes through the
folder-change flow (preview, background, undo). The values are the files' on disk, read in the background
whenever the selection changes.
"""
from __future__ import annotations

import html
from dataclasses import dataclass, field
from typing import Any, Callable

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import (QCompleter, QFormLayout, QHBoxLayout, QLabel, QLineEdit, QListWidget,
                               QListWidgetItem, QPushButton, QScrollArea, QVBoxLayout, QWidget)

from curator_gui.core.batch_ops import (MIXED, TOPICS_KEY, AddItems, RemoveItems, SetFieldText, Steps, common_value,
                                        item_counts)
from curator_gui.core.index import display_text
from curator_gui.core.schema import BY_KEY
from curator_gui.ui.batch_flow import BatchFlow
from curator_gui.ui.batch_jobs import BackgroundJob

#: Text fields edited together, in the order shown (set per file as ``curator-gui set`` would).
TEXT_KEYS = ("title", "description", "date", "link.brand", "archetype", "openProjectWorkPackageType", "status")
#: List fields edited together: key, label (``topics``: the records' topics in either shape).
LIST_KEYS = ((TOPICS_KEY, "Topics"), ("author", "Curators"), ("tags", "Tags"))
MULTIPLE = "multiple values"
_ITEM_ROLE = Qt.ItemDataRole.UserRole + 1
_COUNT_ROLE = Qt.ItemDataRole.UserRole + 2


@dataclass
class Selection:
    """What the selected files hold: each text field's common value (:data:`MIXED` where they differ), and each
    list field's items with how many files hold them."""

    paths: list[str]
    readable: int = 0
    values: dict[str, Any] = field(default_factory=dict)
    items: dict[str, list[tuple[Any, int]]] = field(default_factory=dict)
    unreadable: list[str] = field(default_factory=list)


def describe_selection(paths: list[str], cancelled: Callable[[], bool] = lambda: False) -> Selection | None:
    """Read the files of ``paths`` (on disk) and describe them; None when cancelled. Runs in the background."""
    from curator_gui.core.document import Document, FileStamp
    from curator_gui.core.files import read_regular_file

    found = Selection(list(paths))
    datas = []
    for path in paths:
        if cancelled():
            return None
        try:
            raw, info = read_regular_file(path)
        except OSError:
            found.unreadable.append(path)
            continue
        doc = Document(raw, path, FileStamp.of_bytes(raw, info), editable=False)
        if doc.read_only:
            found.unreadable.append(path)
        else:
            datas.append(doc.original_data)
    found.readable = len(datas)
    found.values = {key: common_value(datas, key) for key in TEXT_KEYS}
    found.items = {key: item_counts(datas, key) for key, _label in LIST_KEYS}
    return found


class BulkForm(QWidget):
    """See the module docstring; ``flow`` writes the changes."""

    changed = Signal()  # a field was typed into or an item checked: Save applies

    def __init__(self, flow: BatchFlow, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("bulkForm")
        self.flow = flow
        self.selection: Selection | None = None
        self.job: BackgroundJob | None = None
        self.header = QLabel(self)
        self.header.setObjectName("bulkHeader")
        self.header.setWordWrap(True)
        self.texts: dict[str, QLineEdit] = {}
        self.lists: dict[str, QListWidget] = {}
        self.adders: dict[str, QLineEdit] = {}
        self._touched: set[str] = set()
        inner = QWidget()
        form = QFormLayout(inner)
        for key in TEXT_KEYS:
            spec = BY_KEY[key]
            edit = QLineEdit(inner)
            edit.setObjectName(f"bulk:{key}")
            edit.setAccessibleName(f"{spec.label} of every selected file")
            edit.setToolTip(f"{spec.help}\nTyped into, this sets it in every selected file; left alone, each file "
                            f"keeps its own value.")
            edit.textEdited.connect(lambda _text, k=key: self._on_text_edited(k))
            self.texts[key] = edit
            label = QLabel(f"{spec.label}:", inner)
            label.setBuddy(edit)
            form.addRow(label, edit)
        for key, label_text in LIST_KEYS:
            form.addRow(self._list_field(inner, key, label_text))
        self.scroll = QScrollArea(self)
        self.scroll.setWidgetResizable(True)
        self.scroll.setWidget(inner)
        self.save_button = QPushButton("&Save to the Selected Files", self)
        self.save_button.setObjectName("bulkSave")
        self.save_button.setToolTip("Preview the changes to the selected files, then write them (Ctrl+S)")
        self.save_button.clicked.connect(self.save)
        self.reset_button = QPushButton("&Reset", self)
        self.reset_button.setObjectName("bulkReset")
        self.reset_button.setToolTip("Forget the changes made here")
        self.reset_button.clicked.connect(self.reset)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.reset_button)
        buttons.addWidget(self.save_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.header)
        layout.addWidget(self.scroll, 1)
        layout.addLayout(buttons)
        flow.busy_changed.connect(lambda _busy: self._update_buttons())  # Save waits for a change under way
        self._update_buttons()

    def _list_field(self, parent: QWidget, key: str, label_text: str) -> QWidget:
        box = QWidget(parent)
        layout = QVBoxLayout(box)
        layout.setContentsMargins(0, 6, 0, 0)
        items = QListWidget(box)
        items.setObjectName(f"bulk:{key}")
        items.setAccessibleName(f"{label_text} of the selected files")
        items.setToolTip(f"{label_text} of the selected files, with how many hold each. Checked: in every file; "
                         f"unchecked: in none; partly checked: left as it is in each file (Space changes it).")
        items.setMaximumHeight(140)
        items.itemChanged.connect(lambda _item: self._on_item_changed())
        caption = QLabel(f"{label_text}:", box)
        caption.setBuddy(items)
        adder = QLineEdit(box)
        adder.setObjectName(f"bulkAdd:{key}")
        adder.setAccessibleName(f"Add to {label_text.lower()} of every selected file")
        adder.setPlaceholderText(f"Add to {label_text.lower()} of every selected file (Enter)")
        adder.setToolTip(f"Type an item and press Enter: it is listed above, checked, and added to the "
                         f"{label_text.lower()} of every selected file on Save")
        adder.returnPressed.connect(lambda k=key: self.add_item(k, self.adders[k].text()))
        layout.addWidget(caption)
        layout.addWidget(items)
        layout.addWidget(adder)
        self.lists[key] = items
        self.adders[key] = adder
        return box

    def set_topic_completions(self, topics: list[str]) -> None:
        """The topics offered while typing one to add."""
        completer = QCompleter(topics, self)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self.adders[TOPICS_KEY].setCompleter(completer)

    # --- showing a selection ------------------------------------------------------------------------------

    def load(self, paths: list[str]) -> None:
        """Describe the files of ``paths`` (read in the background; a newer call supersedes it)."""
        if self.job is not None:
            self.job.cancel()
        self.selection = None
        self._clear(f"Reading the {len(paths):,} selected files…")
        job = BackgroundJob("bulk", lambda _progress, cancelled: describe_selection(paths, cancelled), self)
        self.job = job
        job.finished.connect(lambda found: self._on_job_finished(job, found))
        job.failed.connect(lambda message: self._on_job_failed(job, message))
        job.start()

    def _on_job_finished(self, job: BackgroundJob, found: Selection | None) -> None:
        if job is not self.job:
            return
        self.job = None
        if found is not None:
            self.show_selection(found)

    def _on_job_failed(self, job: BackgroundJob, message: str) -> None:
        if job is self.job:
            self.job = None
            self.header.setText(f"The selected files could not be read: {html.escape(message)}")

    def show_selection(self, found: Selection) -> None:
        """Show what the selected files have in common (forgetting changes made here)."""
        self.selection = found
        self._clear(self._header_text(found))
        for key, edit in self.texts.items():
            value = found.values.get(key)
            edit.setText("" if value is MIXED or value is None else display_text(value))
            edit.setPlaceholderText(MULTIPLE if value is MIXED else "(empty)")
        for key, items in self.lists.items():
            items.blockSignals(True)
            for item, count in found.items.get(key, []):
                self._add_row(items, item, count, found.readable)
            items.blockSignals(False)
        self._update_buttons()

    def _header_text(self, found: Selection) -> str:
        text = ("What you change here is changed in each selected file; a field left alone keeps each file's own "
                "value.")
        if found.unreadable:
            text += f" {len(found.unreadable):,} cannot be read and will be left as they are."
        return text

    def _clear(self, header: str) -> None:
        self._touched.clear()
        self.header.setText(header)
        for edit in self.texts.values():
            edit.clear()
            edit.setPlaceholderText("")
            edit.setFont(self.font())
        for items in self.lists.values():
            items.blockSignals(True)
            items.clear()
            items.blockSignals(False)
        for adder in self.adders.values():
            adder.clear()
        self._update_buttons()

    def _add_row(self, items: QListWidget, item: Any, count: int, total: int, new: bool = False) -> None:
        row = QListWidgetItem(f"{item}  ({'new' if new else f'{count:,} of {total:,}'})")
        row.setData(_ITEM_ROLE, item)
        row.setData(_COUNT_ROLE, count)
        flags = row.flags() | Qt.ItemFlag.ItemIsUserCheckable
        partial = 0 < count < total
        if partial:
            flags |= Qt.ItemFlag.ItemIsUserTristate
        row.setFlags(flags)
        row.setCheckState(Qt.CheckState.PartiallyChecked if partial else Qt.CheckState.Checked)
        items.addItem(row)

    def reset(self) -> None:
        """Forget the changes made here (show the files' values again)."""
        if self.selection is not None:
            self.show_selection(self.selection)

    # --- editing ------------------------------------------------------------------------------------------

    def add_item(self, key: str, text: str) -> bool:
        """Add ``text`` to the list field ``key`` of every selected file (checked; written on Save)."""
        text = text.strip()
        items = self.lists[key]
        if not text or self.selection is None:
            return False
        for number in range(items.count()):
            row = items.item(number)
            if row.data(_ITEM_ROLE) == text:
                row.setCheckState(Qt.CheckState.Checked)
                break
        else:
            self._add_row(items, text, 0, self.selection.readable, new=True)
            row = items.item(items.count() - 1)
        items.scrollToItem(row)  # the item added (or checked) is in view, however long the list
        self.adders[key].clear()
        self._on_item_changed()
        return True

    def _on_text_edited(self, key: str) -> None:
        self._touched.add(key)
        font = self.texts[key].font()
        font.setBold(True)  # a field typed into is one the change will set
        self.texts[key].setFont(font)
        self._update_buttons()

    def _on_item_changed(self) -> None:
        self._update_buttons()

    def operations(self) -> list:
        """The changes made here, as operations for each file (text fields first, then items added, removed)."""
        ops: list = [SetFieldText(key, self.texts[key].text()) for key in TEXT_KEYS if key in self._touched]
        total = self.selection.readable if self.selection is not None else 0
        for key, items in self.lists.items():
            added, removed = [], []
            for number in range(items.count()):
                row = items.item(number)
                item, count, state = row.data(_ITEM_ROLE), row.data(_COUNT_ROLE), row.checkState()
                if state == Qt.CheckState.Checked and count < total:
                    added.append(item)
                elif state == Qt.CheckState.Unchecked and count > 0:
                    removed.append(item)
            if removed:
                ops.append(RemoveItems(key, tuple(removed)))
            if added:
                ops.append(AddItems(key, tuple(added)))
        return ops

    def _update_buttons(self) -> None:
        has_changes = bool(self.operations()) if self.selection is not None else False
        self.save_button.setEnabled(has_changes and not self.flow.busy)
        self.reset_button.setEnabled(has_changes)
        self.changed.emit()

    def save(self) -> bool:
        """Write the changes made here to every selected file (preview first, then in the background)."""
        ops = self.operations()
        if not ops or self.selection is None:
            return False
        operation = ops[0] if len(ops) == 1 else Steps(tuple(ops))
        count = len(self.selection.paths)
        return self.flow.run(operation, self.selection.paths,
                             f"Edit {count:,} files: {operation.describe()}")


class BulkEditing(QObject):
    """Shows the bulk form in the record pane while several files are selected in the list (``panel``), and the
    open record again when the selection is down to one."""

    def __init__(self, form: BulkForm, panel, pane, records, parent: QObject | None = None):
        super().__init__(parent)
        self.form = form
        self.panel = panel
        self.pane = pane
        self.records = records
        self.paths: list[str] = []
        # the list's selection and the record it opens change together: look once both have settled
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(0)
        self._timer.timeout.connect(self.update)
        panel.view.selectionModel().selectionChanged.connect(self._timer.start)
        pane.shown.connect(self._timer.start)
        form.flow.finished.connect(self._on_flow_finished)

    @property
    def shown(self) -> bool:
        """The pane shows the bulk form."""
        return self.pane.stack.currentWidget() is self.form

    def update(self) -> None:
        """The bulk form for a selection of several files, the record for one."""
        paths = self.panel.selected_paths()
        if len(paths) >= 2:
            if paths != self.paths or self.form.selection is None and self.form.job is None:
                self.paths = paths
                self.form.load(paths)
            if not self.shown:
                self.pane.show_page(self.form, f"{len(paths):,} files selected")
        elif self.shown:
            self.paths = []
            session = self.records.current
            if session is not None:
                self.pane.show_session(session)
                self.records.undo_group.setActiveStack(session.undo_stack)
            else:
                self.pane.show_placeholder()

    def _on_flow_finished(self, _result) -> None:
        if self.shown:
            self.form.load(self.paths)  # the files as they are now
