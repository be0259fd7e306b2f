"""The read-only view of a file that cannot be parsed: its error with line and column, and its raw text."""
from __future__ import annotations

from PySide6.QtGui import QFontDatabase, QTextCursor, QTextFormat
from PySide6.QtWidgets import QApplication, QLabel, QPlainTextEdit, QTextEdit, QVBoxLayout, QWidget
from PySide6.QtGui import QPalette

from curator_gui.core.document import Document
from curator_gui.ui.marks import tinted


class RawView(QWidget):
    """See the module docstring. Nothing here can change the file."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("rawView")
        self.message = QLabel(self)
        self.message.setObjectName("rawError")
        self.message.setWordWrap(True)
        self.text = QPlainTextEdit(self)
        self.text.setObjectName("rawText")
        self.text.setAccessibleName("File text (read-only)")
        self.text.setReadOnly(True)
        self.text.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        self.text.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.message)
        layout.addWidget(self.text, 1)

    def show_document(self, doc: Document) -> None:
        error = doc.error
        self.message.setText(
            f"<b>This file cannot be read, so it is shown read-only and will not be saved.</b><br>"
            f"Line {error.line}, column {error.column}: {_escape(error.message)}<br>"
            f"Fix it in a text editor; the window reloads it when it changes.")
        self.text.setPlainText(doc.text)
        self.go_to(error.line, error.column)

    def go_to(self, line: int, column: int) -> None:
        block = self.text.document().findBlockByNumber(max(0, line - 1))
        cursor = QTextCursor(block)
        cursor.movePosition(QTextCursor.MoveOperation.Right, QTextCursor.MoveMode.MoveAnchor,
                            max(0, min(column - 1, block.length() - 1)))
        self.text.setTextCursor(cursor)
        selection = QTextEdit.ExtraSelection()
        selection.format.setBackground(tinted(QApplication.palette().color(QPalette.ColorRole.Base), "error"))
        selection.format.setProperty(QTextFormat.Property.FullWidthSelection, True)
        selection.cursor = QTextCursor(block)
        self.text.setExtraSelections([selection])
        self.text.centerCursor()


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
