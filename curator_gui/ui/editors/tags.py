"""The topics editor: each topic a removable chip, and a box that adds topics with completion from the folder."""
from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, QObject, QStringListModel, Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QCompleter, QFrame, QHBoxLayout, QLabel, QLineEdit, QToolButton, QWidget

from curator_gui.core.problems import Problem
from curator_gui.ui.editors.base import FieldEditor
from curator_gui.ui.editors.flow_layout import FlowLayout
from curator_gui.ui.editors.keys import route_undo_keys
from curator_gui.ui.icons import themed
from curator_gui.ui.marks import mark_widget, problem_text, worst


class _Chip(QFrame):
    """One topic: its text and a remove button."""

    def __init__(self, text: str, on_remove, parent: QWidget | None = None):
        super().__init__(parent)
        self.text = text
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAutoFillBackground(True)
        self.setBackgroundRole(QPalette.ColorRole.AlternateBase)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(6, 1, 1, 1)
        layout.setSpacing(2)
        self.label = QLabel(text, self)
        self.label.setAccessibleName(f"Topic {text}")
        self.remove_button = QToolButton(self)
        themed(self.remove_button, "cancel")
        self.remove_button.setAutoRaise(True)
        self.remove_button.setFocusPolicy(Qt.FocusPolicy.ClickFocus)  # not a Tab stop per topic
        self.remove_button.setToolTip(f"Remove the topic {text!r}")
        self.remove_button.setAccessibleName(f"Remove topic {text}")
        self.remove_button.clicked.connect(on_remove)
        layout.addWidget(self.label)
        layout.addWidget(self.remove_button)


class _InputKeys(QObject):
    """Backspace in the empty box removes the last topic."""

    def __init__(self, editor: "TagEditor"):
        super().__init__(editor.widget)
        self._editor = editor

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (event.type() == QEvent.Type.KeyPress and event.key() == Qt.Key.Key_Backspace
                and not self._editor.input.text() and self._editor.items):
            self._editor.remove(len(self._editor.items) - 1)
            return True
        return False


class TagEditor(FieldEditor):
    """Topics ('Taxonomy: Term'); Enter or a completion adds one, a chip's button removes it."""

    def __init__(self, key, label, help_text, on_edit, field=None, below: QWidget | None = None):
        super().__init__(key, label, help_text, on_edit, field)
        self.items: list[str] = []
        self.chips: list[_Chip] = []
        self.widget = QWidget()
        self.flow = FlowLayout(self.widget)
        self.input = QLineEdit(self.widget)
        self.input.setObjectName(f"{key}.input")
        self.input.setAccessibleName(f"Add to {label}")
        self.input.setPlaceholderText("Add a topic: type, pick a suggestion, press Enter")
        self.input.setMinimumWidth(300)
        self.input.setToolTip(help_text)
        self.input.returnPressed.connect(self._on_input_return_pressed)
        self.input.installEventFilter(_InputKeys(self))
        self.completions = QStringListModel(self.widget)
        self.completer = QCompleter(self.completions, self.input)
        self.completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self.completer.setMaxVisibleItems(12)
        self.input.setCompleter(self.completer)
        # A pick from the popup adds the topic at once; queued so the completer has finished with the box.
        self.completer.activated.connect(self._on_completer_activated, Qt.ConnectionType.QueuedConnection)
        self.flow.addWidget(self.input)
        self._finish(self.widget, below=below)
        route_undo_keys(self.input)
        self.widget.setFocusProxy(self.input)

    def set_completions(self, topics: list[str]) -> None:
        self.completions.setStringList(topics)

    def display(self, value: Any, present: bool) -> None:
        items = [str(v) for v in value] if isinstance(value, list) else []
        if items == [c.text for c in self.chips]:
            self.items = items
            return
        for chip in self.chips:
            self.flow.removeWidget(chip)
            chip.deleteLater()
        self.chips = []
        self.items = items
        for number, text in enumerate(items):
            chip = _Chip(text, lambda _=False, n=number: self.remove(n), self.widget)
            self.flow.insertWidget(number, chip)
            self.chips.append(chip)
        self._mark_chips()
        self.widget.updateGeometry()

    def add(self, text: str) -> None:
        text = " ".join(text.split())
        if not text or text in self.items:
            self.input.clear()
            return
        self.input.clear()
        self.commit(self.items + [text], text=f"Add topic {text}")

    def remove(self, number: int) -> None:
        if 0 <= number < len(self.items):
            items = self.items[:number] + self.items[number + 1:]
            had_focus = self.widget.isAncestorOf(self.widget.focusWidget()) if self.widget.focusWidget() else False
            self.commit(items, text=f"Remove topic {self.items[number]}")
            if had_focus:
                self.input.setFocus()

    def commit(self, value: Any, empty: bool = False, path: tuple | None = None, *, merge: bool = False,
               text: str | None = None) -> None:
        # The chips are rebuilt from the stored value when the form refreshes; each topic added or removed is
        # an undo step of its own.
        self.on_edit(self.path, value, empty, merge=merge, text=text)

    def set_problems(self, problems: list[Problem]) -> None:
        super().set_problems(problems)
        self._mark_chips()

    def _mark_chips(self) -> None:
        for number, chip in enumerate(self.chips):
            fields = self._chip_fields(number)
            own = [p for p in self._problems if p.field in fields]
            mark_widget(chip, worst(own), QPalette.ColorRole.AlternateBase)
            chip.setToolTip(problem_text(own) if own else chip.text)

    def _chip_fields(self, number: int) -> tuple[str, ...]:
        """The dotted keys whose findings are about the ``number``-th topic."""
        return (f"{self.key}.{number}",)

    def styled_widgets(self):
        return [self.input]

    def tab_widgets(self):
        return [self.input]  # a chip's button is for the mouse; Backspace in the empty box removes the last

    def focus(self, rest: tuple = ()) -> None:
        if rest and str(rest[0]).isdigit() and int(rest[0]) < len(self.chips):
            self.chips[int(rest[0])].remove_button.setFocus(Qt.FocusReason.OtherFocusReason)
        else:
            self.input.setFocus(Qt.FocusReason.OtherFocusReason)

    def _on_input_return_pressed(self) -> None:
        if self.completer.popup().isVisible():
            return  # the completer's own activation adds it
        self.add(self.input.text())

    def _on_completer_activated(self, text: str) -> None:
        self.add(text)
