"""The editors of single-valued kinds: a line, a paragraph, a list of lines, a yes/no choice, raw YAML.

Composite kinds (topics, offerings, page metadata, the body) have modules of their own; :func:`editor_class`
picks the simple editor for any other kind of the schema.
"""
from __future__ import annotations

from typing import Any

from PySide6.QtCore import QSignalBlocker, Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QComboBox, QCompleter, QLabel, QLineEdit, QPlainTextEdit, QSizePolicy

from curator_gui.core.errors import DocumentError
from curator_gui.core.schema import BOOL, INT, SIZE, TOPICS, CoercionError, coerce, topics_as_list
from curator_gui.core.yamlload import load_yaml
from curator_gui.ui.editors.base import MISSING, FieldEditor, yaml_text
from curator_gui.ui.icons import icon, themed


def _placeholder(value: Any, present: bool) -> str:
    if not present:
        return "not in this file"
    return "null" if value is None else ""


class LineEditor(FieldEditor):
    """One line: text, URL, date, whole number or a size pair."""

    def __init__(self, key, label, help_text, on_edit, field=None):
        super().__init__(key, label, help_text, on_edit, field)
        self.kind = field.kind if field else ""
        self.widget = line = QLineEdit()
        line.textEdited.connect(self._on_line_text_edited)
        if field is not None and field.choices:
            completer = QCompleter(list(field.choices), line)
            completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
            line.setCompleter(completer)
        if field is not None and field.kind == "url":
            action = line.addAction(icon("open-link"), QLineEdit.ActionPosition.TrailingPosition)
            themed(action, "open-link")
            action.setToolTip("Open this address in the browser")
            action.triggered.connect(self._on_open_link_triggered)
        self.counter = None
        if field is not None and field.max_length:
            self.counter = QLabel()
            self.counter.setObjectName(f"{key}.counter")
            self.counter.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self._finish(line, self.counter)

    def display(self, value: Any, present: bool) -> None:
        if value is None:
            text = ""
        elif self.kind == SIZE and isinstance(value, list):
            text = ", ".join(str(v) for v in value)
        else:
            text = str(value)
        if self.widget.text() != text:
            self.widget.setText(text)
            self.widget.setCursorPosition(0)
        self.widget.setPlaceholderText(_placeholder(value, present))
        self._count(text)

    def _count(self, text: str) -> None:
        if self.counter is not None:
            limit = self.field.max_length
            self.counter.setText(f"{len(text)}/{limit}")
            self.counter.setToolTip(f"{len(text)} characters; keep it under {limit}")

    def _on_line_text_edited(self, text: str) -> None:
        self._count(text)
        if not text.strip() and self.kind in (INT, SIZE):
            self.commit(None, empty=True)
            return
        if self.kind == INT:
            try:
                value = coerce(self.key, text.strip())
            except CoercionError:
                self.set_local_error(f"{self.label} must be a whole number")
                return
        elif self.kind == SIZE:
            parts = [p for p in text.replace("x", ",").replace("×", ",").replace(" ", ",").split(",") if p]
            if len(parts) != 2 or not all(p.isdigit() for p in parts):
                self.set_local_error(f"{self.label} must be two whole numbers, e.g. 1200, 630")
                return
            value = [int(p) for p in parts]
        else:
            value = text
        self.commit(value, empty=not text)

    def _on_open_link_triggered(self) -> None:
        text = self.widget.text().strip()
        if text.startswith(("http://", "https://")):
            QDesktopServices.openUrl(QUrl(text))


def show_text_quietly(widget: QPlainTextEdit, text: str) -> None:
    """Show ``text`` without it reading as the curator's typing: signals are blocked while it is set."""
    if widget.toPlainText() != text:
        with QSignalBlocker(widget):
            widget.setPlainText(text)


class _PlainText(QPlainTextEdit):
    """A paragraph editor that moves focus on Tab and keeps a sensible height in a form."""

    def __init__(self, lines: int):
        super().__init__()
        self.setTabChangesFocus(True)
        self.setUndoRedoEnabled(False)  # the record's undo stack is the only history
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.fit_lines(lines)

    def fit_lines(self, lines: int) -> None:
        """Show ``lines`` lines without scrolling."""
        self.setFixedHeight(self.fontMetrics().lineSpacing() * lines + 2 * self.frameWidth()
                            + round(2 * self.document().documentMargin()) + 2)


class TextBlockEditor(FieldEditor):
    """A paragraph (description)."""

    def __init__(self, key, label, help_text, on_edit, field=None, lines: int = 4):
        super().__init__(key, label, help_text, on_edit, field)
        self.widget = _PlainText(lines)
        self.widget.textChanged.connect(self._on_text_changed)
        self.counter = None
        if field is not None and field.max_length:
            self.counter = QLabel()
            self.counter.setObjectName(f"{key}.counter")
            self.counter.setAlignment(Qt.AlignmentFlag.AlignRight)
        self._finish(self.widget, None, self.counter)

    def display(self, value: Any, present: bool) -> None:
        text = "" if value is None else str(value)
        show_text_quietly(self.widget, text)
        self.widget.setPlaceholderText(_placeholder(value, present))
        self._count(text)

    def _count(self, text: str) -> None:
        if self.counter is not None:
            self.counter.setText(f"{len(text)}/{self.field.max_length} characters")

    def _on_text_changed(self) -> None:
        text = self.widget.toPlainText()
        self._count(text)
        self.commit(text, empty=not text)


class ListEditor(FieldEditor):
    """A list of texts, one per line (curators, tags, breadcrumbs, derived topic lists)."""

    def __init__(self, key, label, help_text, on_edit, field=None, lines: int = 3):
        super().__init__(key, label, help_text, on_edit, field)
        self.widget = _PlainText(lines)
        self.widget.textChanged.connect(self._on_text_changed)
        self._finish(self.widget)

    def _items(self, value: Any) -> list[str] | None:
        if self.field is not None and self.field.kind == TOPICS:
            return topics_as_list(value)
        if isinstance(value, list):
            return ["" if v is None else str(v) for v in value]
        if isinstance(value, str):
            return [value]
        return None

    def display(self, value: Any, present: bool) -> None:
        items = self._items(value)
        text = "\n".join(items) if items is not None else ("" if value is None else str(value))
        self.widget.fit_lines(min(max(text.count("\n") + 1, 1), 8))
        show_text_quietly(self.widget, text)
        self.widget.setPlaceholderText(_placeholder(value, present) or "one per line")

    def _on_text_changed(self) -> None:
        text = self.widget.toPlainText()
        current = self._shown if self._shown is not MISSING else None
        if not text:
            self.commit([] if isinstance(current, list) else None, empty=True)
            return
        items = text.split("\n")
        # Keep trailing empty items only as far as the value already has them (breadcrumbLinks ends in ''),
        # so pressing Enter to start a new line does not store an empty item.
        have = self._items(current) or []
        keep = len(have) - len(_rstrip_empty(have))
        stripped = _rstrip_empty(items)
        items = stripped + [""] * min(keep, len(items) - len(stripped))
        try:
            value = coerce(self.key, items, None, current) if self.field is not None else items
        except CoercionError as error:
            self.set_local_error(str(error))
            return
        self.commit(value)


def _rstrip_empty(items: list[str]) -> list[str]:
    end = len(items)
    while end and not items[end - 1]:
        end -= 1
    return items[:end]


class BoolEditor(FieldEditor):
    """true / false / not set."""

    _CHOICES = (("(not set)", None), ("true", True), ("false", False))

    def __init__(self, key, label, help_text, on_edit, field=None):
        super().__init__(key, label, help_text, on_edit, field)
        self.widget = QComboBox()
        for text, _value in self._CHOICES:
            self.widget.addItem(text)
        self.widget.activated.connect(self._on_combo_activated)
        self.widget.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        self._finish(self.widget)

    def display(self, value: Any, present: bool) -> None:
        index = 1 if value is True else 2 if value is False else 0
        self.widget.setCurrentIndex(index)

    def _on_combo_activated(self, index: int) -> None:
        value = self._CHOICES[index][1]
        self.commit(value, empty=value is None, merge=False, text=f"Set {self.label} to {self._CHOICES[index][0]}")


class YamlEditor(FieldEditor):
    """A key the schema does not know, edited as raw YAML (never dropped, never reinterpreted)."""

    def __init__(self, key, label, help_text, on_edit, field=None):
        super().__init__(key, label, help_text, on_edit, field)
        self.widget = _PlainText(2)
        self.widget.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        font = self.widget.font()
        font.setFamily("monospace")
        font.setStyleHint(font.StyleHint.Monospace)
        self.widget.setFont(font)
        self.widget.textChanged.connect(self._on_text_changed)
        self._finish(self.widget)

    @property
    def path(self) -> tuple:
        return (self.key,)

    def display(self, value: Any, present: bool) -> None:
        text = yaml_text(value)
        self.widget.fit_lines(max(1, min(8, text.count("\n") + 1)))
        show_text_quietly(self.widget, text)

    def _on_text_changed(self) -> None:
        try:  # read as files are read: tags refused, nesting bounded, the fault's position given
            value = load_yaml(self.widget.toPlainText()).data
        except DocumentError as error:
            self.set_local_error(f"not valid YAML (line {error.line}, column {error.column}): {error.message}; "
                                 "the field keeps its last valid value")
            return
        self.commit(value)


def editor_class(kind: str):
    """The simple editor for a schema kind (composite kinds are built by the form)."""
    if kind in (INT, SIZE, "text", "url", "date"):
        return LineEditor
    if kind == "longtext":
        return TextBlockEditor
    if kind == BOOL:
        return BoolEditor
    return ListEditor
