"""What every field editor shares: showing a value without echo, reporting edits, showing problems.

An editor is one small controller per front-matter field, owning the widget the curator types in. It shows a value
it is given (without echoing it back as an edit) and reports what the curator typed through
``on_edit(path, value, empty, merge=..., text=...)``; it never touches the document. Typing into one field
merges into one undo step (``merge=True``); a structural edit (a row or a topic added, removed or moved, a cell
or a choice changed) is a step of its own, named by ``text``. Every input widget carries the field's dotted key
as objectName, its label as accessibleName and the schema's help as tooltip. Problems found by validation are
shown at the editor: a tinted background (see :mod:`curator_gui.ui.marks`), an icon beside it and the message in
the tooltip.
"""
from __future__ import annotations

from typing import Any, Callable

import yaml
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QSizePolicy, QVBoxLayout, QWidget

from curator_gui.core.fieldpath import get_in
from curator_gui.core.problems import ERROR, Problem
from curator_gui.core.schema import Field
from curator_gui.core.values import same_value
from curator_gui.ui.editors.keys import route_undo_keys
from curator_gui.ui.icons import icon
from curator_gui.ui.marks import mark_widget, problem_text, worst

MISSING = object()
#: ``on_edit(path, value, empty, *, merge=True, text=None)``: see the module docstring.
OnEdit = Callable[..., None]


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

    def show_from(self, data: dict) -> None:
        """Show this editor's value in the record's front matter ``data``."""
        value = get_in(data, self.path_in(data), MISSING)
        self.show(None if value is MISSING else value, value is not MISSING)

    def owns(self, dotted: str) -> bool:
        """Whether a finding about the field ``dotted`` is shown by this editor (it or a part of it)."""
        return dotted == self.key or dotted.startswith(self.key + ".")

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

    def commit(self, value: Any, empty: bool = False, path: tuple | None = None, *, merge: bool = True,
               text: str | None = None) -> None:
        """Report the curator's value: typing merges into one undo step, ``merge=False`` makes a step of its own
        (called ``text``)."""
        self._shown = value
        self._present = True
        self.set_local_error("")
        self.on_edit(path or self.current_path(), value, empty, merge=merge, text=text)

    def current_path(self) -> tuple:
        return self.path

    def focus(self, rest: tuple = ()) -> None:
        """Put the keyboard focus here (``rest``: a part inside, e.g. an offering's cell)."""
        self.widget.setFocus(Qt.FocusReason.OtherFocusReason)

    def tab_widgets(self) -> list[QWidget]:
        """The widgets Tab visits in this editor, in order."""
        return [self.widget]

    def set_enabled(self, enabled: bool) -> None:
        self.widget.setEnabled(enabled)
