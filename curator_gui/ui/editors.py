"""Field editors: one small controller per front-matter field, each owning the widget the curator types in.

An editor shows a value it is given (without echoing it back as an edit) and reports what the curator typed
through ``on_edit(path, value, empty)``; it never touches the document. Every input widget carries the field's
dotted key as objectName, its label as accessibleName and the schema's help as tooltip. Problems found by
validation are shown at the editor: a tinted background (mixed from the palette, so light and dark both stay
readable), an icon beside it and the message in the tooltip.
"""
from __future__ import annotations

from typing import Any, Callable

import yaml
from PySide6.QtCore import QEvent, QObject, QSignalBlocker, Qt, QUrl
from PySide6.QtGui import QColor, QDesktopServices, QKeySequence, QPalette
from PySide6.QtWidgets import (QAbstractItemView, QApplication, QComboBox, QCompleter, QHBoxLayout, QLabel, QLineEdit, QPlainTextEdit,
                               QSizePolicy, QVBoxLayout, QWidget)

from curator_gui.core.problems import ERROR, Problem
from curator_gui.core.schema import (BOOL, INT, SIZE, TOPICS, CoercionError, Field, coerce, topics_as_list)
from curator_gui.core.values import same_value
from curator_gui.ui.icons import icon

MISSING = object()
OnEdit = Callable[[tuple, Any, bool], None]

_TINTS = {"error": QColor(220, 50, 47), "warning": QColor(230, 160, 0)}


def tinted(base: QColor, severity: str) -> QColor:
    """``base`` mixed with the severity's colour: readable on light and dark palettes alike."""
    tint = _TINTS[severity]
    share = 0.22 if severity == "error" else 0.2
    return QColor(round(base.red() * (1 - share) + tint.red() * share),
                  round(base.green() * (1 - share) + tint.green() * share),
                  round(base.blue() * (1 - share) + tint.blue() * share))


def worst(problems: list[Problem]) -> str | None:
    if not problems:
        return None
    return "error" if any(p.severity == ERROR for p in problems) else "warning"


def problem_text(problems: list[Problem]) -> str:
    return "\n".join(f"{p.severity.capitalize()}: {p.message}" for p in problems)


def mark_widget(widget: QWidget, severity: str | None,
                role: QPalette.ColorRole = QPalette.ColorRole.Base) -> None:
    """Tint a widget's ``role`` colour for a problem (or clear it) without freezing the rest of its palette."""
    if severity is None:
        if widget.property("problem"):
            widget.setProperty("problem", None)
            widget.setPalette(QPalette())  # back to inheriting everything from its parent
        return
    widget.setProperty("problem", severity)
    base = QApplication.palette().color(role)
    palette = QPalette()
    palette.setColor(role, tinted(base, severity))
    widget.setPalette(palette)


class UndoKeysToWindow(QObject):
    """Lets Ctrl+Z / Ctrl+Shift+Z reach the window's per-record undo instead of a text widget's own undo.

    A text widget claims those keys (ShortcutOverride) for its private undo history, which knows nothing of
    derived fields or the record; declining the override lets the window's actions fire.
    """

    _KEYS = (QKeySequence.StandardKey.Undo, QKeySequence.StandardKey.Redo)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ShortcutOverride:
            combined = event.keyCombination()
            pressed = QKeySequence(combined)
            for standard in self._KEYS:
                for sequence in QKeySequence.keyBindings(standard):
                    if sequence.matches(pressed) == QKeySequence.SequenceMatch.ExactMatch:
                        event.ignore()
                        return True
            if pressed.matches(QKeySequence("Ctrl+Shift+Z")) == QKeySequence.SequenceMatch.ExactMatch:
                event.ignore()
                return True
        return False


_UNDO_KEYS: UndoKeysToWindow | None = None


def route_undo_keys(widget: QWidget) -> None:
    global _UNDO_KEYS
    if _UNDO_KEYS is None:
        _UNDO_KEYS = UndoKeysToWindow()
    widget.installEventFilter(_UNDO_KEYS)


def name_widget(widget: QWidget, key: str, label: str, tip: str) -> None:
    """The names tests and assistive technology rely on."""
    widget.setObjectName(key)
    widget.setAccessibleName(label)
    widget.setToolTip(tip)


def yaml_text(value: Any) -> str:
    """A value as block YAML, the way a curator would type it."""
    text = yaml.safe_dump(value, allow_unicode=True, default_flow_style=False, sort_keys=False, width=100)
    if text.endswith("\n...\n"):
        text = text[:-5]
    return text.rstrip("\n")


class FieldEditor:
    """Base of every editor; see the module docstring. Subclasses build ``self.widget`` and call ``_finish``."""

    kind = ""

    def __init__(self, key: str, label: str, help_text: str, on_edit: OnEdit, field: Field | None = None):
        self.key = key
        self.label = label
        self.help = help_text
        self.field = field
        self.on_edit = on_edit
        self.widget: QWidget
        self.container: QWidget
        self._shown: Any = MISSING
        self._present = False
        self._problems: list[Problem] = []
        self._local_error = ""
        self.problem_icon = QLabel()
        self.problem_icon.setFixedWidth(18)
        self.problem_icon.hide()

    def _finish(self, main: QWidget, extra: QWidget | None = None, below: QWidget | None = None) -> None:
        """Lay out ``main`` (and optional widgets) with the problem icon; name everything."""
        name_widget(self.widget, self.key, self.label, self.help)
        self.container = QWidget()
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(4)
        if main.sizePolicy().horizontalPolicy() == QSizePolicy.Policy.Fixed:
            row.addWidget(main)
            row.addStretch(1)
        else:
            row.addWidget(main, 1)
        if extra is not None:
            row.addWidget(extra)
        row.addWidget(self.problem_icon, 0, Qt.AlignmentFlag.AlignTop)
        if below is None:
            self.container.setLayout(row)
        else:
            column = QVBoxLayout(self.container)
            column.setContentsMargins(0, 0, 0, 0)
            column.setSpacing(2)
            column.addLayout(row)
            column.addWidget(below)
        self.container.setFocusProxy(self.widget)
        route_undo_keys(self.widget)

    # --- path --------------------------------------------------------------------------------------------

    @property
    def path(self) -> tuple:
        return tuple(self.key.split("."))

    def path_in(self, data: dict) -> tuple:
        """Where this editor's value lives in ``data`` (some shapes differ per file)."""
        return self.path

    # --- model → editor ----------------------------------------------------------------------------------

    def show(self, value: Any, present: bool) -> None:
        """Display ``value`` unless it is what the editor already shows (so typing is never disturbed)."""
        if present == self._present and same_value(value, self._shown) and type(value) is type(self._shown):
            return
        self._shown = value
        self._present = present
        self._local_error = ""
        self.display(value, present)
        self._restyle()

    def display(self, value: Any, present: bool) -> None:
        raise NotImplementedError

    def set_problems(self, problems: list[Problem]) -> None:
        self._problems = problems
        self._restyle()

    def set_local_error(self, message: str) -> None:
        """A value that cannot be stored (e.g. letters in a number): shown here, not written."""
        if message != self._local_error:
            self._local_error = message
            self._restyle()

    def _restyle(self) -> None:
        problems = list(self._problems)
        if self._local_error:
            problems.insert(0, Problem("", 0, 0, ERROR, self.key, self._local_error))
        severity = worst(problems)
        tip = self.help if not problems else f"{self.help}\n\n{problem_text(problems)}"
        for widget in self.styled_widgets():
            mark_widget(widget, severity)
        self.widget.setToolTip(tip)
        if severity:
            self.problem_icon.setPixmap(icon(severity).pixmap(16, 16))
            self.problem_icon.setToolTip(problem_text(problems))
            self.problem_icon.setAccessibleName(f"{self.label}: {problem_text(problems)}")
            self.problem_icon.show()
        else:
            self.problem_icon.hide()
        self.widget.setAccessibleDescription(problem_text(problems) if problems else "")

    def styled_widgets(self) -> list[QWidget]:
        return [self.widget]

    # --- editor → model ----------------------------------------------------------------------------------

    def commit(self, value: Any, empty: bool = False, path: tuple | None = None) -> None:
        self._shown = value
        self._present = True
        self.set_local_error("")
        self.on_edit(path or self.current_path(), value, empty)

    def current_path(self) -> tuple:
        return self.path

    def focus(self, rest: tuple = ()) -> None:
        """Put the keyboard focus here (``rest``: a part inside, e.g. an offering's cell)."""
        self.widget.setFocus(Qt.FocusReason.OtherFocusReason)

    def set_enabled(self, enabled: bool) -> None:
        self.widget.setEnabled(enabled)


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
        self.commit(value, empty=value is None)


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
        try:
            value = yaml.safe_load(self.widget.toPlainText())
        except yaml.YAMLError as error:
            mark = getattr(error, "problem_mark", None)
            where = f" (line {mark.line + 1}, column {mark.column + 1})" if mark is not None else ""
            reason = getattr(error, "problem", None) or str(error).splitlines()[0]
            self.set_local_error(f"not valid YAML{where}: {reason}; the field keeps its last valid value")
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


class TableRowKeys(QObject):
    """Keys of a row-table editor: Insert adds a row, Delete removes it, and with ``reorder`` Alt+Up/Down
    move it; ignored while a cell is being edited, so the keys keep their meaning inside the cell."""

    def __init__(self, editor, reorder: bool = False):
        super().__init__(editor.widget)
        self._editor = editor
        self._reorder = reorder

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() != QEvent.Type.KeyPress or self._editor.widget.state() == QAbstractItemView.State.EditingState:
            return False
        key, mods = event.key(), event.modifiers()
        if key == Qt.Key.Key_Insert:
            self._editor.add_row()
        elif key == Qt.Key.Key_Delete and mods == Qt.KeyboardModifier.NoModifier:
            self._editor.remove_row()
        elif self._reorder and key == Qt.Key.Key_Up and mods == Qt.KeyboardModifier.AltModifier:
            self._editor.move_row(-1)
        elif self._reorder and key == Qt.Key.Key_Down and mods == Qt.KeyboardModifier.AltModifier:
            self._editor.move_row(1)
        else:
            return False
        return True
