"""Progress of long work in the status bar: what is happening, how far along, and a way to stop it."""
from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QLabel, QProgressBar, QToolButton, QWidget

from curator_gui.ui.icons import themed


class ProgressArea(QWidget):
    """A label, a progress bar and a cancel button in the status bar (one per kind of long work)."""

    def __init__(self, name: str, cancel_tip: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName(name)
        self.label = QLabel(self)
        self.bar = QProgressBar(self)
        self.bar.setMaximumWidth(160)
        self.bar.setTextVisible(False)
        self.cancel_button = QToolButton(self)
        self.cancel_button.setObjectName(f"{name}.cancel")
        themed(self.cancel_button, "cancel")
        self.cancel_button.setToolTip(cancel_tip)
        self.cancel_button.setAccessibleName(cancel_tip)
        self.cancel_button.setAutoRaise(True)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.label)
        layout.addWidget(self.bar)
        layout.addWidget(self.cancel_button)
        self.hide()

    def busy(self, text: str, done: int = 0, total: int = 0) -> None:
        self.label.setText(text)
        self.bar.setRange(0, total)  # 0..0: an indeterminate bar
        self.bar.setValue(done)
        self.show()
