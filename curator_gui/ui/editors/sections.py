"""One section of the form: a group's box, the fields edited daily always shown, the others behind a toggle.

Fields a curator edits every day (the schema's ``daily``) stay in view; fields that follow another one, site
constants and the page's machine-captured tags fold away under a toggle that names them and counts their
problems, so the form shows what matters without scrolling. A section remembers whether it is open; going to a
field inside it opens it.
"""
from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (QFormLayout, QGroupBox, QLabel, QSizePolicy, QToolButton, QVBoxLayout, QWidget)

from curator_gui.core.problems import Problem
from curator_gui.ui.editors.base import FieldEditor
from curator_gui.ui.marks import count_text, counted

#: How many folded fields the toggle names before "…".
_NAMED = 4


def form_layout(parent: QWidget | None = None) -> QFormLayout:
    """A form layout whose fields take the width and whose captions sit right-aligned at each field's top."""
    layout = QFormLayout(parent) if parent is not None else QFormLayout()
    layout.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
    layout.setRowWrapPolicy(QFormLayout.RowWrapPolicy.DontWrapRows)
    layout.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
    return layout


def caption_for(editor: FieldEditor, label: str, help_text: str) -> QLabel:
    """The caption beside a field: its label, the schema's help as tooltip, the field as its buddy."""
    caption = QLabel(label)
    caption.setObjectName("caption")
    caption.setToolTip(help_text)
    caption.setBuddy(editor.widget)
    caption.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
    caption.setContentsMargins(0, 4, 0, 0)
    return caption


class Section(QGroupBox):
    """See the module docstring. ``toggled(name, open)`` follows the toggle."""

    toggled = Signal(str, bool)

    def __init__(self, name: str, parent: QWidget | None = None):
        super().__init__(name, parent)
        self.name = name
        self.setObjectName(f"group:{name}")
        self.shown_editors: list[FieldEditor] = []
        self.folded_editors: list[FieldEditor] = []
        self._rows: dict[int, QWidget] = {}  # id(editor) → the caption of its row, if it has one
        column = QVBoxLayout(self)
        column.setSpacing(4)
        self.shown_layout = form_layout()
        column.addLayout(self.shown_layout)
        self.toggle = QToolButton(self)
        self.toggle.setObjectName(f"toggle:{name}")
        self.toggle.setCheckable(True)
        self.toggle.setAutoRaise(True)
        self.toggle.setArrowType(Qt.ArrowType.RightArrow)
        self.toggle.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.toggle.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.toggle.toggled.connect(self._on_toggle_toggled)
        self.toggle.hide()
        column.addWidget(self.toggle)
        self.folded = QWidget(self)
        self.folded.setObjectName(f"folded:{name}")
        self.folded_layout = form_layout(self.folded)
        self.folded_layout.setContentsMargins(0, 0, 0, 0)
        self.folded.hide()
        column.addWidget(self.folded)
        self._hidden_problems: list[Problem] = []

    # --- building -----------------------------------------------------------------------------------------

    def add(self, editor: FieldEditor, label: str, help_text: str, *, folded: bool, span: bool = False) -> None:
        """A row for ``editor``: always shown, or folded behind the toggle; ``span``: the whole width, no
        caption (a table the section's title already names)."""
        layout = self.folded_layout if folded else self.shown_layout
        if span:
            layout.addRow(editor.container)
        else:
            caption = caption_for(editor, label, help_text)
            self._rows[id(editor)] = caption
            layout.addRow(caption, editor.container)
        (self.folded_editors if folded else self.shown_editors).append(editor)
        if folded:
            self.toggle.show()
            self._update_toggle()

    def remove(self, editor: FieldEditor) -> None:
        """Take ``editor``'s row out (an unknown key no longer in the record)."""
        for layout, editors in ((self.shown_layout, self.shown_editors), (self.folded_layout, self.folded_editors)):
            if editor in editors:
                editors.remove(editor)
                layout.removeRow(editor.container)
        self._rows.pop(id(editor), None)

    # --- folding ------------------------------------------------------------------------------------------

    @property
    def is_open(self) -> bool:
        """Whether the folded fields are shown (a section without any counts as open)."""
        return not self.folded_editors or self.toggle.isChecked()

    def set_open(self, opened: bool) -> None:
        """Show or fold the folded fields."""
        if self.folded_editors:
            self.toggle.setChecked(opened)

    def folds(self, editor: FieldEditor) -> bool:
        """Whether ``editor`` is one of the folded fields."""
        return editor in self.folded_editors

    def editors(self) -> list[FieldEditor]:
        """Every field of the section, in the order shown."""
        return self.shown_editors + self.folded_editors

    def tab_chain(self) -> list[QWidget]:
        """The section's widgets in the order Tab visits them (folded ones are skipped while folded)."""
        chain: list[QWidget] = []
        for editor in self.shown_editors:
            chain += editor.tab_widgets()
        if self.folded_editors:
            chain.append(self.toggle)
        for editor in self.folded_editors:
            chain += editor.tab_widgets()
        return chain

    def show_hidden_problems(self, problems: list[Problem]) -> None:
        """Count the folded fields' problems on the toggle, so a closed section still shows them."""
        self._hidden_problems = problems
        self._update_toggle()

    def _on_toggle_toggled(self, opened: bool) -> None:
        self.toggle.setArrowType(Qt.ArrowType.DownArrow if opened else Qt.ArrowType.RightArrow)
        self.folded.setVisible(opened)
        self._update_toggle()
        self.toggled.emit(self.name, opened)

    def _update_toggle(self) -> None:
        labels = [editor.label for editor in self.folded_editors]
        named = ", ".join(labels[:_NAMED]) + (", …" if len(labels) > _NAMED else "")
        text = f"{len(labels)} {'more' if self.shown_editors else 'fields'}: {named}"
        counts = count_text(*counted(self._hidden_problems))  # info hints are not problems to count
        if counts and not self.toggle.isChecked():
            text += f"  ⚠ {counts}"
        self.toggle.setText(text)
        verb = "Fold away" if self.toggle.isChecked() else "Show"
        self.toggle.setToolTip(f"{verb} {', '.join(labels)} (Space)")
        self.toggle.setAccessibleName(f"{verb} {len(labels)} more fields of {self.name}")
