"""Non-modal message bars shown above the form (outside change, plain article, save trouble)."""
from __future__ import annotations

from typing import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QWidget

from curator_gui.ui.icons import icon
from curator_gui.ui.marks import mark_widget


class MessageBar(QFrame):
    """An icon, a message and a few buttons; hidden until :meth:`show_message`."""

    def __init__(self, name: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName(name)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAutoFillBackground(True)
        self._icon = QLabel(self)
        self._text = QLabel(self)
        self._text.setWordWrap(True)
        self._text.setTextFormat(Qt.TextFormat.RichText)  # callers escape what they quote
        self._text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self._layout = QHBoxLayout(self)
        self._layout.setContentsMargins(8, 4, 8, 4)
        self._layout.addWidget(self._icon)
        self._layout.addWidget(self._text, 1)
        self.buttons: dict[str, QPushButton] = {}
        self.hide()

    def show_message(self, severity: str, text: str, actions: list[tuple[str, Callable[[], None]]]) -> None:
        """Show ``text`` (rich text: quoted values escaped by the caller) with one button per (label, callback)."""
        for button in self.buttons.values():
            self._layout.removeWidget(button)
            button.deleteLater()
        self.buttons = {}
        self._icon.setPixmap(icon(severity).pixmap(20, 20))
        self._text.setText(text)
        self.setAccessibleName(text)
        kind = "warning" if severity in ("warning", "pending") else "error" if severity == "error" else None
        mark_widget(self, kind, QPalette.ColorRole.Window)
        for label, callback in actions:
            button = QPushButton(label, self)
            button.setObjectName(f"{self.objectName()}.{label.replace('&', '').replace(' ', '')}")
            button.clicked.connect(callback)
            self._layout.addWidget(button)
            self.buttons[label.replace("&", "")] = button
        self.show()

    @property
    def text(self) -> str:
        return self._text.text()
