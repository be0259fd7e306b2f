"""Unified diffs on screen: the coloured diff text (:class:`DiffText`, also in the preview of a folder-wide change)
and the non-modal window comparing the file on disk with the record's unsaved version."""
from __future__ import annotations

import difflib

from PySide6.QtGui import QColor, QFontDatabase, QPalette, QSyntaxHighlighter, QTextCharFormat
from PySide6.QtWidgets import QApplication, QDialog, QDialogButtonBox, QPlainTextEdit, QVBoxLayout, QWidget

from curator_gui.ui.marks import tinted


class _DiffColours(QSyntaxHighlighter):
    def __init__(self, document):
        super().__init__(document)
        base = QApplication.palette().color(QPalette.ColorRole.Base)
        self._removed = QTextCharFormat()
        self._removed.setBackground(tinted(base, "error"))
        self._added = QTextCharFormat()
        added = QColor(base)
        mix = QColor(46, 160, 67)
        self._added.setBackground(QColor(round(added.red() * 0.78 + mix.red() * 0.22),
                                         round(added.green() * 0.78 + mix.green() * 0.22),
                                         round(added.blue() * 0.78 + mix.blue() * 0.22)))

    def highlightBlock(self, text: str) -> None:  # noqa: N802 - Qt override
        if text.startswith("-") and not text.startswith("---"):
            self.setFormat(0, len(text), self._removed)
        elif text.startswith("+") and not text.startswith("+++"):
            self.setFormat(0, len(text), self._added)


def unified_diff(disk: str, mine: str, name: str) -> str:
    lines = difflib.unified_diff(disk.splitlines(keepends=True), mine.splitlines(keepends=True),
                                 f"{name} (on disk)", f"{name} (your version)")
    return "".join(line if line.endswith("\n") else line + "\n" for line in lines) or "No differences.\n"


class DiffText(QPlainTextEdit):
    """Read-only, fixed-width, unwrapped diff text: removed lines tinted red, added lines green."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("diffText")
        self.setAccessibleName("Changes")
        self.setReadOnly(True)
        self.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        self.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self._colours = _DiffColours(self.document())


class DiffDialog(QDialog):
    """The file on disk against the record's unsaved version (see the module docstring)."""

    def __init__(self, text: str, title: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("diffDialog")
        self.setWindowTitle(title)
        self.setModal(False)
        view = DiffText(self)
        view.setPlainText(text)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.close)
        layout = QVBoxLayout(self)
        layout.addWidget(view)
        layout.addWidget(buttons)
        self.resize(900, 600)
